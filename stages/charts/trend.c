/*
 * trend.c - a trend of one improvement measure, from its tracker row:
 *
 * - the complete periods of its series, with 95% interval bars, n over
 *   each point, small-n points ringed, and a period with no cases a gap
 *   labelled "no cases" (never 0%);
 * - the unfinished current period, when there is one, as a hollow point
 *   labelled "to date": drawn, never judged;
 * - the judged period, on which the status rests, as a bar across the
 *   months it covers (a rolling 3 months judged under a monthly series
 *   spans three), its key saying the value and the status in words;
 * - the target, the baseline and the comparator as labelled reference
 *   lines, the comparator only when its unit is the metric's.
 *
 * The data file has two blocks: the series (index 0) and the judged
 * period (index 1).
 */
#include "charts.h"

#include "mstage/metric.h"

#include <stdlib.h>
#include <string.h>

/* Series columns: 1 start, 2 value of a complete period with cases,
 * 3-4 its interval, 5 n, 6 small n, 7 the to-date value, 8 its n. */
static void series_row(struct gp_data *d, const struct mrow *r, int to_date)
{
	const char *v = r->value;
	const char *n = *r->den ? r->den : r->num;
	int none = !gp_is_number(v);

	gp_data_date(d, r->start);
	gp_data_num(d, to_date || none ? "" : v);
	gp_data_num(d, to_date || none ? "" : *r->lo ? r->lo : v);
	gp_data_num(d, to_date || none ? "" : *r->hi ? r->hi : v);
	gp_data_num(d, n);
	gp_data_long(d, !to_date && !none && r->small_n);
	gp_data_num(d, to_date && !none ? v : "");
	gp_data_num(d, to_date ? n : "");
	gp_data_end_row(d);
}

/* The judged period's own type, for its label. */
static const char *judged_type(const char *judged, const char *ptype)
{
	return !strcmp(judged, "last_complete_month") ? "month"
	     : !strcmp(judged, "last_complete_quarter") ? "quarter"
	     : !strncmp(judged, "rolling_", 8) ? judged : ptype;
}

/* 1 when s is a YYYY-MM-DD date (a tracker cell may hold anything). */
static int is_date(const char *s)
{
	dip_date d;

	return !date_parse(s, strlen(s), &d);
}

/* A horizontal reference line at VALUE (a number, else nothing) titled
 * KEY, appended to the plot. */
static void reference(struct chart *ch, const char *value, const char *dash,
		      const char *colour, const char *key)
{
	if (!gp_is_number(value))
		return;
	chart_item(ch, 0);
	strbuf_addf(&ch->body, "%s with lines dt %s lw 2 lc rgb \"%s\" title ",
		    value, dash, colour);
	gp_str(&ch->body, key);
}

/* "baseline Apr 2025: 61.0 (history)": where the value came from, since
 * a baseline older than the trend window is not on the chart. */
static void baseline_key(struct strbuf *b, const char *value,
			 const char *period, const char *source,
			 const char *ptype)
{
	char lb[48];

	strbuf_adds(b, "baseline");
	if (*period)
		strbuf_addf(b, " %s", chart_period_label(period, NULL, ptype,
							 lb, sizeof(lb)));
	strbuf_addf(b, ": %s", value);
	if (!strcmp(source, "config"))
		strbuf_adds(b, " (as the plan states)");
	else if (!strcmp(source, "history"))
		strbuf_adds(b, " (as reported then)");
}

int charts_trend(struct charts *c, size_t row)
{
#define CELL(col) chart_cell(c, row, col)
	const char *metric = CELL(TC_METRIC), *bd = CELL(TC_BREAKDOWN);
	const char *grp = CELL(TC_GROUP), *ptype = CELL(TC_PTYPE);
	const char *judged = CELL(TC_JUDGED), *td = CELL(TC_TD_START);
	const struct mrow **s;
	size_t n = metrics_series(&c->m, metric, ptype, bd, grp, &s);
	struct strbuf name, title, period, key, nocases;
	struct gp_data *d;
	struct chart *ch;
	char lb[48];
	const char *from, *to;
	int pct, ratio, any_val = 0, any_small = 0, any_td = 0, judged_drawn;
	int rc = -1;

	if (n < 2) {
		free(s);
		return 0;
	}
	strbuf_init(&name);
	strbuf_init(&title);
	strbuf_init(&period);
	strbuf_init(&key);
	strbuf_init(&nocases);
	pct = chart_percent(c, s[0]);
	ratio = metrics_def(&c->m, metric) &&
		metrics_def(&c->m, metric)->kind == METRIC_RATIO;
	strbuf_addf(&name, "measure-%zu-%s", row, metric);
	strbuf_addf(&title, "%s: %s%s%s", CELL(TC_AREA),
		    chart_metric_title(c, metric), strcmp(bd, "all") ? ", " : "",
		    strcmp(bd, "all") ? grp : "");
	strbuf_addf(&period, "%s %s", chart_ptype_words(ptype),
		    chart_period_label(s[0]->start, s[0]->end, ptype, lb,
				       sizeof(lb)));
	strbuf_addf(&period, " to %s",
		    chart_period_label(s[n - 1]->start, s[n - 1]->end, ptype,
				       lb, sizeof(lb)));
	if (*CELL(TC_START))
		strbuf_addf(&period, "; judged on the %s, %s",
			    chart_ptype_words(*judged ? judged : ptype),
			    chart_period_label(CELL(TC_START), CELL(TC_END),
					       judged_type(judged, ptype), lb,
					       sizeof(lb)));
	ch = chart_new(c, name.buf, title.buf, period.buf);
	if (!(d = chart_data(c, ch)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		int to_date = *td && !strcmp(s[i]->start, td);
		int has = gp_is_number(s[i]->value);

		series_row(d, s[i], to_date);
		any_val |= has && !to_date;
		any_small |= has && !to_date && s[i]->small_n;
		any_td |= has && to_date;
		if (!has) {
			/* No cases: a gap, said in words where the point
			 * would be. */
			strbuf_adds(&nocases, "set label ");
			gp_str(&nocases, to_date ? "no cases (to date)" : "no cases");
			strbuf_adds(&nocases, " at ");
			gp_str(&nocases, s[i]->start);
			strbuf_adds(&nocases, ", graph 0.05 center font \",9\" tc rgb \"#555555\"\n");
		}
	}
	gp_data_end_block(d);
	/* The judged period: start, end, value, n. */
	gp_data_date(d, CELL(TC_START));
	gp_data_date(d, *CELL(TC_END) ? CELL(TC_END) : CELL(TC_START));
	gp_data_num(d, CELL(TC_LATEST));
	gp_data_num(d, CELL(TC_LATEST_N));
	gp_data_end_row(d);
	strbuf_adds(&ch->body,
		"set xdata time\nset timefmt \"%Y-%m-%d\"\n"
		"set xlabel \"period starting\"\nset xtics rotate by -30 (");
	/* A tick at each period's start, labelled as the board says it. */
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_adds(&ch->body, ", ");
		gp_str(&ch->body, chart_period_label(s[i]->start, s[i]->end,
						     ptype, lb, sizeof(lb)));
		strbuf_adds(&ch->body, " ");
		gp_str(&ch->body, s[i]->start);
	}
	strbuf_adds(&ch->body, ")\n");
	chart_ylabel(c, ch, s[0]);
	strbuf_addf(&ch->body, "set key outside right top vertical\n"
		"set offsets graph 0.03, graph 0.03, graph 0.12, 0\n%s",
		pct ? "set yrange [0:110]\n" : ratio ? "set yrange [*:*]\n"
		: any_val || any_td ? "set yrange [0:*]\n" : "set yrange [0:1]\n");
	if (nocases.len)
		strbuf_adds(&ch->body, nocases.buf);
	/* The periods shown, the judged one included: never an empty range. */
	judged_drawn = gp_is_number(CELL(TC_LATEST)) && is_date(CELL(TC_START)) &&
		       is_date(CELL(TC_END));
	from = s[0]->start;
	to = s[n - 1]->start;
	if (judged_drawn && strcmp(CELL(TC_START), from) < 0)
		from = CELL(TC_START);
	if (judged_drawn && strcmp(CELL(TC_END), to) > 0)
		to = CELL(TC_END);
	if (is_date(from) && is_date(to)) {
		strbuf_adds(&ch->body, "set xrange [");
		gp_str(&ch->body, from);
		strbuf_adds(&ch->body, ":");
		gp_str(&ch->body, to);
		strbuf_adds(&ch->body, "]\n");
	}
	if (chart_comparator(c, row)) {
		strbuf_reset(&key);
		strbuf_addf(&key, "comparator: %.200s", CELL(TC_CMP_SOURCE));
		strbuf_adds(&ch->body, "set label 1001 ");
		gp_str(&ch->body, key.buf);
		strbuf_adds(&ch->body, " at screen 0.01, screen 0.065 left font \",8\"\n");
	}
	if (chart_plot(c, ch))
		goto out;
	if (any_val) {
		chart_item(ch, 1);
		strbuf_addf(&ch->body, "index 0 using 1:2 with lines lc rgb \"%s\" lw 2 notitle", BLUE);
		chart_item(ch, 1);
		strbuf_addf(&ch->body, "index 0 using 1:2:3:4 with yerrorbars lc rgb \"%s\" pt 7 ps 1.2 title \"%s\"",
			    BLUE, pct ? "value with 95% interval" : "value");
		chart_item(ch, 1);
		strbuf_adds(&ch->body, "index 0 using 1:2:($2 == $2 ? sprintf(\"n=%d\", $5) : \"\") with labels offset 0,1.4 font \",9\" notitle");
	}
	if (any_small) {
		chart_item(ch, 1);
		strbuf_addf(&ch->body, "index 0 using 1:($6 == 1 ? $2 : 1/0) with points pt 6 ps 3 lw 2 lc rgb \"%s\" title \"small n: read with care\"", VERMILLION);
	}
	if (any_td) {
		chart_item(ch, 1);
		strbuf_addf(&ch->body, "index 0 using 1:7 with points pt 6 ps 2 lw 2 lc rgb \"%s\" title \"to date: not judged\"", BLUE);
		chart_item(ch, 1);
		strbuf_adds(&ch->body, "index 0 using 1:7:($7 == $7 ? sprintf(\"to date\\nn=%d\", $8) : \"\") with labels offset 0,-2 font \",9\" notitle");
	}
	if (judged_drawn) {
		chart_item(ch, 1);
		strbuf_adds(&ch->body, "index 1 using 1:3:(timecolumn(2, \"%Y-%m-%d\") - timecolumn(1, \"%Y-%m-%d\")):(0) with vectors nohead lw 6 lc rgb \"#000000\" title ");
		strbuf_reset(&key);
		strbuf_addf(&key, "judged %s: %s (%s)",
			    chart_period_label(CELL(TC_START), CELL(TC_END),
					       judged_type(judged, ptype), lb,
					       sizeof(lb)),
			    CELL(TC_LATEST), CELL(TC_IMPACT));
		gp_str(&ch->body, key.buf);
	}
	strbuf_reset(&key);
	strbuf_addf(&key, "target %s", CELL(TC_TARGET));
	reference(ch, CELL(TC_TARGET), "2", "#000000", key.buf);
	strbuf_reset(&key);
	baseline_key(&key, CELL(TC_BASELINE), CELL(TC_BASE_PERIOD),
		     CELL(TC_BASE_SOURCE), ptype);
	reference(ch, CELL(TC_BASELINE), "3", "#555555", key.buf);
	if (chart_comparator(c, row)) {
		strbuf_reset(&key);
		strbuf_addf(&key, "%s %s: %s", CELL(TC_CMP_GEO),
			    CELL(TC_CMP_YEAR), CELL(TC_CMP_VALUE));
		reference(ch, CELL(TC_CMP_VALUE), "4", ORANGE, key.buf);
	}
	chart_plot_end(ch);
	rc = 0;
out:
	free(s);
	strbuf_release(&name);
	strbuf_release(&title);
	strbuf_release(&period);
	strbuf_release(&key);
	strbuf_release(&nocases);
	return rc;
#undef CELL
}
