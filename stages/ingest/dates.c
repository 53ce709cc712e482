/*
 * dates.c - every impossible (or suspicious) order of two dates that the
 * merged history shows, by the rules of dateorder.h, so that the report
 * names exactly what the metric stages will leave out.  The record is
 * kept as it is: the report says what was wrong, the stages decide what
 * each metric can still use.
 *
 * A rule between two columns of one record, or of a record and its
 * ancestor, is checked on the deeper record; two rules pair records by
 * something else (a child's plans in start order; an audit and the one
 * it re-audits), and one compares every date with its own export's
 * DateTime.  A map without a rule's table or column skips the rule.
 */
#include "dip/dateorder.h"
#include "dip/hashtab.h"
#include "ingest/run.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pair_cols {
	int first_table, first_col, second_table, second_col;
	int deep;                       /* the table checked; -1: skip */
};

struct dates {
	struct ingest *g;
	struct pair_cols pair[DC_COUNT];
	unsigned char **is_date;        /* [table][col]: a date field, see
					 * mark_dates() */
	/* Each distinct date string parsed once: values are interned, so
	 * the string's id finds its day. */
	struct hashtab days;            /* ids index day_key[], day[] */
	uint32_t *day_key;
	dip_date *day;
	size_t nday, capday;
	dip_date *export_day;           /* per file, DIP_DATE_NONE unknown */
	int plans, plan_start, plan_end;
	int audits, audit_date, reaudit_of;
	const struct rec **buf;         /* scratch for sorting */
	size_t cap;
};

static int same_day(const void *key, uint32_t id)
{
	const struct dates *d = ((const void *const *)key)[0];
	const uint32_t *s = ((const void *const *)key)[1];

	return d->day_key[id - 1] == *s;
}

/* The day of r's value col, each distinct string parsed once;
 * DIP_DATE_NONE for no record, no column, no value or not a date. */
static dip_date date_of(struct dates *d, const struct rec *r, int col)
{
	const void *key[2];
	const char *s;
	uint32_t h, id, sid;
	size_t at;

	if (!r || col < 0 || !(s = rec_val(&d->g->store, r, (size_t)col)))
		return DIP_DATE_NONE;
	sid = intern_id(s);
	key[0] = d;
	key[1] = &sid;
	h = hash_end(hash_add(HASH_START, sid));
	if ((id = hashtab_find(&d->days, h, same_day, key, &at)))
		return d->day[id - 1];
	if (d->nday == d->capday) {
		XGROW(d->day_key, d->capday, d->nday + 1);
		d->day = xrealloc(d->day, d->capday * sizeof(*d->day));
	}
	d->day_key[d->nday] = sid;
	if (date_parse(s, intern_len(s), &d->day[d->nday]))
		d->day[d->nday] = DIP_DATE_NONE;
	hashtab_add_at(&d->days, at, h, (uint32_t)++d->nday);
	return d->day[d->nday - 1];
}

/* Is table up t itself, or a table that t nests in? */
static int is_ancestor(const struct exportmap *m, int up, int t)
{
	for (; t >= 0; t = m->table[t].parent)
		if (t == up)
			return 1;
	return 0;
}

/* For each rule between two columns, the table it is checked on: the
 * deeper of the two, when one nests in the other; -1 (skipped) when the
 * map lacks one or they lie on different branches. */
static void find_pairs(struct dates *d)
{
	const struct exportmap *m = d->g->map;

	for (int c = 0; c < DC_COUNT; c++) {
		const struct date_check_def *def = &date_checks[c];
		struct pair_cols *p = &d->pair[c];

		p->deep = -1;
		if (!def->first_table || !def->second_table)
			continue;
		p->first_table = map_table_index(m, def->first_table);
		p->second_table = map_table_index(m, def->second_table);
		if (p->first_table < 0 || p->second_table < 0)
			continue;
		p->first_col = map_col_index(m, p->first_table, def->first_col);
		p->second_col = map_col_index(m, p->second_table, def->second_col);
		if (p->first_col < 0 || p->second_col < 0)
			continue;
		if (is_ancestor(m, p->first_table, p->second_table))
			p->deep = p->second_table;
		else if (is_ancestor(m, p->second_table, p->first_table))
			p->deep = p->first_table;
	}
}

/* Which columns are dates checked against the export's DateTime: the
 * fields of the map typed `date`, but for dates planned ahead. */
static void mark_dates(struct dates *d, const struct map_node *n)
{
	const struct map_table *t = n->field_table >= 0
				    ? &d->g->map->table[n->field_table] : NULL;

	if (t && n->field_col >= 0 && n->type == MAP_DATE && !t->is_header &&
	    !date_column_planned(t->col[n->field_col].name))
		d->is_date[n->field_table][n->field_col] = 1;
	for (size_t i = 0; i < n->nchild; i++)
		mark_dates(d, n->child[i]);
}

static void dates_init(struct dates *d, struct ingest *g)
{
	const struct exportmap *m = g->map;

	memset(d, 0, sizeof(*d));
	d->g = g;
	hashtab_init(&d->days, 1024);
	find_pairs(d);
	d->is_date = xcalloc(m->ntable, sizeof(*d->is_date));
	for (size_t t = 0; t < m->ntable; t++)
		d->is_date[t] = xcalloc(m->table[t].ncol + 1, 1);
	mark_dates(d, &m->top);
	d->export_day = xcalloc(g->nfile + 1, sizeof(*d->export_day));
	for (size_t f = 0; f < g->nfile; f++) {
		const char *dt = ingest_header(g, &g->file[f], "export_datetime");

		if (!dt || strlen(dt) < 10 || date_parse(dt, 10, &d->export_day[f]))
			d->export_day[f] = DIP_DATE_NONE;
	}
	d->plans = map_table_index(m, "cp_plans");
	d->plan_start = d->plans < 0 ? -1 : map_col_index(m, d->plans, "start_date");
	d->plan_end = d->plans < 0 ? -1 : map_col_index(m, d->plans, "end_date");
	d->audits = map_table_index(m, "audits");
	d->audit_date = d->audits < 0 ? -1 : map_col_index(m, d->audits, "audit_date");
	d->reaudit_of = d->audits < 0 ? -1 : map_col_index(m, d->audits, "reaudit_of");
}

static void dates_release(struct dates *d)
{
	for (size_t t = 0; t < d->g->map->ntable; t++)
		free(d->is_date[t]);
	free(d->is_date);
	free(d->export_day);
	free(d->buf);
	free(d->day_key);
	free(d->day);
	hashtab_release(&d->days);
}

/*
 * Where a value of r came from: its file, and r's line in that file
 * when the store knows it (the first and the latest file that carried
 * the record), else 0.
 */
static void site(const struct store *s, const struct rec *r, int col,
		 int *file, long *line)
{
	*file = rec_src(s, r, (size_t)col);
	*line = *file == rec_file(r) ? rec_line(r)
	      : *file == rec_last_file(s, r) ? rec_last_line(s, r) : 0;
}

/* Warn that rule c fails on record at, placed where its value col came
 * from. */
static void report_pair(struct dates *d, enum date_check c,
			const struct rec *at, int col, dip_date first,
			dip_date second)
{
	const struct date_check_def *def = &date_checks[c];
	char a[DIP_DATE_LEN], b[DIP_DATE_LEN], value[2 * DIP_DATE_LEN];
	int file;
	long line;

	site(&d->g->store, at, col, &file, &line);
	date_format(first, a);
	date_format(second, b);
	snprintf(value, sizeof(value), "%s/%s", a, b);
	if (def->slack)
		ingest_warn_at(d->g, at, file, line, def->id, value,
			       "%s %s is more than %d days before %s %s",
			       def->second_what, b, def->slack,
			       def->first_what, a);
	else
		ingest_warn_at(d->g, at, file, line, def->id, value,
			       "%s %s is before %s %s", def->second_what, b,
			       def->first_what, a);
}

/* r, or the ancestor of r, of table; NULL if none. */
static const struct rec *up_to(const struct store *s, const struct rec *r,
			       int table)
{
	while (r && r->table != table)
		r = rec_up(s, r);
	return r;
}

/* The rules within one record or between it and an ancestor. */
static void check_pairs(struct dates *d, const struct rec *r)
{
	for (int c = 0; c < DC_COUNT; c++) {
		const struct pair_cols *p = &d->pair[c];
		dip_date first, second;

		if (p->deep != r->table)
			continue;
		first = date_of(d, up_to(&d->g->store, r, p->first_table),
				p->first_col);
		second = date_of(d, up_to(&d->g->store, r, p->second_table),
				 p->second_col);
		if (!date_order_ok(c, first, second))
			report_pair(d, c, r, p->second_table == r->table
					   ? p->second_col : p->first_col,
				    first, second);
	}
}

/* Every date of r against the DateTime of the export it came from. */
static void check_export(struct dates *d, const struct rec *r)
{
	const struct map_table *t = &d->g->map->table[r->table];
	const struct store *s = &d->g->store;

	for (size_t col = 0; col < t->ncol; col++) {
		dip_date v, exported;

		if (!d->is_date[r->table][col] || !rec_val(s, r, col))
			continue;
		v = date_of(d, r, (int)col);
		exported = d->export_day[rec_src(s, r, col)];
		if (!date_order_ok(DC_DATE_AFTER_EXPORT, v, exported)) {
			const char *dt = ingest_header(d->g, &d->g->file[rec_src(s, r, col)],
						       "export_datetime");
			char value[2 * DIP_DATE_LEN], a[DIP_DATE_LEN], b[DIP_DATE_LEN];
			int file;
			long line;

			site(s, r, (int)col, &file, &line);
			snprintf(value, sizeof(value), "%s/%s", date_format(v, a),
				 date_format(exported, b));
			ingest_warn_at(d->g, r, file, line,
				       date_checks[DC_DATE_AFTER_EXPORT].id, value,
				       "%s %s is after the export's DateTime %s",
				       t->col[col].name, a, dt);
		}
	}
}

static void walk(struct dates *d, const struct rec *r)
{
	check_pairs(d, r);
	check_export(d, r);
	for (const struct rec *c = rec_child(&d->g->store, r); c;
	     c = rec_next(&d->g->store, c))
		walk(d, c);
}

/* qsort has no context argument: the store and the column compared,
 * set just before. */
static const struct store *sort_store;
static int sort_col;

static int cmp_by_col(const void *a, const void *b)
{
	const struct rec *x = *(const struct rec *const *)a;
	const struct rec *y = *(const struct rec *const *)b;
	const char *xv = rec_val(sort_store, x, (size_t)sort_col);
	const char *yv = rec_val(sort_store, y, (size_t)sort_col);

	return strcmp(xv ? xv : "", yv ? yv : "");
}

/* A child's plans in start order (ISO dates sort as strings), in any
 * episode: each must start on or after the previous one's end. */
static void check_plans(struct dates *d, const struct rec *child)
{
	size_t n = 0;

	if (d->plans < 0 || d->plan_start < 0 || d->plan_end < 0)
		return;
	const struct store *s = &d->g->store;

	for (const struct rec *e = rec_child(s, child); e; e = rec_next(s, e))
		for (const struct rec *p = rec_child(s, e); p;
		     p = rec_next(s, p))
			if (p->table == d->plans) {
				XGROW(d->buf, d->cap, n + 1);
				d->buf[n++] = p;
			}
	sort_store = s;
	sort_col = d->plan_start;
	if (n > 1)
		qsort(d->buf, n, sizeof(*d->buf), cmp_by_col);
	for (size_t i = 1; i < n; i++) {
		dip_date end = date_of(d, d->buf[i - 1], d->plan_end);
		dip_date start = date_of(d, d->buf[i], d->plan_start);

		if (!date_order_ok(DC_CP_PLANS_OVERLAP, end, start))
			report_pair(d, DC_CP_PLANS_OVERLAP, d->buf[i],
				    d->plan_start, end, start);
	}
}

/* An audit's (lea, id), as ids: values are interned, so ids compare. */
struct audit_key {
	uint32_t lea, id;
	const struct rec *r;
};

static int cmp_audit(const void *a, const void *b)
{
	const struct audit_key *x = a, *y = b;

	if (x->lea != y->lea)
		return x->lea < y->lea ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* The top-level audits sorted by (lea, id) for check_reaudit()'s
 * bsearch(), *n of them (none if the map lacks a column); the caller
 * frees the array. */
static struct audit_key *audit_index(struct dates *d, size_t *n)
{
	const struct store *s = &d->g->store;
	struct audit_key *byid = xcalloc(s->ntop + 1, sizeof(*byid));

	*n = 0;
	if (d->audits < 0 || d->audit_date < 0 || d->reaudit_of < 0)
		return byid;
	for (size_t i = 0; i < s->ntop; i++) {
		const struct rec *r = store_top(s, i);

		if (r->table != d->audits)
			continue;
		byid[*n].lea = intern_id(rec_lea(s, r));
		byid[*n].id = intern_id(rec_key(s, r));
		byid[(*n)++].r = r;
	}
	if (*n > 1)
		qsort(byid, *n, sizeof(*byid), cmp_audit);
	return byid;
}

/* A re-audit dated before the audit its ReauditOf names. */
static void check_reaudit(struct dates *d, const struct rec *a,
			  const struct audit_key *byid, size_t n)
{
	const struct store *s = &d->g->store;
	const struct audit_key *hit;
	struct audit_key probe;
	dip_date before, after;
	const char *of;

	if (!n || a->table != d->audits ||
	    !(of = rec_val(s, a, (size_t)d->reaudit_of)))
		return;
	probe.lea = intern_id(rec_lea(s, a));
	probe.id = intern_id(of);
	hit = bsearch(&probe, byid, n, sizeof(*byid), cmp_audit);
	if (!hit)
		return;
	before = date_of(d, hit->r, d->audit_date);
	after = date_of(d, a, d->audit_date);
	if (!date_order_ok(DC_REAUDIT_BEFORE_AUDIT, before, after))
		report_pair(d, DC_REAUDIT_BEFORE_AUDIT, a, d->audit_date,
			    before, after);
}

void ingest_check_dates(struct ingest *g)
{
	struct dates d;
	struct audit_key *byid;
	size_t naudit;

	dates_init(&d, g);
	store_sort(&g->store);
	byid = audit_index(&d, &naudit);
	for (size_t i = 0; i < g->store.ntop; i++) {
		walk(&d, store_top(&g->store, i));
		check_plans(&d, store_top(&g->store, i));
		check_reaudit(&d, store_top(&g->store, i), byid, naudit);
	}
	free(byid);
	dates_release(&d);
}
