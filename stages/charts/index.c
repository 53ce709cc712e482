/*
 * index.c - RUN_DIR/charts/index.html: the tracker table and every
 * chart, with no scripts and no external resources, so that it works
 * from a file share.
 */
#include "charts.h"

#include <stdio.h>
#include <string.h>

void chart_html(struct strbuf *b, const char *s)
{
	strbuf_add_markup(b, s, 1);
}

const char *chart_status_class(const char *v)
{
	for (size_t i = 0; i < chart_nstatuses; i++)
		if (!strcmp(v, chart_statuses[i].word) && !strchr(v, ' '))
			return chart_statuses[i].word;
	return "other";
}

static void cell(struct strbuf *b, const char *v, int status)
{
	if (status)
		strbuf_addf(b, "<td class=\"%s\">", chart_status_class(v));
	else
		strbuf_adds(b, "<td>");
	chart_html(b, v);
	strbuf_adds(b, "</td>");
}

static void tracker_table(struct charts *c, struct strbuf *b)
{
	static const char *const head[] = { "area", "title", "measure", "group",
		"period", "latest", "n", "target", "comparator",
		"trend (3 months)", "impact", "activity", "note" };
	struct strbuf v;

	strbuf_init(&v);
	strbuf_adds(b, "<h2>Improvement plan tracker</h2>\n<table>\n<tr>");
	for (size_t k = 0; k < sizeof(head) / sizeof(head[0]); k++)
		strbuf_addf(b, "<th>%s</th>", head[k]);
	strbuf_adds(b, "</tr>\n");
	for (size_t i = 0; i < c->tracker.nrows; i++) {
		const char *metric = chart_cell(c, i, TC_METRIC);

		strbuf_adds(b, "<tr>");
		cell(b, chart_cell(c, i, TC_AREA), 0);
		cell(b, chart_cell(c, i, TC_TITLE), 0);
		cell(b, *metric ? chart_metric_title(c, metric) : "", 0);
		cell(b, chart_cell(c, i, TC_GROUP), 0);
		strbuf_reset(&v);
		if (*chart_cell(c, i, TC_START))
			strbuf_addf(&v, "%s from %s", chart_ptype_words(
				*chart_cell(c, i, TC_JUDGED) ? chart_cell(c, i, TC_JUDGED)
				: chart_cell(c, i, TC_PTYPE)), chart_cell(c, i, TC_START));
		cell(b, v.buf, 0);
		cell(b, chart_cell(c, i, TC_LATEST), 0);
		cell(b, chart_cell(c, i, TC_LATEST_N), 0);
		cell(b, chart_cell(c, i, TC_TARGET), 0);
		strbuf_reset(&v);
		if (chart_comparator(c, i))
			strbuf_addf(&v, "%s %s: %s", chart_cell(c, i, TC_CMP_GEO),
				    chart_cell(c, i, TC_CMP_YEAR),
				    chart_cell(c, i, TC_CMP_VALUE));
		cell(b, v.buf, 0);
		cell(b, chart_cell(c, i, TC_TREND), 0);
		cell(b, chart_cell(c, i, TC_IMPACT), 1);
		cell(b, chart_cell(c, i, TC_ACTIVITY), 1);
		cell(b, chart_note(c, c->tracker.row[i]), 0);
		strbuf_adds(b, "</tr>\n");
	}
	strbuf_adds(b, "</table>\n");
	strbuf_release(&v);
}

int charts_index(struct charts *c)
{
	FILE *fp = mstage_output(c->ms, "charts", "index.html", 0644);
	struct strbuf b;

	if (!fp)
		return -1;
	strbuf_init(&b);
	strbuf_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		    "<title>Improvement board pack</title>\n<style>\n"
		    "body{font-family:sans-serif;margin:2em;max-width:1250px}\n"
		    "table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px}\n"
		    ".flag{font-weight:bold}\n.changes{font-size:85%}.changes td,.changes th{padding:2px 4px}\n"
		    "img{max-width:100%;border:1px solid #ccc}\n");
	/* The statuses in the charts' own colours. */
	for (size_t i = 0; i < chart_nstatuses; i++)
		if (!strchr(chart_statuses[i].word, ' '))
			strbuf_addf(&b, ".%s{background:%s;color:%s}\n",
				    chart_statuses[i].word, chart_statuses[i].fill,
				    chart_statuses[i].ink);
	strbuf_adds(&b, "</style></head><body>\n");
	strbuf_addf(&b, "<h1>Improvement board pack, as of %s</h1>\n"
		    "<p><a href=\"board-pack.pdf\">The whole pack as one PDF</a>. "
		    "Statuses are written as words as well as shown in colour.</p>\n",
		    c->as_of);
	charts_changes_html(c, &b);
	if (c->has_tracker)
		tracker_table(c, &b);
	charts_quarter_html(c, &b);
	strbuf_adds(&b, "<h2>Charts</h2>\n");
	for (size_t i = 0; i < c->n; i++) {
		if (c->chart[i].table)
			continue;
		strbuf_adds(&b, "<h3>");
		chart_html(&b, c->chart[i].title);
		strbuf_addf(&b, "</h3>\n<p><img src=\"%s.png\" alt=\"", c->chart[i].name);
		chart_html(&b, c->chart[i].title);
		strbuf_addf(&b, "\"> <a href=\"%s.svg\">SVG</a></p>\n", c->chart[i].name);
	}
	strbuf_adds(&b, "</body></html>\n");
	if (fwrite(b.buf, 1, b.len, fp) != b.len) {
		strbuf_release(&b);
		return -1;
	}
	strbuf_release(&b);
	return 0;
}
