/*
 * audits.c - the audit-form export: deep-dive audits of children open
 * on the audit date, over the year before the as-of date, about one a
 * month per forty children (the seeds' councils audit 30 to 65 files a
 * quarter).  Grades, moderation, re-audits, family feedback and actions
 * follow the rates the seeds report: roughly a quarter Good or better,
 * six in ten Requires improvement; half moderated and four in five of
 * those agreed; Inadequate files re-audited after six months and most
 * improved; actions due in five working days, most closed on time;
 * each audit allocated up to three weeks before it was done.
 */
#include "synth/model.h"
#include "dip/util.h"

#include <stdio.h>

enum { OUTSTANDING, GOOD, RI, INADEQUATE };
static const char *const grade[] = { "OUTSTANDING", "GOOD", "RI", "INADEQUATE" };
/* What an audit asks to be done (made up, as every value here is). */
static const char *const action_text[] = { "Update the chronology",
	"See the child alone and record their views",
	"Hold a strategy discussion", "Review the child's plan with the family",
	"Record management oversight of the decision",
	"Complete the genogram", "Refer to early help" };
static const char *const domain[] = { "Seeing and hearing the child",
	"Quality of assessment", "Quality of plans",
	"Decision making and management oversight", "Meetings and reviews",
	"Supervision", "Consideration of diversity" };

struct audit {
	long child;
	const struct syn_episode *ep;     /* for service area and team */
	struct syn_child c;
	dip_date date;
	int grade;
	long reaudit_of;                  /* audit number, or -1 */
};

/* A child open on day d, drawn from r; 0 if none found in a few tries. */
static int pick_child(const struct synth *s, struct synth_rng *r, dip_date d,
		      struct audit *a)
{
	for (int tries = 0; tries < 50; tries++) {
		a->child = (long)synth_rng_below(r, (uint32_t)s->children);
		synth_child(s, a->child, &a->c);
		for (int i = 0; i < a->c.nep; i++) {
			const struct syn_episode *e = &a->c.ep[i];

			if (!e->nfa && e->referral <= d &&
			    (e->closure == DIP_DATE_NONE || e->closure >= d)) {
				a->ep = e;
				return 1;
			}
		}
	}
	return 0;
}

/* A domain's grade, drawn near the audit's overall grade g. */
static int step(struct synth_rng *r, int g)
{
	/* A domain grade near the overall grade. */
	int x = (int)synth_rng_below(r, 10);

	if (x < 7)
		return g;
	g += x < 9 ? 1 : -1;
	return g < OUTSTANDING ? OUTSTANDING : g > INADEQUATE ? INADEQUATE : g;
}

static void write_audit(const struct synth *s, struct synth_rng *r,
			struct strbuf *b, long id, const struct audit *a)
{
	char d1[DIP_DATE_LEN], d2[DIP_DATE_LEN], d3[DIP_DATE_LEN];
	dip_date last = s->as_of - 1;
	int nactions;

	strbuf_adds(b, "    <Audit>\n");
	strbuf_addf(b, "      <AuditID>AUD%06ld</AuditID>\n", id);
	strbuf_addf(b, "      <LAchildID>%s</LAchildID>\n", a->c.id);
	strbuf_addf(b, "      <AuditType>%s</AuditType>\n",
		    a->reaudit_of >= 0 ? "REAUDIT" : "DEEPDIVE");
	if (a->reaudit_of >= 0)
		strbuf_adds(b, "      <Theme>Re-audit after 6 months</Theme>\n");
	strbuf_addf(b, "      <ServiceArea>%s</ServiceArea>\n", a->ep->service_area);
	strbuf_addf(b, "      <Team>%s</Team>\n", a->ep->team);
	strbuf_addf(b, "      <Auditor>AUD%02u</Auditor>\n",
		    1 + synth_rng_below(r, 12));
	/* Allocated two days to three weeks before the audit, so some miss
	 * ten working days.  Taken from the audit number, not the random
	 * stream, so every other value stays what it was. */
	strbuf_addf(b, "      <Allocated>%s</Allocated>\n",
		    date_format(a->date - 2 - (dip_date)(id * 5 % 20), d1));
	strbuf_addf(b, "      <AuditDate>%s</AuditDate>\n", date_format(a->date, d1));
	strbuf_addf(b, "      <OverallGrade>%s</OverallGrade>\n", grade[a->grade]);
	if (a->reaudit_of >= 0)
		strbuf_addf(b, "      <ReauditOf>AUD%06ld</ReauditOf>\n", a->reaudit_of);
	strbuf_adds(b, "      <Domains>\n");
	for (int i = 0; i < 7; i++) {
		int na = i == 2 && synth_rng_chance(r, 0.05);

		strbuf_addf(b, "        <Domain><Name>%s</Name><Grade>%s</Grade></Domain>\n",
			    domain[i], na ? "NA" : grade[step(r, a->grade)]);
	}
	strbuf_adds(b, "      </Domains>\n");
	strbuf_adds(b, "      <FamilyFeedback>\n");
	if (synth_rng_chance(r, 0.7)) {
		int got = synth_rng_chance(r, 0.6);

		strbuf_adds(b, "        <Sought>true</Sought>\n");
		strbuf_addf(b, "        <Obtained>%s</Obtained>\n", got ? "true" : "false");
		if (got)
			strbuf_addf(b, "        <Respondent>%s</Respondent>\n",
				    (const char *[]){ "Mother", "Father", "Carer",
						      "Young person" }[synth_rng_below(r, 4)]);
	} else {
		strbuf_adds(b, "        <Sought>false</Sought>\n");
	}
	strbuf_adds(b, "      </FamilyFeedback>\n");
	if (synth_rng_chance(r, 0.5)) {
		dip_date md = a->date + 3 + (dip_date)synth_rng_below(r, 18);
		int g = a->grade;

		if (!synth_rng_chance(r, 0.8))
			g = synth_rng_chance(r, 0.7) ? (g < INADEQUATE ? g + 1 : g - 1)
					       : (g > OUTSTANDING ? g - 1 : g + 1);
		if (md <= last) {
			strbuf_adds(b, "      <Moderation>\n");
			strbuf_addf(b, "        <Date>%s</Date>\n", date_format(md, d1));
			strbuf_addf(b, "        <Moderator>MOD%02u</Moderator>\n",
				    1 + synth_rng_below(r, 4));
			strbuf_addf(b, "        <Grade>%s</Grade>\n", grade[g]);
			strbuf_adds(b, "      </Moderation>\n");
		}
	}
	nactions = (int)synth_rng_below(r, 4);
	if (nactions) {
		strbuf_adds(b, "      <Actions>\n");
		for (int i = 0; i < nactions; i++) {
			dip_date due = calendar_add_wd(s->cal, a->date, 5);
			dip_date done;
			int kind = synth_rng_pick(r, (const int[]){ 60, 25, 15 }, 3);

			done = kind == 0 ? calendar_add_wd(s->cal, a->date,
							   1 + synth_rng_below(r, 5))
			     : kind == 1 ? due + 1 + (dip_date)synth_rng_below(r, 20)
					 : DIP_DATE_NONE;
			strbuf_addf(b, "        <Action><ActionID>ACT%06ld-%d</ActionID>"
				    "<Raised>%s</Raised><Due>%s</Due>", id, i + 1,
				    date_format(a->date, d1), date_format(due, d2));
			/* Owned by the child's worker, one in four by the team
			 * manager.  From the numbers, not the random stream, so
			 * every other value stays what it was. */
			strbuf_addf(b, "<Owner>%s</Owner><Description>%s</Description>",
				    (id + i) % 4 ? a->ep->worker : "Team manager",
				    action_text[(size_t)(id * 3 + i) %
						(sizeof(action_text) / sizeof(action_text[0]))]);
			if (done != DIP_DATE_NONE && done <= last)
				strbuf_addf(b, "<Completed>%s</Completed>",
					    date_format(done, d3));
			strbuf_adds(b, "</Action>\n");
		}
		strbuf_adds(b, "      </Actions>\n");
	}
	strbuf_adds(b, "    </Audit>\n");
}

int synth_write_audits(const struct synth *s, struct strbuf *b)
{
	static const int grade_w[] = { 3, 24, 60, 13 };
	long n = s->children / 40 < 24 ? 24 : s->children / 40;
	dip_date first = s->as_of - 365;
	long written = 0;

	for (long j = 0; j < n; j++) {
		struct synth_rng r;
		struct audit a;
		dip_date reaudit;

		synth_rng_seed(&r, s->seed, (1ull << 61) + (uint64_t)j);
		a.date = calendar_add_wd(s->cal,
					 first + (dip_date)synth_rng_below(&r, 364), 1);
		if (a.date >= s->as_of || !pick_child(s, &r, a.date, &a))
			continue;
		a.grade = synth_rng_pick(&r, grade_w, 4);
		a.reaudit_of = -1;
		write_audit(s, &r, b, j + 1, &a);
		written++;
		if (a.grade != INADEQUATE)
			continue;
		/* The six-month re-audit, where the year has reached it. */
		reaudit = calendar_add_wd(s->cal, date_add_months(a.date, 6),
					  synth_rng_below(&r, 10));
		if (reaudit >= s->as_of)
			continue;
		a.date = reaudit;
		a.reaudit_of = j + 1;
		a.grade = synth_rng_chance(&r, 0.85) ? (synth_rng_chance(&r, 0.8) ? RI : GOOD)
					       : INADEQUATE;
		write_audit(s, &r, b, n + j + 1, &a);
		written++;
	}
	return written > 0;
}
