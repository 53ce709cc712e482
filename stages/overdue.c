/*
 * dip-overdue - the overdue-assessment dip sample: assessments open past
 * 45 working days, assessments authorised late (from their start, and the
 * episode's first from the referral), and children whose latest
 * assessment is more than 12 months old or who have had none.
 */
#include "dip/csvio.h"
#include "dip/number.h"
#include "mstage/mstage.h"
#include "dip/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPEN_OVERDUE, LATE_START, LATE_REFERRAL, STALE, NMETRIC };

static const struct metric_def defs[NMETRIC] = {
	{ "assessments_open_overdue", "assessments", METRIC_COUNT, 1,
	  "Open assessments past 45 working days" },
	{ "assessments_late_from_start", "assessments", METRIC_PROPORTION, 0,
	  "Assessments authorised after 45 working days from their start" },
	{ "assessments_late_from_referral", "assessments", METRIC_PROPORTION, 0,
	  "Assessments authorised after 45 working days from the referral" },
	{ "children_assessment_stale", "children", METRIC_COUNT_OF, 1,
	  "Children whose latest assessment is over 12 months old" },
};

struct run {
	struct mstage *ms;
	struct tally t;
	long limit, stale_months;
	int as_of_period;
	struct caselist *list[NMETRIC];
};

static const char *team_of(const struct c_episode *e)
{
	return e->team ? e->team : "unknown";
}

/* 1 when a care period of ch covers day d (an open one runs on). */
static int in_care_on(const struct c_child *ch, dip_date d)
{
	for (int i = 0; i < ch->ncare; i++)
		if (ch->care[i].start <= d &&
		    (ch->care[i].end == DIP_DATE_NONE || ch->care[i].end >= d))
			return 1;
	return 0;
}

/* The headline and every breakdown of one record. */
static void add(struct run *r, int m, int p, const struct c_child *ch,
		const struct c_episode *e, int num, int den)
{
	struct tally *t = &r->t;
	const char *band = age_band(ch, r->ms->as_of);

	tally_add(t, m, p, "all", "all", num, den);
	if (m == OPEN_OVERDUE || m == STALE) {
		int age = age_on(ch, r->ms->as_of);

		tally_add(t, m, p, "age_band", band, num, den);
		tally_add(t, m, p, "age_15_and_under", age < 16 ? "yes" : "no",
			  num, den);
	}
	if (r->ms->cases.has_extension && e)
		tally_add(t, m, p, "team", team_of(e), num, den);
}

/* The assessment that follows the referral: the episode's earliest. */
static const struct c_assessment *first_of(const struct c_episode *e)
{
	const struct c_assessment *first = NULL;

	for (int i = 0; i < e->nas; i++)
		if (!first || e->as[i].start < first->start)
			first = &e->as[i];
	return first;
}

static void assessments(struct run *r, const struct c_child *ch,
			const struct c_episode *e)
{
	struct mstage *ms = r->ms;
	struct caselist_who who = caselist_episode(ch, e);
	const struct c_assessment *first = first_of(e);
	dip_date as_of = ms->as_of;

	for (int i = 0; i < e->nas; i++) {
		const struct c_assessment *a = &e->as[i];
		char no[24], wd[24], d1[DIP_DATE_LEN], d2[DIP_DATE_LEN];
		long from_start, from_referral = -1;
		int late_start, late_referral;

		fmt_long(no, a->no);
		if (a->start <= as_of && (a->auth == DIP_DATE_NONE || a->auth > as_of) &&
		    episode_open_on(e, as_of)) {
			long n = calendar_wd(&ms->cal, a->start, as_of);

			if (n > r->limit) {
				const char *f[4] = { no, date_format(a->start, d1),
					wd, age_band(ch, as_of) };

				fmt_long(wd, n);
				add(r, OPEN_OVERDUE, r->as_of_period, ch, e, 1, 0);
				caselist_add(r->list[OPEN_OVERDUE], &who, n, 0, f);
			}
			continue;
		}
		if (a->auth == DIP_DATE_NONE || a->auth > as_of ||
		    !mstage_assessment_ok(ms, e, a,
					  "assessments_late_from_start"
					  " assessments_late_from_referral"))
			continue;
		from_start = calendar_wd(&ms->cal, a->start, a->auth);
		/* Working Together's 45 days from referral are for the
		 * assessment that follows the referral; a later one in the
		 * same episode answers a change, timed from its own start. */
		if (a == first)
			from_referral = calendar_wd(&ms->cal, e->referral, a->auth);
		late_start = from_start > r->limit;
		late_referral = from_referral > r->limit;
		for (int p = 0; p < ms->nperiod; p++) {
			if (!period_contains(&ms->period[p], a->auth))
				continue;
			add(r, LATE_START, p, ch, e, late_start, 1);
			if (a == first)
				add(r, LATE_REFERRAL, p, ch, e, late_referral, 1);
		}
		if (a->auth >= ms->first_day && (late_start || late_referral)) {
			char ws[24], wr[24], d3[DIP_DATE_LEN];
			const char *f[7] = { no, a == first ? "1" : "0",
				date_format(e->referral, d3),
				date_format(a->start, d1), date_format(a->auth, d2),
				ws, a == first ? wr : NULL };

			fmt_long(ws, from_start);
			fmt_long(wr, from_referral);
			if (late_start)
				caselist_add(r->list[LATE_START], &who,
					     from_start, 0, f);
			if (late_referral)
				caselist_add(r->list[LATE_REFERRAL], &who,
					     from_referral, 0, f);
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Stale: a child with an open episode whose latest authorised assessment
 * is more than stale_months old, or who has had no assessment at all in
 * an episode open longer than the assessment timescale.  A child whose
 * assessment is under way is being assessed now, so not stale, whatever
 * came before (group assessment_in_progress); one referred within the
 * timescale and not yet assessed is not stale either
 * (awaiting_assessment).  With no assessment and the open episode older
 * than the data reaches, the child is "history incomplete": counted
 * apart, neither stale nor up to date.
 */
static void stale(struct run *r, const struct c_child *ch, const char ***groups,
		  size_t *ngroups, size_t *capgroups, long *incomplete)
{
	const struct mstage *ms = r->ms;
	const struct c_episode *open = NULL;
	dip_date latest = DIP_DATE_NONE, first_open = DIP_DATE_NONE;
	char year[DIP_NUM_LEN], d1[DIP_DATE_LEN], d2[DIP_DATE_LEN];
	const char *why, *group;
	int is_stale, in_progress = 0, p = r->as_of_period;

	for (int i = 0; i < ch->nep; i++) {
		const struct c_episode *e = &ch->ep[i];
		int is_open = episode_open_on(e, ms->as_of);

		if (is_open) {
			open = e;
			if (first_open == DIP_DATE_NONE || e->referral < first_open)
				first_open = e->referral;
		}
		for (int j = 0; j < e->nas; j++) {
			const struct c_assessment *a = &e->as[j];

			if (a->auth != DIP_DATE_NONE && a->auth <= ms->as_of) {
				if (latest == DIP_DATE_NONE || a->auth > latest)
					latest = a->auth;
			} else if (is_open && a->start <= ms->as_of) {
				in_progress = 1;
			}
		}
	}
	if (!open)
		return;
	if (!in_progress && latest == DIP_DATE_NONE &&
	    ms->cases.history_start != DIP_DATE_NONE &&
	    first_open < ms->cases.history_start) {
		(*incomplete)++;
		return;
	}
	if (in_progress) {
		group = "assessment_in_progress";
		is_stale = 0;
		why = NULL;
	} else if (latest != DIP_DATE_NONE) {
		int y, m, d;

		date_to_ymd(latest, &y, &m, &d);
		fmt_long(year, y);
		group = year;
		is_stale = date_add_months(latest, (int)r->stale_months) < ms->as_of;
		why = "older than the limit";
	} else if (calendar_wd(&ms->cal, first_open, ms->as_of) > r->limit) {
		group = "none";
		is_stale = 1;
		why = "no assessment";
	} else {
		group = "awaiting_assessment";
		is_stale = 0;
		why = NULL;
	}
	add(r, STALE, p, ch, open, is_stale, 1);
	tally_add(&r->t, STALE, p, "last_assessment_year", group, is_stale, 1);
	tally_add(&r->t, STALE, p, "looked_after",
		  in_care_on(ch, ms->as_of) ? "yes" : "no", is_stale, 1);
	if (!is_stale)
		return;
	if (ch->sibling_group) {
		XGROW(*groups, *capgroups, *ngroups + 1);
		(*groups)[(*ngroups)++] = ch->sibling_group;
	}
	{
		struct caselist_who who = caselist_episode(ch, open);
		const char *f[6] = { ch->sibling_group, age_band(ch, ms->as_of),
			date_format(open->referral, d1),
			in_care_on(ch, ms->as_of) ? "yes" : "no",
			latest != DIP_DATE_NONE ? date_format(latest, d2) : NULL, why };

		/* Never assessed first (no date sorts before every date),
		 * then the longest since the last assessment; then the
		 * longest open. */
		caselist_add(r->list[STALE], &who, latest, open->referral, f);
	}
}

static int run(struct mstage *ms)
{
	static const char *const open_cols[] = { "assessment_no",
		"start_date", "working_days", "age_band" };
	static const char *const late_cols[] = { "assessment_no",
		"first_in_episode", "referral_date", "start_date",
		"authorisation_date", "working_days_from_start",
		"working_days_from_referral" };
	static const char *const stale_cols[] = { "sibling_group", "age_band",
		"open_episode_referral_date", "looked_after",
		"last_assessment_date", "reason" };
	struct run r = { ms, { 0 }, 0, 0, ms->nperiod - 1, { NULL } };
	const char **groups = NULL;
	size_t ngroups = 0, capgroups = 0, distinct = 0;
	long incomplete = 0;
	FILE *metrics;
	const struct mstage_key keys[] = {
		{ "assessment_working_days", &r.limit },
		{ "stale_months", &r.stale_months },
		{ NULL, NULL },
	};

	if (mstage_numbers(ms, "metrics", keys))
		return -1;
	if (!(metrics = mstage_metrics(ms)))
		return -1;
	/* Most urgent first (doc/outputs.md, "The lists"): the most working days
	 * overdue or late; for stale children, see stale(). */
	r.list[OPEN_OVERDUE] = mstage_list(ms, defs[OPEN_OVERDUE].id, open_cols,
					   4, CASELIST_DESC, CASELIST_UNUSED);
	r.list[LATE_START] = mstage_list(ms, defs[LATE_START].id, late_cols, 7,
					 CASELIST_DESC, CASELIST_UNUSED);
	r.list[LATE_REFERRAL] = mstage_list(ms, defs[LATE_REFERRAL].id,
					    late_cols, 7, CASELIST_DESC,
					    CASELIST_UNUSED);
	r.list[STALE] = mstage_list(ms, defs[STALE].id, stale_cols, 6,
				    CASELIST_ASC, CASELIST_ASC);
	if (!ms->cases.has_extension)
		mstage_note(ms, "extension_missing",
			    "team breakdowns need the Eclipse Team field");
	tally_init(&r.t, defs, NMETRIC, ms->period, ms->nperiod);
	for (size_t i = 0; i < ms->cases.nchild; i++) {
		const struct c_child *ch = &ms->cases.child[i];

		for (int k = 0; k < ch->nep; k++)
			assessments(&r, ch, &ch->ep[k]);
		stale(&r, ch, &groups, &ngroups, &capgroups, &incomplete);
	}
	/* Siblings on the stale list: how many families, not just children. */
	if (ngroups)
		qsort(groups, ngroups, sizeof(*groups), cmp_str);
	for (size_t i = 0; i < ngroups; i++)
		distinct += i == 0 || strcmp(groups[i], groups[i - 1]) != 0;
	tally_set_count(&r.t, STALE, r.as_of_period, "sibling_groups", "all",
			"sibling groups", (long)distinct);
	tally_set_count(&r.t, STALE, r.as_of_period, "last_assessment_year",
			"history_incomplete", "children", incomplete);
	if (incomplete)
		mstage_note(ms, "history_incomplete",
			    "open since before the earliest census year ingested,"
			    " with no assessment in the data");
	free(groups);
	return mstage_write_tally(ms, &r.t, metrics, 0);
}

int main(int argc, char **argv)
{
	static const struct mstage_info info = {
		.name = "overdue", .about = "\
The overdue-assessment dip sample (doc/metrics.md):\n\
  assessments_open_overdue        open assessments past the working-day limit\n\
  assessments_late_from_start     authorised past the limit from their start\n\
  assessments_late_from_referral  the episode's first, from its referral\n\
  children_assessment_stale       open children whose latest assessment is\n\
                                  older than stale_months, or who have had\n\
                                  none past the assessment timescale (a\n\
                                  count, of the open children)\n",
		.run = run };

	return mstage_main(argc, argv, &info);
}
