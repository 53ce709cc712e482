/*
 * arena.h - the one block allocator: memory handed out from 1 MiB blocks
 * and given back all at once.
 *
 * Used where values are kept by the million for the life of a table
 * (interned strings, the merge store's records) or by the thousand for
 * one record (ingest's scratch): a few hundred mallocs, not tens of
 * millions, and no per-value header.  Nothing is freed on its own; what
 * arena_alloc() and friends return is owned by the arena and lives until
 * arena_reset() or arena_release().  Out of memory exits, as xmalloc()
 * does (util.h), so nothing here returns NULL.
 *
 * The fast path is inline: interning a new string or storing a record
 * costs a compare and an add, and a call only once per block.
 *
 * Returns: nothing here fails; every pointer returned is the arena's.
 */
#ifndef DIP_ARENA_H
#define DIP_ARENA_H

#include <stddef.h>
#include <stdint.h>

struct arena {
	struct arena_block *head;   /* the block being filled, then older */
	char *next, *end;           /* the free part of head */
};

/* An empty arena; allocates nothing until the first request. */
void arena_init(struct arena *a);
/* Free every block: everything handed out is gone. */
void arena_release(struct arena *a);
/* Forget everything handed out but keep one block for reuse (a
 * per-record scratch arena then mallocs nothing after the first). */
void arena_reset(struct arena *a);
/* The slow path of arena_take(): n bytes at the start of a new block,
 * which suits any alignment. */
void *arena_more(struct arena *a, size_t n);

/* n bytes at an address that is a multiple of align (a power of two, at
 * most 8). */
static inline void *arena_take(struct arena *a, size_t n, size_t align)
{
	/* Block ends are 8-aligned, so padding never passes the end. */
	size_t pad = (size_t)-(uintptr_t)a->next & (align - 1);
	char *p;

	if (!a->next || n > (size_t)(a->end - a->next) - pad)
		return arena_more(a, n);
	p = a->next + pad;
	a->next = p + n;
	return p;
}

/* n bytes aligned for the pointers and integers records hold. */
static inline void *arena_alloc(struct arena *a, size_t n)
{
	return arena_take(a, n, sizeof(void *));
}

/* n bytes with no alignment at all: byte strings packed back to back. */
static inline void *arena_alloc_packed(struct arena *a, size_t n)
{
	return arena_take(a, n, 1);
}

/*
 * An arena whose memory is named by 32-bit references rather than
 * pointers: where millions of small records link to each other (the
 * ingest store), a link costs half a pointer.  A reference is a block's
 * number and an offset in it counted in 4-byte units, so everything
 * handed out is 4-aligned and at most ARENA_REF_BLOCK bytes; 0 is no
 * reference.  Blocks never move: arena_ref_at() gives a pointer that
 * stays good until arena_refs_release().
 *
 * 32 bits address ARENA_REF_LIMIT bytes (16 GiB) at most: past the
 * limit given to arena_refs_init() arena_refs_alloc() returns 0, which
 * the caller turns into a refusal.  Out of memory exits (util.h).
 */
#define ARENA_REF_UNITS 18                       /* offset bits per block */
#define ARENA_REF_BLOCK ((size_t)4 << ARENA_REF_UNITS)   /* 1 MiB */
#define ARENA_REF_LIMIT ((size_t)ARENA_REF_BLOCK << (32 - ARENA_REF_UNITS))

struct arena_refs {
	char **block;
	size_t nblock, capblock;
	size_t max_block;           /* blocks allowed (the limit) */
	size_t used;                /* bytes taken from the last block */
};

/* An empty arena handing out at most limit bytes (0 or more than
 * ARENA_REF_LIMIT: ARENA_REF_LIMIT), counted in whole blocks. */
void arena_refs_init(struct arena_refs *a, size_t limit);
void arena_refs_release(struct arena_refs *a);
/* The slow path of arena_refs_alloc(): a new block. */
uint32_t arena_refs_more(struct arena_refs *a, size_t n);

/* The memory reference ref names. */
static inline void *arena_ref_at(const struct arena_refs *a, uint32_t ref)
{
	return a->block[ref >> ARENA_REF_UNITS] +
	       ((size_t)(ref & ((1u << ARENA_REF_UNITS) - 1)) << 2);
}

/* n bytes (1 to ARENA_REF_BLOCK), 4-aligned and not zeroed: their
 * reference, or 0 when the arena has reached its limit. */
static inline uint32_t arena_refs_alloc(struct arena_refs *a, size_t n)
{
	uint32_t ref;

	n = (n + 3) & ~(size_t)3;
	if (!a->nblock || n > ARENA_REF_BLOCK - a->used)
		return arena_refs_more(a, n);
	ref = (uint32_t)((a->nblock - 1) << ARENA_REF_UNITS) |
	      (uint32_t)(a->used >> 2);
	a->used += n;
	return ref;
}

/* A NUL-terminated copy of s[0..n) (or of s), owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);

#endif
