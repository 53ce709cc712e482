/* hashtab.c - growing the one hash table; see hashtab.h. */
#include "dip/hashtab.h"
#include "dip/util.h"

#include <stdlib.h>
#include <string.h>

void hashtab_init(struct hashtab *t, size_t n)
{
	size_t nslot = 16;

	while (nslot / 4 * 3 < n)
		nslot *= 2;
	t->slot = xcalloc(nslot, sizeof(*t->slot));
	t->mask = nslot - 1;
	t->n = 0;
}

void hashtab_release(struct hashtab *t)
{
	free(t->slot);
	t->slot = NULL;
	t->mask = t->n = 0;
}

void hashtab_clear(struct hashtab *t)
{
	memset(t->slot, 0, (t->mask + 1) * sizeof(*t->slot));
	t->n = 0;
}

/* Place an entry in the first empty slot of its probe path; the
 * caller counts it and grows the table. */
static void put(struct hashtab *t, uint32_t h, uint32_t id)
{
	size_t j = h & t->mask;

	while (t->slot[j].id)
		j = (j + 1) & t->mask;
	t->slot[j].hash = h;
	t->slot[j].id = id;
}

/* Twice the slots, each entry moved by its kept hash.  The walk starts
 * at an empty slot so that it meets each run of full slots from its
 * start: entries that share a probe path keep their order on it (the
 * first added is still found first). */
static void grow(struct hashtab *t)
{
	struct hashtab_slot *old = t->slot;
	size_t nold = t->mask + 1, start = 0;

	while (old[start].id)
		start++;
	t->slot = xcalloc(nold * 2, sizeof(*t->slot));
	t->mask = nold * 2 - 1;
	for (size_t i = 0; i < nold; i++) {
		const struct hashtab_slot *o = &old[(start + i) & (nold - 1)];

		if (o->id)
			put(t, o->hash, o->id);
	}
	free(old);
}

void hashtab_add_at(struct hashtab *t, size_t at, uint32_t h, uint32_t id)
{
	t->slot[at].hash = h;
	t->slot[at].id = id;
	if (++t->n > (t->mask + 1) / 4 * 3)
		grow(t);
}

void hashtab_add(struct hashtab *t, uint32_t h, uint32_t id)
{
	put(t, h, id);
	if (++t->n > (t->mask + 1) / 4 * 3)
		grow(t);
}
