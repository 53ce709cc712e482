/*
 * census.c - a child's history as one census year's return shows it.
 *
 * A return for end year y, exported on day `cut` at the latest, holds
 * what was open on 1 April (y-1) or happened from then to the cut:
 *   - an episode referred by the cut and not closed before the year
 *     (an NFA referral only in the year it was made);
 *   - within it, assessments not authorised before the year, S47s not
 *     concluded before it, plans not ended before it, reviews in it;
 *   - anything dated after the cut is not known yet: a closure, an
 *     authorisation or a plan end after it is simply absent.
 * Elements and codes follow the year: GenderCurrent up to 2023-24, Sex
 * after; CINPlanDates from 2021-22; PreProceedingsandFGDM from 2026-27.
 */
#include "synth/model.h"
#include "dip/util.h"

#include <string.h>

struct emit {
	struct strbuf *b;
	int y;
	dip_date start, cut;
};

/* 1 when d happened by the export's cut (so the return can show it). */
static int known(dip_date d, const struct emit *e)
{
	return d != DIP_DATE_NONE && d <= e->cut;
}

/* 1 when something from start to end (DIP_DATE_NONE: still open) is in
 * the return: begun by the cut and not over before the year began. */
static int in_return(const struct emit *e, dip_date start, dip_date end)
{
	return start <= e->cut && (end == DIP_DATE_NONE || end >= e->start);
}


/* <name>v</name> escaped, on its own line; nothing when v is NULL. */
static void str(struct strbuf *b, int indent, const char *name, const char *v)
{
	if (!v)
		return;
	strbuf_addf(b, "%*s<%s>", indent, "", name);
	/* Element text: nothing the generator writes needs more than
	 * &, < and > escaped. */
	strbuf_add_markup(b, v, 0);
	strbuf_addf(b, "</%s>\n", name);
}

static void date(struct strbuf *b, int indent, const char *name, dip_date d)
{
	char buf[DIP_DATE_LEN];

	strbuf_addf(b, "%*s<%s>%s</%s>\n", indent, "", name, date_format(d, buf),
		    name);
}

static void identifiers(const struct emit *e, const struct syn_child *c)
{
	struct strbuf *b = e->b;
	int born = c->birth != DIP_DATE_NONE || known(c->expected, e);
	char sex = born ? c->sex : 'U';

	strbuf_adds(b, "      <ChildIdentifiers>\n");
	str(b, 8, "LAchildID", c->id);
	if (c->upn[0])
		str(b, 8, "UPN", c->upn);
	else
		str(b, 8, "UPNunknown", c->upn_unknown);
	if (c->birth != DIP_DATE_NONE)
		date(b, 8, "PersonBirthDate", c->birth);
	else if (born)
		date(b, 8, "PersonBirthDate", c->expected);
	else
		date(b, 8, "ExpectedPersonBirthDate", c->expected);
	if (e->y >= 2025)
		strbuf_addf(b, "        <Sex>%c</Sex>\n", sex);
	else
		strbuf_addf(b, "        <GenderCurrent>%c</GenderCurrent>\n",
			    sex == 'M' ? '1' : sex == 'F' ? '2' : '0');
	strbuf_adds(b, "      </ChildIdentifiers>\n");
	strbuf_adds(b, "      <ChildCharacteristics>\n");
	str(b, 8, "Ethnicity", c->ethnicity);
	strbuf_adds(b, "        <Disabilities>\n");
	if (!c->ndisability)
		str(b, 10, "Disability", "NONE");
	for (int i = 0; i < c->ndisability; i++)
		str(b, 10, "Disability", c->disability[i]);
	strbuf_adds(b, "        </Disabilities>\n");
	strbuf_adds(b, "      </ChildCharacteristics>\n");
	str(b, 6, "x:SiblingGroup", c->sibling_group);
	for (int i = 0; i < c->ncare; i++) {
		const struct syn_care *k = &c->care[i];

		if (!in_return(e, k->start, k->end))
			continue;
		strbuf_adds(b, "      <x:LookedAfter>\n");
		date(b, 8, "x:PeriodStart", k->start);
		if (known(k->end, e))
			date(b, 8, "x:PeriodEnd", k->end);
		str(b, 8, "x:LegalStatus", k->legal_status);
		strbuf_adds(b, "      </x:LookedAfter>\n");
	}
}

static void assessment(const struct emit *e, const struct syn_assessment *a)
{
	struct strbuf *b = e->b;

	if (!in_return(e, a->start, a->auth))
		return;
	strbuf_adds(b, "        <Assessments>\n");
	date(b, 10, "AssessmentActualStartDate", a->start);
	if (known(a->auth, e)) {
		date(b, 10, "AssessmentAuthorisationDate", a->auth);
		strbuf_adds(b, "          <FactorsIdentifiedAtAssessment>\n");
		for (int i = 0; i < a->nfactor; i++)
			str(b, 12, "AssessmentFactors", a->factor[i]);
		strbuf_adds(b, "          </FactorsIdentifiedAtAssessment>\n");
	}
	str(b, 10, "x:AssessmentType", a->type);
	strbuf_adds(b, "        </Assessments>\n");
}

static void section47(const struct emit *e, const struct syn_s47 *q)
{
	struct strbuf *b = e->b;
	dip_date done = q->icpc != DIP_DATE_NONE ? q->icpc
		      : q->not_required ? q->start : DIP_DATE_NONE;

	if (!in_return(e, q->start, done))
		return;
	strbuf_adds(b, "        <Section47>\n");
	date(b, 10, "S47ActualStartDate", q->start);
	date(b, 10, "InitialCPCtarget", q->target);
	if (known(q->icpc, e))
		date(b, 10, "DateOfInitialCPC", q->icpc);
	str(b, 10, "ICPCnotRequired", q->not_required ? "true" : "false");
	strbuf_adds(b, "        </Section47>\n");
}

static void cp_plan(const struct emit *e, const struct syn_cpp *p)
{
	struct strbuf *b = e->b;
	int nreview = 0;

	if (!in_return(e, p->start, p->end))
		return;
	strbuf_adds(b, "        <ChildProtectionPlans>\n");
	date(b, 10, "CPPstartDate", p->start);
	if (known(p->end, e))
		date(b, 10, "CPPendDate", p->end);
	str(b, 10, "InitialCategoryOfAbuse", p->initial);
	str(b, 10, "LatestCategoryOfAbuse", p->latest);
	strbuf_addf(b, "          <NumberOfPreviousCPP>%d</NumberOfPreviousCPP>\n",
		    p->previous);
	for (int i = 0; i < p->nreview; i++)
		nreview += p->review[i] >= e->start && p->review[i] <= e->cut;
	if (nreview) {
		strbuf_adds(b, "          <Reviews>\n");
		for (int i = 0; i < p->nreview; i++)
			if (p->review[i] >= e->start && p->review[i] <= e->cut)
				date(b, 12, "CPPreviewDate", p->review[i]);
		strbuf_adds(b, "          </Reviews>\n");
	}
	strbuf_adds(b, "        </ChildProtectionPlans>\n");
}

static void pre_proceedings(const struct emit *e, const struct syn_pp *pp)
{
	struct strbuf *b = e->b;

	if (e->y < 2027 || pp->start < e->start || pp->start > e->cut)
		return;
	strbuf_adds(b, "        <PreProceedingsandFGDM>\n");
	date(b, 10, "PPStartDate", pp->start);
	if (known(pp->letter, e)) {
		date(b, 10, "LBPSentDate", pp->letter);
		str(b, 10, "FGDMMeetingOffer", pp->offered ? "true" : "false");
		if (pp->offered)
			str(b, 10, "FGDMMeetingFac",
			    pp->facilitated ? "true" : "false");
	}
	if (known(pp->meeting, e)) {
		date(b, 10, "InitialPPMeetingDate", pp->meeting);
		strbuf_addf(b, "          <ReviewMeetingsCount>%d</ReviewMeetingsCount>\n",
			    pp->reviews);
	}
	if (known(pp->decision, e)) {
		date(b, 10, "StepDecisionDate", pp->decision);
		str(b, 10, "PPOutcome", pp->outcome);
	}
	strbuf_adds(b, "        </PreProceedingsandFGDM>\n");
}

/* 1 when the episode belongs in this year's return: open on 1 April
 * or referred in the year (an NFA referral only in its own year). */
static int episode_in(const struct emit *e, const struct syn_episode *ep)
{
	if (ep->referral > e->cut)
		return 0;
	if (ep->nfa)
		return ep->referral >= e->start;
	return ep->closure == DIP_DATE_NONE || ep->closure >= e->start;
}

static void episode(const struct emit *e, const struct syn_episode *ep)
{
	struct strbuf *b = e->b;
	int closed = known(ep->closure, e);

	strbuf_adds(b, "      <CINdetails>\n");
	date(b, 8, "CINreferralDate", ep->referral);
	str(b, 8, "ReferralSource", ep->source);
	str(b, 8, "PrimaryNeedCode", ep->need);
	if (closed) {
		date(b, 8, "CINclosureDate", ep->closure);
		str(b, 8, "ReasonForClosure", ep->reason);
	}
	for (int i = 0; i < ep->nas; i++)
		assessment(e, &ep->as[i]);
	if (e->y >= 2022)
		for (int i = 0; i < ep->ncin; i++) {
			const struct syn_cin_plan *p = &ep->cin[i];

			if (!in_return(e, p->start, p->end))
				continue;
			strbuf_adds(b, "        <CINPlanDates>\n");
			date(b, 10, "CINPlanStartDate", p->start);
			if (known(p->end, e))
				date(b, 10, "CINPlanEndDate", p->end);
			strbuf_adds(b, "        </CINPlanDates>\n");
		}
	for (int i = 0; i < ep->ns47; i++)
		section47(e, &ep->s47[i]);
	str(b, 8, "ReferralNFA", ep->nfa ? "true" : "false");
	for (int i = 0; i < ep->ncpp; i++)
		cp_plan(e, &ep->cpp[i]);
	if (ep->has_pp)
		pre_proceedings(e, &ep->pp);
	str(b, 8, "x:Team", ep->team);
	str(b, 8, "x:ServiceArea", ep->service_area);
	str(b, 8, "x:Worker", ep->worker);
	if (closed) {
		str(b, 8, "x:LocalClosureReason", ep->local_reason);
		if (ep->agreement_role && known(ep->agreement_date, e)) {
			strbuf_adds(b, "        <x:ClosureAgreement>\n");
			str(b, 10, "x:Role", ep->agreement_role);
			date(b, 10, "x:Date", ep->agreement_date);
			strbuf_adds(b, "        </x:ClosureAgreement>\n");
		}
	}
	strbuf_adds(b, "      </CINdetails>\n");
}

int synth_census_child(const struct synth *s, const struct syn_child *c,
		       int y, dip_date cut, struct strbuf *buf)
{
	struct emit e = { buf, y, synth_census_start(y), cut };
	int any = 0;

	(void)s;
	for (int i = 0; i < c->nep; i++)
		any |= episode_in(&e, &c->ep[i]);
	if (!any)
		return 0;
	strbuf_adds(buf, "    <Child>\n");
	identifiers(&e, c);
	for (int i = 0; i < c->nep; i++)
		if (episode_in(&e, &c->ep[i]))
			episode(&e, &c->ep[i]);
	strbuf_adds(buf, "    </Child>\n");
	return 1;
}
