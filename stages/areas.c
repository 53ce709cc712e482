/*
 * dip-areas - the improvement-plan tracker: each area's measures, their
 * latest value against target and trend, the impact status that follows,
 * and the activity status the board keeps, as of one date; and a history
 * in which a rerun for the same date replaces that date's rows.
 *
 * Impact status: Grey when the latest value is missing or its
 * denominator is small (and, with the reason in the note column, when
 * the stage defining the metric could not compute it from this data); Green when it meets the target; Amber when it is
 * within the tolerance of the target or moving towards it; Red otherwise.
 */
#include "dip/csvio.h"
#include "dip/exitcode.h"
#include "dip/metricsin.h"
#include "dip/mstage.h"
#include "dip/number.h"
#include "dip/util.h"

#include <unistd.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int load_metrics(struct mstage *ms, struct metrics *m)
{
	char *dir = path_join(ms->tables, "metrics");
	int rc = metrics_load(m, dir, &ms->err);

	free(dir);
	return rc;
}

struct measure {
	const char *area, *metric, *breakdown, *group, *ptype, *direction;
	double target, tolerance;
	const char *baseline;
	long line;
};

struct result {
	const struct mrow *latest;
	const char *baseline, *trend, *impact;
};

static void assess(const struct metrics *m, const struct measure *x,
		   struct result *res)
{
	const struct mrow **s;
	size_t n = metrics_series(m, x->metric, x->ptype, x->breakdown,
				  x->group, &s);
	int up = !strcmp(x->direction, "up");
	size_t back = !strcmp(x->ptype, "month") ? 3
		    : !strcmp(x->ptype, "quarter") ? 1 : 0;
	double v;

	memset(res, 0, sizeof(*res));
	res->impact = "Grey";
	res->trend = "";
	for (size_t i = 0; i < n; i++)
		if (x->baseline && !strcmp(s[i]->start, x->baseline))
			res->baseline = s[i]->value;
	if (!n) {
		free(s);
		return;
	}
	res->latest = s[n - 1];
	if (back && n > back && *s[n - 1]->value && *s[n - 1 - back]->value) {
		double a = s[n - 1 - back]->v, b = s[n - 1]->v;

		res->trend = b > a ? "up" : b < a ? "down" : "level";
	}
	free(s);
	if (!*res->latest->value || res->latest->small_n)
		return;
	v = res->latest->v;
	if (up ? v >= x->target : v <= x->target)
		res->impact = "Green";
	else if ((up ? v >= x->target - x->tolerance : v <= x->target + x->tolerance) ||
		 !strcmp(res->trend, up ? "up" : "down"))
		res->impact = "Amber";
	else
		res->impact = "Red";
}

struct activity {
	const char *status, *date, *lead;
};

/* The latest activity row for an area dated on or before the as-of date. */
static struct activity activity_of(const struct csv_table *t, int c_area,
				   int c_date, int c_status, int c_lead,
				   const char *area, dip_date as_of)
{
	struct activity a = { "", "", "" };

	for (size_t i = 0; i < t->nrows; i++) {
		dip_date d;
		const char *ds = t->row[i][c_date];

		if (strcmp(t->row[i][c_area], area) ||
		    date_parse(ds, strlen(ds), &d) || d > as_of)
			continue;
		if (!*a.date || strcmp(ds, a.date) >= 0) {
			a.status = t->row[i][c_status];
			a.date = ds;
			a.lead = t->row[i][c_lead];
		}
	}
	return a;
}

static int load_table(struct mstage *ms, const char *key, struct csv_table *t)
{
	char *path = config_path(&ms->cfg, "paths", key);
	int rc = csv_table_load(t, path, &ms->err);

	free(path);
	return rc;
}

#define NCOL 21

static const char *const columns[NCOL] = { "as_of", "area", "title",
	"metric", "breakdown", "group", "period_type", "period_start",
	"latest_value", "n", "baseline", "target", "direction", "trend_3m",
	"impact_status", "activity_status", "activity_date", "lead",
	"tolerance", "small_n", "note" };

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

static int history_refuse(struct mstage *ms, const char *path, long line,
			  const char *what)
{
	err_set(&ms->err, DIP_EXIT_DATA, path, line, 0,
		"%s; move the file aside to start a new history", what);
	return -1;
}

static int load_history(struct mstage *ms, struct history *h)
{
	char *path = path_join(ms->tables, "areas/history.csv");
	int rc = -1;

	memset(h, 0, sizeof(*h));
	if (access(path, F_OK) != 0) {
		free(path);
		return 0;
	}
	if (csv_table_load(&h->t, path, &ms->err)) {
		char what[sizeof(ms->err.msg)];

		snprintf(what, sizeof(what), "%s", ms->err.msg);
		history_refuse(ms, path, ms->err.line, what);
		goto out;
	}
	h->loaded = 1;
	for (int k = 0; k < NCOL; k++)
		h->col[k] = csv_table_col(&h->t, columns[k]);
	if (h->col[0] < 0) {
		history_refuse(ms, path, 1, "no 'as_of' column, so its rows cannot be dated");
		goto out;
	}
	for (size_t j = 0; j < h->t.ncols; j++) {
		int ours = 0;

		for (int k = 0; k < NCOL; k++)
			ours |= h->col[k] == (int)j;
		if (!ours)
			mstage_note(ms, "history_column_dropped", h->t.col[j]);
	}
	/* Written again, so without the guards it was written with. */
	csv_table_unguard(&h->t);
	for (size_t i = 0; i < h->t.nrows; i++) {
		const char *d = h->t.row[i][h->col[0]];
		dip_date day;

		if (date_parse(d, strlen(d), &day)) {
			char what[160];

			snprintf(what, sizeof(what), "invalid as_of date '%.60s'", d);
			history_refuse(ms, path, h->t.line[i], what);
			goto out;
		}
	}
	rc = 0;
out:
	free(path);
	return rc;
}

static void history_release(struct history *h)
{
	if (h->loaded)
		csv_table_release(&h->t);
}

/* Copy the earlier history, less this date's rows, into the new one. */
static int keep_history(const struct history *h, FILE *out, const char *as_of)
{
	const char *f[NCOL];

	if (!h->loaded)
		return 0;
	for (size_t i = 0; i < h->t.nrows; i++) {
		if (!strcmp(h->t.row[i][h->col[0]], as_of))
			continue;
		for (int k = 0; k < NCOL; k++)
			f[k] = h->col[k] >= 0 ? h->t.row[i][h->col[k]] : NULL;
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

/* A target or tolerance: plain decimal text, 0 or more. */
static int measure_number(struct mstage *ms, const struct csv_table *meas,
			  size_t i, const char *what, const char *v, double *out)
{
	if (!parse_decimal(v, 0, 1e12, out))
		return 0;
	err_set(&ms->err, DIP_EXIT_USAGE, meas->path, meas->line[i], 0,
		"%s must be a number of 0 or more, not '%s'", what, v);
	return -1;
}

static int run(struct mstage *ms)
{
	struct metrics m = { 0 };
	struct csv_table areas, meas, act;
	char as_of[DIP_DATE_LEN];
	FILE *tracker, *history;
	double *target = NULL, *tolerance = NULL;
	struct history hist = { .loaded = 0 };
	int rc = -1, bad = 0;
	int a_id, a_title, m_area, m_metric, m_b, m_g, m_p, m_dir, m_t, m_tol,
	    m_base, x_area, x_date, x_status, x_lead;

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
	    (m_area = csv_table_need(&meas, "area", &ms->err)) < 0 ||
	    (m_metric = csv_table_need(&meas, "metric", &ms->err)) < 0 ||
	    (m_b = csv_table_need(&meas, "breakdown", &ms->err)) < 0 ||
	    (m_g = csv_table_need(&meas, "group", &ms->err)) < 0 ||
	    (m_p = csv_table_need(&meas, "period_type", &ms->err)) < 0 ||
	    (m_dir = csv_table_need(&meas, "direction", &ms->err)) < 0 ||
	    (m_t = csv_table_need(&meas, "target", &ms->err)) < 0 ||
	    (m_tol = csv_table_need(&meas, "tolerance", &ms->err)) < 0 ||
	    (m_base = csv_table_need(&meas, "baseline_period", &ms->err)) < 0 ||
	    (x_area = csv_table_need(&act, "area", &ms->err)) < 0 ||
	    (x_date = csv_table_need(&act, "date", &ms->err)) < 0 ||
	    (x_status = csv_table_need(&act, "status", &ms->err)) < 0 ||
	    (x_lead = csv_table_need(&act, "lead", &ms->err)) < 0)
		goto out3;
	/* What is read here becomes one-line labels on the board's charts.
	 * A measure's group is not checked: it names a team as the export
	 * spells it, line break and all, and must still match. */
	if (csv_table_one_line(&areas, (int[]){ a_id, a_title }, 2, &ms->err) ||
	    csv_table_one_line(&meas, (int[]){ m_area, m_metric, m_b, m_p,
			       m_dir, m_t, m_tol, m_base }, 8, &ms->err) ||
	    csv_table_one_line(&act, (int[]){ x_area, x_date, x_status, x_lead },
			       4, &ms->err))
		goto out3;
	/* A measure must name a metric some stage defines (one it wrote,
	 * or one its notes say it could not compute from this data), and
	 * say plainly which way is better and what it aims at. */
	target = xcalloc(meas.nrows + 1, sizeof(*target));
	tolerance = xcalloc(meas.nrows + 1, sizeof(*tolerance));
	for (size_t i = 0; i < meas.nrows; i++) {
		char **row = meas.row[i];

		if (!metrics_has(&m, row[m_metric]) &&
		    !metrics_not_computed(&m, row[m_metric])) {
			err_set(&ms->err, DIP_EXIT_USAGE, meas.path, meas.line[i], 0,
				"measure names metric '%s', which no stage produced",
				row[m_metric]);
			goto out3;
		}
		if (strcmp(row[m_dir], "up") && strcmp(row[m_dir], "down")) {
			err_set(&ms->err, DIP_EXIT_USAGE, meas.path, meas.line[i], 0,
				"direction must be 'up' or 'down', not '%s'",
				row[m_dir]);
			goto out3;
		}
		if (measure_number(ms, &meas, i, "target", row[m_t], &target[i]) ||
		    measure_number(ms, &meas, i, "tolerance", row[m_tol],
				   &tolerance[i]))
			goto out3;
	}
	if (load_history(ms, &hist) ||
	    !(tracker = mstage_output(ms, "areas", "tracker.csv", 0644)) ||
	    !(history = mstage_output(ms, "areas", "history.csv", 0644)))
		goto out3;
	if (csv_write_row(tracker, columns + 1, NCOL - 1) ||
	    csv_write_row(history, columns, NCOL) ||
	    keep_history(&hist, history, as_of))
		bad = 1;
	for (size_t ai = 0; ai < areas.nrows; ai++) {
		const char *area = areas.row[ai][a_id];
		struct activity act_of = activity_of(&act, x_area, x_date, x_status,
						     x_lead, area, ms->as_of);
		int any = 0;

		for (size_t i = 0; i <= meas.nrows; i++) {
			struct measure x;
			struct result res;
			const char *f[NCOL];
			int last = i == meas.nrows;
			struct strbuf note;

			if (last && any)
				break;
			if (!last && strcmp(meas.row[i][m_area], area))
				continue;
			memset(f, 0, sizeof(f));
			strbuf_init(&note);
			f[0] = as_of;
			f[1] = area;
			f[2] = areas.row[ai][a_title];
			f[15] = act_of.status;
			f[16] = act_of.date;
			f[17] = act_of.lead;
			if (last) {
				f[14] = "no measure";
			} else {
				char **row = meas.row[i];

				any = 1;
				x.area = area;
				x.metric = row[m_metric];
				x.breakdown = row[m_b];
				x.group = row[m_g];
				x.ptype = row[m_p];
				x.direction = row[m_dir];
				x.target = target[i];
				x.tolerance = tolerance[i];
				x.baseline = *row[m_base] ? row[m_base] : NULL;
				assess(&m, &x, &res);
				f[3] = x.metric;
				f[4] = x.breakdown;
				f[5] = x.group;
				f[6] = x.ptype;
				f[7] = res.latest ? res.latest->start : NULL;
				f[8] = res.latest ? res.latest->value : NULL;
				f[9] = res.latest ? (*res.latest->den ? res.latest->den
							: res.latest->num) : NULL;
				f[10] = res.baseline;
				f[11] = row[m_t];
				f[12] = x.direction;
				f[13] = res.trend;
				f[14] = res.impact;
				f[18] = row[m_tol];
				f[19] = res.latest ? (res.latest->small_n ? "1" : "0") : NULL;
				f[20] = no_data(&m, x.metric, &note);
			}
			if (csv_write_row(tracker, f + 1, NCOL - 1) ||
			    csv_write_row(history, f, NCOL))
				bad = 1;
			strbuf_release(&note);
		}
	}
	rc = 0;
	if (bad) {
		err_set(&ms->err, DIP_EXIT_IO, ms->outdir, 0, 0, "write failed");
		rc = -1;
	}
out3:
	history_release(&hist);
	free(target);
	free(tolerance);
	csv_table_release(&act);
out2:
	csv_table_release(&meas);
out1:
	csv_table_release(&areas);
out0:
	metrics_release(&m);
	return rc ? (ms->err.status ? ms->err.status : DIP_EXIT_IO) : 0;
}

int main(int argc, char **argv)
{
	static const struct mstage_info info = { "areas", "\
The improvement-plan tracker (README \"dip-areas\"): for each area of\n\
config/improvement/areas.csv, its measures (measures.csv) with the latest\n\
value, n, baseline, target, 3-month trend and impact status, and the\n\
activity status the board keeps (activity.csv).  Writes areas/tracker.csv\n\
and areas/history.csv, where a rerun for the same as-of date replaces\n\
that date's rows; earlier dates come from INPUT_RUN_DIR/areas/history.csv.\n",
		run, 1 };

	return mstage_main(argc, argv, &info);
}
