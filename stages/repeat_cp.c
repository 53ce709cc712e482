/*
 * dip-repeat-cp - the repeat child protection plan dip sample: plans
 * starting in each period, how many follow an earlier plan, how many
 * within 24 months of it ending, and of those how many share the
 * presenting category, feature domestic abuse, or followed a step-down.
 */
#include "dip/csvio.h"
#include "dip/number.h"
#include "mstage/mstage.h"
#include "dip/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { STARTS, EVER, WITHIN, SAME, DOMESTIC, STEPPED, NMETRIC };

static const struct metric_def defs[NMETRIC] = {
	{ "cpp_starts", "plans", METRIC_COUNT, 0,
	  "Child protection plans started" },
	{ "repeat_cpp_ever", "plans", METRIC_PROPORTION, 0,
	  "Plans for a child who had a plan before" },
	{ "repeat_cpp_24m", "plans", METRIC_PROPORTION, 0,
	  "Plans starting within 24 months of the last" },
	{ "repeat_cpp_same_category", "plans", METRIC_PROPORTION, 0,
	  "Repeat plans with the same presenting category" },
	{ "repeat_cpp_domestic_abuse", "plans", METRIC_PROPORTION, 0,
	  "Repeat plans with domestic abuse a feature" },
	{ "repeat_cpp_stepped_down", "plans", METRIC_PROPORTION, 0,
	  "Repeat plans after a step down to a CIN plan" },
};

/* What a plan is left out of when its previous plan's dates are in an
 * impossible order. */
#define REPEAT_IDS "repeat_cpp_24m repeat_cpp_same_category" \
	" repeat_cpp_domestic_abuse repeat_cpp_stepped_down"

/* Domestic abuse factors: the child, a parent or carer, another person. */
static int domestic_abuse(const struct c_episode *e)
{
	for (int i = 0; i < e->nas; i++)
		for (int j = 0; j < e->as[i].nfactor; j++) {
			const char *f = e->as[i].factor[j];

			if (f && (!strcmp(f, "3A") || !strcmp(f, "3B") ||
				  !strcmp(f, "3C")))
				return 1;
		}
	return 0;
}

/* 1 when a CIN plan of ch started within days after a CP plan ended
 * (a step down, not a case closed). */
static int stepped_down(const struct c_child *ch, dip_date ended, long days)
{
	for (int i = 0; i < ch->nep; i++)
		for (int j = 0; j < ch->ep[i].ncin; j++) {
			dip_date s = ch->ep[i].cin[j].start;

			if (s != DIP_DATE_NONE && s >= ended && s <= ended + days)
				return 1;
		}
	return 0;
}

static int cmp_plan(const void *a, const void *b)
{
	const struct c_cpp *x = *(const struct c_cpp *const *)a;
	const struct c_cpp *y = *(const struct c_cpp *const *)b;

	return (x->start > y->start) - (x->start < y->start);
}

static int run(struct mstage *ms)
{
	static const char *const cols[] = { "cpp_no", "start_date", "initial_category",
		"previous_episode_no", "previous_cpp_no", "previous_start_date",
		"previous_end_date", "previous_latest_category", "gap_days",
		"same_category", "domestic_abuse", "stepped_down" };
	struct tally t;
	const struct c_cpp **plans = NULL;
	size_t cap = 0;
	long window, step_days;
	struct caselist *list;
	FILE *metrics;
	const struct mstage_key keys[] = {
		{ "repeat_window_months", &window },
		{ "step_down_days", &step_days },
		{ NULL, NULL },
	};

	if (mstage_numbers(ms, "metrics", keys))
		return -1;
	if (!(metrics = mstage_metrics(ms)))
		return -1;
	/* Most urgent first: the shortest gap since the previous plan
	 * ended, the strongest sign it ended too soon. */
	list = mstage_list(ms, defs[WITHIN].id, cols, 12, CASELIST_ASC,
			   CASELIST_UNUSED);
	tally_init(&t, defs, NMETRIC, ms->period, ms->nperiod);
	for (size_t i = 0; i < ms->cases.nchild; i++) {
		const struct c_child *ch = &ms->cases.child[i];
		size_t n = 0;

		for (int k = 0; k < ch->nep; k++)
			for (int j = 0; j < ch->ep[k].ncpp; j++) {
				XGROW(plans, cap, n + 1);
				plans[n++] = &ch->ep[k].cpp[j];
			}
		if (n > 1)
			qsort(plans, n, sizeof(*plans), cmp_plan);
		for (size_t j = 0; j < n; j++) {
			const struct c_cpp *p = plans[j];
			const struct c_cpp *q = j ? plans[j - 1] : NULL;
			int ever, within = 0, same = 0, da = 0, step = 0, dated = 1;

			if (p->start == DIP_DATE_NONE || p->start > ms->as_of)
				continue;
			ever = q || p->previous >= 1;
			if (q && q->end == DIP_DATE_NONE)
				mstage_note(ms, "previous_plan_open",
					    "a plan started while the previous had no end date");
			if (q && q->end != DIP_DATE_NONE) {
				/* How long after the previous plan this one came
				 * is unknowable when that plan ended before it
				 * began, or after this one began. */
				dated = mstage_dates_ok(ms, DC_CP_PLAN_END_BEFORE_START,
							q->start, q->end, REPEAT_IDS) &&
					mstage_dates_ok(ms, DC_CP_PLANS_OVERLAP,
							q->end, p->start, REPEAT_IDS);
				within = dated && p->start <=
					 date_add_months(q->end, (int)window);
			}
			if (within) {
				same = p->initial && q->latest &&
				       !strcmp(p->initial, q->latest);
				da = domestic_abuse(p->episode) ||
				     domestic_abuse(q->episode);
				step = stepped_down(ch, q->end, step_days);
			}
			for (int k = 0; k < ms->nperiod; k++) {
				if (!period_contains(&ms->period[k], p->start))
					continue;
				tally_add(&t, STARTS, k, "all", "all", 1, 0);
				tally_add(&t, EVER, k, "all", "all", ever, 1);
				if (!dated)
					continue;
				tally_add(&t, WITHIN, k, "all", "all", within, 1);
				if (!within)
					continue;
				tally_add(&t, SAME, k, "all", "all", same, 1);
				tally_add(&t, DOMESTIC, k, "all", "all", da, 1);
				tally_add(&t, STEPPED, k, "all", "all", step, 1);
			}
			if (within && p->start >= ms->first_day) {
				char no[24], qep[24], qno[24], gap[24];
				char d1[DIP_DATE_LEN], d2[DIP_DATE_LEN], d3[DIP_DATE_LEN];
				struct caselist_who who = caselist_episode(ch, p->episode);
				const char *f[12] = { no, date_format(p->start, d1), p->initial, qep, qno,
					date_format(q->start, d2), date_format(q->end, d3),
					q->latest, gap, same ? "1" : "0", da ? "1" : "0",
					step ? "1" : "0" };

				fmt_long(no, p->no);
				fmt_long(qep, q->episode->no);
				fmt_long(qno, q->no);
				fmt_long(gap, (long)(p->start - q->end));
				caselist_add(list, &who, (long)(p->start - q->end),
					     0, f);
			}
		}
	}
	free(plans);
	return mstage_write_tally(ms, &t, metrics, 0);
}

int main(int argc, char **argv)
{
	static const struct mstage_info info = {
		.name = "repeat-cp", .about = "\
The repeat child protection plan dip sample (doc/metrics.md),\n\
by plan start date:\n\
  cpp_starts                  plans starting\n\
  repeat_cpp_ever             a previous plan in the data or NumberOfPreviousCPP >= 1\n\
  repeat_cpp_24m              starting within repeat_window_months of the\n\
                              previous plan's end\n\
  repeat_cpp_same_category    of those: initial category = previous latest\n\
  repeat_cpp_domestic_abuse   of those: factor 3A/3B/3C in either plan's episode\n\
  repeat_cpp_stepped_down     of those: a CIN plan within step_down_days of\n\
                              the previous plan's end\n",
		.run = run };

	return mstage_main(argc, argv, &info);
}
