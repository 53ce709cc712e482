/* store.c - records merged across exports; see store.h. */
#include "ingest/store.h"

#include <stdlib.h>
#include <string.h>

struct pending *pending_new(struct arena *a, const struct exportmap *map,
			    int table, long line)
{
	size_t n = map->table[table].ncol;
	struct pending *p = arena_alloc(a, sizeof(*p));

	memset(p, 0, sizeof(*p));
	p->table = table;
	p->line = line;
	p->val = arena_alloc(a, n * sizeof(*p->val));
	p->vline = arena_alloc(a, n * sizeof(*p->vline));
	memset(p->val, 0, n * sizeof(*p->val));
	memset(p->vline, 0, n * sizeof(*p->vline));
	return p;
}

void store_init(struct store *s, const struct exportmap *map)
{
	memset(s, 0, sizeof(*s));
	s->map = map;
	arena_init(&s->arena);
	arena_refs_init(&s->recs, STORE_MAX_BYTES);
	intern_init(&s->strings);
	hashtab_init(&s->tops, 1024);
	hashtab_init(&s->kids, 0);
	hashtab_init(&s->exts, 0);
	s->given = xcalloc(map->ntable + 1, 1);
	for (size_t t = 0; t < map->ntable; t++)
		for (size_t c = 0; c < map->table[t].ncol; c++)
			if (map->table[t].col[c].given_of >= 0)
				s->given[t] = 1;
}

void store_limit(struct store *s, size_t bytes)
{
	arena_refs_release(&s->recs);
	arena_refs_init(&s->recs, bytes);
}

void store_release(struct store *s)
{
	arena_release(&s->arena);
	arena_refs_release(&s->recs);
	intern_release(&s->strings);
	hashtab_release(&s->tops);
	hashtab_release(&s->kids);
	hashtab_release(&s->exts);
	free(s->ext);
	free(s->kid);
	free(s->top);
	free(s->given);
	for (size_t i = 0; i < s->nfile; i++) {
		free(s->rank[i]);
		free(s->label[i]);
	}
	free(s->rank);
	free(s->label);
	memset(s, 0, sizeof(*s));
}

void store_set_rank(struct store *s, int file, const char *label,
		    const char *rank)
{
	size_t old = s->capfile;

	XGROW(s->rank, s->capfile, (size_t)file + 1);
	if (s->capfile != old) {
		s->label = xrealloc(s->label, s->capfile * sizeof(*s->label));
		for (size_t i = old; i < s->capfile; i++)
			s->rank[i] = s->label[i] = NULL;
	}
	free(s->rank[file]);
	free(s->label[file]);
	s->rank[file] = xstrdup(rank ? rank : "");
	s->label[file] = xstrdup(label);
	if ((size_t)file >= s->nfile)
		s->nfile = (size_t)file + 1;
}

/* 1 when file a's values beat file b's. */
static int newer(const struct store *s, int a, int b)
{
	int c = a == b ? 0 : strcmp(s->rank[a], s->rank[b]);

	return c > 0 || (c == 0 && a > b);
}

/* A record's extension is found by its address: records never move. */
static uint32_t ext_hash(const struct rec *r)
{
	return hash_end(hash_add(HASH_START, (uint64_t)(uintptr_t)r));
}

/* For hashtab_find(): is ext[id - 1] the probed record's? */
static int same_ext(const void *key, uint32_t id)
{
	const struct store *s = ((const void *const *)key)[0];

	return s->ext[id - 1].rec == ((const void *const *)key)[1];
}

static struct rec_ext *find_ext(const struct store *s, const struct rec *r)
{
	const void *key[2] = { s, r };

	return &s->ext[hashtab_find(&s->exts, ext_hash(r), same_ext, key,
				    NULL) - 1];
}

const struct rec_ext *rec_ext_of(const struct store *s, const struct rec *r)
{
	return find_ext(s, r);
}

/* r's extension, made (last seen where first seen) if it has none. */
static struct rec_ext *ext_of(struct store *s, struct rec *r)
{
	struct rec_ext *x;

	if (r->ext)
		return find_ext(s, r);
	/* Fewer than 4 G: no more than the records, which 16 GiB bounds
	 * to a billion (store.h). */
	XGROW(s->ext, s->capext, s->next + 1);
	x = &s->ext[s->next++];
	x->rec = r;
	x->src = NULL;
	x->last_file = (uint16_t)r->file;
	x->last_line = r->line;
	hashtab_add(&s->exts, ext_hash(r), (uint32_t)s->next);
	r->ext = 1;
	return x;
}

/* r is read again, from file at line: remember where it was last seen.
 * A record read only from the file that made it keeps nothing. */
static void seen(struct store *s, struct rec *r, int file, long line)
{
	struct rec_ext *x;

	if (!r->ext && (int)r->file == file)
		return;
	x = ext_of(s, r);
	x->last_file = (uint16_t)file;
	x->last_line = (uint32_t)line;
}

/* r's key, as an id: only for a table that has one, as every top-level
 * one does (exportmap.c). */
static uint32_t key_id(const struct store *s, const struct rec *r)
{
	return r->val[s->map->table[r->table].key];
}

static uint32_t lea_id(const struct store *s, const struct rec *r)
{
	return r->val[s->map->table[r->table].ncol];
}

/* Keys are interned, so their ids identify them. */
static uint32_t top_hash(uint32_t lea, uint32_t key)
{
	return hash_end(hash_add(hash_add(HASH_START, lea), key));
}

struct top_probe {
	const struct store *s;
	int table;
	uint32_t lea, key;
};

/* For hashtab_find(): is top[id - 1] the record probed for? */
static int same_top(const void *key, uint32_t id)
{
	const struct top_probe *k = key;
	const struct rec *r = store_rec(k->s, k->s->top[id - 1]);

	return (int)r->table == k->table && lea_id(k->s, r) == k->lea &&
	       key_id(k->s, r) == k->key;
}

/* An empty record, in the store's records, its values all empty: its
 * reference, or 0 when the records are full (store.h). */
static uint32_t new_rec(struct store *s, int table, int file, long line)
{
	/* A top-level record keeps its LEA after its values. */
	size_t ncol = s->map->table[table].ncol +
		      (s->map->table[table].parent < 0);
	size_t size = sizeof(struct rec) + ncol * sizeof(uint32_t);
	uint32_t ref = arena_refs_alloc(&s->recs, size);
	struct rec *r;

	if (!ref)
		return 0;
	r = store_rec(s, ref);
	memset(r, 0, size);
	r->table = (unsigned)table & 0xff;
	r->file = (unsigned)file & 0xffff;
	r->line = (uint32_t)line;
	return ref;
}

/* Note that value col of r now comes from file: the per-column array
 * is made only once a file other than r's first gives it a value. */
static void set_src(struct store *s, struct rec *r, size_t col, int file)
{
	struct rec_ext *x;

	if (!r->ext && (int)r->file == file)
		return;
	x = ext_of(s, r);
	if (!x->src) {
		size_t ncol = s->map->table[r->table].ncol;

		if (file == (int)r->file)
			return;
		x->src = arena_alloc(&s->arena, ncol * sizeof(*x->src));
		for (size_t c = 0; c < ncol; c++)
			x->src[c] = (uint16_t)r->file;
	}
	x->src[col] = (uint16_t)file;
}

/* The key of r's top-level record: the child a report row names. */
static const char *child_label(const struct store *s, const struct rec *r)
{
	while (r->up)
		r = store_rec(s, r->up);
	return rec_key(s, r);
}

/* Fold one column of p (from file) into r; 1 when r now holds p's
 * value from p's file. */
static int merge_value(struct store *s, struct rec *r, int col,
		       const struct pending *p, int file, struct report *rep)
{
	const struct map_col *c = &s->map->table[r->table].col[col];
	const char *in = p->val[col];
	uint32_t old = r->val[col];
	int prev = rec_src(s, r, (size_t)col);

	if (!in)
		return 0;
	if (!old) {
		r->val[col] = intern_id(in);
		set_src(s, r, (size_t)col, file);
		return 1;
	}
	if (old == intern_id(in)) {
		if (!newer(s, file, prev))
			return 0;
		set_src(s, r, (size_t)col, file);
		return 1;
	}
	/* The losing value is reported against its own file. */
	if (newer(s, file, prev)) {
		report_add(rep, SEV_SUPERSEDED, "value_superseded", prev,
			   0, c->path, child_label(s, r), rec_val(s, r, (size_t)col),
			   "superseded by '%s' from %s (exported %s)", in,
			   s->label[file], s->rank[file]);
		r->val[col] = intern_id(in);
		set_src(s, r, (size_t)col, file);
		return 1;
	}
	report_add(rep, SEV_SUPERSEDED, "value_superseded", file,
		   p->vline[col], c->path, child_label(s, r), in,
		   "superseded by '%s' from %s (exported %s)",
		   rec_val(s, r, (size_t)col), s->label[prev], s->rank[prev]);
	return 0;
}

/*
 * A column keeping a value's text as given (sex_code) goes with that
 * value: it comes from the export whose value was kept, so the pair is
 * never stitched from two exports, and it is never reported on its own
 * (GenderCurrent 2 then Sex F is one sex, F, not a disagreement).
 */
static void merge_given(struct store *s, struct rec *r, int col, int took,
			const struct pending *p, int file)
{
	const struct map_table *t = &s->map->table[r->table];

	for (size_t g = 0; g < t->ncol; g++) {
		if (t->col[g].given_of != col || !p->val[g])
			continue;
		if (took || !r->val[g]) {
			r->val[g] = intern_id(p->val[g]);
			set_src(s, r, g, file);
		}
	}
}

/* Blocks without a key of their own are the same block only when every
 * value is the same (values are interned: equal means the same id). */
static int same_block(const struct map_table *t, const uint32_t *a,
		      const char *const *b)
{
	for (size_t c = 0; c < t->ncol; c++)
		if (a[c] != intern_id(b[c]))
			return 0;
	return 1;
}

/* What identifies a child within its parent: its key, or for a block
 * without one, all its values.  Values are interned, so their ids stand
 * for them.  The values as ids (a record's) or as strings (a pending
 * record's): the same hash either way. */
static uint64_t ident_hash(const struct map_table *t, const uint32_t *id,
			   const char *const *val)
{
	uint64_t h = HASH_START;

	if (t->key >= 0)
		return hash_add(h, id ? id[t->key] : intern_id(val[t->key]));
	for (size_t c = 0; c < t->ncol; c++)
		h = hash_add(h, id ? id[c] : intern_id(val[c]));
	return h;
}

static int same_ident(const struct map_table *t, const uint32_t *a,
		      const char *const *b)
{
	return t->key >= 0 ? a[t->key] == intern_id(b[t->key])
			   : same_block(t, a, b);
}

/* The child index's hash: what identifies the child, its parent and
 * its table. */
static uint32_t kid_hash(const struct store *s, uint32_t up, int table,
			 const uint32_t *id, const char *const *val)
{
	return hash_end(hash_add(hash_add(ident_hash(&s->map->table[table],
						     id, val), up),
				 (uint64_t)table));
}

struct kid_probe {
	const struct store *s;
	uint32_t up;
	int table;
	const char *const *val;
};

/* For hashtab_find(): is kid[id - 1] the child probed for? */
static int same_kid(const void *key, uint32_t id)
{
	const struct kid_probe *k = key;
	const struct rec *r = store_rec(k->s, k->s->kid[id - 1]);

	return r->up == k->up && (int)r->table == k->table &&
	       same_ident(&k->s->map->table[k->table], r->val, k->val);
}

/* Add record ref to the child index; what identifies it must not
 * change after (its key, or a keyless block's values, are set before). */
static void index_kid(struct store *s, uint32_t ref)
{
	const struct rec *r = store_rec(s, ref);

	XGROW(s->kid, s->capkid, s->nkid + 1);
	s->kid[s->nkid++] = ref;
	hashtab_add(&s->kids, kid_hash(s, r->up, (int)r->table, r->val, NULL),
		    (uint32_t)s->nkid);
}

/* The child of up (record upref) that p is another reading of, or 0. */
static uint32_t find_child(struct store *s, const struct rec *up,
			   uint32_t upref, const struct pending *p)
{
	const struct map_table *t = &s->map->table[p->table];

	if (up->nchild >= STORE_INDEX_FROM) {
		struct kid_probe k = { s, upref, p->table, p->val };
		uint32_t id = hashtab_find(&s->kids,
					   kid_hash(s, upref, p->table, NULL,
						    p->val),
					   same_kid, &k, NULL);

		return id ? s->kid[id - 1] : 0;
	}
	for (uint32_t c = up->child; c; c = store_rec(s, c)->next) {
		const struct rec *r = store_rec(s, c);

		if ((int)r->table == p->table && same_ident(t, r->val, p->val))
			return c;
	}
	return 0;
}

/*
 * Add record x (what identifies it set) to up's children.  A small
 * family keeps arrival order, which is usually key order, so
 * store_sort() finds it sorted; a large one is indexed and added to at
 * the head, as walking to its tail would be quadratic again, and is
 * sorted by store_sort().
 */
static void add_child(struct store *s, struct rec *up, uint32_t upref,
		      uint32_t x)
{
	uint32_t *tail = &up->child;

	store_rec(s, x)->up = upref;
	if (up->nchild >= STORE_INDEX_FROM) {
		store_rec(s, x)->next = up->child;
		up->child = x;
		index_kid(s, x);
		return;
	}
	while (*tail)
		tail = &store_rec(s, *tail)->next;
	*tail = x;
	if (++up->nchild == STORE_INDEX_FROM)
		for (uint32_t c = up->child; c; c = store_rec(s, c)->next)
			index_kid(s, c);
}

/* Fold p's values into r (record rref), then each child of p into the
 * child of r it matches (made if new), down the tree.  A record just
 * made from p (fresh) already holds p's values: there is nothing to
 * fold.  0, or -1 when the records are full. */
static int merge_into(struct store *s, uint32_t rref, const struct pending *p,
		      int file, struct report *rep, int fresh)
{
	const struct map_table *t = &s->map->table[p->table];
	struct rec *r = store_rec(s, rref);
	/* Most tables keep no text as given: then merge_given(), a walk
	 * of every column for each column, has nothing to do. */
	int given = s->given[p->table];

	for (size_t col = 0; col < t->ncol && !fresh; col++) {
		int took;

		if (t->col[col].given_of >= 0)
			continue;
		took = merge_value(s, r, (int)col, p, file, rep);
		if (given)
			merge_given(s, r, (int)col, took, p, file);
	}
	for (const struct pending *c = p->child; c; c = c->next) {
		const struct map_table *ct = &s->map->table[c->table];
		const char *key = ct->key >= 0 ? c->val[ct->key] : NULL;
		uint32_t xref = find_child(s, r, rref, c);
		int made = !xref;
		struct rec *x;

		if (made) {
			if (!(xref = new_rec(s, c->table, file, c->line)))
				return -1;
			x = store_rec(s, xref);
			/* A new record holds what it was read with, so
			 * that the index sees what identifies it. */
			for (size_t col = 0; col < ct->ncol; col++)
				x->val[col] = intern_id(c->val[col]);
			add_child(s, r, rref, xref);
		} else if (rec_last_file(s, x = store_rec(s, xref)) == file &&
			   ct->key < 0) {
			/* The same block twice (an agreement recorded twice)
			 * is one block: nothing in it differs. */
			report_add(rep, SEV_WARNING, "duplicate_value", file,
				   c->line, ct->path, child_label(s, r), NULL,
				   "the same block given twice in one parent;"
				   " kept once");
		} else if (rec_last_file(s, x) == file && !ct->ordinal &&
			   ct->parent >= 0) {
			/* A repeated code (the same factor twice) is noise. */
			report_add(rep, SEV_WARNING, "duplicate_value", file,
				   c->line, ct->path, child_label(s, r), key,
				   "'%s' given twice; counted once", key);
		} else if (rec_last_file(s, x) == file) {
			report_add(rep, SEV_WARNING, "duplicate_record", file,
				   c->line, ct->path, child_label(s, r), key,
				   "a second record with %s '%s' in the same"
				   " parent; merged into the first",
				   ct->keyname, key);
		}
		if (!made)
			seen(s, x, file, c->line);
		if (merge_into(s, xref, c, file, rep, made))
			return -1;
	}
	return 0;
}

int store_merge(struct store *s, const struct pending *p, int file,
		const char *lea, struct report *rep)
{
	const struct map_table *t = &s->map->table[p->table];
	const char *key = p->val[t->key];
	struct top_probe k = { s, p->table, intern_id(lea), intern_id(key) };
	uint32_t h = top_hash(k.lea, k.key), id, ref;
	struct rec *r;
	size_t at;
	int made = 0;

	s->sorted = 0;
	if (!(id = hashtab_find(&s->tops, h, same_top, &k, &at))) {
		if (!(ref = new_rec(s, p->table, file, p->line)))
			return -1;
		r = store_rec(s, ref);
		r->val[t->ncol] = k.lea;
		for (size_t col = 0; col < t->ncol; col++)
			r->val[col] = intern_id(p->val[col]);
		made = 1;
		XGROW(s->top, s->captop, s->ntop + 1);
		s->top[s->ntop++] = ref;
		hashtab_add_at(&s->tops, at, h, (uint32_t)s->ntop);
	} else {
		r = store_rec(s, ref = s->top[id - 1]);
		if (rec_last_file(s, r) == file)
			report_add(rep, SEV_WARNING, "duplicate_record", file,
				   p->line, t->path, key, key,
				   "%s '%s' appears twice in this export;"
				   " merged", t->keyname, key);
		seen(s, r, file, p->line);
	}
	return merge_into(s, ref, p, file, rep, made);
}

/* qsort() has no context argument: the store whose records cmp_top()
 * and cmp_child() compare (by reference), set by store_sort(). */
static const struct store *sort_store;

static int cmp_val(const struct rec *a, const struct rec *b, size_t col)
{
	const char *x = rec_val(sort_store, a, col);
	const char *y = rec_val(sort_store, b, col);

	if (a->val[col] == b->val[col])
		return 0;
	return strcmp(x ? x : "", y ? y : "");
}

static int cmp_top(const void *pa, const void *pb)
{
	const struct rec *a = store_rec(sort_store, *(const uint32_t *)pa);
	const struct rec *b = store_rec(sort_store, *(const uint32_t *)pb);
	const struct map_table *t = sort_store->map->table;
	int c = (int)a->table - (int)b->table;

	if (!c)
		c = cmp_val(a, b, t[a->table].ncol);
	if (!c)
		c = cmp_val(a, b, (size_t)t[a->table].key);
	return c;
}

/* Children by key; blocks without a key by their values, column by
 * column, so their numbering never depends on the order of the export. */
static int cmp_child(const void *pa, const void *pb)
{
	const struct rec *a = store_rec(sort_store, *(const uint32_t *)pa);
	const struct rec *b = store_rec(sort_store, *(const uint32_t *)pb);
	const struct map_table *t = &sort_store->map->table[a->table];
	int c = (int)a->table - (int)b->table;

	if (c)
		return c;
	if (t->key >= 0)
		return cmp_val(a, b, (size_t)t->key);
	for (size_t i = 0; i < t->ncol && !c; i++)
		c = cmp_val(a, b, i);
	return c;
}

/* Sort r's children, and theirs, down the tree; *buf is scratch kept
 * across calls so that one array serves every family. */
static void sort_children(struct store *s, struct rec *r, uint32_t **buf,
			  size_t *cap)
{
	size_t n = 0;
	int sorted = 1;

	for (uint32_t c = r->child; c; c = store_rec(s, c)->next) {
		uint32_t next = store_rec(s, c)->next;

		/* Exports mostly list records in order: check before sorting. */
		if (next && cmp_child(&c, &next) > 0)
			sorted = 0;
		n++;
	}
	if (n > s->max_family)
		s->max_family = n;
	if (!sorted) {
		size_t i = 0;

		XGROW(*buf, *cap, n);
		for (uint32_t c = r->child; c; c = store_rec(s, c)->next)
			(*buf)[i++] = c;
		qsort(*buf, n, sizeof(**buf), cmp_child);
		r->child = (*buf)[0];
		for (i = 0; i + 1 < n; i++)
			store_rec(s, (*buf)[i])->next = (*buf)[i + 1];
		store_rec(s, (*buf)[n - 1])->next = 0;
	}
	for (uint32_t c = r->child; c; c = store_rec(s, c)->next)
		sort_children(s, store_rec(s, c), buf, cap);
}

void store_sort(struct store *s)
{
	uint32_t *buf = NULL;
	size_t cap = 0;

	if (s->sorted)
		return;
	s->sorted = 1;
	sort_store = s;
	for (size_t i = 1; i < s->ntop; i++)
		if (cmp_top(&s->top[i - 1], &s->top[i]) > 0) {
			qsort(s->top, s->ntop, sizeof(*s->top), cmp_top);
			/* The index names records by their place in top[]. */
			hashtab_clear(&s->tops);
			for (size_t j = 0; j < s->ntop; j++) {
				const struct rec *r = store_rec(s, s->top[j]);

				hashtab_add(&s->tops,
					    top_hash(lea_id(s, r), key_id(s, r)),
					    (uint32_t)j + 1);
			}
			break;
		}
	s->max_family = 0;
	for (size_t i = 0; i < s->ntop; i++)
		sort_children(s, store_rec(s, s->top[i]), &buf, &cap);
	free(buf);
}
