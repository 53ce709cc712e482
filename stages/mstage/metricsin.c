/* metricsin.c - metrics CSVs read back; see metricsin.h. */
#include "mstage/metricsin.h"
#include "dip/csvio.h"
#include "dip/exitcode.h"
#include "mstage/metric.h"
#include "dip/number.h"
#include "dip/util.h"

#include <dirent.h>
#include <float.h>
#include <limits.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NFIELD 13

static const char *const fields[NFIELD] = { "metric", "unit", "period_type",
	"period_start", "period_end", "breakdown", "group", "numerator",
	"denominator", "value", "ci_low", "ci_high", "small_n" };

/* The index of the first numeric field that is not a number, or -1.
 * Counts are whole numbers, value and interval decimals, each may be
 * empty; small_n is 0 or 1. */
static int bad_number(char **f, const int *c)
{
	static const int count[] = { 7, 8 }, decimal[] = { 9, 10, 11 };
	unsigned long long u;
	double d;

	for (size_t i = 0; i < sizeof(count) / sizeof(count[0]); i++)
		if (*f[c[count[i]]] &&
		    parse_uint(f[c[count[i]]], 0, ULLONG_MAX, &u))
			return count[i];
	for (size_t i = 0; i < sizeof(decimal) / sizeof(decimal[0]); i++)
		if (*f[c[decimal[i]]] &&
		    parse_decimal(f[c[decimal[i]]], -DBL_MAX, DBL_MAX, &d))
			return decimal[i];
	if (strcmp(f[c[12]], "0") && strcmp(f[c[12]], "1"))
		return 12;
	return -1;
}

/* Append the rows of one metrics CSV to m: 0, or -1 with err at the
 * file and line. */
static int load_file(struct metrics *m, const char *path, struct dip_err *err)
{
	struct csv_table t;
	int c[NFIELD];

	if (csv_table_load(&t, path, err))
		return -1;
	for (int i = 0; i < NFIELD; i++)
		if ((c[i] = csv_table_need(&t, fields[i], err)) < 0) {
			csv_table_release(&t);
			return -1;
		}
	for (size_t r = 0; r < t.nrows; r++) {
		struct mrow *x;
		char **f = t.row[r];
		int bad = bad_number(f, c);

		if (bad >= 0) {
			err_set(err, DIP_EXIT_DATA, path, t.line[r], 0,
				"'%s' is not a number: '%s'", fields[bad],
				f[c[bad]]);
			csv_table_release(&t);
			return -1;
		}

		XGROW(m->row, m->cap, m->n + 1);
		x = &m->row[m->n++];
		x->metric = xstrdup(csv_cell_text(f[c[0]]));
		x->unit = xstrdup(csv_cell_text(f[c[1]]));
		x->ptype = xstrdup(csv_cell_text(f[c[2]]));
		x->start = xstrdup(csv_cell_text(f[c[3]]));
		x->end = xstrdup(csv_cell_text(f[c[4]]));
		x->breakdown = xstrdup(csv_cell_text(f[c[5]]));
		x->group = xstrdup(csv_cell_text(f[c[6]]));
		x->num = xstrdup(f[c[7]]);
		x->den = xstrdup(f[c[8]]);
		x->value = xstrdup(f[c[9]]);
		x->lo = xstrdup(f[c[10]]);
		x->hi = xstrdup(f[c[11]]);
		x->small_n = !strcmp(f[c[12]], "1");
		x->v = 0;
		if (*x->value)
			parse_decimal(x->value, -DBL_MAX, DBL_MAX, &x->v);
	}
	csv_table_release(&t);
	return 0;
}

/* A stage's notes: keep the metrics it left out, and why. */
static int load_notes(struct metrics *m, const char *path, struct dip_err *err)
{
	struct csv_table t;
	int note, value;

	if (csv_table_load(&t, path, err))
		return -1;
	if ((note = csv_table_need(&t, "note", err)) < 0 ||
	    (value = csv_table_need(&t, "value", err)) < 0) {
		csv_table_release(&t);
		return -1;
	}
	for (size_t r = 0; r < t.nrows; r++) {
		const char *v = t.row[r][value], *sep = strstr(v, ": ");
		struct mmissing *x;

		if (strcmp(t.row[r][note], METRIC_NOT_COMPUTED) || !sep)
			continue;
		XGROW(m->missing, m->capmissing, m->nmissing + 1);
		x = &m->missing[m->nmissing++];
		x->metric = xstrndup(v, (size_t)(sep - v));
		x->reason = xstrdup(sep + 2);
	}
	csv_table_release(&t);
	return 0;
}

/* A stage's notes or definitions, beside its metrics: not metrics. */
static int is_beside(const char *name)
{
	static const char *const tail[] = { "-notes.csv", "-defs.csv" };
	size_t len = strlen(name);

	for (size_t i = 0; i < sizeof(tail) / sizeof(tail[0]); i++)
		if (len > strlen(tail[i]) &&
		    !strcmp(name + len - strlen(tail[i]), tail[i]))
			return 1;
	return 0;
}

/* A stage's definitions (metric.h): each metric's unit, kind and title. */
static int load_defs(struct metrics *m, const char *path, struct dip_err *err)
{
	static const char *const col[] = { "metric", "unit", "kind", "title" };
	struct csv_table t;
	int c[4], rc = 0;

	if (csv_table_load(&t, path, err))
		return -1;
	for (int i = 0; i < 4; i++)
		if ((c[i] = csv_table_need(&t, col[i], err)) < 0) {
			csv_table_release(&t);
			return -1;
		}
	for (size_t r = 0; r < t.nrows && !rc; r++) {
		char **f = t.row[r];
		int kind = metric_kind_parse(f[c[2]]);
		struct mdef *x;

		if (kind < 0) {
			err_set(err, DIP_EXIT_DATA, path, t.line[r], 0,
				"'kind' is not a kind of metric: '%s'", f[c[2]]);
			rc = -1;
			break;
		}
		XGROW(m->def, m->capdef, m->ndef + 1);
		x = &m->def[m->ndef++];
		x->metric = xstrdup(csv_cell_text(f[c[0]]));
		x->unit = xstrdup(csv_cell_text(f[c[1]]));
		x->title = xstrdup(csv_cell_text(f[c[3]]));
		x->kind = kind;
	}
	csv_table_release(&t);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int metrics_load(struct metrics *m, const char *dir, struct dip_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	memset(m, 0, sizeof(*m));
	if (!d) {
		err_set(err, DIP_EXIT_IO, dir, 0, 0, "cannot open: %s",
			strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len < 5 || strcmp(e->d_name + len - 4, ".csv") ||
		    is_beside(e->d_name))
			continue;
		XGROW(names, cap, n + 1);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	/* Read in name order, so that the same files give the same rows. */
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		char *path = path_join(dir, names[i]);
		struct strbuf notes, defs;

		/* A metrics file's own notes (<stage>-notes.csv beside
		 * <stage>.csv) say which of its metrics were left out; its
		 * definitions (<stage>-defs.csv, absent from a run older
		 * than them) what each is. */
		strbuf_init(&notes);
		strbuf_add(&notes, path, strlen(path) - 4);
		strbuf_init(&defs);
		strbuf_adds(&defs, notes.buf);
		strbuf_adds(&notes, "-notes.csv");
		strbuf_adds(&defs, "-defs.csv");
		if (!rc && (load_file(m, path, err) ||
			    (access(notes.buf, F_OK) == 0 &&
			     load_notes(m, notes.buf, err)) ||
			    (access(defs.buf, F_OK) == 0 &&
			     load_defs(m, defs.buf, err))))
			rc = -1;
		strbuf_release(&notes);
		strbuf_release(&defs);
		free(path);
		free(names[i]);
	}
	free(names);
	if (rc)
		metrics_release(m);
	return rc;
}

void metrics_release(struct metrics *m)
{
	for (size_t i = 0; i < m->n; i++) {
		struct mrow *x = &m->row[i];
		char **f[] = { &x->metric, &x->unit, &x->ptype, &x->start, &x->end,
			       &x->breakdown, &x->group, &x->num, &x->den,
			       &x->value, &x->lo, &x->hi };

		for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++)
			free(*f[k]);
	}
	free(m->row);
	for (size_t i = 0; i < m->nmissing; i++) {
		free(m->missing[i].metric);
		free(m->missing[i].reason);
	}
	free(m->missing);
	for (size_t i = 0; i < m->ndef; i++) {
		free(m->def[i].metric);
		free(m->def[i].unit);
		free(m->def[i].title);
	}
	free(m->def);
	memset(m, 0, sizeof(*m));
}

int mrow_percent(const struct mrow *r)
{
	return *r->den != '\0' && strcmp(r->value, r->num) != 0;
}

const struct mdef *metrics_def(const struct metrics *m, const char *metric)
{
	for (size_t i = 0; i < m->ndef; i++)
		if (!strcmp(m->def[i].metric, metric))
			return &m->def[i];
	return NULL;
}

int metrics_percent(const struct metrics *m, const struct mrow *r)
{
	const struct mdef *d = metrics_def(m, r->metric);

	return d ? d->kind == METRIC_PROPORTION : mrow_percent(r);
}

const char *metrics_not_computed(const struct metrics *m, const char *metric)
{
	for (size_t i = 0; i < m->nmissing; i++)
		if (!strcmp(m->missing[i].metric, metric))
			return m->missing[i].reason;
	return NULL;
}

int metrics_has(const struct metrics *m, const char *metric)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->row[i].metric, metric))
			return 1;
	return 0;
}

static int cmp_start(const void *a, const void *b)
{
	return strcmp((*(const struct mrow *const *)a)->start,
		      (*(const struct mrow *const *)b)->start);
}

/* A filter: NULL wants anything. */
static int match(const char *want, const char *have)
{
	return !want || !strcmp(want, have);
}

size_t metrics_series(const struct metrics *m, const char *metric,
		      const char *ptype, const char *breakdown,
		      const char *group, const struct mrow ***out)
{
	const struct mrow **s = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < m->n; i++) {
		const struct mrow *r = &m->row[i];

		if (match(metric, r->metric) && match(ptype, r->ptype) &&
		    match(breakdown, r->breakdown) && match(group, r->group)) {
			XGROW(s, cap, n + 1);
			s[n++] = r;
		}
	}
	if (n > 1)
		qsort(s, n, sizeof(*s), cmp_start);
	*out = s;
	return n;
}
