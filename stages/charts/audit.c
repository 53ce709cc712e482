/*
 * audit.c - the audit programme's grades as stacked bars: by month, by
 * domain (financial year to date) and by service area quarter on
 * quarter.
 */
#include "charts.h"

#include <stdlib.h>
#include <string.h>

const char *const chart_grade_metric[4] = { "audits_grade_outstanding",
	"audits_grade_good", "audits_grade_ri", "audits_grade_inadequate" };
const char *const chart_grade_name[4] = { "Outstanding", "Good",
	"Requires improvement", "Inadequate" };
/* The grades in the statuses' fills (chart.c), apart in greyscale. */
const char *const chart_grade_colour[4] = { STATUS_BLUE, STATUS_GREEN,
	STATUS_AMBER, STATUS_RED };

/* Numerator of the first row matching, or 0. */
static long num_of(const struct metrics *m, const char *metric,
		   const char *ptype, const char *start, const char *bd,
		   const char *grp)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct mrow *r = &m->row[i];

		if (!strcmp(r->metric, metric) && !strcmp(r->ptype, ptype) &&
		    (!start || !strcmp(r->start, start)) &&
		    !strcmp(r->breakdown, bd) && !strcmp(r->group, grp))
			/* Counts were checked when the file was read. */
			return strtol(r->num, NULL, 10);
	}
	return 0;
}

/* Stacked grade bars, one bar per label. */
static int grade_chart(struct charts *c, const char *name, const char *title,
		       const char *period, const char *xlabel, const char *ptype, const char *bd,
		       const char *const *label, const char *const *start,
		       const char *const *grp, size_t n)
{
	struct chart *ch;
	struct gp_data *d;
	const char **tic;
	char (*lb)[32];
	int rc = -1;

	if (!n)
		return 0;
	ch = chart_new(c, name, title, period);
	if (!(d = chart_data(c, ch)))
		return -1;
	tic = xcalloc(n, sizeof(*tic));
	lb = xcalloc(n, sizeof(*lb));
	for (size_t i = 0; i < n; i++) {
		tic[i] = grp || start == NULL ? label[i]
		       : chart_period_label(label[i], NULL, ptype, lb[i],
					    sizeof(lb[i]));
		for (int g = 0; g < 4; g++)
			gp_data_long(d, num_of(&c->m, chart_grade_metric[g], ptype,
					       start ? start[i] : NULL, bd,
					       grp ? grp[i] : "all"));
		gp_data_end_row(d);
	}
	strbuf_adds(&ch->body,
		"set style data histograms\nset style histogram rowstacked\n"
		"set style fill solid 0.9 border lc rgb \"white\"\nset boxwidth 0.7\n"
		"set xlabel ");
	gp_str(&ch->body, xlabel);
	strbuf_adds(&ch->body, "\nset ylabel \"audits\"\nset yrange [0:*]\n"
		"set offsets 0, 0, graph 0.1, 0\n");
	chart_xtics(&ch->body, tic, n);
	strbuf_adds(&ch->body, "set key outside right top vertical\n");
	if (chart_plot(c, ch))
		goto out;
	for (int g = 0; g < 4; g++) {
		chart_item(ch, 1);
		strbuf_addf(&ch->body, "using %d title \"%s\" lc rgb \"%s\"", g + 1,
			    chart_grade_name[g], chart_grade_colour[g]);
	}
	chart_item(ch, 1);
	strbuf_adds(&ch->body, "using 0:($1+$2+$3+$4):(sprintf(\"n=%d\", $1+$2+$3+$4)) with labels offset 0,0.8 notitle");
	chart_plot_end(ch);
	rc = 0;
out:
	free(tic);
	free(lb);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t chart_distinct(const struct metrics *m, const char *metric,
		       const char *ptype, const char *bd, int field,
		       const char ***out)
{
	const char **v = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < m->n; i++) {
		const struct mrow *r = &m->row[i];
		const char *x = field ? r->group : r->start;
		int seen = 0;

		if (strcmp(r->metric, metric) || strcmp(r->ptype, ptype) ||
		    strcmp(r->breakdown, bd))
			continue;
		for (size_t k = 0; k < n; k++)
			seen |= !strcmp(v[k], x);
		if (!seen) {
			XGROW(v, cap, n + 1);
			v[n++] = x;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return n;
}

int charts_audit(struct charts *c)
{
	const char **v;
	size_t n;
	int rc = 0;

	if (!metrics_has(&c->m, "audits_completed"))
		return 0;
	n = chart_distinct(&c->m, "audits_grade_good", "month", "all", 0, &v);
	rc |= grade_chart(c, "audit-grades-month", "Audit grades by month",
			  "months", "month starting", "month", "all", v, v, NULL, n);
	free(v);
	n = chart_distinct(&c->m, "audits_grade_good", "year", "domain", 1, &v);
	rc |= grade_chart(c, "audit-grades-domain",
			  "Audit grades by domain, financial year to date",
			  "financial year to date", "domain", "year", "domain", v, NULL, v, n);
	free(v);
	/* Small multiples: a panel per domain by month, per service area
	 * by quarter. */
	rc |= charts_multiples(c, "audit-grades-domain-month",
			       "Audit grades by domain, month by month",
			       "month", "domain", 6);
	rc |= charts_multiples(c, "audit-grades-service-area",
			       "Audit grades by service area, quarter on quarter",
			       "quarter", "service_area", 5);
	return rc;
}
