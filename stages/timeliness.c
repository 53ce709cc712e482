/*
 * dip-timeliness - the DfE-comparable measures: assessments within 45
 * working days (C2), conferences within 15 working days of the section
 * 47 (C4), S47s leading to a conference, plan reviews on time (D6),
 * plans lasting two years (D5, D7) and re-referrals within 12 months.
 */
#include "dip/csvio.h"
#include "dip/number.h"
#include "mstage/groups.h"
#include "mstage/mstage.h"
#include "dip/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WITHIN45, DURATION, ICPC15, CONVERT, REVIEWS, ENDED2Y, OPEN2Y,
       OPEN18M, REREF, NMETRIC };

static const struct metric_def defs[NMETRIC] = {
	{ "assessments_within_45wd", "assessments", METRIC_PROPORTION, 0,
	  "Assessments authorised within 45 working days" },
	{ "assessments_duration_wd", "assessments", METRIC_COUNT, 0,
	  "Assessments authorised (working days taken)" },
	{ "icpc_within_15wd", "conferences", METRIC_PROPORTION, 0,
	  "Initial conferences within 15 working days of the S47" },
	{ "s47_to_icpc", "s47 enquiries", METRIC_PROPORTION, 0,
	  "S47 enquiries leading to an initial conference" },
	{ "cpp_reviews_on_time", "children", METRIC_PROPORTION, 1,
	  "Children on a plan with every review on time" },
	{ "cpp_ended_2y_plus", "plans", METRIC_PROPORTION, 0,
	  "Plans ended that lasted 2 years or more" },
	{ "cpp_open_2y_plus", "plans", METRIC_PROPORTION, 1,
	  "Open plans 2 years old or more" },
	{ "cpp_open_18m_plus", "plans", METRIC_PROPORTION, 1,
	  "Open plans 18 months old or more" },
	{ "re_referrals_12m", "referrals", METRIC_PROPORTION, 0,
	  "Re-referrals within 12 months" },
};

struct run {
	struct mstage *ms;
	struct tally t;
	long assess_wd, icpc_wd, pending_days, first_months, months;
	long *dur[PERIOD_MAX];          /* assessment durations per period */
	size_t ndur[PERIOD_MAX], capdur[PERIOD_MAX];
	struct caselist *list_icpc, *list_reviews, *list_open, *list_reref;
};

/* DfE C2 bands of assessment duration in working days (groups.h):
 * the band's index. */
static size_t assessment_band(long wd)
{
	static const long upto[NASSESSMENT_BAND - 1] = { 0, 10, 20, 30, 40,
		45, 50, 60 };
	size_t i = 0;

	while (i < NASSESSMENT_BAND - 1 && wd > upto[i])
		i++;
	return i;
}

/* DfE C4 bands of working days from S47 to conference. */
static size_t icpc_band(long wd)
{
	return wd <= 10 ? 0 : wd <= 15 ? 1 : wd <= 20 ? 2 : 3;
}

/* DfE D7 bands of plan duration. */
static size_t plan_band(dip_date start, dip_date end)
{
	return end < date_add_months(start, 3) ? 0
	     : end < date_add_months(start, 6) ? 1
	     : end < date_add_months(start, 12) ? 2
	     : end < date_add_months(start, 24) ? 3 : 4;
}

/* A record's share of each band: in its own band (mine, an index into
 * names), counted in every band's denominator, so the bands of a period
 * add up to 100%. */
static void bands(struct tally *t, int m, int p, const char *const *names,
		  size_t n, size_t mine)
{
	for (size_t i = 0; i < n; i++)
		tally_add(t, m, p, "duration_band", names[i], i == mine, 1);
}

static void assessments(struct run *r, const struct c_episode *e)
{
	struct mstage *ms = r->ms;

	for (int i = 0; i < e->nas; i++) {
		const struct c_assessment *a = &e->as[i];
		long wd;

		if (a->auth == DIP_DATE_NONE || a->auth > ms->as_of ||
		    !mstage_assessment_ok(ms, e, a, "assessments_within_45wd"
					  " assessments_duration_wd"))
			continue;
		wd = calendar_wd(&ms->cal, a->start, a->auth);
		for (int p = 0; p < ms->nperiod; p++) {
			if (!period_contains(&ms->period[p], a->auth))
				continue;
			tally_add(&r->t, WITHIN45, p, "all", "all",
				  wd <= r->assess_wd, 1);
			bands(&r->t, WITHIN45, p, group_assessment_bands, NASSESSMENT_BAND,
			      assessment_band(wd));
			tally_add(&r->t, DURATION, p, "all", "all", 1, 0);
			XGROW(r->dur[p], r->capdur[p], r->ndur[p] + 1);
			r->dur[p][r->ndur[p]++] = wd;
		}
	}
}

static void section47s(struct run *r, const struct c_child *ch,
		       const struct c_episode *e)
{
	struct mstage *ms = r->ms;

	for (int i = 0; i < e->ns47; i++) {
		const struct c_s47 *q = &e->s47[i];
		int held = q->icpc != DIP_DATE_NONE && q->icpc <= ms->as_of;
		int pending = !held && !q->not_required &&
			      q->start + r->pending_days > ms->as_of;

		for (int p = 0; p < ms->nperiod; p++) {
			if (!period_contains(&ms->period[p], q->start))
				continue;
			if (pending)
				tally_set_count(&r->t, CONVERT, p, "status",
						"pending", "s47 enquiries", 1);
			else
				tally_add(&r->t, CONVERT, p, "all", "all", held, 1);
		}
		if (!held)
			continue;
		/* A conference dated before its S47 is a recording error: DfE
		 * leaves it out of the duration bins, and so out of the
		 * measure; it is counted in the notes and listed, so the
		 * record can be put right. */
		{
			int before = !date_order_ok(DC_ICPC_BEFORE_S47, q->start,
						    q->icpc);
			long wd = before ? -1 : calendar_wd(&ms->cal, q->start, q->icpc);
			int reported = q->icpc >= ms->first_day;

			if (before && reported)
				mstage_note(ms, "icpc_before_s47",
					    "conferences dated before their section 47,"
					    " left out of icpc_within_15wd");
			for (int p = 0; !before && p < ms->nperiod; p++) {
				if (!period_contains(&ms->period[p], q->icpc))
					continue;
				tally_add(&r->t, ICPC15, p, "all", "all",
					  wd <= r->icpc_wd, 1);
				bands(&r->t, ICPC15, p, group_icpc_bands, NICPC_BAND,
				      icpc_band(wd));
			}
			if ((before || wd > r->icpc_wd) && reported) {
				char n[24], d1[DIP_DATE_LEN], d2[DIP_DATE_LEN];
				struct caselist_who who = caselist_episode(ch, e);
				const char *f[4] = { date_format(q->start, d1),
					date_format(q->icpc, d2), before ? NULL : n,
					before ? "dated before its section 47"
					       : "over the working days allowed" };

				fmt_long(n, wd);
				caselist_add(r->list_icpc, &who, before, wd, f);
			}
		}
	}
}

static int cmp_date(const void *a, const void *b)
{
	dip_date x = *(const dip_date *)a, y = *(const dip_date *)b;

	return (x > y) - (x < y);
}

/* D6: on a plan for 3 months or more, every review on time, none due. */
static void reviews(struct run *r, const struct c_child *ch,
		    const struct c_cpp *p)
{
	struct mstage *ms = r->ms;
	dip_date due = date_add_months(p->start, (int)r->first_months);
	dip_date missed = DIP_DATE_NONE;
	const char *why = NULL;
	char d1[DIP_DATE_LEN], d2[DIP_DATE_LEN];

	if (due > ms->as_of)
		return;
	for (int i = 0; i < p->nreview; i++)
		if (!mstage_dates_ok(ms, DC_REVIEW_BEFORE_PLAN_START, p->start,
				     p->review[i], defs[REVIEWS].id) ||
		    !mstage_dates_ok(ms, DC_REVIEW_AFTER_PLAN_END, p->review[i],
				     p->end, defs[REVIEWS].id))
			return;
	if (p->nreview > 1)
		qsort(p->review, (size_t)p->nreview, sizeof(dip_date), cmp_date);
	for (int i = 0; i < p->nreview; i++) {
		dip_date d = p->review[i];

		if (d <= p->start || d > ms->as_of)
			continue;
		if (d > due && !why) {
			why = "a review was late";
			missed = due;
		}
		due = date_add_months(d, (int)r->months);
	}
	if (!why && due < ms->as_of) {
		why = "a review is overdue";
		missed = due;
	}
	tally_add(&r->t, REVIEWS, ms->nperiod - 1, "all", "all", !why, 1);
	if (why) {
		struct caselist_who who = caselist_episode(ch, p->episode);
		const char *f[3] = { date_format(p->start, d1),
			date_format(missed, d2), why };

		caselist_add(r->list_reviews, &who, missed, 0, f);
	}
}

static void plans(struct run *r, const struct c_child *ch)
{
	struct mstage *ms = r->ms;
	const struct c_cpp *open = NULL;
	int snap = ms->nperiod - 1;

	for (int k = 0; k < ch->nep; k++)
		for (int j = 0; j < ch->ep[k].ncpp; j++) {
			const struct c_cpp *p = &ch->ep[k].cpp[j];

			if (p->start == DIP_DATE_NONE || p->start > ms->as_of)
				continue;
			if (p->end != DIP_DATE_NONE && p->end <= ms->as_of) {
				int two;

				if (!mstage_dates_ok(ms, DC_CP_PLAN_END_BEFORE_START,
						     p->start, p->end,
						     defs[ENDED2Y].id))
					continue;
				two = p->end >= date_add_months(p->start, 24);

				for (int q = 0; q < ms->nperiod; q++) {
					if (!period_contains(&ms->period[q], p->end))
						continue;
					tally_add(&r->t, ENDED2Y, q, "all", "all", two, 1);
					bands(&r->t, ENDED2Y, q, group_plan_bands, NPLAN_BAND,
					      plan_band(p->start, p->end));
				}
				continue;
			}
			tally_add(&r->t, OPEN2Y, snap, "all", "all",
				  ms->as_of >= date_add_months(p->start, 24), 1);
			tally_add(&r->t, OPEN18M, snap, "all", "all",
				  ms->as_of >= date_add_months(p->start, 18), 1);
			if (ms->as_of >= date_add_months(p->start, 24)) {
				char d[DIP_DATE_LEN];
				struct caselist_who who = caselist_episode(ch, &ch->ep[k]);
				const char *f[1] = { date_format(p->start, d) };

				caselist_add(r->list_open, &who, p->start, 0, f);
			}
			if (!open || p->start > open->start)
				open = p;
		}
	if (open)
		reviews(r, ch, open);
}

/* A referral with another of the same child in the 12 months before. */
static void referrals(struct run *r, const struct c_child *ch)
{
	struct mstage *ms = r->ms;
	dip_date seen = ms->cases.history_start;

	for (int k = 0; k < ch->nep; k++) {
		dip_date ref = ch->ep[k].referral, from = date_add_months(ref, -12);
		dip_date prev = DIP_DATE_NONE;
		const struct c_episode *pe = NULL;      /* prev's episode */
		const char *history;

		if (ref == DIP_DATE_NONE || ref > ms->as_of)
			continue;
		for (int j = 0; j < ch->nep; j++) {
			dip_date o = ch->ep[j].referral;

			if (j != k && o != DIP_DATE_NONE && o >= from && o < ref &&
			    (prev == DIP_DATE_NONE || o > prev)) {
				prev = o;
				pe = &ch->ep[j];
			}
		}
		history = seen != DIP_DATE_NONE && from < seen ? "incomplete"
							       : "complete";
		for (int p = 0; p < ms->nperiod; p++) {
			if (!period_contains(&ms->period[p], ref))
				continue;
			tally_add(&r->t, REREF, p, "all", "all",
				  prev != DIP_DATE_NONE, 1);
			tally_add(&r->t, REREF, p, "history", history,
				  prev != DIP_DATE_NONE, 1);
		}
		if (prev != DIP_DATE_NONE && ref >= ms->first_day) {
			char d1[DIP_DATE_LEN], d2[DIP_DATE_LEN], d3[DIP_DATE_LEN];
			char no[24];
			struct caselist_who who = caselist_episode(ch, &ch->ep[k]);
			const char *f[5] = { date_format(ref, d1), no,
				date_format(prev, d2),
				pe->closure != DIP_DATE_NONE
					? date_format(pe->closure, d3) : NULL,
				pe->reason };

			fmt_long(no, pe->no);
			caselist_add(r->list_reref, &who, ref, 0, f);
		}
	}
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentiles: the smallest duration with at least that
 * share of assessments at or below it. */
static void quartiles(struct run *r)
{
	static const struct { int pct; const char *name; } q[] = {
		{ 25, "q1" }, { 50, "median" }, { 75, "q3" } };

	for (int p = 0; p < r->ms->nperiod; p++) {
		size_t n = r->ndur[p];

		if (!n)
			continue;
		qsort(r->dur[p], n, sizeof(long), cmp_long);
		for (int i = 0; i < 3; i++) {
			size_t rank = (n * (size_t)q[i].pct + 99) / 100;

			tally_set_count(&r->t, DURATION, p, "statistic", q[i].name,
					"working days", r->dur[p][rank - 1]);
		}
		free(r->dur[p]);
	}
}

static int run(struct mstage *ms)
{
	static const char *const icpc_cols[] = { "s47_start_date",
		"icpc_date", "working_days", "reason" };
	static const char *const review_cols[] = { "plan_start_date",
		"review_due_date", "reason" };
	static const char *const open_cols[] = { "plan_start_date" };
	static const char *const reref_cols[] = { "referral_date",
		"previous_episode_no", "previous_referral_date",
		"previous_closure_date", "previous_closure_reason" };
	struct run r;
	FILE *metrics;
	const struct mstage_key keys[] = {
		{ "assessment_working_days", &r.assess_wd },
		{ "icpc_working_days", &r.icpc_wd },
		{ "icpc_pending_days", &r.pending_days },
		{ "cpp_first_review_months", &r.first_months },
		{ "cpp_review_months", &r.months },
		{ NULL, NULL },
	};

	memset(&r, 0, sizeof(r));
	r.ms = ms;
	if (mstage_numbers(ms, "metrics", keys))
		return -1;
	if (!(metrics = mstage_metrics(ms)))
		return -1;
	/* Most urgent first (doc/outputs.md, "The lists"): conferences dated before
	 * their S47 (to correct), then the most working days; the review
	 * missed longest ago; the oldest open plan; the latest re-referral,
	 * the case still to act on. */
	r.list_icpc = mstage_list(ms, defs[ICPC15].id, icpc_cols, 4,
				  CASELIST_DESC, CASELIST_DESC);
	r.list_reviews = mstage_list(ms, defs[REVIEWS].id, review_cols, 3,
				     CASELIST_ASC, CASELIST_UNUSED);
	r.list_open = mstage_list(ms, defs[OPEN2Y].id, open_cols, 1,
				  CASELIST_ASC, CASELIST_UNUSED);
	r.list_reref = mstage_list(ms, defs[REREF].id, reref_cols, 5,
				   CASELIST_DESC, CASELIST_UNUSED);
	tally_init(&r.t, defs, NMETRIC, ms->period, ms->nperiod);
	for (size_t i = 0; i < ms->cases.nchild; i++) {
		const struct c_child *ch = &ms->cases.child[i];

		for (int k = 0; k < ch->nep; k++) {
			assessments(&r, &ch->ep[k]);
			section47s(&r, ch, &ch->ep[k]);
		}
		plans(&r, ch);
		referrals(&r, ch);
	}
	quartiles(&r);
	if (ms->cases.history_start != DIP_DATE_NONE &&
	    date_add_months(ms->first_day, -12) < ms->cases.history_start)
		mstage_note(ms, "history_incomplete",
			    "re-referrals: the data cannot see 12 months before"
			    " some referrals (see the history breakdown)");
	return mstage_write_tally(ms, &r.t, metrics, 0);
}

int main(int argc, char **argv)
{
	static const struct mstage_info info = {
		.name = "timeliness", .about = "\
The DfE-comparable timeliness measures (doc/metrics.md):\n\
  assessments_within_45wd   authorised within 45 working days, C2 bands\n\
  assessments_duration_wd   quartiles of working days to authorisation\n\
  icpc_within_15wd          conferences within 15 working days of the S47\n\
  s47_to_icpc               S47s started that led to a conference\n\
  cpp_reviews_on_time       children whose plan reviews are all on time\n\
  cpp_ended_2y_plus         plans ending that lasted 2 years or more\n\
  cpp_open_2y_plus          open plans 2 years old or more (also 18 months)\n\
  re_referrals_12m          referrals within 12 months of another\n",
		.run = run };

	return mstage_main(argc, argv, &info);
}
