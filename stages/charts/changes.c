/*
 * changes.c - the first page of the board pack and the top of
 * index.html: what changed since the last board, from
 * areas/changes.csv (dip-areas), with what the tracker adds to each
 * measure: the direction that is better, the period to date (never
 * judged), the baseline and where the comparator comes from.
 *
 * Per area: its activity status with its date, lead and the board's
 * comment, flagged when out of date; per measure: the value the board
 * saw and the value now, each with its period and status, the change as
 * an arrow and a word, whether it is beyond the 95% intervals, the
 * target and the comparator.
 */
#include "charts.h"

#include "dip/exitcode.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* changes.csv columns read, by name. */
enum {
	CH_AREA, CH_TITLE, CH_METRIC, CH_BREAKDOWN, CH_GROUP, CH_JUDGED,
	CH_BOARD, CH_THEN_AS_OF, CH_THEN_START, CH_THEN_VALUE, CH_THEN_STATUS,
	CH_NOW_START, CH_NOW_VALUE, CH_NOW_STATUS, CH_CHANGE, CH_BEYOND,
	CH_TARGET, CH_CMP_VALUE, CH_CMP_GEO, CH_CMP_YEAR, CH_ACTIVITY,
	CH_ACTIVITY_DATE, CH_LEAD, CH_COMMENT, CH_FLAG, CH_N
};
static const char *const ch_cols[CH_N] = { "area", "title", "metric",
	"breakdown", "group", "judged_period", "board_date", "then_as_of",
	"then_period_start", "then_value", "then_status", "now_period_start",
	"now_value", "now_status", "change", "beyond_interval", "target",
	"comparator_value", "comparator_geography", "comparator_year",
	"activity_status", "activity_date", "lead", "activity_comment",
	"activity_flag" };

/* Tracker columns beyond charts.h's, read by name when there. */
enum { TX_DIRECTION, TX_TD_START, TX_TD_END, TX_TD_VALUE, TX_BASE,
	TX_BASE_PERIOD, TX_BASE_SOURCE, TX_CMP_SOURCE, TX_N };
static const char *const tx_cols[TX_N] = { "direction", "to_date_start",
	"to_date_end", "to_date_value", "baseline", "baseline_period",
	"baseline_source", "comparator_source" };

/* One measure's words, shared by the page and index.html. */
struct words {
	struct strbuf measure, then, now, change, to_date, baseline, target,
		comparator, activity;
	const char *beyond;
};

static const char *cell(const struct changes *k, size_t i, int col)
{
	return k->row[i][k->col[col]];
}

/* The first non-empty cell of column COL (the board date and the run
 * the board saw are the same on every row that has them). */
static const char *first_of(const struct changes *k, int col)
{
	for (size_t i = 0; i < k->n; i++)
		if (*cell(k, i, col))
			return cell(k, i, col);
	return "";
}

/* The tracker's column X of the row of changes row I, or "". */
static const char *tracker_cell(const struct charts *c, size_t i, int x)
{
	const struct changes *k = &c->changes;

	if (k->trow[i] < 0 || k->tx[x] < 0)
		return "";
	return c->tracker.row[k->trow[i]][k->tx[x]];
}

/* The tracker row of the same measure: dip-areas writes the two files
 * in the same order, but a hand-edited run may not be. */
static long find_tracker_row(const struct charts *c, size_t i)
{
	const struct changes *k = &c->changes;
	static const int key[][2] = { { CH_AREA, TC_AREA },
		{ CH_METRIC, TC_METRIC }, { CH_BREAKDOWN, TC_BREAKDOWN },
		{ CH_GROUP, TC_GROUP } };

	if (!c->has_tracker)
		return -1;
	for (size_t t = 0; t < c->tracker.nrows; t++) {
		size_t r = (t + i) % c->tracker.nrows;
		int same = 1;

		for (size_t j = 0; j < sizeof(key) / sizeof(key[0]); j++)
			same &= !strcmp(cell(k, i, key[j][0]),
					c->tracker.row[r][c->tc[key[j][1]]]);
		if (same)
			return (long)r;
	}
	return -1;
}

int charts_changes_load(struct charts *c)
{
	struct changes *k = &c->changes;
	char *path = path_join(c->ms->tables, "areas/changes.csv");
	int rc = -1;

	if (access(path, R_OK)) {
		free(path);
		return 0;
	}
	if (csv_table_load(&k->t, path, &c->ms->err))
		goto out;
	k->loaded = 1;
	/* dip-areas guards cells that would start a formula; the page shows
	 * the text as the board wrote it. */
	csv_table_unguard(&k->t);
	k->row = k->t.row;
	k->n = k->t.nrows;
	k->col = xcalloc(CH_N, sizeof(*k->col));
	for (int j = 0; j < CH_N; j++)
		if ((k->col[j] = csv_table_need(&k->t, ch_cols[j], &c->ms->err)) < 0)
			goto out;
	k->tx = xcalloc(TX_N, sizeof(*k->tx));
	for (int j = 0; j < TX_N; j++)
		k->tx[j] = c->has_tracker ? csv_table_col(&c->tracker, tx_cols[j]) : -1;
	k->trow = xcalloc(k->n + 1, sizeof(*k->trow));
	for (size_t i = 0; i < k->n; i++)
		k->trow[i] = find_tracker_row(c, i);
	rc = 0;
out:
	free(path);
	return rc;
}

void charts_changes_release(struct charts *c)
{
	struct changes *k = &c->changes;

	if (k->loaded)
		csv_table_release(&k->t);
	free(k->col);
	free(k->tx);
	free(k->trow);
	memset(k, 0, sizeof(*k));
}

/* "90.0% (Nov 2026)", or "" when there is no value. */
static void value_at(const struct charts *c, struct strbuf *b,
		     const char *metric, const char *value, const char *start,
		     const char *judged)
{
	char v[64], p[64];

	if (!*value)
		return;
	strbuf_adds(b, text_value(c, metric, value, v, sizeof(v)));
	if (*start)
		strbuf_addf(b, " (%s)", text_judged_period(start, judged, p,
							   sizeof(p)));
}

/* What changed for tracker row i, in words for the page and
 * index.html; the strbufs are w's (words_release()). */
static void words_init(const struct charts *c, size_t i, struct words *w)
{
	const struct changes *k = &c->changes;
	const char *metric = cell(k, i, CH_METRIC);
	const char *judged = cell(k, i, CH_JUDGED);
	const char *dir = tracker_cell(c, i, TX_DIRECTION);
	const char *change = cell(k, i, CH_CHANGE);
	char v[64], d1[32], d2[32];

	strbuf_init(&w->measure);
	strbuf_init(&w->then);
	strbuf_init(&w->now);
	strbuf_init(&w->change);
	strbuf_init(&w->to_date);
	strbuf_init(&w->baseline);
	strbuf_init(&w->target);
	strbuf_init(&w->comparator);
	strbuf_init(&w->activity);
	strbuf_adds(&w->measure, chart_metric_title(c, metric));
	if (strcmp(cell(k, i, CH_BREAKDOWN), "all"))
		strbuf_addf(&w->measure, ": %s", cell(k, i, CH_GROUP));
	value_at(c, &w->then, metric, cell(k, i, CH_THEN_VALUE),
		 cell(k, i, CH_THEN_START), judged);
	if (*cell(k, i, CH_THEN_STATUS) && *cell(k, i, CH_THEN_VALUE))
		strbuf_addf(&w->then, " %s", cell(k, i, CH_THEN_STATUS));
	if (!w->then.len)
		strbuf_adds(&w->then, "no figure then");
	value_at(c, &w->now, metric, cell(k, i, CH_NOW_VALUE),
		 cell(k, i, CH_NOW_START), judged);
	if (!w->now.len)
		strbuf_adds(&w->now, "no figure");
	strbuf_adds(&w->change, *change ? text_change(change) : "-");
	/* Which way is better is the measure's direction. */
	if (*change && strcmp(change, "level") && (!strcmp(dir, "up") || !strcmp(dir, "down")))
		strbuf_adds(&w->change, !strcmp(change, dir) ? ", better" : ", worse");
	w->beyond = !strcmp(cell(k, i, CH_BEYOND), "yes") ? "yes"
		  : !strcmp(cell(k, i, CH_BEYOND), "no") ? "no" : "-";
	if (*tracker_cell(c, i, TX_TD_VALUE))
		strbuf_addf(&w->to_date, "to date (%s to %s) %s, not judged",
			    text_date(tracker_cell(c, i, TX_TD_START), d1, sizeof(d1)),
			    text_date(tracker_cell(c, i, TX_TD_END), d2, sizeof(d2)),
			    text_value(c, metric, tracker_cell(c, i, TX_TD_VALUE),
				       v, sizeof(v)));
	if (*tracker_cell(c, i, TX_BASE)) {
		strbuf_addf(&w->baseline, "baseline %s",
			    text_value(c, metric, tracker_cell(c, i, TX_BASE), v,
				       sizeof(v)));
		if (*tracker_cell(c, i, TX_BASE_PERIOD))
			strbuf_addf(&w->baseline, " (%s)",
				    chart_period_label(tracker_cell(c, i, TX_BASE_PERIOD), NULL,
						       k->trow[i] < 0 ? "" : c->tracker.row[k->trow[i]][c->tc[TC_PTYPE]],
						       d1, sizeof(d1)));
	}
	if (*cell(k, i, CH_TARGET))
		strbuf_addf(&w->target, "target %s%s",
			    !strcmp(dir, "up") ? "\u2265 " : !strcmp(dir, "down") ? "\u2264 " : "",
			    text_value(c, metric, cell(k, i, CH_TARGET), v, sizeof(v)));
	if (*cell(k, i, CH_CMP_VALUE))
		strbuf_addf(&w->comparator, "%s %s: %s",
			    cell(k, i, CH_CMP_GEO), cell(k, i, CH_CMP_YEAR),
			    text_value(c, metric, cell(k, i, CH_CMP_VALUE), v,
				       sizeof(v)));
	if (*cell(k, i, CH_ACTIVITY)) {
		strbuf_addf(&w->activity, "set %s",
			    text_date(cell(k, i, CH_ACTIVITY_DATE), d1, sizeof(d1)));
		if (*cell(k, i, CH_LEAD))
			strbuf_addf(&w->activity, ", lead %s", cell(k, i, CH_LEAD));
	}
}

/* A word's text; "" when nothing was written to it. */
static const char *txt(const struct strbuf *b)
{
	return b->len ? b->buf : "";
}

static void words_release(struct words *w)
{
	strbuf_release(&w->measure);
	strbuf_release(&w->then);
	strbuf_release(&w->now);
	strbuf_release(&w->change);
	strbuf_release(&w->to_date);
	strbuf_release(&w->baseline);
	strbuf_release(&w->target);
	strbuf_release(&w->comparator);
	strbuf_release(&w->activity);
}

/* A new area starts at row I (the rows of an area are together). */
static int area_starts(const struct changes *k, size_t i)
{
	return i == 0 || strcmp(cell(k, i, CH_AREA), cell(k, i - 1, CH_AREA));
}

/* The distinct comparator sources, for the footnote. */
static size_t sources(const struct charts *c, const char ***out)
{
	const char **s = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < c->changes.n; i++) {
		const char *v = tracker_cell(c, i, TX_CMP_SOURCE);
		int seen = 0;

		for (size_t j = 0; j < n && !seen; j++)
			seen = !strcmp(s[j], v);
		if (*v && !seen) {
			XGROW(s, cap, n + 1);
			s[n++] = v;
		}
	}
	*out = s;
	return n;
}

/* Lines per page of the pack; an area and its measures stay together
 * unless one area alone is longer. */
#define PAGE_LINES 34

static void heading(const struct charts *c, struct chart *ch)
{
	const struct changes *k = &c->changes;
	struct strbuf h;
	char d1[32], d2[32];

	strbuf_init(&h);
	/* Two short lines, so that the column beside stays clear. */
	page_text(ch, 1, 0, "left", 9, "area, measure");
	page_text(ch, 40, 0, "left", 9, *first_of(k, CH_BOARD) ?
		  "at the last board" : "no earlier board");
	if (*first_of(k, CH_BOARD))
		strbuf_adds(&h, text_date(first_of(k, CH_BOARD), d1, sizeof(d1)));
	if (*first_of(k, CH_THEN_AS_OF))
		strbuf_addf(&h, "%s(figures of %s)", h.len ? " " : "",
			    text_date(first_of(k, CH_THEN_AS_OF), d2, sizeof(d2)));
	page_text(ch, 40, 0.8, "left", 8, h.buf);
	page_text(ch, 55, 0, "left", 9, "now");
	page_text(ch, 68, 0, "left", 9, "change");
	page_text(ch, 80, 0, "center", 9, "beyond the");
	page_text(ch, 80, 0.8, "center", 9, "95% interval?");
	page_text(ch, 93, 0, "center", 9, "status");
	page_rule(ch, 1.2);
	strbuf_release(&h);
}

int charts_changes(struct charts *c)
{
	const struct changes *k = &c->changes;
	struct strbuf title, s;
	struct chart *ch = NULL;
	const char **src;
	size_t nsrc, page = 0;
	double line = 0;

	if (!k->loaded || !k->n)
		return 0;
	strbuf_init(&title);
	strbuf_init(&s);
	nsrc = sources(c, &src);
	for (size_t i = 0; i < k->n; i++) {
		struct words w;
		size_t need = 0;

		/* Lines this area needs: 2 for it, 2 per measure. */
		if (area_starts(k, i))
			for (size_t j = i; j < k->n && (j == i || !area_starts(k, j)); j++)
				need += *cell(k, j, CH_METRIC) ? 2 : 0;
		if (!ch || (area_starts(k, i) && line + 2 + need > PAGE_LINES - 3 &&
			    line > 3) || line + 2 > PAGE_LINES - 3) {
			if (ch)
				page_end(ch);
			strbuf_reset(&title);
			strbuf_reset(&s);
			strbuf_addf(&title, "What changed since the last board: as of %s%s",
				    c->as_of, page ? ", continued" : "");
			if (page)
				strbuf_addf(&s, "changes-%zu", page + 1);
			else
				strbuf_adds(&s, "changes");
			ch = page_new(c, s.buf, title.buf,
				      "since the last board", PAGE_LINES);
			heading(c, ch);
			line = 2;
			page++;
		}
		words_init(c, i, &w);
		if (area_starts(k, i)) {
			strbuf_reset(&s);
			strbuf_addf(&s, "%s  ", cell(k, i, CH_AREA));
			text_clip(&s, cell(k, i, CH_TITLE), 70);
			page_text(ch, 1, line, "left", 10, s.buf);
			page_status(ch, 86, 100, line, "activity",
				    cell(k, i, CH_ACTIVITY));
			strbuf_reset(&s);
			strbuf_addf(&s, "%s%s%s", txt(&w.activity),
				    w.activity.len && *cell(k, i, CH_FLAG) ? "; " : "",
				    cell(k, i, CH_FLAG));
			page_text(ch, 40, line, "left", 9, s.buf);
			strbuf_reset(&s);
			strbuf_adds(&s, "board's comment: ");
			text_clip(&s, *cell(k, i, CH_COMMENT) ? cell(k, i, CH_COMMENT)
				  : "none", 150);
			page_text(ch, 3, line + 0.9, "left", 8, s.buf);
			line += 2;
		}
		if (*cell(k, i, CH_METRIC)) {
			strbuf_reset(&s);
			text_clip(&s, txt(&w.measure), 58);
			page_text(ch, 3, line, "left", 9, s.buf);
			page_text(ch, 40, line, "left", 9, txt(&w.then));
			page_text(ch, 55, line, "left", 9, txt(&w.now));
			page_text(ch, 68, line, "left", 9, txt(&w.change));
			page_text(ch, 80, line, "center", 9, w.beyond);
			page_status(ch, 86, 100, line, "impact",
				    cell(k, i, CH_NOW_STATUS));
			strbuf_reset(&s);
			strbuf_addf(&s, "%s%s%s%s%s%s%s", txt(&w.target),
				    w.comparator.len ? "; comparator " : "",
				    txt(&w.comparator), w.baseline.len ? "; " : "",
				    txt(&w.baseline), w.to_date.len ? "; " : "",
				    txt(&w.to_date));
			page_text(ch, 5, line + 0.9, "left", 8, s.buf);
			line += 2;
		}
		words_release(&w);
	}
	/* The footnote on the last page: how to read it, and sources. */
	line = PAGE_LINES - 2.6 - (double)(nsrc > 3 ? 3 : nsrc) * 0.8;
	page_rule(ch, line - 0.4);
	page_text(ch, 1, line, "left", 8,
		  "Each figure is the latest complete period the measure is judged on; "
		  "a period still running is shown to date and never judged. "
		  "Beyond the interval: the two 95% intervals do not overlap.");
	for (size_t j = 0; j < nsrc && j < 3; j++) {
		strbuf_reset(&s);
		strbuf_adds(&s, "Comparator source: ");
		text_clip(&s, src[j], 180);
		page_text(ch, 1, line + 0.8 * (double)(j + 1), "left", 8, s.buf);
	}
	page_end(ch);
	free(src);
	strbuf_release(&title);
	strbuf_release(&s);
	return 0;
}

void charts_changes_html(const struct charts *c, struct strbuf *b)
{
	const struct changes *k = &c->changes;
	static const char *const head[] = { "area", "measure",
		"at the last board", "now", "change", "beyond the 95% interval",
		"impact", "target", "comparator", "baseline", "to date",
		"activity", "set, lead", "flag", "board's comment" };
	const char **src;
	size_t nsrc;
	char d[32];

	if (!k->loaded || !k->n)
		return;
	strbuf_adds(b, "<h2>What changed since the last board");
	if (*first_of(k, CH_BOARD)) {
		strbuf_adds(b, " (");
		chart_html(b, text_date(first_of(k, CH_BOARD), d, sizeof(d)));
		strbuf_adds(b, ")");
	}
	strbuf_adds(b, "</h2>\n<table class=\"changes\">\n<tr>");
	for (size_t j = 0; j < sizeof(head) / sizeof(head[0]); j++)
		strbuf_addf(b, "<th>%s</th>", head[j]);
	strbuf_adds(b, "</tr>\n");
	for (size_t i = 0; i < k->n; i++) {
		struct words w;
		const char *v[] = { NULL, NULL, NULL, NULL, NULL, NULL, NULL,
			NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };

		words_init(c, i, &w);
		v[0] = cell(k, i, CH_AREA);
		v[1] = *cell(k, i, CH_METRIC) ? txt(&w.measure) : cell(k, i, CH_TITLE);
		v[2] = *cell(k, i, CH_METRIC) ? txt(&w.then) : "";
		v[3] = *cell(k, i, CH_METRIC) ? txt(&w.now) : "";
		v[4] = *cell(k, i, CH_METRIC) ? txt(&w.change) : "";
		v[5] = *cell(k, i, CH_METRIC) ? w.beyond : "";
		v[6] = cell(k, i, CH_NOW_STATUS);
		v[7] = txt(&w.target);
		v[8] = txt(&w.comparator);
		v[9] = txt(&w.baseline);
		v[10] = txt(&w.to_date);
		v[11] = cell(k, i, CH_ACTIVITY);
		v[12] = txt(&w.activity);
		v[13] = cell(k, i, CH_FLAG);
		v[14] = cell(k, i, CH_COMMENT);
		strbuf_adds(b, "<tr>");
		for (size_t j = 0; j < sizeof(v) / sizeof(v[0]); j++) {
			if (j == 6 || j == 11)
				strbuf_addf(b, "<td class=\"%s\">",
					    chart_status_class(v[j]));
			else
				strbuf_adds(b, j == 13 && *v[j] ? "<td class=\"flag\">"
					    : "<td>");
			chart_html(b, v[j]);
			strbuf_adds(b, "</td>");
		}
		strbuf_adds(b, "</tr>\n");
		words_release(&w);
	}
	strbuf_adds(b, "</table>\n<p>Each figure is the latest complete period "
		    "the measure is judged on; a period still running is shown "
		    "to date and never judged. Beyond the interval: the two 95% "
		    "intervals do not overlap.");
	if (*first_of(k, CH_THEN_AS_OF)) {
		strbuf_adds(b, " The board saw the figures of ");
		chart_html(b, text_date(first_of(k, CH_THEN_AS_OF), d, sizeof(d)));
		strbuf_adds(b, ".");
	}
	strbuf_adds(b, "</p>\n");
	nsrc = sources(c, &src);
	for (size_t j = 0; j < nsrc; j++) {
		strbuf_adds(b, "<p>Comparator source: ");
		chart_html(b, src[j]);
		strbuf_adds(b, "</p>\n");
	}
	free(src);
}
