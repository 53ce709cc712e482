/*
 * The block allocator (arena.h) and the string table over it (intern.h):
 * alignment, packing, requests larger than a block, reuse after a reset,
 * one copy per distinct string however the table grows, and each
 * copy's id: numbered from 1 in the order interned, the same for equal
 * strings, turned back into the copy by intern_at().
 */
#include "dip/arena.h"
#include "dip/intern.h"
#include "tap.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	struct arena a;
	struct intern t;
	char *p, *q, *big, *first;
	const char *s, *u;
	size_t i;
	int all, ids;

	plan(21);

	arena_init(&a);
	p = arena_alloc_packed(&a, 3);
	q = arena_alloc_packed(&a, 5);
	ok(q == p + 3, "packed requests are back to back");
	p = arena_alloc(&a, 1);
	ok((uintptr_t)p % sizeof(void *) == 0,
	   "an aligned request after 8 packed bytes is aligned");
	q = arena_alloc(&a, 8);
	ok(q == p + 8, "a 1-byte aligned request is padded to 8");
	arena_alloc_packed(&a, 1);
	p = arena_alloc(&a, 16);
	ok((uintptr_t)p % sizeof(void *) == 0, "aligned after an odd packed byte");

	/* Larger than a block (1 MiB): its own block, all of it usable. */
	big = arena_alloc_packed(&a, (1u << 20) + 3);
	memset(big, 'x', (1u << 20) + 3);
	ok(big[(1u << 20) + 2] == 'x', "a request larger than a block is whole");
	p = arena_alloc(&a, 8);
	ok((uintptr_t)p % sizeof(void *) == 0 &&
	   (p < big || p >= big + (1u << 20) + 3),
	   "the next request is aligned and outside the large one");

	/* Fill a block exactly, then one byte more. */
	arena_release(&a);
	first = arena_alloc_packed(&a, (1u << 20) - 1);
	p = arena_alloc_packed(&a, 1);
	ok(p == first + (1u << 20) - 1, "the last byte of a block is used");
	q = arena_alloc_packed(&a, 1);
	ok(q != p + 1, "the next byte comes from a new block");

	arena_reset(&a);
	p = arena_alloc(&a, 24);
	arena_reset(&a);
	q = arena_alloc(&a, 24);
	ok(p == q, "after a reset the kept block is reused from its start");

	s = arena_strndup(&a, "abcdef", 3);
	is_string("abc", s, "arena_strndup copies n bytes and terminates");
	arena_release(&a);

	intern_init(&t);
	s = intern(&t, "team-a", 4);
	u = intern_str(&t, "team");
	ok(s == u, "equal strings give the same copy");
	is_int(4, (long)intern_len(s), "the copy knows its length");
	is_int(0, *intern_mark(s), "the mark starts at zero");
	/* 4096 slots to begin with: 20000 strings make the table grow
	 * several times, and every string must still be found. */
	for (i = 0; i < 20000; i++) {
		char buf[16];

		snprintf(buf, sizeof(buf), "v%zu", i);
		intern_str(&t, buf);
	}
	all = ids = 1;
	for (i = 0; i < 20000; i++) {
		char buf[16];
		const char *x;

		snprintf(buf, sizeof(buf), "v%zu", i);
		x = intern_str(&t, buf);
		if (strcmp(x, buf) || intern_len(x) != strlen(buf) ||
		    intern_str(&t, buf) != x)
			all = 0;
		/* "team" was the first: v0 is id 2. */
		if (intern_id(x) != i + 2 || intern_at(&t, intern_id(x)) != x)
			ids = 0;
	}
	ok(all, "every string is found once after the table grew");
	ok(intern_str(&t, "team") == s, "earlier copies survive growth");
	is_int(1, (long)intern_id(s), "the first string interned is id 1");
	is_int(2, (long)intern_id(intern_str(&t, "v0")),
	       "the next one id 2");
	is_int(0, (long)intern_id(NULL), "no string is id 0");
	ok(intern_at(&t, 0) == NULL, "id 0 is no string");
	ok(ids, "ids count up in the order interned and find their copy");
	u = intern(&t, "team-b", 6);
	ok(intern_id(u) == t.n && intern_len(u) == 6 && *intern_mark(u) == 0 &&
	   intern_id(intern_str(&t, "team-b")) == intern_id(u),
	   "a new string's id, length and mark sit side by side");
	intern_release(&t);
	return 0;
}
