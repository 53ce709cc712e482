/* metric.c - Wilson intervals and the tidy metrics CSV; see metric.h. */
#include "mstage/metric.h"
#include "dip/csvio.h"
#include "dip/util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void wilson(long k, long n, double *lo, double *hi)
{
	const double z = 1.959963984540054;
	double p = (double)k / (double)n, z2n = z * z / (double)n;
	double centre = (p + z2n / 2) / (1 + z2n);
	double half = z * sqrt(p * (1 - p) / (double)n + z2n / (4 * (double)n)) /
		      (1 + z2n);

	*lo = 100 * (centre - half < 0 ? 0 : centre - half);
	*hi = 100 * (centre + half > 1 ? 1 : centre + half);
}

/* 1 when metric m has rows in period p: a snapshot metric in the
 * as-of period only, a periodic one in every other. */
static int applies(const struct tally *t, int m, int p)
{
	int snap = t->period[p].type == PERIOD_AS_OF;

	if (t->not_computed[m])
		return 0;
	return t->def[m].snapshot ? snap : !snap;
}

static uint32_t row_hash(int m, int p, const char *b, const char *g)
{
	uint64_t h = HASH_START;

	h = hash_add(h, (uint64_t)m);
	h = hash_add(h, (uint64_t)p);
	h = hash_add(h, (uint64_t)(uintptr_t)b);
	return hash_end(hash_add(h, (uint64_t)(uintptr_t)g));
}

/*
 * A stage counts each record under a handful of rows, mostly passing the
 * same strings at the same addresses (a band's label, a team's name in
 * the loaded table), so the rows it asked for lately are remembered by
 * the addresses it gave: a hit costs a few compares, not two string
 * hashes and three probes.  An address is never trusted alone: the
 * text there is compared with the row's (and the row's metric and period
 * with those asked for), so a buffer reused for other text is a miss,
 * never the wrong row.
 */
#define SEEN_SLOTS 1024

struct tally_seen {
	const char *breakdown, *group;   /* as the caller gave them */
	int m, p;
	uint32_t id;                     /* row id, 0: empty */
};

static struct tally_seen *seen_slot(struct tally *t, int m, int p,
				    const char *breakdown, const char *group)
{
	uint32_t h = row_hash(m, p, breakdown, group);

	if (!t->seen)
		t->seen = xcalloc(SEEN_SLOTS, sizeof(*t->seen));
	return &t->seen[h & (SEEN_SLOTS - 1)];
}

/* Index every row again: after the rows have been sorted. */
static void reindex(struct tally *t)
{
	/* Row ids have changed: what was seen names other rows now. */
	if (t->seen)
		memset(t->seen, 0, SEEN_SLOTS * sizeof(*t->seen));
	hashtab_clear(&t->index);
	for (size_t i = 0; i < t->n; i++) {
		const struct tally_row *r = &t->row[i];

		hashtab_add(&t->index, row_hash(r->metric, r->period,
						r->breakdown, r->group),
			    (uint32_t)(i + 1));
	}
}

/* b's place in the order breakdowns were first seen (added if new):
 * the rows' sort key after the metric and period. */
static int breakdown_order(struct tally *t, const char *b)
{
	for (int i = 0; i < t->nborder; i++)
		if (t->border[i] == b)
			return i;
	t->border = xrealloc(t->border, (size_t)(t->nborder + 1) *
				       sizeof(*t->border));
	t->border[t->nborder] = b;
	return t->nborder++;
}

struct row_key {
	const struct tally *t;
	int m, p;
	const char *b, *g;
};

/* hashtab_match: row id - 1 has the probe's metric, period, breakdown
 * and group. */
static int same_row(const void *key, uint32_t id)
{
	const struct row_key *k = key;
	const struct tally_row *r = &k->t->row[id - 1];

	return r->metric == k->m && r->period == k->p &&
	       r->breakdown == k->b && r->group == k->g;
}

/* The row of metric m, period p, breakdown and group (NULL group:
 * "unknown"), made zero if new; valid until the next row is made. */
static struct tally_row *row_for(struct tally *t, int m, int p,
				 const char *breakdown, const char *group)
{
	const char *gin = group ? group : "unknown";
	struct tally_seen *s = seen_slot(t, m, p, breakdown, gin);
	const char *b, *g;
	struct row_key k;
	uint32_t h, id;
	struct tally_row *r;
	size_t at;

	if (s->id && s->breakdown == breakdown && s->group == gin &&
	    s->m == m && s->p == p) {
		r = &t->row[s->id - 1];
		if (r->metric == m && r->period == p &&
		    !strcmp(r->breakdown, breakdown) && !strcmp(r->group, gin))
			return r;
	}
	b = intern_str(&t->names, breakdown);
	g = intern_str(&t->names, gin);
	k = (struct row_key){ t, m, p, b, g };
	h = row_hash(m, p, b, g);
	if ((id = hashtab_find(&t->index, h, same_row, &k, &at))) {
		*s = (struct tally_seen){ breakdown, gin, m, p, id };
		return &t->row[id - 1];
	}
	XGROW(t->row, t->cap, t->n + 1);
	r = &t->row[t->n];
	memset(r, 0, sizeof(*r));
	r->metric = m;
	r->period = p;
	r->breakdown = b;
	r->group = g;
	r->border = breakdown_order(t, b);
	hashtab_add_at(&t->index, at, h, (uint32_t)++t->n);
	*s = (struct tally_seen){ breakdown, gin, m, p, (uint32_t)t->n };
	return r;
}

void tally_init(struct tally *t, const struct metric_def *def, int ndef,
		const struct period *period, int nperiod)
{
	memset(t, 0, sizeof(*t));
	t->def = def;
	t->ndef = ndef;
	t->period = period;
	t->nperiod = nperiod;
	t->not_computed = xcalloc(ndef ? (size_t)ndef : 1, sizeof(char *));
	intern_init(&t->names);
	hashtab_init(&t->index, 128);
	for (int m = 0; m < ndef; m++)
		for (int p = 0; p < nperiod; p++)
			if (applies(t, m, p))
				row_for(t, m, p, "all", "all");
}

void tally_release(struct tally *t)
{
	intern_release(&t->names);
	free(t->row);
	hashtab_release(&t->index);
	free(t->seen);
	free(t->border);
	free(t->not_computed);
	free(t->rolling);
	memset(t, 0, sizeof(*t));
}

void tally_add(struct tally *t, int m, int p, const char *breakdown,
	       const char *group, int num, int den)
{
	struct tally_row *r;

	if (!applies(t, m, p))
		return;
	r = row_for(t, m, p, breakdown, group);
	r->num += num != 0;
	r->den += den != 0;
}

void tally_set_count(struct tally *t, int m, int p, const char *breakdown,
		     const char *group, const char *unit_override, long n)
{
	struct tally_row *r;

	if (!applies(t, m, p))
		return;
	r = row_for(t, m, p, breakdown, group);
	r->num += n;
	r->unit = unit_override;
}

void tally_set_ratio(struct tally *t, int m, int p, const char *breakdown,
		     const char *group, long num, long den, double value)
{
	struct tally_row *r;

	if (!applies(t, m, p))
		return;
	r = row_for(t, m, p, breakdown, group);
	r->num = num;
	r->den = den;
	r->value = value;
	r->has_value = 1;
}

void tally_not_computed(struct tally *t, int m, const char *reason)
{
	t->not_computed[m] = reason;
}

static const struct period *period_of(const struct tally *t, int p)
{
	return p < t->nperiod ? &t->period[p] : &t->rolling[p - t->nperiod];
}

/*
 * The rolling rows of every proportion, summed from its month rows.  A
 * rolling period ending with trend month j covers months j-N+1..j, so it
 * exists only from the N-th trend month on; it ends where month j ends
 * (the as-of date for the current month, which is then "to date").
 */
static void add_rolling(struct tally *t)
{
	static const struct { enum period_type type; int months; } kind[] = {
		{ PERIOD_ROLLING_3M, 3 }, { PERIOD_ROLLING_6M, 6 },
		{ PERIOD_ROLLING_12M, 12 },
	};
	int month[PERIOD_MAX], nmonth = 0, first[3];
	size_t n = t->n;

	for (int p = 0; p < t->nperiod; p++)
		if (t->period[p].type == PERIOD_MONTH)
			month[nmonth++] = p;
	t->rolling = xcalloc((size_t)(3 * nmonth + 1), sizeof(*t->rolling));
	for (int k = 0; k < 3; k++) {
		first[k] = t->nperiod + t->nrolling;
		for (int j = kind[k].months - 1; j < nmonth; j++) {
			struct period *r = &t->rolling[t->nrolling++];

			r->type = kind[k].type;
			r->start = t->period[month[j - kind[k].months + 1]].start;
			r->end = t->period[month[j]].end;
		}
	}
	for (size_t i = 0; i < n; i++) {
		int m = t->row[i].metric, j;

		if (t->def[m].kind != METRIC_PROPORTION ||
		    t->period[t->row[i].period].type != PERIOD_MONTH)
			continue;
		for (j = 0; month[j] != t->row[i].period; j++)
			;
		for (int k = 0; k < 3; k++) {
			int len = kind[k].months;

			/* Month j is in the periods ending with months j..j+len-1. */
			for (int e = j > len - 1 ? j : len - 1;
			     e < nmonth && e < j + len; e++) {
				struct tally_row *r = row_for(t, m, first[k] + e - (len - 1),
							      t->row[i].breakdown,
							      t->row[i].group);

				r->num += t->row[i].num;
				r->den += t->row[i].den;
			}
		}
	}
}

static int cmp_row(const void *a, const void *b)
{
	const struct tally_row *x = a, *y = b;
	int xall, yall;

	if (x->metric != y->metric)
		return x->metric - y->metric;
	if (x->period != y->period)
		return x->period - y->period;
	if (x->border != y->border)
		return x->border - y->border;
	/* "all" first within a breakdown, then groups in order. */
	xall = !strcmp(x->group, "all");
	yall = !strcmp(y->group, "all");
	if (xall != yall)
		return yall - xall;
	return strcmp(x->group, y->group);
}

int tally_write(struct tally *t, FILE *fp, long small_n)
{
	static const char *const head[] = { "metric", "unit", "period_type",
		"period_start", "period_end", "breakdown", "group", "numerator",
		"denominator", "value", "ci_low", "ci_high", "small_n" };
	struct strbuf row;
	int rc = 0;

	if (!t->rolling)
		add_rolling(t);
	if (t->n)
		qsort(t->row, t->n, sizeof(*t->row), cmp_row);
	reindex(t);
	if (csv_write_row(fp, head, 13))
		return -1;
	strbuf_init(&row);
	for (size_t i = 0; i < t->n && !rc; i++) {
		const struct tally_row *r = &t->row[i];
		const struct metric_def *d = &t->def[r->metric];
		const struct period *p = period_of(t, r->period);
		char s[DIP_DATE_LEN], e[DIP_DATE_LEN];

		if (t->not_computed[r->metric])
			continue;
		strbuf_reset(&row);
		csv_add_field(&row, d->id, 1);
		csv_add_field(&row, r->unit ? r->unit : d->unit, 0);
		csv_add_field(&row, period_type_name(p->type), 0);
		csv_add_field(&row, date_format(p->start, s), 0);
		csv_add_field(&row, date_format(p->end, e), 0);
		csv_add_field(&row, r->breakdown, 0);
		csv_add_field(&row, r->group, 0);
		if (d->kind == METRIC_RATIO) {
			if (r->has_value)
				strbuf_addf(&row, ",%ld,%ld,%.3f,,,%d\n", r->num,
					    r->den, r->value, r->den < small_n);
			else
				strbuf_addf(&row, ",%ld,%ld,,,,%d\n", r->num,
					    r->den, r->den < small_n);
		} else if (d->kind == METRIC_COUNT || r->unit) {
			strbuf_addf(&row, ",%ld,,%ld,,,0\n", r->num, r->num);
		} else if (d->kind == METRIC_COUNT_OF) {
			strbuf_addf(&row, ",%ld,%ld,%ld,,,%d\n", r->num, r->den,
				    r->num, r->den < small_n);
		} else if (r->den == 0) {
			strbuf_addf(&row, ",0,0,,,,1\n");
		} else {
			double lo, hi;

			wilson(r->num, r->den, &lo, &hi);
			strbuf_addf(&row, ",%ld,%ld,%.1f,%.1f,%.1f,%d\n", r->num,
				    r->den, 100.0 * (double)r->num / (double)r->den,
				    lo, hi, r->den < small_n);
		}
		if (fwrite(row.buf, 1, row.len, fp) != row.len)
			rc = -1;
	}
	strbuf_release(&row);
	return rc;
}

static const char *const kind_name[] = {
	[METRIC_COUNT] = "count", [METRIC_PROPORTION] = "proportion",
	[METRIC_RATIO] = "ratio", [METRIC_COUNT_OF] = "count_of",
};

const char *metric_kind_name(enum metric_kind k)
{
	return kind_name[k];
}

int metric_kind_parse(const char *s)
{
	for (size_t k = 0; k < sizeof(kind_name) / sizeof(kind_name[0]); k++)
		if (!strcmp(s, kind_name[k]))
			return (int)k;
	return -1;
}

int metric_defs_write(const struct metric_def *def, int ndef, FILE *fp)
{
	static const char *const head[] = { "metric", "unit", "kind", "title" };

	if (csv_write_row(fp, head, 4))
		return -1;
	for (int m = 0; m < ndef; m++) {
		const char *row[4] = { def[m].id, def[m].unit,
			metric_kind_name(def[m].kind), def[m].title };

		if (csv_write_row(fp, row, 4))
			return -1;
	}
	return 0;
}
