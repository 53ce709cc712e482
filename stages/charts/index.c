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
	for (; s && *s; s++) {
		if (*s == '<')
			strbuf_adds(b, "&lt;");
		else if (*s == '>')
			strbuf_adds(b, "&gt;");
		else if (*s == '&')
			strbuf_adds(b, "&amp;");
		else if (*s == '"')
			strbuf_adds(b, "&quot;");
		else
			strbuf_add(b, s, 1);
	}
}

const char *chart_status_class(const char *v)
{
	static const char *const known[] = { "Green", "Amber", "Red", "Blue",
		"Grey" };

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(v, known[i]))
			return known[i];
	return "other";
}

static void tracker_table(struct charts *c, struct strbuf *b)
{
	static const int show[] = { TC_AREA, TC_TITLE, TC_METRIC, TC_GROUP,
		TC_PTYPE, TC_LATEST, TC_LATEST_N, TC_TARGET, TC_TREND,
		TC_IMPACT, TC_ACTIVITY, TC_NOTE };
	static const char *const head[] = { "area", "title", "metric", "group",
		"period", "latest", "n", "target", "trend (3 months)", "impact",
		"activity", "note" };

	strbuf_adds(b, "<h2>Improvement plan tracker</h2>\n<table>\n<tr>");
	for (size_t k = 0; k < sizeof(head) / sizeof(head[0]); k++)
		strbuf_addf(b, "<th>%s</th>", head[k]);
	strbuf_adds(b, "</tr>\n");
	for (size_t i = 0; i < c->tracker.nrows; i++) {
		char **r = c->tracker.row[i];

		strbuf_adds(b, "<tr>");
		for (size_t k = 0; k < sizeof(show) / sizeof(show[0]); k++) {
			const char *v = show[k] == TC_NOTE ? chart_note(c, r)
				      : r[c->tc[show[k]]];

			if (show[k] == TC_IMPACT || show[k] == TC_ACTIVITY)
				strbuf_addf(b, "<td class=\"%s\">",
					    chart_status_class(v));
			else
				strbuf_adds(b, "<td>");
			chart_html(b, v);
			strbuf_adds(b, "</td>");
		}
		strbuf_adds(b, "</tr>\n");
	}
	strbuf_adds(b, "</table>\n");
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
		    ".Green{background:#009E73;color:#fff}.Amber{background:#E69F00}\n"
		    ".Red{background:#D55E00;color:#fff}.Blue{background:#0072B2;color:#fff}\n"
		    ".Grey{background:#BBB}.flag{font-weight:bold}\n.changes{font-size:85%}.changes td,.changes th{padding:2px 4px}\nimg{max-width:100%;border:1px solid #ccc}\n"
		    "</style></head><body>\n");
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
