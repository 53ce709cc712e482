/*
 * dip-charts - the board's charts: a trend per improvement measure, audit
 * grades by month, domain and service area, the three dip samples, and
 * the area grid; PNG and SVG for each, one PDF board pack opening with
 * the grid, and a static index.html.
 *
 * The modules are in stages/charts/ (charts.h says how a chart is
 * added); this file reads the inputs, asks each drawer for its charts in
 * the order of the pack, and renders them.
 */
#include "charts/charts.h"

#include "dip/exitcode.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The tracker columns read, by name, in the order of the TC_* enum:
 * those before TC_REQUIRED must be there, the later ones may not be (a
 * tracker from an older dip-areas). */
static int tracker_load(struct charts *c, const char *path)
{
	static const char *const tcols[TC_N] = { "area", "title", "metric",
		"breakdown", "group", "period_type", "period_start",
		"latest_value", "n", "baseline", "target", "direction",
		"trend_3m", "impact_status", "activity_status", "note",
		"small_n", "judged_period", "period_end", "ci_low", "ci_high",
		"to_date_start", "to_date_end", "to_date_value", "to_date_n",
		"baseline_period", "baseline_source", "comparator_value",
		"comparator_geography", "comparator_year", "comparator_source",
		"comparator_unit" };

	if (csv_table_load(&c->tracker, path, &c->ms->err))
		return -1;
	c->has_tracker = 1;
	for (int i = 0; i < TC_N; i++)
		if ((c->tc[i] = i < TC_REQUIRED
		     ? csv_table_need(&c->tracker, tcols[i], &c->ms->err)
		     : csv_table_col(&c->tracker, tcols[i])) < 0 &&
		    i < TC_REQUIRED)
			return -1;
	return 0;
}

static int run(struct mstage *ms)
{
	struct charts c;
	int rc = -1;
	char *mdir = path_join(ms->tables, "metrics");
	char *tracker = path_join(ms->tables, "areas/tracker.csv");
	struct strbuf work;

	memset(&c, 0, sizeof(c));
	c.ms = ms;
	date_format(ms->as_of, c.as_of);
	strbuf_init(&work);
	if (metrics_load(&c.m, mdir, &ms->err))
		goto out;
	if (access(tracker, R_OK) == 0) {
		if (tracker_load(&c, tracker))
			goto out;
	} else {
		mstage_note(ms, "no_tracker", "run dip-areas first for the grid and trends");
	}
	/* Outside the run directory: a killed run leaves nothing there. */
	strbuf_addf(&work, "%s/dip-charts-XXXXXX",
		    getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(work.buf)) {
		err_set(&ms->err, DIP_EXIT_IO, work.buf, 0, 0,
			"cannot create directory: %s", strerror(errno));
		goto out;
	}
	c.work = work.buf;
	/* The first page answers "what changed since the last board?". */
	if (charts_changes_load(&c) || charts_changes(&c))
		goto out;
	if (c.has_tracker) {
		charts_grid(&c);
		for (size_t i = 0; i < c.tracker.nrows; i++)
			if (*c.tracker.row[i][c.tc[TC_METRIC]] &&
			    charts_trend(&c, i))
				goto out;
	}
	if (charts_quarter(&c) || charts_audit(&c) || charts_dip_samples(&c) ||
	    charts_measures(&c) || charts_sample(&c))
		goto out;
	if (!c.n) {
		mstage_note(ms, "no_charts", "no metrics to draw");
		rc = 0;
		goto out;
	}
	if (charts_render(&c) || charts_index(&c))
		goto out;
	rc = 0;
out:
	/* Data files are closed before their directory goes. */
	charts_release(&c);
	if (c.work)
		charts_remove_work(c.work);
	strbuf_release(&work);
	free(mdir);
	free(tracker);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct mstage_info info = {
		.name = "charts", .about = "\
The board's pack (doc/charts.md), drawn by gnuplot: what changed\n\
since the last board, the audit quarters, the area grid, each measure's\n\
trend, the audit grades and the dip samples; a PNG and an SVG of each,\n\
board-pack.pdf (a page each, the changes first) and index.html (no\n\
scripts).\n",
		.run = run, .no_tables = 1, .files = "\
Reads INPUT_RUN_DIR/metrics/*.csv, INPUT_RUN_DIR/areas/tracker.csv and\n\
changes.csv (INPUT_RUN_DIR is usually RUN_DIR itself); writes\n\
RUN_DIR/charts/ and RUN_DIR/metrics/charts-notes.csv.  gnuplot must be\n\
on the PATH.\n",
		.as_of = "\
the date the board pack and index.html are as of\n\
                        (default: today)\n",
		.status = "\
Exit status: 0 written; 1 a metrics file or the tracker cannot be read\n\
(malformed CSV, a missing column); 2 usage or configuration error;\n\
3 read or write error, or gnuplot cannot be run; 4 internal error\n\
(gnuplot failed).  When the status is not 0, no output file has been\n\
replaced.\n" };

	return mstage_main(argc, argv, &info);
}
