/*
 * multiples.c - audit grades as small multiples: one small panel per
 * group (a service area, a domain), the periods along each panel's axis,
 * each bar the shares of the four grades stacked to 100% with its n
 * above it, so that groups of different sizes read side by side (one
 * long row of bars for every group and period could not be read).
 * A period with no graded audit is a gap marked n=0.
 */
#include "charts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct mrow *chart_row(const struct metrics *m, const char *metric,
			     const char *ptype, const char *start,
			     const char *bd, const char *grp)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct mrow *r = &m->row[i];

		if (!strcmp(r->metric, metric) && !strcmp(r->ptype, ptype) &&
		    !strcmp(r->start, start) && !strcmp(r->breakdown, bd) &&
		    !strcmp(r->group, grp))
			return r;
	}
	return NULL;
}

/* A short tick label: "Jun 26" for a month, "Q3 25-26" for a quarter. */
static const char *short_label(const char *start, const char *ptype,
			       char *buf, size_t n)
{
	char full[32];
	size_t len;

	if (!strcmp(ptype, "quarter"))
		return text_quarter(start, 1, buf, n);
	/* "Jun 2026" less the century. */
	chart_period_label(start, NULL, ptype, full, sizeof(full));
	len = strlen(full);
	if (len > 4 && full[len - 5] == ' ')
		snprintf(buf, n, "%.*s %s", (int)(len - 5), full, full + len - 2);
	else
		snprintf(buf, n, "%s", full);
	return buf;
}

/* 0 when the period starting START is still running (its rows end on
 * the as-of date, before the period's last day). */
static int whole_period(const struct metrics *m, const char *ptype,
			const char *start, const char *bd)
{
	dip_date s, e;

	for (size_t i = 0; i < m->n; i++) {
		const struct mrow *r = &m->row[i];

		if (strcmp(r->metric, "audits_grade_good") ||
		    strcmp(r->ptype, ptype) || strcmp(r->start, start) ||
		    strcmp(r->breakdown, bd))
			continue;
		if (date_parse(r->start, strlen(r->start), &s) ||
		    date_parse(r->end, strlen(r->end), &e))
			return 1;
		return e == date_add_months(s, !strcmp(ptype, "quarter") ? 3 : 1) - 1;
	}
	return 1;
}

/* The panels' grid: as square as it can be, wider than tall. */
static void layout(size_t n, size_t *rows, size_t *cols)
{
	*cols = 1;
	while (*cols * *cols < n)
		(*cols)++;
	*rows = (n + *cols - 1) / *cols;
}

int charts_multiples(struct charts *c, const char *name, const char *title,
		     const char *ptype, const char *bd, size_t last)
{
	const char **grp, **per, **tic;
	size_t ng = chart_distinct(&c->m, "audits_grade_good", ptype, bd, 1, &grp);
	size_t np = chart_distinct(&c->m, "audits_grade_good", ptype, bd, 0, &per);
	size_t first = np > last ? np - last : 0, rows, cols;
	char (*lb)[32] = NULL;
	int running = 0;
	struct chart *ch;
	struct gp_data *d;
	int rc = -1;

	if (!ng || !np) {
		free(grp);
		free(per);
		return 0;
	}
	ch = chart_new(c, name, title,
	       !strcmp(ptype, "month") ? "the last months" : "the last quarters");
	tic = xcalloc(np, sizeof(*tic));
	lb = xcalloc(np, sizeof(*lb));
	if (!(d = chart_data(c, ch)))
		goto out;
	/* One block per group, two blank lines apart: "index G" in the plot. */
	for (size_t g = 0; g < ng; g++) {
		for (size_t p = first; p < np; p++) {
			const struct mrow *good = chart_row(&c->m, "audits_grade_good",
							 ptype, per[p], bd, grp[g]);

			for (int k = 0; k < 4; k++) {
				const struct mrow *r = chart_row(&c->m, chart_grade_metric[k],
							      ptype, per[p], bd, grp[g]);

				gp_data_num(d, r ? r->value : "");
			}
			gp_data_num(d, good && *good->den ? good->den : "0");
			gp_data_end_row(d);
		}
		gp_data_end_row(d);
		gp_data_end_row(d);
	}
	for (size_t p = first; p < np; p++) {
		tic[p - first] = short_label(per[p], ptype, lb[p], sizeof(lb[p]));
		if (!whole_period(&c->m, ptype, per[p], bd)) {
			size_t l = strlen(lb[p]);

			snprintf(lb[p] + l, sizeof(lb[p]) - l, "*");
			running = 1;
		}
	}
	if (gp_data_close(d, &c->ms->err))
		goto out;
	layout(ng, &rows, &cols);
	strbuf_addf(&ch->body, "unset title\nset multiplot layout %zu,%zu margins 0.07,0.98,0.08,0.85 spacing 0.07,0.15 title ",
		    rows, cols);
	gp_str(&ch->body, title);
	strbuf_adds(&ch->body, " font \",14\"\nunset key\n"
		"set style data histograms\nset style histogram rowstacked\n"
		"set style fill solid 0.9 border lc rgb \"white\"\nset boxwidth 0.7\n"
		"set yrange [0:125]\nset ytics 0,25,100 font \",8\"\n"
		"set ylabel \"% of graded\" font \",8\"\n");
	chart_xtics(&ch->body, tic, np - first);
	strbuf_adds(&ch->body, "set xtics norotate font \",8\"\n");
	if (running)
		strbuf_addf(&ch->body, "set label 5 \"* to date: the %s is still running, "
			    "not complete\" at screen 0.01,0.02 left font \",9\"\n",
			    !strcmp(ptype, "quarter") ? "quarter" : "month");
	for (size_t g = 0; g < ng; g++) {
		strbuf_adds(&ch->body, "set title ");
		gp_str(&ch->body, grp[g]);
		strbuf_adds(&ch->body, " font \",10\"\n");
		/* The key once, across the top of the page: drawn by hand,
		 * since a panel's own key wraps to the panel's width. */
		if (g == 1)
			strbuf_adds(&ch->body, "unset object 1\nunset object 2\n"
				    "unset object 3\nunset object 4\nunset label 1\n"
				    "unset label 2\nunset label 3\nunset label 4\n"
				    "unset label 5\n");
		for (int k = 0; k < 4 && !g; k++) {
			double x = 0.22 + 0.15 * k;

			strbuf_addf(&ch->body, "set object %d rect from screen %.3f,0.905 "
				    "to screen %.3f,0.93 fc rgb \"%s\" fs solid 0.9 noborder\n"
				    "set label %d \"%s\" at screen %.3f,0.917 left font \",9\"\n",
				    k + 1, x, x + 0.02, chart_grade_colour[k], k + 1,
				    chart_grade_name[k], x + 0.025);
		}
		strbuf_adds(&ch->body, "plot ");
		gp_str(&ch->body, d->path);
		strbuf_addf(&ch->body, " index %zu using 1 title \"%s\" lc rgb \"%s\", "
			    "'' index %zu using 2 title \"%s\" lc rgb \"%s\", "
			    "'' index %zu using 3 title \"%s\" lc rgb \"%s\", "
			    "'' index %zu using 4 title \"%s\" lc rgb \"%s\", "
			    "'' index %zu using 0:(112):(sprintf(\"n=%%d\", $5)) "
			    "with labels font \",8\" notitle\n",
			    g, chart_grade_name[0], chart_grade_colour[0],
			    g, chart_grade_name[1], chart_grade_colour[1],
			    g, chart_grade_name[2], chart_grade_colour[2],
			    g, chart_grade_name[3], chart_grade_colour[3], g);
	}
	strbuf_adds(&ch->body, "unset multiplot\n");
	rc = 0;
out:
	free(tic);
	free(lb);
	free(grp);
	free(per);
	return rc;
}
