/*
 * hashtab.h - the one hash table: open addressing over entries the
 * caller keeps.
 *
 * The table maps a 32-bit hash to an entry id, the entry's index + 1 in
 * an array the caller owns (the keys and values are there; 0 means an
 * empty slot).  It never reads a key: the caller gives each entry's hash
 * and, to look one up, a test of whether entry id has the key sought.
 * Each slot keeps its entry's hash beside its id, so that a probe skips
 * nearly every other entry without touching it and the table grows
 * without asking for a key again.  Linear probing in a power-of-two
 * array of 8-byte slots, grown past three quarters full; fewer than
 * 4 G entries.
 *
 * Typical use, with `same` a static function of the caller:
 *
 *	uint32_t h = hash_bytes(s, n), id;
 *	size_t at;
 *
 *	if ((id = hashtab_find(&t->index, h, same, &key, &at)))
 *		return &t->entry[id - 1];
 *	... append the entry to t->entry, t->n entries now ...
 *	hashtab_add_at(&t->index, at, h, t->n);
 *
 * hashtab_find() is inline so that the compiler inlines `same` too: the
 * table costs what a hand-written one would.  Out of memory exits
 * (util.h); nothing here fails otherwise.
 *
 * Below the table, the hashes its users need: hash_bytes() for strings,
 * hash_add() and hash_end() for keys made of words (interned strings
 * compare by address, so their pointers are the key).
 *
 * Returns: nothing here fails; hashtab_find() returns an id, 0 for none.
 */
#ifndef DIP_HASHTAB_H
#define DIP_HASHTAB_H

#include <stddef.h>
#include <stdint.h>

struct hashtab_slot {
	uint32_t hash;
	uint32_t id;                    /* entry index + 1, 0 = empty */
};

struct hashtab {
	struct hashtab_slot *slot;
	size_t mask;                    /* slots - 1 */
	size_t n;                       /* entries */
};

/* An empty table with room for at least n entries before it grows. */
void hashtab_init(struct hashtab *t, size_t n);
void hashtab_release(struct hashtab *t);
/* Forget every entry but keep the slots (before adding them all again,
 * as after the caller has sorted its entries). */
void hashtab_clear(struct hashtab *t);

/* Does entry id hold the key `key` points to?  (Its hash is equal.) */
typedef int hashtab_match(const void *key, uint32_t id);

/*
 * The id of the entry with key `key` and hash h, or 0 if there is none;
 * then *at (if not NULL) is the empty slot where hashtab_add_at() puts
 * it.  When several entries match, the one added first.
 */
static inline uint32_t hashtab_find(const struct hashtab *t, uint32_t h,
				    hashtab_match *match, const void *key,
				    size_t *at)
{
	size_t j = h & t->mask;

	for (; t->slot[j].id; j = (j + 1) & t->mask)
		if (t->slot[j].hash == h && match(key, t->slot[j].id))
			break;
	if (at)
		*at = j;
	return t->slot[j].id;
}

/* Add entry id with hash h in slot at, which hashtab_find() has just
 * given for h with no change to the table since.  Grows the table when
 * it is three quarters full. */
void hashtab_add_at(struct hashtab *t, size_t at, uint32_t h, uint32_t id);
/* Add entry id with hash h without looking for its key first. */
void hashtab_add(struct hashtab *t, uint32_t h, uint32_t id);

/* FNV-1a over n bytes: keys are short, so a simple hash is the fast one. */
static inline uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* A key of words (pointers, numbers): h = HASH_START, then hash_add()
 * for each word, then hash_end() for the table. */
#define HASH_START 0xcbf29ce484222325ull
static inline uint64_t hash_add(uint64_t h, uint64_t w)
{
	return (h ^ w) * 0x9e3779b97f4a7c15ull;
}

/* The multiplies carry a word's low bits only upwards, and pointers
 * differ mostly there: fold the high half down, twice, so that the low
 * bits the table indexes with depend on every bit of every word. */
static inline uint32_t hash_end(uint64_t h)
{
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ull;
	return (uint32_t)(h ^ (h >> 32));
}

/* A key of n interned strings (or NULLs): their addresses are the key. */
static inline uint32_t hash_addrs(const char *const *s, size_t n)
{
	uint64_t h = HASH_START;

	for (size_t i = 0; i < n; i++)
		h = hash_add(h, (uint64_t)(uintptr_t)s[i]);
	return hash_end(h);
}

#endif
