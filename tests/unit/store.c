/*
 * The merge store's records (store.h): links as 32-bit references and
 * values as string ids read back as they were merged; what a second
 * export adds (its line, the file each value came from) kept only for
 * the records it carried; and the limit on the records' bytes refused
 * cleanly (store_merge() -1, what was merged before still readable),
 * never wrapped.  The arena under them (arena.h) hands out 4-aligned
 * references, never 0, and refuses past its limit.  A record numbers
 * its table in a byte: a map of more than 255 tables is refused.
 */
#include "dip/arena.h"
#include "ingest/store.h"
#include "tap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add(struct pending *up, struct pending *c)
{
	if (up->last)
		up->last->next = c;
	else
		up->child = c;
	up->last = c;
	c->up = up;
}

/* A map of the header and n top-level record tables: 0 when it loads,
 * else -1 with err. */
static int load_tables(const char *dir, const char *codes, int n,
		       struct dip_err *err)
{
	char *path = test_write_file(dir, "map.csv", "");
	struct exportmap m;
	FILE *fp = fopen(path, "w");
	int rc;

	fputs("kind,path,table,column,type,first_year,last_year\n"
	      "root,R,,,census,,\nfield,R/H/LEA,header,lea,string,,\n", fp);
	for (int i = 0; i < n; i++)
		fprintf(fp, "record,R/C%d,t%d,k,,,\nfield,R/C%d/K,t%d,k,string,,\n",
			i, i, i, i);
	fclose(fp);
	rc = exportmap_load(&m, path, codes, err);
	if (!rc)
		exportmap_release(&m);
	free(path);
	return rc;
}

static void test_refs(void)
{
	struct arena_refs a;
	uint32_t r1, r2, r3;
	char *p;
	int n;

	arena_refs_init(&a, 2 * ARENA_REF_BLOCK);
	r1 = arena_refs_alloc(&a, 6);
	r2 = arena_refs_alloc(&a, 4);
	ok(r1 != 0 && r2 != 0, "reference 0 is never handed out");
	ok((uintptr_t)arena_ref_at(&a, r1) % 4 == 0 &&
	   (char *)arena_ref_at(&a, r2) == (char *)arena_ref_at(&a, r1) + 8,
	   "requests are rounded to 4 bytes and follow each other");
	p = arena_ref_at(&a, r1);
	memcpy(p, "abcdef", 6);
	r3 = arena_refs_alloc(&a, ARENA_REF_BLOCK);
	ok(r3 != 0 && arena_ref_at(&a, r1) == p && !memcmp(p, "abcdef", 6),
	   "a second block leaves the first where it was");
	ok(arena_refs_alloc(&a, 4) == 0,
	   "past the limit (two blocks) the arena refuses, with 0");
	ok(arena_refs_alloc(&a, 4) == 0, "and goes on refusing");
	arena_refs_release(&a);

	arena_refs_init(&a, 0);
	is_int((long)(ARENA_REF_LIMIT / ARENA_REF_BLOCK), (long)a.max_block,
	       "no limit given: what 32 bits address, 16 GiB");
	ok(ARENA_REF_LIMIT == (size_t)16 << 30, "that is 16 GiB");
	ok(arena_refs_alloc(&a, ARENA_REF_BLOCK + 4) == 0,
	   "a request larger than a block is refused");
	n = 0;
	for (int i = 0; i < 3; i++)
		n += arena_refs_alloc(&a, ARENA_REF_BLOCK) != 0;
	is_int(3, n, "whole blocks are handed out one by one");
	arena_refs_release(&a);
}

int main(void)
{
	char *map_path = test_path("config/export-map.csv");
	char *codes = test_path("config/codes");
	char *dir = test_tmpdir();
	struct exportmap m;
	struct dip_err err;
	struct store s;
	struct report rep;
	struct arena a;
	struct pending *c, *e;
	const struct rec *r, *ep;
	int ch, eps, refdate, closure, rc, i, kids;
	char id[32];

	plan(24);
	test_refs();
	is_int(0, load_tables(dir, codes, 254, &err),
	       "a map of 255 tables (the header and 254) loads");
	ok(load_tables(dir, codes, 255, &err) == -1 &&
	   !strcmp(err.msg, "more than 255 tables"),
	   "one of 256 is refused: more than 255 tables");
	if (exportmap_load(&m, map_path, codes, &err))
		return 1;
	ch = map_table_index(&m, "children");
	eps = map_table_index(&m, "episodes");
	refdate = map_col_index(&m, eps, "referral_date");
	closure = map_col_index(&m, eps, "closure_date");
	report_init(&rep);
	arena_init(&a);

	/* One child with 20 episodes (the family outgrows its list and is
	 * indexed), from file 0; the same child again from file 1, which
	 * closes episode 3 and brings a 21st. */
	store_init(&s, &m);
	store_set_rank(&s, 0, "a.xml", "2025-04-01T00:00:00");
	store_set_rank(&s, 1, "b.xml", "2026-04-01T00:00:00");
	for (int f = 0; f < 2; f++) {
		c = pending_new(&a, &m, ch, 10);
		c->val[m.table[ch].key] = intern_str(&s.strings, "C1");
		for (i = 0; i < 20 + f; i++) {
			snprintf(id, sizeof(id), "2020-01-%02d", i + 1);
			e = pending_new(&a, &m, eps, 100 * f + 11 + i);
			e->val[refdate] = intern_str(&s.strings, id);
			if (f == 1 && i == 3)
				e->val[closure] = intern_str(&s.strings,
							     "2020-02-01");
			add(c, e);
		}
		rc = store_merge(&s, c, f, intern_str(&s.strings, "999"), &rep);
		is_int(0, rc, "file %d merged", f);
		arena_reset(&a);
	}
	store_sort(&s);
	is_int(1, (long)s.ntop, "one child");
	r = store_top(&s, 0);
	is_string("C1", rec_key(&s, r), "its key reads back");
	is_string("999", rec_lea(&s, r), "its LEA reads back");
	kids = 0;
	ep = NULL;
	for (const struct rec *x = rec_child(&s, r); x; x = rec_next(&s, x)) {
		kids += rec_up(&s, x) == r;
		if (kids == 4)
			ep = x;
	}
	is_int(21, kids, "21 episodes, each linked to the child");
	ok(ep && !strcmp(rec_val(&s, ep, (size_t)refdate), "2020-01-04") &&
	   !strcmp(rec_val(&s, ep, (size_t)closure), "2020-02-01"),
	   "the fourth episode holds its date and the later file's closure");
	/* The later export wins, an equal value too (store.h). */
	ok(ep && rec_src(&s, ep, (size_t)closure) == 1 &&
	   rec_src(&s, ep, (size_t)refdate) == 1 && rec_file(ep) == 0 &&
	   rec_line(ep) == 14,
	   "each value's file, and where the record was first read");
	ok(ep && rec_last_file(&s, ep) == 1 && rec_last_line(&s, ep) == 114,
	   "the last file that carried it, and its line there");
	ep = rec_child(&s, r);
	while (ep && rec_next(&s, ep))
		ep = rec_next(&s, ep);
	ok(ep && rec_file(ep) == 1 && rec_last_file(&s, ep) == 1 &&
	   rec_last_line(&s, ep) == 131 && !ep->ext,
	   "a record only one file carried keeps nothing beside it");
	is_int(0, (long)rep.n, "nothing to report");
	store_release(&s);

	/* Children until one block of records is full: the merge that does
	 * not fit is refused, and those before are all there. */
	store_init(&s, &m);
	store_limit(&s, ARENA_REF_BLOCK);
	store_set_rank(&s, 0, "a.xml", "");
	rc = 0;
	for (i = 0; !rc && i < 1000000; i++) {
		c = pending_new(&a, &m, ch, i + 1);
		snprintf(id, sizeof(id), "C%d", i);
		c->val[m.table[ch].key] = intern_str(&s.strings, id);
		rc = store_merge(&s, c, 0, intern_str(&s.strings, "999"), &rep);
		arena_reset(&a);
	}
	is_int(-1, rc, "past the limit, the merge is refused");
	ok(i > 1000 && (size_t)(i - 1) == s.ntop &&
	   !strcmp(rec_key(&s, store_top(&s, 0)), "C0") &&
	   !strcmp(rec_key(&s, store_top(&s, s.ntop - 1)),
		   (snprintf(id, sizeof(id), "C%d", i - 2), id)),
	   "every child before it is kept, first to last");
	store_release(&s);

	report_release(&rep);
	arena_release(&a);
	exportmap_release(&m);
	free(map_path);
	free(codes);
	free(dir);
	return 0;
}
