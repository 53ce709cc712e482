/* cases.c - ingest tables joined back into children; see cases.h. */
#include "mstage/cases.h"
#include "mstage/groups.h"
#include "dip/hashtab.h"
#include "dip/number.h"
#include "dip/csvio.h"
#include "dip/exitcode.h"
#include "dip/schema.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One table, every cell interned. */
struct rawtable {
	char *path;
	size_t ncol;
	const char **colname;
	size_t nrow;
	const char **cell;              /* nrow * ncol */
	long *line;
	size_t cap;
	struct intern *strings;
};

/* A row of a table read from its CSV (csv_row_fn): cells interned
 * into t->strings, the header's names too; -1 with err at the row for
 * a wrong number of fields. */
static int raw_row(void *p, const struct csv_row *row, struct dip_err *err)
{
	struct rawtable *t = p;

	if (row->index == 0) {
		t->ncol = row->n;
		t->colname = xcalloc(row->n, sizeof(char *));
		for (size_t i = 0; i < row->n; i++)
			t->colname[i] = intern(t->strings, row->field[i], row->len[i]);
		return 0;
	}
	if (row->n != t->ncol) {
		err_set(err, DIP_EXIT_DATA, t->path, row->line, 0,
			"expected %zu fields, found %zu", t->ncol, row->n);
		return -1;
	}
	if (t->nrow == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->cell = xrealloc(t->cell, t->cap * t->ncol * sizeof(*t->cell));
		t->line = xrealloc(t->line, t->cap * sizeof(*t->line));
	}
	for (size_t i = 0; i < row->n; i++)
		t->cell[t->nrow * t->ncol + i] =
			row->len[i] ? intern(t->strings, row->field[i], row->len[i])
				    : NULL;
	t->line[t->nrow++] = row->line;
	return 0;
}

/* Read DIR/NAME whole into t; 0, or -1 with err set (t is then
 * still raw_release()d by the caller). */
static int raw_load(struct rawtable *t, struct intern *strings,
		    const char *dir, const char *name, struct dip_err *err)
{
	memset(t, 0, sizeof(*t));
	t->strings = strings;
	t->path = path_join(dir, name);
	if (csv_read_file(t->path, raw_row, t, err))
		return -1;
	if (!t->colname) {
		err_set(err, DIP_EXIT_DATA, t->path, 0, 0, "empty table");
		return -1;
	}
	return 0;
}

struct row_probe {
	const struct rawtable *t;
	const char *const *row;
};

/* hashtab_match: row id - 1 has the probe's cells. */
static int same_cells(const void *key, uint32_t id)
{
	const struct row_probe *p = key;

	return !memcmp(&p->t->cell[(id - 1) * p->t->ncol], p->row,
		       p->t->ncol * sizeof(*p->row));
}

/*
 * Rows identical to an earlier row, cell for cell (a hand-edited table,
 * a row pasted twice): dup[r] is the earlier row's index + 1, else 0.
 * Interned cells make a row's identity its array of pointers.
 */
static size_t *raw_duplicates(const struct rawtable *t, size_t *ndup)
{
	size_t *dup = xcalloc(t->nrow + 1, sizeof(*dup));
	struct hashtab seen;

	*ndup = 0;
	hashtab_init(&seen, t->nrow);
	for (size_t r = 0; r < t->nrow; r++) {
		struct row_probe p = { t, &t->cell[r * t->ncol] };
		uint32_t h = hash_addrs(p.row, t->ncol), id;
		size_t at;

		if ((id = hashtab_find(&seen, h, same_cells, &p, &at))) {
			dup[r] = id;
			++*ndup;
		} else {
			hashtab_add_at(&seen, at, h, (uint32_t)(r + 1));
		}
	}
	hashtab_release(&seen);
	return dup;
}

static void raw_release(struct rawtable *t)
{
	free(t->path);
	free(t->colname);
	free(t->cell);
	free(t->line);
}

/* Column index by name; a missing column is an error. */
static int col(const struct rawtable *t, const char *name, struct dip_err *err)
{
	for (size_t i = 0; i < t->ncol; i++)
		if (!strcmp(t->colname[i], name))
			return (int)i;
	err_set(err, DIP_EXIT_DATA, t->path, 1, 0, "missing column '%s'", name);
	return -1;
}

static const char *cell(const struct rawtable *t, size_t r, int c)
{
	return c < 0 ? NULL : t->cell[r * t->ncol + (size_t)c];
}

/* Rows are joined on up to MAX_KEY interned key cells: equal
 * strings are the same pointer, so a key compares as pointers. */
#define MAX_KEY 4

struct keymap {
	struct hashtab index;           /* slot NULL until the first put */
	const char **key;               /* MAX_KEY per entry */
	void **val;
	size_t n, capkey, capval;
};

struct km_probe {
	const struct keymap *m;
	const char *const *k;
};

/* hashtab_match: entry id has the probe's key. */
static int km_same(const void *key, uint32_t id)
{
	const struct km_probe *p = key;

	return !memcmp(&p->m->key[MAX_KEY * (id - 1)], p->k,
		       MAX_KEY * sizeof(*p->k));
}

/* Key k to v; a key given twice keeps its first value. */
static void km_put(struct keymap *m, const char *const *k, void *v)
{
	struct km_probe p = { m, k };
	uint32_t h = hash_addrs(k, MAX_KEY);
	size_t at;

	if (!m->index.slot)
		hashtab_init(&m->index, 512);
	if (hashtab_find(&m->index, h, km_same, &p, &at))
		return;
	XGROW(m->key, m->capkey, MAX_KEY * (m->n + 1));
	XGROW(m->val, m->capval, m->n + 1);
	memcpy(&m->key[MAX_KEY * m->n], k, MAX_KEY * sizeof(*k));
	m->val[m->n] = v;
	hashtab_add_at(&m->index, at, h, (uint32_t)++m->n);
}

/* The value put under key k, or NULL (also before any put). */
static void *km_get(const struct keymap *m, const char *const *k)
{
	struct km_probe p = { m, k };
	uint32_t id;

	if (!m->index.slot)
		return NULL;
	id = hashtab_find(&m->index, hash_addrs(k, MAX_KEY), km_same, &p, NULL);
	return id ? m->val[id - 1] : NULL;
}

static void km_release(struct keymap *m)
{
	hashtab_release(&m->index);
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

/*
 * Rows are first counted into *n; the first fill makes the array of
 * exactly that size and restarts *n.  Returns the next free slot.
 */
static void *next_slot(struct arena *a, void *arrp, int *n, size_t size)
{
	void **arr = arrp;

	if (!*arr) {
		*arr = arena_alloc(a, (size_t)*n * size);
		*n = 0;
	}
	return (char *)*arr + (size_t)(*n)++ * size;
}

/* A child row whose parent is not there; returns -1 for the caller to
 * return. */
static int orphan(const struct rawtable *t, size_t r, const char *what,
		  struct dip_err *err)
{
	err_set(err, DIP_EXIT_DATA, t->path, t->line[r], 0,
		"no %s for this row", what);
	return -1;
}

/* The rows of every table that has tables nested in it, by key. */
struct loader {
	struct cases *c;
	const char *dir;
	unsigned stages;                /* who the tables are read for */
	struct dip_err *err;
	struct keymap rows[SCHEMA_NTABLE];
	/* From the snapshot: each parent table's rows by row number. */
	struct snapshot *snap;
	void **byrow[SCHEMA_NTABLE];
	uint64_t nrow[SCHEMA_NTABLE];
	struct strbuf why;              /* why the snapshot cannot be used */
};

/* A column loaded for these stages: the keys rows are joined on, and
 * every one they read. */
static int wanted(const struct schema_col *sc, unsigned stages)
{
	return sc->offset == SCHEMA_NOWHERE || schema_col_read(sc, stages);
}

/* A field the stages do not read holds what an empty cell gives. */
static void store_empty(const struct schema_col *sc, char *elem)
{
	union schema_value v;

	schema_value(sc->type, NULL, &v);
	schema_store(sc->type, &v, elem + sc->offset);
}

/* Where table t keeps its rows' count in parent p (an int; a size_t
 * for the top-level arrays of struct cases). */
static int *count_int(void *p, const struct schema_table *t)
{
	return (int *)((char *)p + t->count);
}

/* One cell into its field, as the declaration types it. */
static int store(const struct rawtable *rt, size_t r, int c,
		 const struct schema_col *col, char *elem, struct dip_err *err)
{
	const char *v = cell(rt, r, c);
	union schema_value val;

	if (schema_value(col->type, v, &val)) {
		if (col->type == SCHEMA_DATE)
			err_set(err, DIP_EXIT_DATA, rt->path, rt->line[r], 0,
				"invalid date '%s' in column '%s'", v,
				rt->colname[c]);
		else
			err_set(err, DIP_EXIT_DATA, rt->path, rt->line[r], 0,
				"'%s' in column '%s' is not a whole number", v,
				rt->colname[c]);
		return -1;
	}
	schema_store(col->type, &val, elem + col->offset);
	return 0;
}

/*
 * The one loader: read the table, find its declared columns, find each
 * row's parent by the parent's key columns, then count the rows per
 * parent, allocate each parent's array exactly and fill it in table
 * order.
 */
static int load_table(struct loader *l, int ti, int keep_keys)
{
	const struct schema_table *t = &schema_tables[ti];
	const struct schema_table *pt = t->parent >= 0 ? &schema_tables[t->parent]
						       : NULL;
	struct cases *c = l->c;
	struct rawtable rt;
	int *idx = xcalloc((size_t)t->ncol, sizeof(*idx));
	void **parent = NULL;
	size_t *dup = NULL, ndup = 0;
	char *name = NULL;
	int rc = -1;

	name = xmalloc(strlen(t->name) + sizeof(".csv"));
	snprintf(name, strlen(t->name) + sizeof(".csv"), "%s.csv", t->name);
	if (raw_load(&rt, &c->strings, l->dir, name, l->err))
		goto out;
	for (int k = 0; k < t->ncol; k++) {
		idx[k] = -1;
		if (wanted(&t->col[k], l->stages) &&
		    (idx[k] = col(&rt, t->col[k].name, l->err)) < 0)
			goto out;
	}
	dup = raw_duplicates(&rt, &ndup);
	for (size_t r = 0; r < rt.nrow; r++)
		if (dup[r]) {
			XGROW(c->dup, c->capdup, c->ndup + 1);
			c->dup[c->ndup].table = t->name;
			c->dup[c->ndup].line = rt.line[r];
			c->dup[c->ndup].first = rt.line[dup[r] - 1];
			c->ndup++;
		}
	parent = xcalloc(rt.nrow ? rt.nrow : 1, sizeof(*parent));
	for (size_t r = 0; r < rt.nrow; r++) {
		const char *key[MAX_KEY] = { NULL };

		if (dup[r])
			continue;
		if (!pt) {
			for (int k = 0; k < t->nkey; k++)
				if (!cell(&rt, r, idx[k])) {
					err_set(l->err, DIP_EXIT_DATA, rt.path,
						rt.line[r], 0, "a %s without '%s'",
						t->what, t->col[k].name);
					goto out;
				}
			continue;
		}
		for (int k = 0; k < pt->nkey; k++)
			key[k] = cell(&rt, r, idx[k]);
		if (!(parent[r] = km_get(&l->rows[t->parent], key))) {
			orphan(&rt, r, pt->what, l->err);
			goto out;
		}
		++*count_int(parent[r], t);
	}
	if (!pt) {
		/* Top level: one array of all the rows, in table order. */
		*(void **)((char *)c + t->array) =
			arena_alloc(&c->arena, (rt.nrow ? rt.nrow : 1) * t->size);
		*(size_t *)((char *)c + t->count) = rt.nrow - ndup;
	}
	for (size_t r = 0, top = 0; r < rt.nrow; r++) {
		char *elem;

		if (dup[r])
			continue;
		elem = pt ? next_slot(&c->arena, (char *)parent[r] + t->array,
				      count_int(parent[r], t), t->size)
			  : *(char **)((char *)c + t->array) + top++ * t->size;

		memset(elem, 0, t->size);
		if (t->up != SCHEMA_NOWHERE)
			*(void **)(elem + t->up) = parent[r];
		if (t->line != SCHEMA_NOWHERE)
			*(int *)(elem + t->line) = (int)rt.line[r];
		for (int k = 0; k < t->ncol; k++) {
			const struct schema_col *sc = &t->col[k];

			if (sc->offset == SCHEMA_NOWHERE)
				continue;
			if (idx[k] < 0) {
				store_empty(sc, elem);
				continue;
			}
			if (store(&rt, r, idx[k], sc, elem, l->err))
				goto out;
			if (sc->extension && cell(&rt, r, idx[k]))
				c->has_extension = 1;
		}
		if (keep_keys) {
			const char *key[MAX_KEY] = { NULL };

			for (int k = 0; k < t->nkey; k++)
				key[k] = cell(&rt, r, idx[k]);
			km_put(&l->rows[ti], key, elem);
		}
	}
	rc = 0;
out:
	free(dup);
	free(parent);
	free(idx);
	free(name);
	raw_release(&rt);
	return rc;
}

/* The earliest census year ingested: what the data can see back to. */
static void find_history_start(struct cases *c)
{
	c->history_start = DIP_DATE_NONE;
	for (size_t r = 0; r < c->nsource; r++) {
		const struct c_source *s = &c->source[r];
		dip_date d;

		if (!s->item || strcmp(s->item, "source") || !s->kind ||
		    strcmp(s->kind, "census") || s->census_year < 0)
			continue;
		d = date_from_ymd((int)s->census_year - 1, 4, 1);
		if (c->history_start == DIP_DATE_NONE || d < c->history_start)
			c->history_start = d;
	}
}

/* The day of the latest export: nothing in the tables can be later. */
static void find_data_end(struct cases *c)
{
	c->data_end = DIP_DATE_NONE;
	for (size_t r = 0; r < c->nsource; r++) {
		const struct c_source *s = &c->source[r];
		dip_date d;

		if (!s->item || strcmp(s->item, "source") || !s->exported ||
		    strlen(s->exported) < 10 || date_parse(s->exported, 10, &d))
			continue;
		if (c->data_end == DIP_DATE_NONE || d > c->data_end)
			c->data_end = d;
	}
}

/*
 * A row of the snapshot into its structure, every value checked: a
 * checksum catches damage, not a file made to pass it, and a value out
 * of its type's range must not reach the stages' arithmetic.
 */
static int snap_value(const struct snapshot *s, const unsigned char *p,
		      enum schema_type type, union schema_value *v)
{
	static dip_date first, last;
	uint32_t u;
	int32_t i;
	int64_t q;
	int8_t b;

	if (!first) {
		first = date_from_ymd(1, 1, 1);
		last = date_from_ymd(9999, 12, 31);
	}
	switch (type) {
	case SCHEMA_TEXT:
		memcpy(&u, p, 4);
		if (u >= s->pool_len || (u && !s->pool[u]))
			return -1;
		v->text = u ? s->pool + u : NULL;
		return 0;
	case SCHEMA_DATE:
		memcpy(&i, p, 4);
		v->date = i;
		return i != DIP_DATE_NONE && (i < first || i > last) ? -1 : 0;
	case SCHEMA_ORDINAL:
		memcpy(&i, p, 4);
		v->ordinal = i;
		return i < 0 ? -1 : 0;
	case SCHEMA_COUNT:
		memcpy(&q, p, 8);
		v->count = (long)q;
		return q < -1 || q > LONG_MAX ? -1 : 0;
	case SCHEMA_FLAG:
	case SCHEMA_BOOL:
		memcpy(&b, p, 1);
		v->flag = b;
		return b > 1 || b < (type == SCHEMA_BOOL ? -1 : 0) ? -1 : 0;
	}
	return -1;
}

/* Say why the snapshot is not used (l->why, for the notes); returns
 * -1 so that the caller falls back to the CSVs. */
static int snap_damaged(struct loader *l, const struct schema_table *t,
			const char *what)
{
	strbuf_reset(&l->why);
	strbuf_addf(&l->why, "%s is damaged: %s in table '%s'", SNAPSHOT_NAME,
		    what, t->name);
	return -1;
}

/* The loader of load_table() with rows from the snapshot: parents are
 * found by row number, not by key. */
static int load_table_snap(struct loader *l, int ti, int keep)
{
	const struct schema_table *t = &schema_tables[ti];
	const struct snap_table *st;
	struct cases *c = l->c;
	int at[SNAPSHOT_MAX_COL + 32];
	void **byrow = NULL;
	uint64_t n;

	if (t->ncol > (int)(sizeof(at) / sizeof(*at)))
		return snap_damaged(l, t, "too many columns");
	st = snapshot_table(l->snap, l->dir, t, l->stages, at, &l->why);
	if (!st)
		return -1;
	n = st->nrow;
	if (t->parent >= 0) {
		for (uint64_t r = 0; r < n; r++) {
			uint32_t p;

			memcpy(&p, snapshot_row(l->snap, st, r), 4);
			if (p >= l->nrow[t->parent])
				return snap_damaged(l, t, "a row without its parent");
			++*count_int(l->byrow[t->parent][p], t);
		}
	} else {
		*(void **)((char *)c + t->array) =
			arena_alloc(&c->arena, (n ? n : 1) * t->size);
		*(size_t *)((char *)c + t->count) = n;
	}
	if (keep) {
		byrow = xcalloc(n ? n : 1, sizeof(*byrow));
		l->byrow[ti] = byrow;
		l->nrow[ti] = n;
	}
	for (uint64_t r = 0; r < n; r++) {
		const unsigned char *row = snapshot_row(l->snap, st, r);
		void *up = NULL;
		char *elem;

		if (t->parent >= 0) {
			uint32_t p;

			memcpy(&p, row, 4);
			up = l->byrow[t->parent][p];
			elem = next_slot(&c->arena, (char *)up + t->array,
					 count_int(up, t), t->size);
		} else {
			elem = *(char **)((char *)c + t->array) + r * t->size;
		}
		memset(elem, 0, t->size);
		if (t->up != SCHEMA_NOWHERE)
			*(void **)(elem + t->up) = up;
		if (t->line != SCHEMA_NOWHERE) {
			uint32_t line;

			memcpy(&line, row + (t->parent >= 0 ? 4 : 0), 4);
			if (line < 2 || line > INT_MAX)
				return snap_damaged(l, t, "a line number out of range");
			*(int *)(elem + t->line) = (int)line;
		}
		for (int k = 0; k < t->ncol; k++) {
			const struct schema_col *sc = &t->col[k];
			union schema_value v;

			if (sc->offset == SCHEMA_NOWHERE)
				continue;
			if (at[k] < 0) {
				store_empty(sc, elem);
				continue;
			}
			if (snap_value(l->snap, row + at[k], sc->type, &v))
				return snap_damaged(l, t, "a value out of range");
			schema_store(sc->type, &v, elem + sc->offset);
			if (sc->extension && sc->type == SCHEMA_TEXT && v.text)
				c->has_extension = 1;
			else if (sc->extension && sc->type == SCHEMA_DATE &&
				 v.date != DIP_DATE_NONE)
				c->has_extension = 1;
		}
		if (byrow)
			byrow[r] = elem;
	}
	snapshot_done_with(l->snap, st);
	return 0;
}

/* Every table the stages need, from the snapshot if l->snap is set
 * (the manifest, which dip-ingest writes after it, always from its CSV),
 * else from the CSVs. */
static int load_all(struct loader *l, const int *need)
{
	int is_parent[SCHEMA_NTABLE] = { 0 };
	int rc = 0;

	for (int t = 0; t < SCHEMA_NTABLE; t++)
		if (schema_tables[t].parent >= 0 && need[t])
			is_parent[schema_tables[t].parent] = 1;
	for (int t = 0; t < SCHEMA_NTABLE && !rc; t++) {
		if (!need[t])
			continue;
		if (l->snap && schema_tables[t].from_map)
			rc = load_table_snap(l, t, is_parent[t]);
		else
			rc = load_table(l, t, is_parent[t]);
	}
	for (int t = 0; t < SCHEMA_NTABLE; t++) {
		km_release(&l->rows[t]);
		free(l->byrow[t]);
		l->byrow[t] = NULL;
		l->nrow[t] = 0;
	}
	return rc;
}

/* An empty struct cases, ready to load into (again, after a failed
 * snapshot). */
static void cases_start(struct cases *c)
{
	memset(c, 0, sizeof(*c));
	intern_init(&c->strings);
	arena_init(&c->arena);
}

int cases_load(struct cases *c, const char *dir, unsigned stages,
	       struct dip_err *err)
{
	struct loader l;
	int need[SCHEMA_NTABLE];
	struct snapshot *snap = xcalloc(1, sizeof(*snap));

	memset(&l, 0, sizeof(l));
	strbuf_init(&l.why);
	l.c = c;
	l.dir = dir;
	l.stages = stages;
	l.err = err;
	schema_tables_needed(stages, need);
	cases_start(c);
	if (!snapshot_open(snap, dir, &l.why)) {
		l.snap = snap;
		if (!load_all(&l, need)) {
			c->from_snapshot = 1;
			c->snap = snap;
			snap = NULL;
		} else {
			/* Whatever the snapshot gave is dropped; the
			 * CSVs are read from the start. */
			cases_release(c);
			cases_start(c);
			snapshot_release(snap);
			l.snap = NULL;
		}
	}
	if (l.why.len)
		c->snapshot_unused = strbuf_detach(&l.why);
	strbuf_release(&l.why);
	free(snap);
	if (!c->from_snapshot && load_all(&l, need)) {
		cases_release(c);
		return -1;
	}
	find_history_start(c);
	find_data_end(c);
	return 0;
}

void cases_release(struct cases *c)
{
	free(c->dup);
	free(c->snapshot_unused);
	if (c->snap) {
		snapshot_release(c->snap);
		free(c->snap);
	}
	intern_release(&c->strings);
	arena_release(&c->arena);
	memset(c, 0, sizeof(*c));
}

int episode_open_on(const struct c_episode *e, dip_date d)
{
	return !e->nfa && e->referral <= d &&
	       (e->closure == DIP_DATE_NONE || e->closure > d);
}

const struct c_episode *episode_on(const struct c_child *ch, dip_date d)
{
	const struct c_episode *open = NULL, *before = NULL;

	for (int i = 0; i < ch->nep; i++) {
		const struct c_episode *e = &ch->ep[i];

		if (e->referral == DIP_DATE_NONE || e->referral > d)
			continue;
		if (episode_open_on(e, d) && (!open || e->referral > open->referral))
			open = e;
		if (!before || e->referral > before->referral)
			before = e;
	}
	return open ? open : before;
}

/* A date's year and month-and-day, kept for the next call: a stage asks
 * the age of one child on one day (the as-of date, a period's end) many
 * times running, and the conversion was a tenth of dip-overdue. */
struct ymd_memo {
	dip_date date;
	int y, md;
};

static void ymd_of(struct ymd_memo *c, dip_date d)
{
	int m, dd;

	if (c->date == d)
		return;
	date_to_ymd(d, &c->y, &m, &dd);
	c->md = m * 32 + dd;
	c->date = d;
}

int age_on(const struct c_child *ch, dip_date d)
{
	static struct ymd_memo b = { DIP_DATE_NONE, 0, 0 };
	static struct ymd_memo a = { DIP_DATE_NONE, 0, 0 };
	dip_date born = ch->birth != DIP_DATE_NONE ? ch->birth : ch->expected;

	if (born == DIP_DATE_NONE || born > d)
		return -1;
	ymd_of(&b, born);
	ymd_of(&a, d);
	return a.y - b.y - (a.md < b.md);
}

const char *age_band(const struct c_child *ch, dip_date d)
{
	int age = age_on(ch, d);

	if (ch->birth == DIP_DATE_NONE && ch->expected == DIP_DATE_NONE)
		return group_age_bands[AGE_UNKNOWN];
	return group_age_bands[age < 0 ? AGE_UNBORN : age < 5 ? AGE_0_4
			       : age < 10 ? AGE_5_9 : age < 16 ? AGE_10_15
			       : AGE_16_PLUS];
}
