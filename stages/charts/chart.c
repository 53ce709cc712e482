/*
 * chart.c - the list of charts and what every chart shares: a safe file
 * stem, the title, the data file and the start of its plot, tick labels,
 * period labels and metric titles.
 */
#include "charts.h"

#include "mstage/groups.h"
#include "mstage/metric.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file stem for the chart: letters, digits, '-' and '_' only, since it
 * names files beside each other and appears in index.html links. */
static char *stem(const char *name)
{
	char *st = xstrdup(name);

	for (char *p = st; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789-_", *p))
			*p = '_';
	return st;
}

struct chart *chart_new(struct charts *c, const char *name, const char *title,
			const char *period)
{
	struct chart *ch;

	XGROW(c->chart, c->cap, c->n + 1);
	ch = &c->chart[c->n++];
	memset(ch, 0, sizeof(*ch));
	ch->name = stem(name);
	ch->title = xstrdup(title);
	ch->period = xstrdup(period);
	strbuf_init(&ch->body);
	return ch;
}

struct gp_data *chart_data(struct charts *c, struct chart *ch)
{
	if (gp_data_open(&ch->data, c->work, ch->name, &c->ms->err))
		return NULL;
	return &ch->data;
}

int chart_plot(struct charts *c, struct chart *ch)
{
	if (ch->data.fp && gp_data_close(&ch->data, &c->ms->err))
		return -1;
	strbuf_adds(&ch->body, "plot ");
	ch->items = 0;
	return 0;
}

void chart_item(struct chart *ch, int data)
{
	if (ch->items++)
		strbuf_adds(&ch->body, ", \\\n  ");
	if (data) {
		gp_str(&ch->body, ch->data.path);
		strbuf_adds(&ch->body, " ");
	}
}

void chart_plot_end(struct chart *ch)
{
	strbuf_adds(&ch->body, ch->items ? "\n" : "-1 notitle\n");
}

void chart_xtics(struct strbuf *b, const char *const *label, size_t n)
{
	strbuf_adds(b, "set xtics rotate by -30 (");
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_adds(b, ", ");
		gp_str(b, label[i]);
		strbuf_addf(b, " %zu", i);
	}
	strbuf_adds(b, ")\n");
}

const char *chart_period_label(const char *start, const char *end,
			       const char *ptype, char *buf, size_t n)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	dip_date d, e;
	int y, m, dd, ey, em, ed;

	if (date_parse(start, strlen(start), &d))
		return start;
	date_to_ymd(d, &y, &m, &dd);
	if (!strcmp(ptype, "month")) {
		snprintf(buf, n, "%s %d", mon[m - 1], y);
	} else if (!strcmp(ptype, "quarter")) {
		snprintf(buf, n, "%s-%s %d", mon[m - 1], mon[(m + 1) % 12], y);
	} else if (!strncmp(ptype, "rolling_", 8) && end &&
		   !date_parse(end, strlen(end), &e)) {
		date_to_ymd(e, &ey, &em, &ed);
		if (ey == y)
			snprintf(buf, n, "%s-%s %d", mon[m - 1], mon[em - 1], y);
		else
			snprintf(buf, n, "%s %d-%s %d", mon[m - 1], y,
				 mon[em - 1], ey);
	} else {
		return start;
	}
	return buf;
}

/* How a period type reads in a footer. */
const char *chart_ptype_words(const char *ptype)
{
	static const struct { const char *id, *words; } w[] = {
		{ "month", "months" }, { "quarter", "quarters" },
		{ "year", "financial year" }, { "as_of", "as-of dates" },
		{ "rolling_3m", "rolling 3 months" },
		{ "rolling_6m", "rolling 6 months" },
		{ "rolling_12m", "rolling 12 months" },
		{ "last_complete_month", "last complete month" },
		{ "last_complete_quarter", "last complete quarter" },
		{ "year_to_date", "financial year to date" },
	};

	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (!strcmp(w[i].id, ptype))
			return w[i].words;
	return ptype;
}

const char *chart_metric_title(const struct charts *c, const char *metric)
{
	const struct mdef *d = metrics_def(&c->m, metric);

	return d && *d->title ? d->title : metric;
}

int chart_percent(const struct charts *c, const struct mrow *r)
{
	return metrics_percent(&c->m, r);
}

void chart_ylabel(const struct charts *c, struct chart *ch,
		  const struct mrow *r)
{
	struct strbuf label;

	strbuf_init(&label);
	if (chart_percent(c, r))
		strbuf_addf(&label, "percent of %s", r->unit);
	else
		strbuf_adds(&label, r->unit);
	strbuf_adds(&ch->body, "set ylabel ");
	gp_str(&ch->body, label.buf);
	strbuf_adds(&ch->body, "\n");
	strbuf_release(&label);
}

static int cmp_group(const void *a, const void *b)
{
	const struct mrow *x = *(const struct mrow *const *)a;
	const struct mrow *y = *(const struct mrow *const *)b;
	int rx = group_rank(x->breakdown, x->group);
	int ry = group_rank(y->breakdown, y->group);

	/* Declared groups first, in their order; then the rest by text. */
	if (rx >= 0 || ry >= 0)
		return rx < 0 ? 1 : ry < 0 ? -1 : (rx > ry) - (rx < ry);
	return strcmp(x->group, y->group);
}

void chart_sort_groups(const struct mrow **s, size_t n)
{
	if (n > 1)
		qsort(s, n, sizeof(*s), cmp_group);
}

const char *chart_cell(const struct charts *c, size_t row, int col)
{
	return c->tc[col] >= 0 ? c->tracker.row[row][c->tc[col]] : "";
}

int chart_comparator(const struct charts *c, size_t row)
{
	const char *metric = chart_cell(c, row, TC_METRIC);
	const char *unit = chart_cell(c, row, TC_CMP_UNIT);
	const struct mdef *d = metrics_def(&c->m, metric);
	const struct mrow **s;
	size_t n;
	int same;

	if (!gp_is_number(chart_cell(c, row, TC_CMP_VALUE)) || !*unit)
		return 0;
	if (d)
		return !strcmp(unit, d->unit);
	/* A run from before definitions: the unit its rows carry. */
	n = metrics_series(&c->m, metric, NULL, NULL, NULL, &s);
	same = n && !strcmp(unit, s[0]->unit);
	free(s);
	return same;
}

const struct status_style chart_statuses[] = {
	/* Dark to light. */
	{ "Red", STATUS_RED, "#FFFFFF" },
	{ "Blue", STATUS_BLUE, "#FFFFFF" },
	{ "Green", STATUS_GREEN, "#FFFFFF" },
	{ "Grey", STATUS_GREY, "#000000" },
	{ "Amber", STATUS_AMBER, "#000000" },
	{ "Not started", STATUS_NOT_STARTED, "#000000" },
};
const size_t chart_nstatuses = sizeof(chart_statuses) / sizeof(chart_statuses[0]);

const struct status_style *chart_status(const char *word)
{
	for (size_t i = 0; i < chart_nstatuses; i++)
		if (!strcmp(chart_statuses[i].word, word))
			return &chart_statuses[i];
	return &chart_statuses[3];
}

const char *chart_note(const struct charts *c, char **row)
{
	return c->tc[TC_NOTE] >= 0 ? row[c->tc[TC_NOTE]] : "";
}

void charts_release(struct charts *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->chart[i].name);
		free(c->chart[i].title);
		free(c->chart[i].period);
		strbuf_release(&c->chart[i].body);
		gp_data_release(&c->chart[i].data);
	}
	free(c->chart);
	charts_changes_release(c);
	if (c->has_tracker)
		csv_table_release(&c->tracker);
	metrics_release(&c->m);
}
