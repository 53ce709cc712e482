/*
 * dip-charts - the board's charts: a trend per improvement measure, audit
 * grades by month, domain and service area, the three dip samples, and
 * the area grid; PNG and SVG for each, one PDF board pack opening with
 * the grid, and a static index.html.
 *
 * One gnuplot script draws everything into a private work directory;
 * only when gnuplot succeeds are the files copied into the stage's
 * output set, which replaces every file in charts/ or none, so a failed
 * or missing gnuplot leaves the last charts as they were.  Colours are the
 * Okabe-Ito palette, safe for colour-blind readers, and every status
 * is written as a word as well as shown as a colour.
 *
 * Text is never gnuplot code (gpscript.h): every string in a script that
 * is not a constant of this file goes through gp_str(), data files are
 * written with gp_data_*() and hold only numbers and dates, and tick
 * labels are an explicit list (xtic_labels()).  A new chart does the
 * same.
 */
#include "dip/csvio.h"
#include "dip/exitcode.h"
#include "dip/gnuplot.h"
#include "dip/gpscript.h"
#include "dip/metricsin.h"
#include "dip/mstage.h"
#include "dip/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLUE "#0072B2"
#define ORANGE "#E69F00"
#define GREEN "#009E73"
#define VERMILLION "#D55E00"
#define SKY "#56B4E9"
#define GREY "#BBBBBB"

struct chart {
	char *name;            /* file stem */
	char *title;           /* for index.html */
	struct strbuf body;    /* gnuplot commands after the terminal */
};

struct charts {
	struct mstage *ms;
	char *work;            /* work directory */
	struct metrics m;
	struct csv_table tracker;
	int has_tracker;
	struct chart *chart;
	size_t n, cap;
	char as_of[DIP_DATE_LEN];
};

/* Tracker columns by position in run()'s list; the note is optional. */
enum { TC_NOTE = 15, TC_N };

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

static struct chart *new_chart(struct charts *c, const char *name,
			       const char *title)
{
	struct chart *ch;

	XGROW(c->chart, c->cap, c->n + 1);
	ch = &c->chart[c->n++];
	ch->name = stem(name);
	ch->title = xstrdup(title);
	strbuf_init(&ch->body);
	strbuf_adds(&ch->body, "reset\nset encoding utf8\nset title ");
	gp_str(&ch->body, title);
	strbuf_adds(&ch->body, " font \",14\"\nset grid ytics lc rgb \"#DDDDDD\"\n");
	return ch;
}

/* Tick labels at 0, 1, ... n-1, every one through gp_str(). */
static void xtic_labels(struct strbuf *b, const char *const *label, size_t n)
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

static const char *pretty(const char *metric)
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

/* A trend of one measure with its interval, target and n. */
static int trend_chart(struct charts *c, size_t row, int tc[])
{
	char **t = c->tracker.row[row];
	const char *metric = t[tc[2]], *bd = t[tc[3]], *grp = t[tc[4]];
	const char *ptype = t[tc[5]], *target = t[tc[10]];
	int has_target = gp_is_number(target);
	const struct mrow **s;
	size_t n = metrics_series(&c->m, metric, ptype, bd, grp, &s);
	struct strbuf name, title, key;
	struct gp_data d = { 0 };
	struct chart *ch;
	int pct, rc = -1;

	if (n < 2) {
		free(s);
		return 0;
	}
	strbuf_init(&name);
	strbuf_init(&title);
	strbuf_init(&key);
	strbuf_addf(&name, "measure-%zu-%s", row, metric);
	strbuf_addf(&title, "%s: %s%s%s (%s)", t[tc[0]], pretty(metric),
		    strcmp(bd, "all") ? ", " : "", strcmp(bd, "all") ? grp : "",
		    ptype);
	ch = new_chart(c, name.buf, title.buf);
	if (gp_data_open(&d, c->work, ch->name, &c->ms->err))
		goto out;
	pct = mrow_percent(s[0]);
	for (size_t i = 0; i < n; i++) {
		const char *v = s[i]->value;

		gp_data_date(&d, s[i]->start);
		gp_data_num(&d, v);
		gp_data_num(&d, *s[i]->lo ? s[i]->lo : v);
		gp_data_num(&d, *s[i]->hi ? s[i]->hi : v);
		gp_data_num(&d, *s[i]->den ? s[i]->den : s[i]->num);
		gp_data_long(&d, s[i]->small_n);
		gp_data_end_row(&d);
	}
	if (gp_data_close(&d, &c->ms->err))
		goto out;
	strbuf_addf(&ch->body,
		"set xdata time\nset timefmt \"%%Y-%%m-%%d\"\n"
		"set format x \"%s\"\nset xtics rotate by -30\n"
		"set xlabel \"period starting\"\nset ylabel ",
		!strcmp(ptype, "month") ? "%b %Y" : "%d %b %Y");
	gp_str(&ch->body, pct ? "percent" : s[0]->unit);
	strbuf_addf(&ch->body, "\nset key outside right top vertical\n"
		"set offsets graph 0.03, graph 0.03, graph 0.12, 0\n%s",
		pct ? "set yrange [0:110]\n" : "set yrange [0:*]\n");
	strbuf_adds(&ch->body, "plot ");
	gp_str(&ch->body, d.path);
	strbuf_addf(&ch->body, " using 1:2 with lines lc rgb \"%s\" lw 2 notitle, \\\n"
		"  '' using 1:2:3:4 with yerrorbars lc rgb \"%s\" pt 7 ps 1.2 title \"value%s\", \\\n"
		"  '' using 1:($6 == 1 ? $2 : 1/0) with points pt 6 ps 3 lw 2 lc rgb \"%s\" title \"small n: read with care\", \\\n"
		"  %s with lines dt 2 lw 2 lc rgb \"black\" title ",
		BLUE, BLUE, pct ? " with 95% interval" : "", VERMILLION,
		has_target ? target : "1/0");
	strbuf_addf(&key, "target %s", has_target ? target : "");
	gp_str(&ch->body, key.buf);
	strbuf_adds(&ch->body, ", \\\n"
		"  '' using 1:2:(sprintf(\"n=%d\", $5)) with labels offset 0,1.4 font \",9\" notitle\n");
	rc = 0;
out:
	gp_data_release(&d);
	free(s);
	strbuf_release(&name);
	strbuf_release(&title);
	strbuf_release(&key);
	return rc;
}

static const char *const grade_metric[4] = { "audits_grade_outstanding",
	"audits_grade_good", "audits_grade_ri", "audits_grade_inadequate" };
static const char *const grade_name[4] = { "Outstanding", "Good",
	"Requires improvement", "Inadequate" };
static const char *const grade_colour[4] = { BLUE, GREEN, ORANGE, VERMILLION };

static const char *period_label(const char *start, const char *ptype,
				char *buf, size_t n);

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
		       const char *xlabel, const char *ptype, const char *bd,
		       const char *const *label, const char *const *start,
		       const char *const *grp, size_t n)
{
	struct chart *ch;
	struct gp_data d = { 0 };
	const char **tic;
	char (*lb)[32];
	int rc = -1;

	if (!n)
		return 0;
	ch = new_chart(c, name, title);
	if (gp_data_open(&d, c->work, ch->name, &c->ms->err)) {
		gp_data_release(&d);
		return -1;
	}
	tic = xcalloc(n, sizeof(*tic));
	lb = xcalloc(n, sizeof(*lb));
	for (size_t i = 0; i < n; i++) {
		tic[i] = grp || start == NULL ? label[i]
		       : period_label(label[i], ptype, lb[i], sizeof(lb[i]));
		for (int g = 0; g < 4; g++)
			gp_data_long(&d, num_of(&c->m, grade_metric[g], ptype,
						start ? start[i] : NULL, bd,
						grp ? grp[i] : "all"));
		gp_data_end_row(&d);
	}
	if (gp_data_close(&d, &c->ms->err))
		goto out;
	strbuf_adds(&ch->body,
		"set style data histograms\nset style histogram rowstacked\n"
		"set style fill solid 0.9 border lc rgb \"white\"\nset boxwidth 0.7\n"
		"set xlabel ");
	gp_str(&ch->body, xlabel);
	strbuf_adds(&ch->body, "\nset ylabel \"audits\"\nset yrange [0:*]\n"
		"set offsets 0, 0, graph 0.1, 0\n");
	xtic_labels(&ch->body, tic, n);
	strbuf_adds(&ch->body, "set key outside right top vertical\nplot ");
	gp_str(&ch->body, d.path);
	strbuf_addf(&ch->body,
		" using 1 title \"%s\" lc rgb \"%s\", "
		"'' using 2 title \"%s\" lc rgb \"%s\", "
		"'' using 3 title \"%s\" lc rgb \"%s\", "
		"'' using 4 title \"%s\" lc rgb \"%s\", "
		"'' using 0:($1+$2+$3+$4):(sprintf(\"n=%%d\", $1+$2+$3+$4)) with labels offset 0,0.8 notitle\n",
		grade_name[0], grade_colour[0], grade_name[1],
		grade_colour[1], grade_name[2], grade_colour[2], grade_name[3],
		grade_colour[3]);
	rc = 0;
out:
	free(tic);
	free(lb);
	gp_data_release(&d);
	return rc;
}

/* "Nov 2025" for a month, "Oct-Dec 2025" for a quarter, else as given. */
static const char *period_label(const char *start, const char *ptype,
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct values of a field among matching rows, sorted. */
static size_t distinct(const struct metrics *m, const char *metric,
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

static int audit_charts(struct charts *c)
{
	const char **v, **lab, **grp;
	size_t n;
	int rc = 0;

	if (!metrics_has(&c->m, "audits_completed"))
		return 0;
	n = distinct(&c->m, "audits_grade_good", "month", "all", 0, &v);
	rc |= grade_chart(c, "audit-grades-month", "Audit grades by month",
			  "month starting", "month", "all", v, v, NULL, n);
	free(v);
	n = distinct(&c->m, "audits_grade_good", "year", "domain", 1, &v);
	rc |= grade_chart(c, "audit-grades-domain",
			  "Audit grades by domain, financial year to date",
			  "domain", "year", "domain", v, NULL, v, n);
	free(v);
	/* Service areas quarter on quarter: one bar per (area, quarter). */
	{
		const char **areas, **quarters;
		size_t na = distinct(&c->m, "audits_grade_good", "quarter",
				     "service_area", 1, &areas);
		size_t nq = distinct(&c->m, "audits_grade_good", "quarter",
				     "service_area", 0, &quarters);
		struct strbuf *labels = xcalloc(na * nq + 1, sizeof(*labels));
		const char **starts = xcalloc(na * nq + 1, sizeof(char *));
		size_t k = 0;

		lab = xcalloc(na * nq + 1, sizeof(char *));
		grp = xcalloc(na * nq + 1, sizeof(char *));
		for (size_t a = 0; a < na; a++)
			for (size_t q = 0; q < nq; q++) {
				strbuf_init(&labels[k]);
				char lb[32];

				strbuf_addf(&labels[k], "%s %s", areas[a],
					    period_label(quarters[q], "quarter", lb,
							 sizeof(lb)));
				lab[k] = labels[k].buf;
				starts[k] = quarters[q];
				grp[k] = areas[a];
				k++;
			}
		rc |= grade_chart(c, "audit-grades-service-area",
				  "Audit grades by service area, quarter on quarter",
				  "service area and quarter starting", "quarter",
				  "service_area", lab, starts, grp, k);
		for (size_t i = 0; i < k; i++)
			strbuf_release(&labels[i]);
		free(labels);
		free(starts);
		free(lab);
		free(grp);
		free(areas);
		free(quarters);
	}
	return rc;
}

/* Bars of one breakdown's groups for one period type. */
static int bar_chart(struct charts *c, const char *name, const char *title,
		     const char *metric, const char *ptype, const char *bd,
		     const char *xlabel, const char *colour)
{
	const struct mrow **s;
	size_t n = metrics_series(&c->m, metric, ptype, bd, NULL, &s);
	struct chart *ch;
	struct gp_data d = { 0 };
	const char **tic;
	char (*lb)[32];
	int pct, rc = -1;

	if (!n) {
		free(s);
		return 0;
	}
	ch = new_chart(c, name, title);
	tic = xcalloc(n, sizeof(*tic));
	lb = xcalloc(n, sizeof(*lb));
	if (gp_data_open(&d, c->work, ch->name, &c->ms->err))
		goto out;
	pct = mrow_percent(s[0]);
	for (size_t i = 0; i < n; i++) {
		tic[i] = !strcmp(bd, "all")
			? period_label(s[i]->start, ptype, lb[i], sizeof(lb[i]))
			: s[i]->group;
		gp_data_num(&d, *s[i]->value ? s[i]->value : "0");
		gp_data_num(&d, *s[i]->den ? s[i]->den : s[i]->num);
		gp_data_end_row(&d);
	}
	if (gp_data_close(&d, &c->ms->err))
		goto out;
	strbuf_adds(&ch->body,
		"set style fill solid 0.9 border lc rgb \"white\"\nset boxwidth 0.7\n"
		"set xlabel ");
	gp_str(&ch->body, xlabel);
	strbuf_adds(&ch->body, "\nset ylabel ");
	gp_str(&ch->body, pct ? "percent" : s[0]->unit);
	strbuf_adds(&ch->body, "\nset yrange [0:*]\n"
		"set offsets 0.5, 0.5, graph 0.15, 0\nunset key\n");
	xtic_labels(&ch->body, tic, n);
	strbuf_adds(&ch->body, "plot ");
	gp_str(&ch->body, d.path);
	strbuf_addf(&ch->body, " using 0:1 with boxes lc rgb \"%s\", "
		"'' using 0:1:(sprintf(\"%s\", %s)) with labels offset 0,1.2 font \",9\"\n",
		colour, pct ? "%.1f%%\\nn=%d" : "%d", pct ? "$1, $2" : "$1");
	rc = 0;
out:
	free(tic);
	free(lb);
	gp_data_release(&d);
	free(s);
	return rc;
}

static int dip_sample_charts(struct charts *c)
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

static const char *rag_colour(const char *s)
{
	return !strcmp(s, "Green") ? GREEN : !strcmp(s, "Amber") ? ORANGE
	     : !strcmp(s, "Red") ? VERMILLION : !strcmp(s, "Blue") ? BLUE
	     : !strcmp(s, "Not started") ? "#FFFFFF" : GREY;
}

/* Why a measure has no data ("no data: Eclipse extension fields
 * missing"), or ""; a tracker from before the note column has none. */
static const char *note_of(char **r, const int tc[])
{
	return tc[TC_NOTE] >= 0 ? r[tc[TC_NOTE]] : "";
}

/* The area grid: one line per tracker row, statuses as words on colour;
 * a measure with no data says why under its name. */
static void grid_chart(struct charts *c, int tc[])
{
	struct csv_table *t = &c->tracker;
	struct strbuf title;
	struct chart *ch;
	size_t rows = t->nrows;

	strbuf_init(&title);
	strbuf_addf(&title, "Improvement plan as of %s: activity and impact by area",
		    c->as_of);
	ch = new_chart(c, "area-grid", title.buf);
	strbuf_release(&title);
	strbuf_addf(&ch->body, "unset border\nunset tics\nunset key\nunset grid\n"
		    "set xrange [0:100]\nset yrange [0:%zu]\n", rows + 1);
	strbuf_adds(&ch->body, "set label \"area and measure\" at 1,");
	strbuf_addf(&ch->body, "%zu left font \",11\"\nset label \"activity\" at 63,%zu center font \",11\"\n"
		    "set label \"impact\" at 78,%zu center font \",11\"\n"
		    "set label \"latest (n)\" at 87,%zu left font \",11\"\n",
		    rows, rows, rows, rows);
	for (size_t i = 0; i < rows; i++) {
		char **r = t->row[i];
		double y = (double)(rows - i) - 0.6;
		struct strbuf what, latest;
		const char *act = *r[tc[14]] ? r[tc[14]] : "none";

		strbuf_init(&what);
		strbuf_init(&latest);
		if (*r[tc[2]])
			strbuf_addf(&what, "%s  %s%s%s", r[tc[0]], pretty(r[tc[2]]),
				    strcmp(r[tc[3]], "all") ? ": " : "",
				    strcmp(r[tc[3]], "all") ? r[tc[4]] : "");
		else
			strbuf_addf(&what, "%s  %s", r[tc[0]], r[tc[1]]);
		if (strlen(what.buf) > 80)
			memcpy(what.buf + 77, "...", sizeof("..."));
		strbuf_addf(&latest, "%s%s%s%s",
			    *r[tc[7]] ? r[tc[7]] : *note_of(r, tc) ? "no data" : "-",
			    *r[tc[8]] ? " (" : "", r[tc[8]], *r[tc[8]] ? ")" : "");
		strbuf_adds(&ch->body, "set label ");
		gp_str(&ch->body, what.buf);
		if (*note_of(r, tc)) {
			strbuf_addf(&ch->body, " at 1,%.2f left font \",10\"\n",
				    y + 0.17);
			strbuf_adds(&ch->body, "set label ");
			gp_str(&ch->body, note_of(r, tc));
			strbuf_addf(&ch->body, " at 3,%.2f left font \",9\"\n",
				    y - 0.2);
		} else {
			strbuf_addf(&ch->body, " at 1,%.2f left font \",10\"\n", y);
		}
		strbuf_addf(&ch->body, "set object rect from 56,%.2f to 70,%.2f fc rgb \"%s\" fs solid 0.85 border lc rgb \"#666666\"\n",
			    y - 0.38, y + 0.38, rag_colour(act));
		strbuf_adds(&ch->body, "set label ");
		gp_str(&ch->body, act);
		strbuf_addf(&ch->body, " at 63,%.2f center front font \",10\"\n", y);
		strbuf_addf(&ch->body, "set object rect from 71,%.2f to 85,%.2f fc rgb \"%s\" fs solid 0.85 border lc rgb \"#666666\"\n",
			    y - 0.38, y + 0.38, rag_colour(r[tc[13]]));
		strbuf_adds(&ch->body, "set label ");
		gp_str(&ch->body, r[tc[13]]);
		strbuf_addf(&ch->body, " at 78,%.2f center front font \",10\"\n", y);
		strbuf_adds(&ch->body, "set label ");
		gp_str(&ch->body, latest.buf);
		strbuf_addf(&ch->body, " at 87,%.2f left font \",10\"\n", y);
		strbuf_release(&what);
		strbuf_release(&latest);
	}
	strbuf_adds(&ch->body, "plot -1 notitle\n");
}

/* "set output" to WORK/NAME.EXT, the path through gp_str(). */
static void set_output(struct strbuf *b, const char *work, const char *name,
		       const char *ext)
{
	struct strbuf path;

	strbuf_init(&path);
	strbuf_addf(&path, "%s/%s.%s", work, name, ext);
	strbuf_adds(b, "set output ");
	gp_str(b, path.buf);
	strbuf_adds(b, "\n");
	strbuf_release(&path);
}

static int write_script(struct charts *c, const char *path)
{
	struct strbuf b;
	FILE *fp;

	strbuf_init(&b);
	for (size_t i = 0; i < c->n; i++) {
		strbuf_adds(&b, "set terminal pngcairo size 1200,700 font \"DejaVu Sans,11\" noenhanced\n");
		set_output(&b, c->work, c->chart[i].name, "png");
		strbuf_adds(&b, c->chart[i].body.buf);
		strbuf_adds(&b, "set terminal svg size 1200,700 font \"DejaVu Sans,11\" noenhanced\n");
		set_output(&b, c->work, c->chart[i].name, "svg");
		strbuf_adds(&b, c->chart[i].body.buf);
	}
	/* The board pack: every chart a page, the grid first. */
	strbuf_adds(&b, "set terminal pdfcairo size 29.7cm,21cm font \"DejaVu Sans,10\" noenhanced\n");
	set_output(&b, c->work, "board-pack", "pdf");
	for (size_t i = 0; i < c->n; i++)
		strbuf_adds(&b, c->chart[i].body.buf);
	strbuf_adds(&b, "unset output\n");
	if (!(fp = fopen(path, "w"))) {
		err_set(&c->ms->err, DIP_EXIT_IO, path, 0, 0, "cannot create: %s",
			strerror(errno));
		strbuf_release(&b);
		return -1;
	}
	fwrite(b.buf, 1, b.len, fp);
	strbuf_release(&b);
	return gp_file_close(fp, path, &c->ms->err);
}

/* 1 when FILE ends as a whole file of its kind ends: gnuplot's cairo
 * and SVG terminals exit 0 after a write fails (a full disk), leaving a
 * short file, so that is only seen here. */
static int whole(const char *file, const char *ext)
{
	static const struct { const char *ext, *tail; size_t n; } k[] = {
		{ "png", "IEND\xae\x42\x60\x82", 8 },
		{ "svg", "</svg>", 6 },
		{ "pdf", "%%EOF", 5 },
	};
	char buf[32];
	FILE *fp = fopen(file, "rb");
	size_t i = 0, got;

	if (!fp)
		return 0;
	while (strcmp(k[i].ext, ext))
		i++;
	/* The marker, then at most a few line ends. */
	if (fseek(fp, -(long)sizeof(buf), SEEK_END))
		rewind(fp);
	got = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	while (got && (buf[got - 1] == '\n' || buf[got - 1] == '\r'))
		got--;
	return got >= k[i].n && !memcmp(buf + got - k[i].n, k[i].tail, k[i].n);
}

static void html_text(struct strbuf *b, const char *s)
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

/* A status as a CSS class: one of the words the style sheet knows. */
static const char *status_class(const char *v)
{
	static const char *const known[] = { "Green", "Amber", "Red", "Blue",
		"Grey" };

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(v, known[i]))
			return known[i];
	return "other";
}

static int write_index(struct charts *c, int tc[])
{
	FILE *fp = mstage_output(c->ms, "charts", "index.html", 0644);
	struct strbuf b;
	static const int show[] = { 0, 1, 2, 4, 5, 7, 8, 10, 12, 13, 14, TC_NOTE };
	static const char *const head[] = { "area", "title", "metric", "group",
		"period", "latest", "n", "target", "trend (3 months)", "impact",
		"activity", "note" };

	if (!fp)
		return -1;
	strbuf_init(&b);
	strbuf_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		    "<title>Improvement board pack</title>\n<style>\n"
		    "body{font-family:sans-serif;margin:2em;max-width:1250px}\n"
		    "table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px}\n"
		    ".Green{background:#009E73;color:#fff}.Amber{background:#E69F00}\n"
		    ".Red{background:#D55E00;color:#fff}.Blue{background:#0072B2;color:#fff}\n"
		    ".Grey{background:#BBB}\nimg{max-width:100%;border:1px solid #ccc}\n"
		    "</style></head><body>\n");
	strbuf_addf(&b, "<h1>Improvement board pack, as of %s</h1>\n"
		    "<p><a href=\"board-pack.pdf\">The whole pack as one PDF</a>. "
		    "Statuses are written as words as well as shown in colour.</p>\n",
		    c->as_of);
	if (c->has_tracker) {
		strbuf_adds(&b, "<h2>Improvement plan tracker</h2>\n<table>\n<tr>");
		for (size_t k = 0; k < sizeof(head) / sizeof(head[0]); k++)
			strbuf_addf(&b, "<th>%s</th>", head[k]);
		strbuf_adds(&b, "</tr>\n");
		for (size_t i = 0; i < c->tracker.nrows; i++) {
			strbuf_adds(&b, "<tr>");
			for (size_t k = 0; k < sizeof(show) / sizeof(show[0]); k++) {
				const char *v = show[k] == TC_NOTE
					? note_of(c->tracker.row[i], tc)
					: c->tracker.row[i][tc[show[k]]];

				if (k == 9 || k == 10)
					strbuf_addf(&b, "<td class=\"%s\">",
						    status_class(v));
				else
					strbuf_adds(&b, "<td>");
				html_text(&b, v);
				strbuf_adds(&b, "</td>");
			}
			strbuf_adds(&b, "</tr>\n");
		}
		strbuf_adds(&b, "</table>\n");
	}
	strbuf_adds(&b, "<h2>Charts</h2>\n");
	for (size_t i = 0; i < c->n; i++) {
		strbuf_adds(&b, "<h3>");
		html_text(&b, c->chart[i].title);
		strbuf_addf(&b, "</h3>\n<p><img src=\"%s.png\" alt=\"", c->chart[i].name);
		html_text(&b, c->chart[i].title);
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

/* Output K of 2n+1 (each chart's PNG and SVG, then the pack): its name
 * in SB, under DIR when DIR is not NULL; returns its kind. */
static const char *output(const struct charts *c, size_t k, const char *dir,
			  struct strbuf *sb)
{
	const char *ext = k == 2 * c->n ? "pdf" : k % 2 ? "svg" : "png";

	strbuf_reset(sb);
	if (dir)
		strbuf_addf(sb, "%s/", dir);
	strbuf_addf(sb, "%s.%s",
		    k == 2 * c->n ? "board-pack" : c->chart[k / 2].name, ext);
	return ext;
}

/* Every image and the pack whole, before any is published. */
static int check_outputs(struct charts *c)
{
	struct strbuf f;
	int rc = 0;

	strbuf_init(&f);
	for (size_t k = 0; k <= 2 * c->n && !rc; k++) {
		const char *ext = output(c, k, c->work, &f);

		if (whole(f.buf, ext))
			continue;
		if (gnuplot_disk_full(f.buf))
			err_set(&c->ms->err, DIP_EXIT_IO, f.buf, 0, 0,
				"gnuplot could not finish it: %s",
				strerror(ENOSPC));
		else
			/* Short but space left: a write error all the same
			 * (EIO), which gnuplot does not report. */
			err_set(&c->ms->err, DIP_EXIT_IO, f.buf, 0, 0,
				"gnuplot left it incomplete: a write failed");
		rc = -1;
	}
	strbuf_release(&f);
	return rc;
}

/* The work directory's images join the output set under charts/. */
static int publish(struct charts *c)
{
	struct strbuf from, name;
	int rc = 0;

	strbuf_init(&from);
	strbuf_init(&name);
	for (size_t k = 0; k <= 2 * c->n && !rc; k++) {
		output(c, k, c->work, &from);
		output(c, k, NULL, &name);
		rc = outset_copy(&c->ms->out, "charts", name.buf, from.buf,
				 0644, &c->ms->err);
	}
	strbuf_release(&from);
	strbuf_release(&name);
	return rc;
}

/* The work directory holds only the files this run made: unlink each. */
static void remove_work(const char *work)
{
	DIR *d = opendir(work);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d))) {
			char *path;

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			path = path_join(work, e->d_name);
			unlink(path);
			free(path);
		}
		closedir(d);
	}
	if (rmdir(work))
		error_msg("could not remove %s: %s", work, strerror(errno));
}

static int run(struct mstage *ms)
{
	static const char *const tcols[] = { "area", "title", "metric",
		"breakdown", "group", "period_type", "period_start",
		"latest_value", "n", "baseline", "target", "direction",
		"trend_3m", "impact_status", "activity_status" };
	struct charts c;
	int tc[TC_N], rc = -1;
	char *mdir = path_join(ms->tables, "metrics");
	char *tracker = path_join(ms->tables, "areas/tracker.csv");
	struct strbuf work, script, log;

	memset(&c, 0, sizeof(c));
	c.ms = ms;
	date_format(ms->as_of, c.as_of);
	strbuf_init(&work);
	strbuf_init(&script);
	strbuf_init(&log);
	if (metrics_load(&c.m, mdir, &ms->err))
		goto out;
	if (access(tracker, R_OK) == 0) {
		if (csv_table_load(&c.tracker, tracker, &ms->err))
			goto out;
		c.has_tracker = 1;
		for (int i = 0; i < TC_NOTE; i++)
			if ((tc[i] = csv_table_need(&c.tracker, tcols[i], &ms->err)) < 0)
				goto out;
		tc[TC_NOTE] = csv_table_col(&c.tracker, "note");
	} else {
		mstage_note(ms, "no_tracker", "run dip-areas first for the grid and trends");
	}
	/* Outside the run directory: a killed run leaves nothing there. */
	strbuf_addf(&work, "%s/dip-charts-XXXXXX",
		    getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(work.buf)) {
		err_set(&ms->err, DIP_EXIT_IO, work.buf, 0, 0,
			"cannot create directory: %s", strerror(errno));
		goto out;
	}
	c.work = work.buf;
	if (c.has_tracker) {
		grid_chart(&c, tc);
		for (size_t i = 0; i < c.tracker.nrows; i++)
			if (*c.tracker.row[i][tc[2]] && trend_chart(&c, i, tc))
				goto out;
	}
	if (audit_charts(&c) || dip_sample_charts(&c))
		goto out;
	strbuf_addf(&script, "%s/charts.gp", c.work);
	strbuf_addf(&log, "%s/gnuplot.log", c.work);
	if (!c.n) {
		mstage_note(ms, "no_charts", "no metrics to draw");
		rc = 0;
		goto out;
	}
	if (write_script(&c, script.buf) ||
	    gnuplot_run(script.buf, log.buf, &ms->err) ||
	    check_outputs(&c) || publish(&c) || (c.has_tracker ? write_index(&c, tc) : write_index(&c, NULL)))
		goto out;
	rc = 0;
out:
	if (c.work)
		remove_work(c.work);
	for (size_t i = 0; i < c.n; i++) {
		free(c.chart[i].name);
		free(c.chart[i].title);
		strbuf_release(&c.chart[i].body);
	}
	free(c.chart);
	if (c.has_tracker)
		csv_table_release(&c.tracker);
	metrics_release(&c.m);
	strbuf_release(&work);
	strbuf_release(&script);
	strbuf_release(&log);
	free(mdir);
	free(tracker);
	return rc ? (ms->err.status ? ms->err.status : DIP_EXIT_IO) : 0;
}

int main(int argc, char **argv)
{
	static const struct mstage_info info = { "charts", "\
The board's charts (README \"dip-charts\"), drawn by gnuplot from\n\
INPUT_RUN_DIR/metrics/*.csv and INPUT_RUN_DIR/areas/tracker.csv into\n\
RUN_DIR/charts/: a PNG and an SVG per chart, board-pack.pdf (the area\n\
grid first, then every chart) and index.html (no scripts).\n", run, 1 };

	return mstage_main(argc, argv, &info);
}
