/*
 * bars.c - the dip samples: bars of one metric's groups (a breakdown on
 * the as-of date) or of its periods.
 */
#include "charts.h"

#include <stdlib.h>
#include <string.h>

/* Bars of one breakdown's groups for one period type. */
static int bar_chart(struct charts *c, const char *name, const char *title,
		     const char *metric, const char *ptype, const char *bd,
		     const char *xlabel, const char *colour)
{
	const struct mrow **s;
	size_t n = metrics_series(&c->m, metric, ptype, bd, NULL, &s);
	struct chart *ch;
	struct gp_data *d;
	const char **tic;
	char (*lb)[32];
	int pct, rc = -1;

	if (!n) {
		free(s);
		return 0;
	}
	ch = chart_new(c, name, title);
	tic = xcalloc(n, sizeof(*tic));
	lb = xcalloc(n, sizeof(*lb));
	if (!(d = chart_data(c, ch)))
		goto out;
	pct = mrow_percent(s[0]);
	for (size_t i = 0; i < n; i++) {
		tic[i] = !strcmp(bd, "all")
			? chart_period_label(s[i]->start, ptype, lb[i], sizeof(lb[i]))
			: s[i]->group;
		gp_data_num(d, *s[i]->value ? s[i]->value : "0");
		gp_data_num(d, *s[i]->den ? s[i]->den : s[i]->num);
		gp_data_end_row(d);
	}
	strbuf_adds(&ch->body,
		"set style fill solid 0.9 border lc rgb \"white\"\nset boxwidth 0.7\n"
		"set xlabel ");
	gp_str(&ch->body, xlabel);
	strbuf_adds(&ch->body, "\nset ylabel ");
	gp_str(&ch->body, pct ? "percent" : s[0]->unit);
	strbuf_adds(&ch->body, "\nset yrange [0:*]\n"
		"set offsets 0.5, 0.5, graph 0.15, 0\nunset key\n");
	chart_xtics(&ch->body, tic, n);
	if (chart_plot(c, ch))
		goto out;
	strbuf_addf(&ch->body, " using 0:1 with boxes lc rgb \"%s\", "
		"'' using 0:1:(sprintf(\"%s\", %s)) with labels offset 0,1.2 font \",9\"\n",
		colour, pct ? "%.1f%%\\nn=%d" : "%d", pct ? "$1, $2" : "$1");
	rc = 0;
out:
	free(tic);
	free(lb);
	free(s);
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
