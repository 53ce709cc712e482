/* arena.c - the block allocator's slow path; see arena.h. */
#include "dip/arena.h"
#include "dip/error.h"
#include "dip/exitcode.h"
#include "dip/util.h"

#include <stdlib.h>
#include <string.h>

/* Large enough that a million children cost a few hundred mallocs. */
#define ARENA_BLOCK (1u << 20)

struct arena_block {
	struct arena_block *next;
	size_t size;
	max_align_t data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->next = a->end = NULL;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;

		free(b);
		b = next;
	}
	arena_init(a);
}

void arena_reset(struct arena *a)
{
	struct arena_block *keep = a->head;

	if (!keep)
		return;
	a->head = keep->next;
	arena_release(a);
	keep->next = NULL;
	a->head = keep;
	a->next = (char *)keep->data;
	a->end = a->next + keep->size;
}

void *arena_more(struct arena *a, size_t n)
{
	/* A multiple of 8, so that block ends are aligned (arena_take()). */
	size_t size = n > ARENA_BLOCK ? (n + 7) & ~(size_t)7 : ARENA_BLOCK;
	struct arena_block *b;

	if (n > SIZE_MAX / 2)
		dip_die(DIP_EXIT_INTERNAL, "out of memory allocating %zu bytes",
			n);
	b = xmalloc(sizeof(*b) + size);
	b->size = size;
	b->next = a->head;
	a->head = b;
	a->next = (char *)b->data + n;
	a->end = (char *)b->data + size;
	return b->data;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_refs_init(struct arena_refs *a, size_t limit)
{
	memset(a, 0, sizeof(*a));
	if (!limit || limit > ARENA_REF_LIMIT)
		limit = ARENA_REF_LIMIT;
	a->max_block = limit / ARENA_REF_BLOCK;
	if (!a->max_block)
		a->max_block = 1;
}

void arena_refs_release(struct arena_refs *a)
{
	for (size_t i = 0; i < a->nblock; i++)
		free(a->block[i]);
	free(a->block);
	a->block = NULL;
	a->nblock = a->capblock = a->used = 0;
}

uint32_t arena_refs_more(struct arena_refs *a, size_t n)
{
	if (n > ARENA_REF_BLOCK || a->nblock >= a->max_block)
		return 0;
	XGROW(a->block, a->capblock, a->nblock + 1);
	a->block[a->nblock++] = xmalloc(ARENA_REF_BLOCK);
	/* The first 4 bytes of block 0 would be reference 0, which names
	 * nothing: they are never handed out. */
	a->used = a->nblock == 1 ? 4 : 0;
	return arena_refs_alloc(a, n);
}
