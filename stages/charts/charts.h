/*
 * charts.h - the modules of dip-charts (private to stages/charts.c and
 * stages/charts/).
 *
 * A run collects charts into struct charts: each drawer adds pages with
 * chart_new(), writes its numbers through chart_data() and starts its
 * plot with chart_plot(); render.c then writes one gnuplot script for
 * every chart (PNG, SVG, and a page of the board pack each), runs it,
 * checks the images and publishes them; index.c writes index.html.
 *
 * Text is never gnuplot code (dip/gpscript.h): every string in a chart
 * body that is not a constant of these files goes through gp_str(), data
 * files hold only numbers and dates (gp_data_*()), and tick labels are an
 * explicit list (chart_xtics()).  A new chart does the same.
 *
 * Everything a chart allocates is owned by struct charts and freed by
 * charts_release().
 */
#ifndef DIP_STAGES_CHARTS_H
#define DIP_STAGES_CHARTS_H

#include "dip/csvio.h"
#include "dip/date.h"
#include "dip/gpscript.h"
#include "dip/metricsin.h"
#include "dip/mstage.h"
#include "dip/util.h"

/* The Okabe-Ito palette, safe for colour-blind readers. */
#define BLUE "#0072B2"
#define ORANGE "#E69F00"
#define GREEN "#009E73"
#define VERMILLION "#D55E00"
#define SKY "#56B4E9"
#define GREY "#BBBBBB"

/* Tracker columns, by position in charts.c's list; the note is optional
 * (a tracker from before it has none: tc[TC_NOTE] < 0). */
enum {
	TC_AREA, TC_TITLE, TC_METRIC, TC_BREAKDOWN, TC_GROUP, TC_PTYPE,
	TC_START, TC_LATEST, TC_LATEST_N, TC_BASELINE, TC_TARGET, TC_DIRECTION,
	TC_TREND, TC_IMPACT, TC_ACTIVITY, TC_NOTE, TC_N
};

struct chart {
	char *name;            /* file stem */
	char *title;           /* for index.html */
	struct strbuf body;    /* gnuplot commands after the terminal */
	struct gp_data data;   /* WORK/NAME.dat, once chart_data() opened it */
};

struct charts {
	struct mstage *ms;
	char *work;            /* private work directory */
	struct metrics m;
	struct csv_table tracker;
	int has_tracker;
	int tc[TC_N];          /* tracker column of each TC_* */
	struct chart *chart;   /* in the order of the board pack */
	size_t n, cap;
	char as_of[DIP_DATE_LEN];
};

/* chart.c: the list of charts and what every chart shares. */

/* A new chart NAME (made a safe file stem) titled TITLE, last in the
 * pack; its body starts with the title. */
struct chart *chart_new(struct charts *c, const char *name, const char *title);
/* Open the chart's data file WORK/NAME.dat; NULL with c->ms->err set. */
struct gp_data *chart_data(struct charts *c, struct chart *ch);
/* Close the data file and start the body's plot command with its path
 * ("plot 'WORK/NAME.dat'"); -1 with c->ms->err set on a write error. */
int chart_plot(struct charts *c, struct chart *ch);
/* Tick labels at x = 0, 1, ... n-1, every one through gp_str(). */
void chart_xtics(struct strbuf *b, const char *const *label, size_t n);
/* "Nov 2025" for a month, "Oct-Dec 2025" for a quarter, else START;
 * BUF (N bytes) holds the words. */
const char *chart_period_label(const char *start, const char *ptype,
			       char *buf, size_t n);
/* A metric's title in words, or its id when it has none. */
const char *chart_metric_title(const char *metric);
/* Why a measure has no data ("no data: Eclipse extension fields
 * missing"), or "". */
const char *chart_note(const struct charts *c, char **row);
void charts_release(struct charts *c);

/* The drawers: each adds its charts; -1 with c->ms->err set. */
int charts_trend(struct charts *c, size_t tracker_row);
int charts_audit(struct charts *c);
int charts_dip_samples(struct charts *c);
void charts_grid(struct charts *c);

/* render.c: one gnuplot run for every chart, then publish. */
int charts_render(struct charts *c);
/* Unlink the work directory's files and remove it. */
void charts_remove_work(const char *work);

/* index.c: RUN_DIR/charts/index.html. */
int charts_index(struct charts *c);

#endif
