/*
 * chart.c - the list of charts and what every chart shares: a safe file
 * stem, the title, the data file and the start of its plot, tick labels,
 * period labels and metric titles.
 */
#include "charts.h"

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

struct chart *chart_new(struct charts *c, const char *name, const char *title)
{
	struct chart *ch;

	XGROW(c->chart, c->cap, c->n + 1);
	ch = &c->chart[c->n++];
	memset(ch, 0, sizeof(*ch));
	ch->name = stem(name);
	ch->title = xstrdup(title);
	strbuf_init(&ch->body);
	strbuf_adds(&ch->body, "reset\nset encoding utf8\nset title ");
	gp_str(&ch->body, title);
	strbuf_adds(&ch->body, " font \",14\"\nset grid ytics lc rgb \"#DDDDDD\"\n");
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
	if (gp_data_close(&ch->data, &c->ms->err))
		return -1;
	strbuf_adds(&ch->body, "plot ");
	gp_str(&ch->body, ch->data.path);
	return 0;
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

const char *chart_period_label(const char *start, const char *ptype,
			       char *buf, size_t n)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	dip_date d;
	int y, m, dd;

	if (date_parse(start, strlen(start), &d))
		return start;
	date_to_ymd(d, &y, &m, &dd);
	if (!strcmp(ptype, "month"))
		snprintf(buf, n, "%s %d", mon[m - 1], y);
	else if (!strcmp(ptype, "quarter"))
		snprintf(buf, n, "%s-%s %d", mon[m - 1], mon[(m + 1) % 12], y);
	else
		return start;
	return buf;
}

const char *chart_metric_title(const char *metric)
{
	static const struct { const char *id, *words; } w[] = {
		{ "assessments_within_45wd", "Assessments authorised within 45 working days" },
		{ "children_assessment_stale", "Children whose latest assessment is over 12 months old" },
		{ "icpc_within_15wd", "Initial conferences within 15 working days of the S47" },
		{ "consent_closures_without_sm_agreement", "Consent closures without Service Manager agreement" },
		{ "repeat_cpp_24m", "Plans starting within 24 months of the last" },
		{ "audits_good_or_better", "Audits Good or better" },
		{ "assessments_open_overdue", "Open assessments past 45 working days" },
	};

	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (!strcmp(w[i].id, metric))
			return w[i].words;
	return metric;
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
		strbuf_release(&c->chart[i].body);
		gp_data_release(&c->chart[i].data);
	}
	free(c->chart);
	charts_changes_release(c);
	if (c->has_tracker)
		csv_table_release(&c->tracker);
	metrics_release(&c->m);
}
