/*
 * charts.h - the modules of dip-charts (private to stages/charts.c and
 * stages/charts/).
 *
 * A run collects charts into struct charts: each drawer adds pages with
 * chart_new(), writes its numbers through chart_data() and starts its
 * plot with chart_plot(); render.c then writes the gnuplot scripts for
 * every chart (PNG, SVG, and a page of the board pack each; drawplan.h
 * shares them among gnuplots run at once), runs them, checks the images
 * and publishes them; index.c writes index.html.
 *
 * Text is never gnuplot code (gpscript.h): every string in a chart
 * body that is not a constant of these files goes through gp_str(), data
 * files hold only numbers and dates (gp_data_*()), and tick labels are an
 * explicit list (chart_xtics()).  A new chart does the same.
 *
 * Everything a chart allocates is owned by struct charts and freed by
 * charts_release().
 *
 * Returns: a function that can fail returns 0, or -1 (NULL for a
 * pointer) with c->ms->err set, as the stage frame does (mstage.h); the
 * text helpers return their buffer or a constant, and cannot fail.
 */
#ifndef DIP_STAGES_CHARTS_H
#define DIP_STAGES_CHARTS_H

#include "dip/csvio.h"
#include "dip/date.h"
#include "charts/gpscript.h"
#include "mstage/metricsin.h"
#include "mstage/mstage.h"
#include "dip/util.h"

/* Lines and bars: the Okabe-Ito palette, safe for colour-blind readers. */
#define BLUE "#0072B2"
#define ORANGE "#E69F00"
#define GREEN "#009E73"
#define VERMILLION "#D55E00"
#define SKY "#56B4E9"
#define GREY "#BBBBBB"

/* Statuses (and the grades, best first, in the same fills): lightness
 * (CIE L*) 25, 40, 55, 70, 86 and 100, at least 14 apart, so that they
 * stay apart in greyscale and for colour-blind readers. */
#define STATUS_RED "#7F0000"
#define STATUS_BLUE "#1F5FA8"
#define STATUS_GREEN "#1A9850"
#define STATUS_GREY "#ABABAB"
#define STATUS_AMBER "#FFD166"
#define STATUS_NOT_STARTED "#FFFFFF"

/* Tracker columns.  Those up to TC_NOTE are required; the others came
 * later (a tracker from before them lacks them: tc[] < 0, read as ""). */
enum {
	TC_AREA, TC_TITLE, TC_METRIC, TC_BREAKDOWN, TC_GROUP, TC_PTYPE,
	TC_START, TC_LATEST, TC_LATEST_N, TC_BASELINE, TC_TARGET, TC_DIRECTION,
	TC_TREND, TC_IMPACT, TC_ACTIVITY, TC_NOTE, TC_SMALL_N, TC_JUDGED,
	TC_END, TC_LO, TC_HI, TC_TD_START, TC_TD_END, TC_TD_VALUE, TC_TD_N,
	TC_BASE_PERIOD, TC_BASE_SOURCE, TC_CMP_VALUE, TC_CMP_GEO, TC_CMP_YEAR,
	TC_CMP_SOURCE, TC_CMP_UNIT, TC_N
};
#define TC_REQUIRED TC_NOTE

struct chart {
	char *name;            /* file stem */
	char *title;           /* drawn over it, and in index.html */
	char *period;          /* the periods it shows, for its footer */
	int table;             /* a page of text (page_new()): index.html
				* gives the table itself, not the image */
	int lines;             /* the text page's height in lines */
	struct strbuf body;    /* gnuplot commands after the terminal */
	struct gp_data data;   /* WORK/NAME.dat, once chart_data() opened it */
	int items;             /* plot items so far */
};

/* areas/changes.csv, when dip-areas wrote one (changes.c). */
struct changes {
	struct csv_table t;
	int loaded;
	char ***row;           /* t.row */
	size_t n;
	int *col;              /* column of each of its fields */
	int *tx;               /* tracker columns it adds, -1 when absent */
	long *trow;            /* tracker row of each row, or -1 */
};

struct charts {
	struct mstage *ms;
	char *work;            /* private work directory */
	struct metrics m;
	struct csv_table tracker;
	int has_tracker;
	int tc[TC_N];          /* tracker column of each TC_*, or -1 */
	struct changes changes;
	struct chart *chart;   /* in the order of the board pack */
	size_t n, cap;
	char as_of[DIP_DATE_LEN];
};

/* chart.c: the list of charts and what every chart shares. */

/* A new page of the pack, last so far: chart NAME (made a safe file
 * stem) titled TITLE, showing PERIOD (said in its footer with the as-of
 * date and its page number).  The body then holds the chart's own
 * commands; render.c sets the terminal, title and footer before it. */
struct chart *chart_new(struct charts *c, const char *name, const char *title,
			const char *period);
/* Open the chart's data file WORK/NAME.dat; NULL with c->ms->err set. */
struct gp_data *chart_data(struct charts *c, struct chart *ch);
/* Close the data file (if opened) and start the body's plot command.
 * Then each item of the plot: chart_item() writes the separator and,
 * with DATA, the data file's path; the caller appends the rest ("using
 * 1:2 with lines ...").  An item is added only when it has a point to
 * draw (gnuplot 5.4 crashes on labels with none).  chart_plot_end()
 * ends the command, with an invisible item when there was none.  -1
 * with c->ms->err set on a write error. */
int chart_plot(struct charts *c, struct chart *ch);
void chart_item(struct chart *ch, int data);
void chart_plot_end(struct chart *ch);
/* Tick labels at x = 0, 1, ... n-1, every one through gp_str(). */
void chart_xtics(struct strbuf *b, const char *const *label, size_t n);
/* "Nov 2025" for a month, "Oct-Dec 2025" for a quarter, "Aug-Oct 2026"
 * for a rolling period ending END, else START; BUF (N bytes) holds the
 * words. */
const char *chart_period_label(const char *start, const char *end,
			       const char *ptype, char *buf, size_t n);
/* How a period type reads: "months", "rolling 3 months", ... */
const char *chart_ptype_words(const char *ptype);
/* A metric's title as its stage declared it (<stage>-defs.csv); the id
 * only for a run from before definitions were written. */
const char *chart_metric_title(const struct charts *c, const char *metric);
/* 1 when the metric's values are percentages (declared a proportion). */
int chart_percent(const struct charts *c, const struct mrow *r);
/* "set ylabel": "percent of <unit>" for a proportion, else the unit
 * counted ("children", "ratio"). */
void chart_ylabel(const struct charts *c, struct chart *ch,
		  const struct mrow *r);
/* Sort rows of one breakdown into its groups' declared order (groups.h),
 * then undeclared groups by their text. */
void chart_sort_groups(const struct mrow **s, size_t n);
/* A tracker cell by TC_*, "" when the tracker has no such column. */
const char *chart_cell(const struct charts *c, size_t row, int col);
/* 1 when tracker ROW's comparator may be drawn: a number, counting the
 * unit its metric counts (a rate of children is not a rate of
 * episodes); a tracker without comparator_unit has none to draw. */
int chart_comparator(const struct charts *c, size_t row);
/* Why a measure has no data ("no data: Eclipse extension fields
 * missing"), or "". */
const char *chart_note(const struct charts *c, char **row);

/* A status: its fill and the text colour on it.  Fills differ in
 * lightness by at least 14 L* one from another, so the statuses stay
 * apart in greyscale and for colour-blind readers; the word is always
 * written on it as well. */
struct status_style {
	const char *word, *fill, *ink;
};
extern const struct status_style chart_statuses[];
extern const size_t chart_nstatuses;
/* The style of a status word; an unknown word gets Grey's. */
const struct status_style *chart_status(const char *word);
void charts_release(struct charts *c);

/* The drawers: each adds its charts; -1 with c->ms->err set. */
int charts_trend(struct charts *c, size_t tracker_row);
int charts_audit(struct charts *c);
int charts_dip_samples(struct charts *c);
int charts_measures(struct charts *c);
void charts_grid(struct charts *c);

/* page.c: pages of text, lines of labels at fixed columns (x from 0 to
 * 100, line 0 at the top), and the words they share with index.html. */
struct chart *page_new(struct charts *c, const char *name, const char *title,
		       const char *period, int lines);
/* TEXT at column X of LINE, ALIGN "left", "center" or "right", FONT in
 * points; through gp_str(). */
void page_text(struct chart *ch, double x, double line, const char *align,
	       int font, const char *text);
/* "WHAT: STATUS", the status's word on its colour, from X0 to X1. */
void page_status(struct chart *ch, double x0, double x1, double line,
		 const char *what, const char *status);
/* A thin rule above LINE, across the page. */
void page_rule(struct chart *ch, double line);
void page_end(struct chart *ch);
/* Append S cut to at most MAX characters, "..." marking a cut. */
void text_clip(struct strbuf *b, const char *s, size_t max);
/* "3 Dec 2026" for 2026-12-03 (BUF, N bytes), else ISO as given. */
const char *text_date(const char *iso, char *buf, size_t n);
/* "Q3 2025-26" (financial quarters, April-June Q1); SHORTER: "Q3 25-26". */
const char *text_quarter(const char *start, int shorter, char *buf, size_t n);
/* The period a judged_period starting START covers: "Nov 2026",
 * "Oct-Dec 2026", "Sep-Nov 2026" (rolling_3m), "on 3 Dec 2026" (as_of). */
const char *text_judged_period(const char *start, const char *judged,
			       char *buf, size_t n);
/* VALUE with "%" when it is a number and METRIC's rows are
 * percentages. */
const char *text_value(const struct charts *c, const char *metric,
		       const char *value, char *buf, size_t n);
/* "up", "down", "level" as an arrow and the word; else "". */
const char *text_change(const char *change);

/* changes.c: what changed since the last board, the pack's first page. */
int charts_changes_load(struct charts *c);
int charts_changes(struct charts *c);
void charts_changes_html(const struct charts *c, struct strbuf *b);
void charts_changes_release(struct charts *c);

/* audit.c: the four grades (metric ids, names, colours), best first. */
extern const char *const chart_grade_metric[4];
extern const char *const chart_grade_name[4];
extern const char *const chart_grade_colour[4];
/* Distinct values of a field (FIELD 0 the period start, else the group)
 * among the rows of METRIC, PTYPE and breakdown BD, sorted; *OUT a
 * malloc'd array of views into the metrics, the count returned. */
size_t chart_distinct(const struct metrics *m, const char *metric,
		      const char *ptype, const char *bd, int field,
		      const char ***out);

/* multiples.c: the row of METRIC, PTYPE, START, BD and GRP, or NULL. */
const struct mrow *chart_row(const struct metrics *m, const char *metric,
			     const char *ptype, const char *start,
			     const char *bd, const char *grp);
/* Grade shares as small multiples, a panel per group of
 * breakdown BD, the LAST periods of PTYPE along each. */
int charts_multiples(struct charts *c, const char *name, const char *title,
		     const char *ptype, const char *bd, size_t last);

/* quarter.c: the audit quarter table, a page and a table in index.html. */
int charts_quarter(struct charts *c);
void charts_quarter_html(const struct charts *c, struct strbuf *b);

/* sample.c: the month's audit sample, files per team and why (counts
 * only), when dip-worklist wrote lists/audit_sample.csv. */
int charts_sample(struct charts *c);

/* render.c: gnuplot runs drawing every chart, then publish. */
int charts_render(struct charts *c);
/* Unlink the work directory's files and remove it. */
void charts_remove_work(const char *work);

/* index.c: RUN_DIR/charts/index.html. */
/* S with < > & " as HTML entities. */
void chart_html(struct strbuf *b, const char *s);
/* A status as a CSS class: one of the words the style sheet knows, else
 * "other". */
const char *chart_status_class(const char *v);
/* Write index.html into the output set: 0, or -1 with c->ms->err set. */
int charts_index(struct charts *c);

#endif
