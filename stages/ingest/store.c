/* store.c - records merged across exports; see store.h. */
#include "ingest/store.h"

#include <stdlib.h>
#include <string.h>

void store_init(struct store *s, const struct exportmap *map)
{
	memset(s, 0, sizeof(*s));
	s->map = map;
	arena_init(&s->arena);
	intern_init(&s->strings);
	hashtab_init(&s->tops, 1024);
	hashtab_init(&s->kids, 0);
}

void store_release(struct store *s)
{
	arena_release(&s->arena);
	intern_release(&s->strings);
	hashtab_release(&s->tops);
	hashtab_release(&s->kids);
	free(s->kid);
	free(s->top);
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

/* r's key: only for a table that has one, as every top-level one does
 * (exportmap.c). */
static const char *key_of(const struct store *s, const struct rec *r)
{
	return r->val[s->map->table[r->table].key];
}

/* Keys are interned, so their addresses identify them. */
static uint32_t top_hash(const char *lea, const char *key)
{
	const char *k[2] = { lea, key };

	return hash_addrs(k, 2);
}

struct top_probe {
	const struct store *s;
	int table;
	const char *lea, *key;
};

/* For hashtab_find(): is top[id - 1] the record probed for? */
static int same_top(const void *key, uint32_t id)
{
	const struct top_probe *k = key;
	const struct rec *r = k->s->top[id - 1];

	return r->table == k->table && rec_lea(k->s->map, r) == k->lea &&
	       key_of(k->s, r) == k->key;
}

/* An empty record, in the store's arena, its values all NULL. */
static struct rec *new_rec(struct store *s, int table, int file, long line)
{
	/* A top-level record keeps its LEA after its values. */
	size_t ncol = s->map->table[table].ncol +
		      (s->map->table[table].parent < 0);
	size_t size = sizeof(struct rec) + ncol * sizeof(const char *);
	struct rec *r = arena_alloc(&s->arena, size);

	memset(r, 0, size);
	r->table = (uint16_t)table;
	r->file = r->last_file = (uint16_t)file;
	r->line = r->last_line = (uint32_t)line;
	return r;
}

/* Note that value col of r now comes from file: the per-column array
 * is made only once a file other than r's first gives it a value. */
static void set_src(struct store *s, struct rec *r, size_t col, int file)
{
	if (!r->src) {
		size_t ncol = s->map->table[r->table].ncol;

		if (file == r->file)
			return;
		r->src = arena_alloc(&s->arena, ncol * sizeof(*r->src));
		for (size_t c = 0; c < ncol; c++)
			r->src[c] = r->file;
	}
	r->src[col] = (uint16_t)file;
}

/* The key of r's top-level record: the child a report row names. */
static const char *child_label(const struct store *s, const struct rec *r)
{
	while (r->up)
		r = r->up;
	return key_of(s, r);
}

/* Fold one column of p (from file) into r; 1 when r now holds p's
 * value from p's file. */
static int merge_value(struct store *s, struct rec *r, int col,
		       const struct pending *p, int file, struct report *rep)
{
	const struct map_col *c = &s->map->table[r->table].col[col];
	const char *in = p->val[col], *old = r->val[col];
	int prev = rec_src(r, (size_t)col);

	if (!in)
		return 0;
	if (!old) {
		r->val[col] = in;
		set_src(s, r, (size_t)col, file);
		return 1;
	}
	if (old == in) {
		if (!newer(s, file, prev))
			return 0;
		set_src(s, r, (size_t)col, file);
		return 1;
	}
	/* The losing value is reported against its own file. */
	if (newer(s, file, prev)) {
		report_add(rep, SEV_SUPERSEDED, "value_superseded", prev,
			   0, c->path, child_label(s, r), old,
			   "superseded by '%s' from %s (exported %s)", in,
			   s->label[file], s->rank[file]);
		r->val[col] = in;
		set_src(s, r, (size_t)col, file);
		return 1;
	}
	report_add(rep, SEV_SUPERSEDED, "value_superseded", file,
		   p->vline[col], c->path, child_label(s, r), in,
		   "superseded by '%s' from %s (exported %s)", old,
		   s->label[prev], s->rank[prev]);
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
			r->val[g] = p->val[g];
			set_src(s, r, g, file);
		}
	}
}

/* Blocks without a key of their own are the same block only when every
 * value is the same (values are interned: equal means the same pointer). */
static int same_block(const struct map_table *t, const char *const *a,
		      const char *const *b)
{
	for (size_t c = 0; c < t->ncol; c++)
		if (a[c] != b[c])
			return 0;
	return 1;
}

/* What identifies a child within its parent: its key, or for a block
 * without one, all its values.  Values are interned, so their addresses
 * stand for them. */
static uint64_t ident_hash(const struct map_table *t, const char *const *val)
{
	uint64_t h = HASH_START;

	if (t->key >= 0)
		return hash_add(h, (uint64_t)(uintptr_t)val[t->key]);
	for (size_t c = 0; c < t->ncol; c++)
		h = hash_add(h, (uint64_t)(uintptr_t)val[c]);
	return h;
}

static int same_ident(const struct map_table *t, const char *const *a,
		      const char *const *b)
{
	return t->key >= 0 ? a[t->key] == b[t->key] : same_block(t, a, b);
}

/* The child index's hash: what identifies the child, its parent and
 * its table. */
static uint32_t kid_hash(const struct store *s, const struct rec *up,
			 int table, const char *const *val)
{
	return hash_end(hash_add(hash_add(ident_hash(&s->map->table[table], val),
					  (uint64_t)(uintptr_t)up),
				 (uint64_t)table));
}

struct kid_probe {
	const struct store *s;
	const struct rec *up;
	int table;
	const char *const *val;
};

/* For hashtab_find(): is kid[id - 1] the child probed for? */
static int same_kid(const void *key, uint32_t id)
{
	const struct kid_probe *k = key;
	const struct rec *r = k->s->kid[id - 1];

	return r->up == k->up && r->table == k->table &&
	       same_ident(&k->s->map->table[k->table], r->val, k->val);
}

/* Add r to the child index; what identifies it must not change after
 * (its key, or a keyless block's values, are set before). */
static void index_kid(struct store *s, struct rec *r)
{
	XGROW(s->kid, s->capkid, s->nkid + 1);
	s->kid[s->nkid++] = r;
	hashtab_add(&s->kids, kid_hash(s, r->up, r->table, r->val),
		    (uint32_t)s->nkid);
}

/* The child of up that p is another reading of, or NULL. */
static struct rec *find_child(struct store *s, struct rec *up,
			      const struct pending *p)
{
	const struct map_table *t = &s->map->table[p->table];

	if (up->nchild >= STORE_INDEX_FROM) {
		struct kid_probe k = { s, up, p->table, p->val };
		uint32_t id = hashtab_find(&s->kids,
					   kid_hash(s, up, p->table, p->val),
					   same_kid, &k, NULL);

		return id ? s->kid[id - 1] : NULL;
	}
	for (struct rec *c = up->child; c; c = c->next)
		if (c->table == p->table && same_ident(t, c->val, p->val))
			return c;
	return NULL;
}

/*
 * Add x (what identifies it set) to up's children.  A small family keeps arrival
 * order, which is usually key order, so store_sort() finds it sorted; a
 * large one is indexed and added to at the head, as walking to its tail
 * would be quadratic again, and is sorted by store_sort().
 */
static void add_child(struct store *s, struct rec *up, struct rec *x)
{
	struct rec **tail = &up->child;

	x->up = up;
	if (up->nchild >= STORE_INDEX_FROM) {
		x->next = up->child;
		up->child = x;
		index_kid(s, x);
		return;
	}
	while (*tail)
		tail = &(*tail)->next;
	*tail = x;
	if (++up->nchild == STORE_INDEX_FROM)
		for (struct rec *c = up->child; c; c = c->next)
			index_kid(s, c);
}

/* Fold p's values into r, then each child of p into the child of r it
 * matches (made if new), down the tree. */
static void merge_into(struct store *s, struct rec *r, const struct pending *p,
		       int file, struct report *rep)
{
	const struct map_table *t = &s->map->table[p->table];
	int given = 0;

	/* Most tables keep no text as given: then merge_given(), a walk
	 * of every column for each column, has nothing to do. */
	for (size_t col = 0; col < t->ncol; col++)
		given |= t->col[col].given_of >= 0;
	for (size_t col = 0; col < t->ncol; col++) {
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
		struct rec *x = find_child(s, r, c);

		if (!x) {
			x = new_rec(s, c->table, file, c->line);
			/* A new record holds what it was read with, so
			 * that the index sees what identifies it. */
			for (size_t col = 0; col < ct->ncol; col++)
				x->val[col] = c->val[col];
			add_child(s, r, x);
		} else if (x->last_file == file && ct->key < 0) {
			/* The same block twice (an agreement recorded twice)
			 * is one block: nothing in it differs. */
			report_add(rep, SEV_WARNING, "duplicate_value", file,
				   c->line, ct->path, child_label(s, r), NULL,
				   "the same block given twice in one parent;"
				   " kept once");
		} else if (x->last_file == file && !ct->ordinal &&
			   ct->parent >= 0) {
			/* A repeated code (the same factor twice) is noise. */
			report_add(rep, SEV_WARNING, "duplicate_value", file,
				   c->line, ct->path, child_label(s, r), key,
				   "'%s' given twice; counted once", key);
		} else if (x->last_file == file) {
			report_add(rep, SEV_WARNING, "duplicate_record", file,
				   c->line, ct->path, child_label(s, r), key,
				   "a second record with %s '%s' in the same"
				   " parent; merged into the first",
				   ct->keyname, key);
		}
		x->last_file = (uint16_t)file;
		x->last_line = (uint32_t)c->line;
		merge_into(s, x, c, file, rep);
	}
}

struct rec *store_merge(struct store *s, const struct pending *p, int file,
			const char *lea, struct report *rep)
{
	const struct map_table *t = &s->map->table[p->table];
	const char *key = p->val[t->key];
	struct top_probe k = { s, p->table, lea, key };
	uint32_t h = top_hash(lea, key), id;
	struct rec *r;
	size_t at;

	if (!(id = hashtab_find(&s->tops, h, same_top, &k, &at))) {
		r = new_rec(s, p->table, file, p->line);
		r->val[t->ncol] = lea;
		r->val[t->key] = key;
		XGROW(s->top, s->captop, s->ntop + 1);
		s->top[s->ntop++] = r;
		hashtab_add_at(&s->tops, at, h, (uint32_t)s->ntop);
	} else if ((r = s->top[id - 1])->last_file == file) {
		report_add(rep, SEV_WARNING, "duplicate_record", file, p->line,
			   t->path, key, key,
			   "%s '%s' appears twice in this export; merged",
			   t->keyname, key);
	}
	r->last_file = (uint16_t)file;
	r->last_line = (uint32_t)p->line;
	merge_into(s, r, p, file, rep);
	s->sorted = 0;
	return r;
}

/* qsort() has no context argument: the map's tables for cmp_top() and
 * cmp_child(), set by store_sort(). */
static const struct map_table *sort_tables;

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_top(const void *pa, const void *pb)
{
	const struct rec *a = *(struct rec *const *)pa;
	const struct rec *b = *(struct rec *const *)pb;
	int c = a->table - b->table;

	if (!c)
		c = strcmp(a->val[sort_tables[a->table].ncol],
			   b->val[sort_tables[b->table].ncol]);
	if (!c)
		c = cmp_str(a->val[sort_tables[a->table].key],
			    b->val[sort_tables[b->table].key]);
	return c;
}

/* Children by key; blocks without a key by their values, column by
 * column, so their numbering never depends on the order of the export. */
static int cmp_child(const void *pa, const void *pb)
{
	const struct rec *a = *(struct rec *const *)pa;
	const struct rec *b = *(struct rec *const *)pb;
	const struct map_table *t = &sort_tables[a->table];
	int c = a->table - b->table;

	if (c)
		return c;
	if (t->key >= 0)
		return cmp_str(a->val[t->key], b->val[t->key]);
	for (size_t i = 0; i < t->ncol && !c; i++)
		c = cmp_str(a->val[i], b->val[i]);
	return c;
}

/* Sort r's children, and theirs, down the tree; *buf is scratch kept
 * across calls so that one array serves every family. */
static void sort_children(struct rec *r, struct rec ***buf, size_t *cap)
{
	size_t n = 0;
	int sorted = 1;

	for (struct rec *c = r->child; c; c = c->next) {
		/* Exports mostly list records in order: check before sorting. */
		if (c->next && cmp_child(&c, &c->next) > 0)
			sorted = 0;
		n++;
	}
	if (!sorted) {
		size_t i = 0;

		XGROW(*buf, *cap, n);
		for (struct rec *c = r->child; c; c = c->next)
			(*buf)[i++] = c;
		qsort(*buf, n, sizeof(**buf), cmp_child);
		r->child = (*buf)[0];
		for (i = 0; i + 1 < n; i++)
			(*buf)[i]->next = (*buf)[i + 1];
		(*buf)[n - 1]->next = NULL;
	}
	for (struct rec *c = r->child; c; c = c->next)
		sort_children(c, buf, cap);
}

void store_sort(struct store *s)
{
	struct rec **buf = NULL;
	size_t cap = 0;

	if (s->sorted)
		return;
	s->sorted = 1;
	sort_tables = s->map->table;
	for (size_t i = 1; i < s->ntop; i++)
		if (cmp_top(&s->top[i - 1], &s->top[i]) > 0) {
			qsort(s->top, s->ntop, sizeof(*s->top), cmp_top);
			/* The index names records by their place in top[]. */
			hashtab_clear(&s->tops);
			for (size_t j = 0; j < s->ntop; j++)
				hashtab_add(&s->tops,
					    top_hash(rec_lea(s->map, s->top[j]),
						     key_of(s, s->top[j])),
					    (uint32_t)j + 1);
			break;
		}
	for (size_t i = 0; i < s->ntop; i++)
		sort_children(s->top[i], &buf, &cap);
	free(buf);
}
