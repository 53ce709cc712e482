/*
 * bars.c - bars of one metric: its groups under a breakdown (in their
 * declared order, groups.h) or its periods.  Used by the dip samples and
 * by the charts of the computed measures the board reads.
 *
 * The axis is the metric's declared kind (metric.h): a percent axis only
 * for a proportion, the unit counted for a count (children, not 146.0%).
 * A period or group with no cases is a gap labelled "no cases", never a
 * 0% bar; a small-n bar is hatched and its label says "small n"; the
 * unfinished current period is hollow and labelled "to date".
 */
#include "charts.h"

#include "mstage/metric.h"

#include <stdlib.h>
#include <string.h>

/* 1 when the row's period is not over: it ends on the as-of date before
 * the last day its type runs to. */
static int unfinished(const struct mrow *r)
{
	static const struct { const char *ptype; int months; } len[] = {
		{ "month", 1 }, { "quarter", 3 }, { "year", 12 },
		{ "rolling_3m", 3 }, { "rolling_6m", 6 }, { "rolling_12m", 12 },
	};
	dip_date s, e;

	if (date_parse(r->start, strlen(r->start), &s) ||
	    date_parse(r->end, strlen(r->end), &e))
		return 0;
	for (size_t i = 0; i < sizeof(len) / sizeof(len[0]); i++)
		if (!strcmp(r->ptype, len[i].ptype))
			return e < date_add_months(s, len[i].months) - 1;
	return 0;
}

/* Each bar's value over it from data column COL ("12" for a count,
 * "50.0%" and n for a proportion), then the words of the gnuplot string
 * expression TAIL; none where the column is NaN. */
static void value_labels(struct chart *ch, int pct, int col, const char *tail)
{
	chart_item(ch, 1);
	if (pct)
		strbuf_addf(&ch->body, "using 0:%d:($%d == $%d ? sprintf(\"%%.1f%%%%\\nn=%%d%%s\", $%d, $2, %s) : \"\")",
			    col, col, col, col, tail);
	else
		strbuf_addf(&ch->body, "using 0:%d:($%d == $%d ? sprintf(\"%%d%%s\", $%d, %s) : \"\")",
			    col, col, col, col, tail);
	strbuf_adds(&ch->body, " with labels offset 0,1.9 font \",9\" notitle");
}

/* Bars of one breakdown's groups (BD not "all") or of the periods (BD
 * "all") of one period type.  Data columns: 1 the value of a finished
 * period with cases, 2 n, 3 small n, 4 the value to date. */
static int bar_chart(struct charts *c, const char *name, const char *title,
		     const char *metric, const char *ptype, const char *bd,
		     const char *xlabel, const char *colour)
{
	const struct mrow **s;
	size_t n = metrics_series(&c->m, metric, ptype, bd, NULL, &s);
	struct strbuf period;
	struct chart *ch;
	struct gp_data *d;
	const char **tic;
	char (*lb)[48];
	int pct, small = 0, any = 0, any_td = 0, rc = -1;

	if (!n) {
		free(s);
		return 0;
	}
	if (strcmp(bd, "all"))
		chart_sort_groups(s, n);
	strbuf_init(&period);
	tic = xcalloc(n, sizeof(*tic));
	lb = xcalloc(n, sizeof(*lb));
	for (size_t i = 0; i < n; i++)
		tic[i] = !strcmp(bd, "all")
			? chart_period_label(s[i]->start, s[i]->end, ptype, lb[i],
					     sizeof(lb[i]))
			: s[i]->group;
	if (!strcmp(ptype, "as_of"))
		strbuf_addf(&period, "on %s", s[0]->start);
	else if (!strcmp(bd, "all"))
		strbuf_addf(&period, "%s to %s", tic[0], tic[n - 1]);
	else
		strbuf_addf(&period, "%s, %s to %s", chart_ptype_words(ptype),
			    s[0]->start, s[0]->end);
	ch = chart_new(c, name, title, period.buf);
	if (!(d = chart_data(c, ch)))
		goto out;
	pct = chart_percent(c, s[0]);
	for (size_t i = 0; i < n; i++) {
		const char *v = s[i]->value;
		int td = unfinished(s[i]), none = !gp_is_number(v);

		gp_data_num(d, td || none ? "" : v);
		gp_data_num(d, *s[i]->den ? s[i]->den : s[i]->num);
		gp_data_long(d, !none && s[i]->small_n);
		gp_data_num(d, td && !none ? v : "");
		gp_data_end_row(d);
		small |= !td && !none && s[i]->small_n;
		any_td |= td && !none;
		any |= !td && !none;
		if (none)
			strbuf_addf(&ch->body, "set label %s at %zu, graph 0.04 center font \",9\"\n",
				    td ? "\"no cases (to date)\"" : "\"no cases\"", i);
	}
	strbuf_adds(&ch->body,
		"set style fill solid 0.9 border lc rgb \"white\"\nset boxwidth 0.7\n"
		"set xlabel ");
	gp_str(&ch->body, xlabel);
	strbuf_adds(&ch->body, "\n");
	chart_ylabel(c, ch, s[0]);
	strbuf_addf(&ch->body, "set xrange [-0.6:%zu.4]\nset yrange [0:%s]\n"
		"set offsets 0, 0, graph 0.15, 0\n"
		"set key outside right top vertical\n", n - 1,
		pct ? "110" : any || any_td ? "*" : "1");
	chart_xtics(&ch->body, tic, n);
	if (chart_plot(c, ch))
		goto out;
	if (any) {
		chart_item(ch, 1);
		strbuf_addf(&ch->body, "using 0:1 with boxes lc rgb \"%s\" notitle", colour);
		value_labels(ch, pct, 1, "$3 == 1 ? \"\\nsmall n\" : \"\"");
	}
	if (small) {
		chart_item(ch, 1);
		strbuf_adds(&ch->body, "using 0:($3 == 1 ? $1 : 1/0) with boxes fs transparent pattern 4 border lc rgb \"#000000\" lc rgb \"#000000\" title \"small n: read with care\"");
	}
	if (any_td) {
		chart_item(ch, 1);
		strbuf_addf(&ch->body, "using 0:4 with boxes fs empty border lc rgb \"%s\" lw 2 title \"to date: not over yet\"", colour);
		value_labels(ch, pct, 4, "\"\\nto date\"");
	}
	chart_plot_end(ch);
	rc = 0;
out:
	free(tic);
	free(lb);
	free(s);
	strbuf_release(&period);
	return rc;
}

int charts_dip_samples(struct charts *c)
{
	int rc = 0;

	rc |= bar_chart(c, "overdue-age-band",
			"Open assessments past 45 working days, by age band",
			"assessments_open_overdue", "as_of", "age_band",
			"age band on the as-of date", BLUE);
	rc |= bar_chart(c, "stale-last-assessment-year",
			"Children whose latest assessment is over 12 months old (or who have had none), by year of it",
			"children_assessment_stale", "as_of", "last_assessment_year",
			"year of the latest assessment", SKY);
	rc |= bar_chart(c, "repeat-cp-24m", "Plans starting within 24 months of the last, by quarter",
			"repeat_cpp_24m", "quarter", "all", "quarter starting", BLUE);
	rc |= bar_chart(c, "repeat-cp-same-category",
			"Of those: same presenting category, by quarter",
			"repeat_cpp_same_category", "quarter", "all", "quarter starting", ORANGE);
	rc |= bar_chart(c, "repeat-cp-domestic-abuse",
			"Of those: domestic abuse a feature, by quarter",
			"repeat_cpp_domestic_abuse", "quarter", "all", "quarter starting", VERMILLION);
	rc |= bar_chart(c, "repeat-cp-stepped-down",
			"Of those: stepped down to a CIN plan, by quarter",
			"repeat_cpp_stepped_down", "quarter", "all", "quarter starting", GREEN);
	rc |= bar_chart(c, "consent-closures-month", "Closures coded as no consent, by month",
			"consent_closures", "month", "all", "month starting", BLUE);
	rc |= bar_chart(c, "consent-closures-team",
			"Closures coded as no consent, by team, financial year to date",
			"consent_closures", "year", "team", "team", SKY);
	return rc;
}

/* A chart for every computed measure the board reads, whether or not
 * the plan names it as a measure: by month where the metric has months,
 * else on the as-of date by its breakdown's groups (or the headline). */
int charts_measures(struct charts *c)
{
	static const struct { const char *name, *metric, *bd; } m[] = {
		{ "re-referrals", "re_referrals_12m", "all" },
		{ "cp-reviews-on-time", "cpp_reviews_on_time", "all" },
		{ "plans-ended-2-years", "cpp_ended_2y_plus", "all" },
		{ "plans-open-2-years", "cpp_open_2y_plus", "all" },
		{ "s47-to-icpc", "s47_to_icpc", "all" },
		{ "moderation-agreement", "moderation_agreement", "all" },
		{ "reaudits-improved", "reaudits_improved", "interval" },
		{ "feedback-obtained", "family_feedback_obtained", "all" },
	};
	int rc = 0;

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		const char *title = chart_metric_title(c, m[i].metric);
		const struct mrow **s;
		int monthly, by_groups;
		struct strbuf t;

		monthly = metrics_series(&c->m, m[i].metric, "month", "all",
					 "all", &s) > 0;
		free(s);
		by_groups = strcmp(m[i].bd, "all") &&
			    metrics_series(&c->m, m[i].metric, "as_of", m[i].bd,
					   NULL, &s) > 0;
		if (strcmp(m[i].bd, "all"))
			free(s);
		strbuf_init(&t);
		strbuf_addf(&t, "%s, %s", title, monthly ? "by month"
			    : by_groups ? "on the as-of date, by interval"
			    : "on the as-of date");
		if (monthly)
			rc |= bar_chart(c, m[i].name, t.buf, m[i].metric,
					"month", "all", "month starting", BLUE);
		else if (by_groups)
			rc |= bar_chart(c, m[i].name, t.buf, m[i].metric,
					"as_of", m[i].bd, m[i].bd, BLUE);
		else
			rc |= bar_chart(c, m[i].name, t.buf, m[i].metric,
					"as_of", "all", "as-of date", BLUE);
		strbuf_release(&t);
	}
	return rc;
}
