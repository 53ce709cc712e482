/*
 * dip-areas - the improvement-plan tracker: each area's measures, their
 * latest value against target and trend, the impact status that follows,
 * and the activity status the board keeps, as of one date; and a history
 * in which a rerun for the same date replaces that date's rows.
 *
 * Impact status is judged on the complete period each measure names
 * (judged_period): Grey when that value is missing or its denominator is
 * small; Green when it meets the target; Amber when it is within the
 * tolerance of the target or moving towards it; Red otherwise.  The
 * current unfinished period is reported as "to date" and never judged.
 * Beside it: the baseline (config, this run's metrics, or kept from
 * history), the chosen comparator (comparators.csv) and, in changes.csv,
 * what changed since the previous board date.
 */
#include "dip/csvio.h"
#include "dip/exitcode.h"
#include "mstage/history.h"
#include "mstage/metricsin.h"
#include "mstage/mstage.h"
#include "dip/number.h"
#include "dip/util.h"

#include <unistd.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every stage's metrics under RUN_DIR/metrics into m: 0, or -1 with
 * ms->err set. */
static int load_metrics(struct mstage *ms, struct metrics *m)
{
	char *dir = path_join(ms->tables, "metrics");
	int rc = metrics_load(m, dir, &ms->err);

	free(dir);
	return rc;
}

/* What a measure's judged_period names: the metric period type it reads
 * and how many calendar months a complete one spans (0: the row as it
 * is, the financial year to date or the snapshot). */
static const struct judged {
	const char *name, *ptype;
	int months;
} judged_kinds[] = {
	{ "last_complete_month", "month", 1 },
	{ "last_complete_quarter", "quarter", 3 },
	{ "year_to_date", "year", 0 },
	{ "rolling_3m", "rolling_3m", 3 },
	{ "rolling_6m", "rolling_6m", 6 },
	{ "rolling_12m", "rolling_12m", 12 },
	{ "as_of", "as_of", 0 },
};
#define NJUDGED (sizeof(judged_kinds) / sizeof(judged_kinds[0]))

static const struct judged *judged_find(const char *name)
{
	for (size_t i = 0; i < NJUDGED; i++)
		if (!strcmp(judged_kinds[i].name, name))
			return &judged_kinds[i];
	return NULL;
}

/* How many months a complete period of a metric period type spans. */
static int ptype_months(const char *ptype)
{
	for (size_t i = 0; i < NJUDGED; i++)
		if (!strcmp(judged_kinds[i].ptype, ptype))
			return judged_kinds[i].months;
	return 0;
}

/* A row spanning `months` is complete when it runs to the last day of
 * its last month, not to an as-of date inside it. */
static int row_complete(const struct mrow *r, int months)
{
	dip_date s, e;

	if (!months)
		return 1;
	if (date_parse(r->start, strlen(r->start), &s) ||
	    date_parse(r->end, strlen(r->end), &e))
		return 0;
	return e == date_add_months(s, months) - 1;
}

/* One published comparator row of comparators.csv. */
struct comparator {
	const char *metric, *year, *geography, *unit, *value, *source;
};

struct measure {
	const char *area, *metric, *breakdown, *group, *ptype, *direction;
	const struct judged *judged;
	double target, tolerance;
	const char *baseline_period, *baseline_value;
	const struct comparator *cmp;
};

struct result {
	const struct mrow *judged, *to_date;
	const char *baseline, *baseline_source, *trend, *impact;
};

static void assess(const struct metrics *m, const struct measure *x,
		   struct result *res)
{
	const struct mrow **s;
	size_t n;
	int up = !strcmp(x->direction, "up"), months = x->judged->months;
	size_t back = !strcmp(x->judged->ptype, "quarter") ? 1
		    : months ? 3 : 0, j;
	double v;

	memset(res, 0, sizeof(*res));
	res->impact = "Grey";
	res->trend = "";
	/* The baseline and the unfinished period come from the trend
	 * series the measure names in period_type. */
	n = metrics_series(m, x->metric, x->ptype, x->breakdown, x->group, &s);
	for (size_t i = 0; i < n; i++)
		if (x->baseline_period && !strcmp(s[i]->start, x->baseline_period)) {
			res->baseline = s[i]->value;
			res->baseline_source = "metrics";
		}
	if (n && !row_complete(s[n - 1], ptype_months(x->ptype)))
		res->to_date = s[n - 1];
	free(s);
	n = metrics_series(m, x->metric, x->judged->ptype, x->breakdown,
			   x->group, &s);
	for (j = n; j > 0 && !row_complete(s[j - 1], months); j--)
		;
	if (!j) {
		free(s);
		return;
	}
	res->judged = s[j - 1];
	if (back && j > back && *s[j - 1]->value && *s[j - 1 - back]->value) {
		double a = s[j - 1 - back]->v, b = s[j - 1]->v;

		res->trend = b > a ? "up" : b < a ? "down" : "level";
	}
	free(s);
	if (!*res->judged->value || res->judged->small_n)
		return;
	v = res->judged->v;
	if (up ? v >= x->target : v <= x->target)
		res->impact = "Green";
	else if ((up ? v >= x->target - x->tolerance : v <= x->target + x->tolerance) ||
		 !strcmp(res->trend, up ? "up" : "down"))
		res->impact = "Amber";
	else
		res->impact = "Red";
}

struct activity {
	const char *status, *date, *lead, *comment;
};

/* The latest activity row for an area dated on or before the as-of date. */
static struct activity activity_of(const struct csv_table *t, const int c[5],
				   const char *area, dip_date as_of)
{
	struct activity a = { "", "", "", "" };

	for (size_t i = 0; i < t->nrows; i++) {
		dip_date d;
		const char *ds = t->row[i][c[1]];

		if (strcmp(t->row[i][c[0]], area) ||
		    date_parse(ds, strlen(ds), &d) || d > as_of)
			continue;
		if (!*a.date || strcmp(ds, a.date) >= 0) {
			a.status = t->row[i][c[2]];
			a.date = ds;
			a.lead = t->row[i][c[3]];
			a.comment = t->row[i][c[4]];
		}
	}
	return a;
}

/* The config table named by [paths] key into t: 0, or -1 with
 * ms->err set. */
static int load_table(struct mstage *ms, const char *key, struct csv_table *t)
{
	char *path = config_path(&ms->cfg, "paths", key);
	int rc = csv_table_load(t, path, &ms->err);

	free(path);
	return rc;
}

/* Every column of a table, or -1 with ms->err naming the missing one. */
static int need_all(struct mstage *ms, const struct csv_table *t,
		    const char *const *names, int *col, int n)
{
	for (int i = 0; i < n; i++)
		if ((col[i] = csv_table_need(t, names[i], &ms->err)) < 0)
			return -1;
	return 0;
}

/* The tracker's columns; history has as_of first.  The first twenty
 * are the original layout, which dip-charts reads by name. */
enum { C_AS_OF, C_AREA, C_TITLE, C_METRIC, C_BREAKDOWN, C_GROUP, C_PTYPE,
       C_START, C_VALUE, C_N, C_BASELINE, C_TARGET, C_DIRECTION, C_TREND,
       C_IMPACT, C_ACT_STATUS, C_ACT_DATE, C_LEAD, C_TOLERANCE, C_SMALL_N,
       C_NOTE, C_JUDGED, C_END, C_LO, C_HI, C_TD_START, C_TD_END, C_TD_VALUE,
       C_TD_N, C_BASE_PERIOD, C_BASE_SOURCE, C_CMP_VALUE, C_CMP_GEO,
       C_CMP_YEAR, C_CMP_SOURCE, C_ACT_COMMENT, C_ACT_FLAG, C_CMP_UNIT, NCOL };

static const char *const columns[NCOL] = { "as_of", "area", "title",
	"metric", "breakdown", "group", "period_type", "period_start",
	"latest_value", "n", "baseline", "target", "direction", "trend_3m",
	"impact_status", "activity_status", "activity_date", "lead",
	"tolerance", "small_n", "note", "judged_period", "period_end", "ci_low",
	"ci_high", "to_date_start", "to_date_end", "to_date_value",
	"to_date_n", "baseline_period", "baseline_source", "comparator_value",
	"comparator_geography", "comparator_year", "comparator_source",
	"activity_comment", "activity_flag", "comparator_unit" };

/*
 * The history carried from the last run (INPUT_RUN_DIR/areas/history.csv),
 * read before any output is opened, so that what is wrong with it is
 * said with its file and line rather than as a failed write.  Columns are
 * found by name: a history written before a column was added is carried
 * with that column empty, and one the tracker no longer has is dropped
 * and noted.  No history is not an error (the first run).
 */
struct history {
	struct csv_table t;
	int loaded;
	int col[NCOL];          /* t's column for each of ours, or -1 */
};

/* The history carried from the last run, if any (h->loaded says):
 * 0, or -1 with ms->err set; columns this version does not write are
 * noted and dropped. */
static int load_history(struct mstage *ms, struct history *h)
{
	char *path = path_join(ms->tables, "areas/history.csv");
	int as_of = -1, rc;

	memset(h, 0, sizeof(*h));
	rc = history_load(&h->t, path, &as_of, &ms->err);
	free(path);
	if (rc <= 0)
		return rc;
	h->loaded = 1;
	for (int k = 0; k < NCOL; k++)
		h->col[k] = csv_table_col(&h->t, columns[k]);
	for (size_t j = 0; j < h->t.ncols; j++) {
		int ours = 0;

		for (int k = 0; k < NCOL; k++)
			ours |= h->col[k] == (int)j;
		if (!ours)
			mstage_note(ms, "history_column_dropped", h->t.col[j]);
	}
	return 0;
}

static const char *hist(const struct history *h, size_t i, int c)
{
	return h->col[c] < 0 ? "" : h->t.row[i][h->col[c]];
}

/* The same measure in a history row: area, metric, breakdown, group and
 * the trend period type. */
static int hist_same(const struct history *h, size_t i, const char *const *f)
{
	static const int key[] = { C_AREA, C_METRIC, C_BREAKDOWN, C_GROUP,
				   C_PTYPE };

	for (size_t k = 0; k < sizeof(key) / sizeof(key[0]); k++)
		if (strcmp(hist(h, i, key[k]), f[key[k]] ? f[key[k]] : ""))
			return 0;
	return 1;
}

/* A baseline period the metrics no longer hold, as the earliest run that
 * saw it recorded it: either as that run's baseline, or as its judged
 * value when the judged period was the baseline period itself. */
static const char *baseline_from_history(const struct history *h,
					 const char *const *f)
{
	const char *best = NULL, *best_as_of = NULL;

	for (size_t i = 0; h->loaded && i < h->t.nrows; i++) {
		const char *v = NULL, *judged = hist(h, i, C_JUDGED);
		const struct judged *jk = judged_find(judged);
		const char *ptype = jk ? jk->ptype : hist(h, i, C_PTYPE);

		if (!hist_same(h, i, f))
			continue;
		if (!strcmp(hist(h, i, C_BASE_PERIOD), f[C_BASE_PERIOD]) &&
		    *hist(h, i, C_BASELINE))
			v = hist(h, i, C_BASELINE);
		else if (!strcmp(ptype, f[C_PTYPE]) &&
			 !strcmp(hist(h, i, C_START), f[C_BASE_PERIOD]) &&
			 *hist(h, i, C_VALUE))
			v = hist(h, i, C_VALUE);
		if (v && (!best || strcmp(hist(h, i, C_AS_OF), best_as_of) < 0)) {
			best = v;
			best_as_of = hist(h, i, C_AS_OF);
		}
	}
	return best;
}

/* Earlier history, less this date's rows, into the new history. */
static int keep_history(const struct history *h, FILE *out, const char *as_of)
{
	for (size_t i = 0; h->loaded && i < h->t.nrows; i++) {
		const char *f[NCOL];

		if (!strcmp(hist(h, i, C_AS_OF), as_of))
			continue;
		for (int c = 0; c < NCOL; c++)
			f[c] = hist(h, i, c);
		if (csv_write_row(out, f, NCOL))
			return -1;
	}
	return 0;
}

/* "no data: <reason>" when the metric's stage could not compute it
 * (its impact is then Grey, there being no value), else NULL. */
static const char *no_data(const struct metrics *m, const char *metric,
			   struct strbuf *note)
{
	const char *why = metrics_not_computed(m, metric);

	if (!why)
		return NULL;
	strbuf_addf(note, "no data: %s", why);
	return note->buf;
}

/* A target, tolerance or baseline value: plain decimal text, 0 or more. */
static int table_number(struct mstage *ms, const struct csv_table *t,
			size_t i, const char *what, const char *v, double *out)
{
	if (!parse_decimal(v, 0, 1e12, out))
		return 0;
	err_set(&ms->err, DIP_EXIT_USAGE, t->path, t->line[i], 0,
		"%s must be a number of 0 or more, not '%s'", what, v);
	return -1;
}

/* Cell v of row i as a date (into out unless NULL): 0, or -1 with
 * ms->err at the row (a config table: a usage error). */
static int table_date(struct mstage *ms, const struct csv_table *t, size_t i,
		      const char *what, const char *v, dip_date *out)
{
	dip_date d;

	if (!date_parse(v, strlen(v), out ? out : &d))
		return 0;
	err_set(&ms->err, DIP_EXIT_USAGE, t->path, t->line[i], 0,
		"%s must be a date (YYYY-MM-DD), not '%s'", what, v);
	return -1;
}

/* The unit a stage wrote for a metric (its all/all rows), or NULL. */
static const char *metric_unit(const struct metrics *m, const char *metric)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->row[i].metric, metric))
			return m->row[i].unit;
	return NULL;
}

/*
 * comparators.csv: published figures with their sources.  A row whose
 * metric this run has must count the same unit (children are not
 * episodes), and a value given with its counts must be their percentage.
 */
static int load_comparators(struct mstage *ms, const struct metrics *m,
			    struct csv_table *t, struct comparator **out)
{
	static const char *const names[] = { "metric", "year", "geography",
		"unit", "numerator", "denominator", "value", "source" };
	int c[8];
	struct comparator *cmp;

	*out = NULL;
	if (load_table(ms, "comparators", t))
		return -1;
	/* A geography or source becomes a label on the charts too. */
	if (need_all(ms, t, names, c, 8) ||
	    csv_table_one_line(t, c, 8, &ms->err))
		return -1;
	cmp = *out = xcalloc(t->nrows + 1, sizeof(*cmp));
	for (size_t i = 0; i < t->nrows; i++) {
		char **r = t->row[i];
		const char *unit = metric_unit(m, r[c[0]]);
		double v, num, den, year;

		cmp[i] = (struct comparator){ r[c[0]], r[c[1]], r[c[2]], r[c[3]],
					      r[c[6]], r[c[7]] };
		if (!*r[c[0]] || !*r[c[2]] || !*r[c[7]]) {
			err_set(&ms->err, DIP_EXIT_USAGE, t->path, t->line[i], 0,
				"a comparator needs a metric, a geography and a source");
			return -1;
		}
		if (parse_decimal(r[c[1]], 2000, 2100, &year) || strlen(r[c[1]]) != 4) {
			err_set(&ms->err, DIP_EXIT_USAGE, t->path, t->line[i], 0,
				"year must be a reporting year such as 2025, not '%s'",
				r[c[1]]);
			return -1;
		}
		if (table_number(ms, t, i, "value", r[c[6]], &v))
			return -1;
		if (*r[c[4]] || *r[c[5]]) {
			if (table_number(ms, t, i, "numerator", r[c[4]], &num) ||
			    table_number(ms, t, i, "denominator", r[c[5]], &den))
				return -1;
			/* Published percentages are to one decimal, from counts
			 * that DfE then rounds to the nearest 10 (D7 2025:
			 * 2710 of 62300 is 4.35, published 4.4). */
			if (!(den > 0) ||
			    fabs(100 * num / den - v) >
			    0.05 + 100 * (5 / den + 5 * num / (den * den)) + 1e-9) {
				err_set(&ms->err, DIP_EXIT_USAGE, t->path, t->line[i], 0,
					"value '%s' is not %s of %s, to one decimal and counts to 10",
					r[c[6]], r[c[4]], r[c[5]]);
				return -1;
			}
		}
		if (unit && strcmp(unit, r[c[3]])) {
			err_set(&ms->err, DIP_EXIT_USAGE, t->path, t->line[i], 0,
				"comparator counts '%s' but metric '%s' counts '%s'",
				r[c[3]], r[c[0]], unit);
			return -1;
		}
	}
	return 0;
}

/* The latest year's row for a metric and geography, or NULL. */
static const struct comparator *comparator_for(const struct comparator *cmp,
					       size_t n, const char *metric,
					       const char *geography)
{
	const struct comparator *best = NULL;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(cmp[i].metric, metric) &&
		    !strcmp(cmp[i].geography, geography) &&
		    (!best || strcmp(cmp[i].year, best->year) > 0))
			best = &cmp[i];
	return best;
}

/* The latest board date before the as-of date, or DIP_DATE_NONE. */
static int previous_board(struct mstage *ms, dip_date *out)
{
	struct csv_table t;
	int c;

	*out = DIP_DATE_NONE;
	if (load_table(ms, "board_dates", &t))
		return -1;
	if ((c = csv_table_need(&t, "date", &ms->err)) < 0) {
		csv_table_release(&t);
		return -1;
	}
	for (size_t i = 0; i < t.nrows; i++) {
		dip_date d;

		if (table_date(ms, &t, i, "a board date", t.row[i][c], &d)) {
			csv_table_release(&t);
			return -1;
		}
		if (d < ms->as_of && (*out == DIP_DATE_NONE || d > *out))
			*out = d;
	}
	csv_table_release(&t);
	return 0;
}

#define NCHG 25

static const char *const change_columns[NCHG] = { "area", "title",
	"metric", "breakdown", "group", "judged_period", "board_date",
	"then_as_of", "then_period_start", "then_value", "then_status",
	"now_period_start", "now_value", "now_status", "change",
	"beyond_interval", "target", "comparator_value",
	"comparator_geography", "comparator_year", "activity_status",
	"activity_date", "lead", "activity_comment", "activity_flag" };

/* The changes columns copied from the tracker row (-1: worked out). */
static const int from_tracker[NCHG] = { C_AREA, C_TITLE, C_METRIC,
	C_BREAKDOWN, C_GROUP, C_JUDGED, -1, -1, -1, -1, -1, C_START, C_VALUE,
	C_IMPACT, -1, -1, C_TARGET, C_CMP_VALUE, C_CMP_GEO, C_CMP_YEAR,
	C_ACT_STATUS, C_ACT_DATE, C_LEAD, C_ACT_COMMENT, C_ACT_FLAG };

/* Two values' 95% intervals apart: "yes"; overlapping: "no"; "" when
 * either has none (a count). */
static const char *beyond(const char *lo1, const char *hi1, const char *lo2,
			  const char *hi2)
{
	double a, b, c, d;

	if (parse_decimal(lo1, -1e12, 1e12, &a) ||
	    parse_decimal(hi1, -1e12, 1e12, &b) ||
	    parse_decimal(lo2, -1e12, 1e12, &c) ||
	    parse_decimal(hi2, -1e12, 1e12, &d))
		return "";
	return b < c || d < a ? "yes" : "no";
}

/* One changes row: this run's tracker row beside the history row of the
 * same measure from the last run on or before the previous board date. */
static int write_change(FILE *out, const struct history *h,
			const char *then_as_of, const char *board,
			const char *const *f)
{
	const char *g[NCHG] = { 0 };
	size_t then = (size_t)-1;
	double a, b;

	for (size_t i = 0; then_as_of && h->loaded && i < h->t.nrows; i++)
		if (!strcmp(hist(h, i, C_AS_OF), then_as_of) &&
		    !strcmp(hist(h, i, C_AREA), f[C_AREA]) &&
		    (f[C_METRIC] ? hist_same(h, i, f) : !*hist(h, i, C_METRIC)))
			then = i;
	for (int c = 0; c < NCHG; c++)
		if (from_tracker[c] >= 0)
			g[c] = f[from_tracker[c]];
	g[6] = board;
	if (then != (size_t)-1) {
		g[7] = then_as_of;
		g[8] = hist(h, then, C_START);
		g[9] = hist(h, then, C_VALUE);
		g[10] = hist(h, then, C_IMPACT);
		if (f[C_VALUE] && !parse_decimal(g[9], -1e12, 1e12, &a) &&
		    !parse_decimal(f[C_VALUE], -1e12, 1e12, &b)) {
			g[14] = b > a ? "up" : b < a ? "down" : "level";
			g[15] = beyond(hist(h, then, C_LO), hist(h, then, C_HI),
				       f[C_LO] ? f[C_LO] : "", f[C_HI] ? f[C_HI] : "");
		}
	}
	return csv_write_row(out, g, NCHG);
}

/* The as_of of the last run on or before the board date, or NULL. */
static const char *run_before(const struct history *h, dip_date board)
{
	const char *best = NULL;
	char b[DIP_DATE_LEN];

	if (board == DIP_DATE_NONE)
		return NULL;
	date_format(board, b);
	for (size_t i = 0; h->loaded && i < h->t.nrows; i++) {
		const char *a = hist(h, i, C_AS_OF);

		if (strcmp(a, b) <= 0 && (!best || strcmp(a, best) > 0))
			best = a;
	}
	return best;
}

static int run(struct mstage *ms)
{
	static const char *const mnames[] = { "area", "metric", "breakdown",
		"group", "period_type", "judged_period", "direction", "target",
		"tolerance", "baseline_period", "baseline_value", "comparator" };
	static const char *const xnames[] = { "area", "date", "status", "lead",
		"comment" };
	enum { M_AREA, M_METRIC, M_B, M_G, M_P, M_J, M_DIR, M_T, M_TOL,
	       M_BASE, M_BASEV, M_CMP, NM };
	struct metrics m = { 0 };
	struct csv_table areas, meas, act, cmpt = { 0 };
	struct comparator *cmp = NULL;
	struct history h;
	char as_of[DIP_DATE_LEN], board_s[DIP_DATE_LEN], flag_buf[64];
	FILE *tracker, *history, *changes;
	struct measure *mx = NULL;
	dip_date board;
	const char *then_as_of;
	long max_age;
	int rc = -1, bad = 0, a_id, a_title, mc[NM], xc[5];

	memset(&h, 0, sizeof(h));
	date_format(ms->as_of, as_of);
	if (load_metrics(ms, &m))
		goto out0;
	if (load_table(ms, "areas", &areas))
		goto out0;
	if (load_table(ms, "measures", &meas))
		goto out1;
	if (load_table(ms, "activity", &act))
		goto out2;
	if ((a_id = csv_table_need(&areas, "area", &ms->err)) < 0 ||
	    (a_title = csv_table_need(&areas, "title", &ms->err)) < 0 ||
	    need_all(ms, &meas, mnames, mc, NM) ||
	    need_all(ms, &act, xnames, xc, 5))
		goto out3;
	/* What is read here becomes one-line labels on the board's charts.
	 * A measure's group is not checked: it names a team as the export
	 * spells it, line break and all, and must still match. */
	if (csv_table_one_line(&areas, (int[]){ a_id, a_title }, 2, &ms->err) ||
	    csv_table_one_line(&meas, (int[]){ mc[M_AREA], mc[M_METRIC], mc[M_B],
			       mc[M_P], mc[M_J], mc[M_DIR], mc[M_T], mc[M_TOL],
			       mc[M_BASE], mc[M_BASEV], mc[M_CMP] }, 11, &ms->err) ||
	    csv_table_one_line(&act, xc, 5, &ms->err))
		goto out3;
	if (load_comparators(ms, &m, &cmpt, &cmp) ||
	    previous_board(ms, &board) ||
	    mstage_number_in(ms, "areas", "activity_max_age_days", &max_age) ||
	    load_history(ms, &h))
		goto out3;
	/* A measure must name a metric some stage wrote, say plainly which
	 * way is better, what it aims at and which complete period judges it. */
	mx = xcalloc(meas.nrows + 1, sizeof(*mx));
	for (size_t i = 0; i < meas.nrows; i++) {
		char **row = meas.row[i];
		struct measure *x = &mx[i];
		double bv;

		if (!metrics_has(&m, row[mc[M_METRIC]]) &&
		    !metrics_not_computed(&m, row[mc[M_METRIC]])) {
			err_set(&ms->err, DIP_EXIT_USAGE, meas.path, meas.line[i], 0,
				"measure names metric '%s', which no stage produced",
				row[mc[M_METRIC]]);
			goto out3;
		}
		if (strcmp(row[mc[M_DIR]], "up") && strcmp(row[mc[M_DIR]], "down")) {
			err_set(&ms->err, DIP_EXIT_USAGE, meas.path, meas.line[i], 0,
				"direction must be 'up' or 'down', not '%s'",
				row[mc[M_DIR]]);
			goto out3;
		}
		if (!(x->judged = judged_find(row[mc[M_J]]))) {
			err_set(&ms->err, DIP_EXIT_USAGE, meas.path, meas.line[i], 0,
				"judged_period must be last_complete_month, "
				"last_complete_quarter, year_to_date, rolling_3m, "
				"rolling_6m, rolling_12m or as_of, not '%s'",
				row[mc[M_J]]);
			goto out3;
		}
		if (table_number(ms, &meas, i, "target", row[mc[M_T]], &x->target) ||
		    table_number(ms, &meas, i, "tolerance", row[mc[M_TOL]],
				 &x->tolerance) ||
		    (*row[mc[M_BASE]] && table_date(ms, &meas, i, "baseline_period",
						    row[mc[M_BASE]], NULL)) ||
		    (*row[mc[M_BASEV]] && table_number(ms, &meas, i, "baseline_value",
						       row[mc[M_BASEV]], &bv)))
			goto out3;
		if (*row[mc[M_CMP]] &&
		    !(x->cmp = comparator_for(cmp, cmpt.nrows, row[mc[M_METRIC]],
					      row[mc[M_CMP]]))) {
			err_set(&ms->err, DIP_EXIT_USAGE, meas.path, meas.line[i], 0,
				"comparators.csv has no '%s' figure for metric '%s'",
				row[mc[M_CMP]], row[mc[M_METRIC]]);
			goto out3;
		}
		x->metric = row[mc[M_METRIC]];
		x->breakdown = row[mc[M_B]];
		x->group = row[mc[M_G]];
		x->ptype = row[mc[M_P]];
		x->direction = row[mc[M_DIR]];
		x->baseline_period = *row[mc[M_BASE]] ? row[mc[M_BASE]] : NULL;
		x->baseline_value = *row[mc[M_BASEV]] ? row[mc[M_BASEV]] : NULL;
	}
	then_as_of = run_before(&h, board);
	if (board != DIP_DATE_NONE)
		date_format(board, board_s);
	if (!(tracker = mstage_output(ms, "areas", "tracker.csv", 0644)) ||
	    !(history = mstage_output(ms, "areas", "history.csv", 0644)) ||
	    !(changes = mstage_output(ms, "areas", "changes.csv", 0644)))
		goto out3;
	if (csv_write_row(tracker, columns + 1, NCOL - 1) ||
	    csv_write_row(history, columns, NCOL) ||
	    csv_write_row(changes, change_columns, NCHG) ||
	    keep_history(&h, history, as_of))
		bad = 1;
	for (size_t ai = 0; ai < areas.nrows; ai++) {
		const char *area = areas.row[ai][a_id];
		struct activity ao = activity_of(&act, xc, area, ms->as_of);
		const char *flag = "";
		dip_date ad;
		int any = 0;

		/* An activity status the board has not touched for longer
		 * than the configured age is named, not shown as current. */
		if (!*ao.date) {
			flag = "no activity status";
		} else if (!date_parse(ao.date, strlen(ao.date), &ad) &&
			   ms->as_of - ad > max_age) {
			snprintf(flag_buf, sizeof(flag_buf), "not updated since %s",
				 ao.date);
			flag = flag_buf;
		}
		for (size_t i = 0; i <= meas.nrows; i++) {
			const struct measure *x = &mx[i];
			struct result res;
			const char *f[NCOL];
			int last = i == meas.nrows;
			struct strbuf note;

			if (last && any)
				break;
			if (!last && strcmp(meas.row[i][mc[M_AREA]], area))
				continue;
			memset(f, 0, sizeof(f));
			strbuf_init(&note);
			f[C_AS_OF] = as_of;
			f[C_AREA] = area;
			f[C_TITLE] = areas.row[ai][a_title];
			f[C_ACT_STATUS] = ao.status;
			f[C_ACT_DATE] = ao.date;
			f[C_LEAD] = ao.lead;
			f[C_ACT_COMMENT] = ao.comment;
			f[C_ACT_FLAG] = flag;
			if (last) {
				f[C_IMPACT] = "no measure";
			} else {
				const struct mrow *r;

				any = 1;
				assess(&m, x, &res);
				r = res.judged;
				f[C_METRIC] = x->metric;
				f[C_BREAKDOWN] = x->breakdown;
				f[C_GROUP] = x->group;
				f[C_PTYPE] = x->ptype;
				f[C_JUDGED] = x->judged->name;
				if (r) {
					f[C_START] = r->start;
					f[C_END] = r->end;
					f[C_VALUE] = r->value;
					f[C_N] = *r->den ? r->den : r->num;
					f[C_LO] = r->lo;
					f[C_HI] = r->hi;
					f[C_SMALL_N] = r->small_n ? "1" : "0";
				}
				if ((r = res.to_date)) {
					f[C_TD_START] = r->start;
					f[C_TD_END] = r->end;
					f[C_TD_VALUE] = r->value;
					f[C_TD_N] = *r->den ? r->den : r->num;
				}
				f[C_BASE_PERIOD] = x->baseline_period;
				if (x->baseline_value) {
					f[C_BASELINE] = x->baseline_value;
					f[C_BASE_SOURCE] = "config";
				} else if (res.baseline) {
					f[C_BASELINE] = res.baseline;
					f[C_BASE_SOURCE] = res.baseline_source;
				} else if (x->baseline_period &&
					   (f[C_BASELINE] = baseline_from_history(&h, f))) {
					f[C_BASE_SOURCE] = "history";
				}
				f[C_TARGET] = meas.row[i][mc[M_T]];
				f[C_DIRECTION] = x->direction;
				f[C_TREND] = res.trend;
				f[C_IMPACT] = res.impact;
				f[C_TOLERANCE] = meas.row[i][mc[M_TOL]];
				f[C_NOTE] = no_data(&m, x->metric, &note);
				if (x->cmp) {
					f[C_CMP_VALUE] = x->cmp->value;
					f[C_CMP_GEO] = x->cmp->geography;
					f[C_CMP_YEAR] = x->cmp->year;
					f[C_CMP_SOURCE] = x->cmp->source;
					f[C_CMP_UNIT] = x->cmp->unit;
				}
			}
			if (csv_write_row(tracker, f + 1, NCOL - 1) ||
			    csv_write_row(history, f, NCOL) ||
			    write_change(changes, &h, then_as_of,
					 board == DIP_DATE_NONE ? "" : board_s, f))
				bad = 1;
			strbuf_release(&note);
		}
	}
	/* A write that failed on the way (a full disk, a file size limit)
	 * is named by its file and reason, as the commit would name it. */
	rc = bad ? outset_failed(&ms->out, ms->outdir, &ms->err) : 0;
out3:
	free(mx);
	free(cmp);
	if (h.loaded)
		csv_table_release(&h.t);
	if (cmpt.path)
		csv_table_release(&cmpt);
	csv_table_release(&act);
out2:
	csv_table_release(&meas);
out1:
	csv_table_release(&areas);
out0:
	metrics_release(&m);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct mstage_info info = {
		.name = "areas", .about = "\
The improvement-plan tracker (doc/tracker.md): for each area of\n\
config/improvement/areas.csv, its measures (measures.csv) with the value\n\
of the complete period each is judged on, n, baseline, target, comparator\n\
(comparators.csv), 3-month trend and impact status, the unfinished period\n\
to date, and the activity status the board keeps (activity.csv).  Writes\n\
areas/tracker.csv, areas/changes.csv (since the previous board date) and\n\
areas/history.csv, where a rerun for the same as-of date replaces that\n\
date's rows; earlier dates come from INPUT_RUN_DIR/areas/history.csv.\n",
		.run = run, .no_tables = 1, .files = "\
Reads INPUT_RUN_DIR/metrics/*.csv and INPUT_RUN_DIR/areas/history.csv\n\
(INPUT_RUN_DIR is usually RUN_DIR itself) and the improvement plan and\n\
comparators.csv named in the config; writes RUN_DIR/areas/tracker.csv,\n\
changes.csv and history.csv, and RUN_DIR/metrics/areas-notes.csv.\n",
		.as_of = "\
the day the tracker is as of: the activity status\n\
                        dated on or before it, the board date before it,\n\
                        the history rows it replaces (default: today)\n",
		.status = "\
Exit status: 0 written; 1 a metrics file, the history or a file of the\n\
plan cannot be read (malformed CSV, a missing column); 2 usage or\n\
configuration error (a measure naming no metric any stage defines, a bad\n\
comparator row or board date, a line break in the plan's text); 3 read\n\
or write error; 4 internal error.  When the status is not 0, no output\n\
file has been replaced.\n" };

	return mstage_main(argc, argv, &info);
}
