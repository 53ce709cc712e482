/*
 * intern.h - one copy of each distinct string.
 *
 * intern() returns the table's copy of s[0..n): equal strings give the
 * same pointer, so code that holds only interned strings compares them
 * with ==.  Copies are packed without padding and live until
 * intern_release().  Each copy keeps its length (intern_len(): no
 * strlen() per use), its id (intern_id()) and one byte, intern_mark(),
 * zero at first, that the table's users may set to remember something
 * about the string once for all its uses (csvio.h keeps there whether it
 * needs CSV quotes).  All three only for strings intern() returned;
 * strings are shorter than 4 GiB.
 *
 * The id is the copy's number, 1 for the first string interned: a
 * 32-bit stand-in for the pointer where millions of values are kept
 * (the ingest store's records), equal for equal strings as the pointers
 * are, and turned back into the copy by intern_at().  0 stands for no
 * string.  A table holds at most INTERN_MAX strings; one more is refused
 * with an exit (DIP_EXIT_DATA), never numbered twice.
 * A census holds few distinct values (dates, codes, team names)
 * repeated across many records: a million children's values cost a few
 * distinct strings each, not one copy per record.
 *
 * Returns: nothing here fails (out of memory exits, util.h); every
 * pointer returned is the table's, valid until intern_release().
 */
#ifndef DIP_INTERN_H
#define DIP_INTERN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dip/arena.h"
#include "dip/hashtab.h"

struct intern {
	struct arena strings;       /* the copies, packed */
	const char **str;           /* each copy, in the order interned */
	size_t n, cap;
	struct hashtab index;       /* of str[] */
};

void intern_init(struct intern *t);
void intern_release(struct intern *t);
/* The table's copy of s[0..n) (of s): the same pointer for equal text. */
const char *intern(struct intern *t, const char *s, size_t n);
const char *intern_str(struct intern *t, const char *s);
/* Before each copy: its id (4 bytes), its length (4 bytes), then its
 * mark. */
#define INTERN_HEAD 9
#define INTERN_MAX (UINT32_MAX - 1)

static inline size_t intern_len(const char *s)
{
	uint32_t n;

	memcpy(&n, s - INTERN_HEAD + 4, sizeof(n));
	return n;
}

/* The id of s, a string intern() returned; 0 for NULL. */
static inline uint32_t intern_id(const char *s)
{
	uint32_t id = 0;

	if (s)
		memcpy(&id, s - INTERN_HEAD, sizeof(id));
	return id;
}

/* The string of id (one intern_id() gave for t), NULL for 0. */
static inline const char *intern_at(const struct intern *t, uint32_t id)
{
	return id ? t->str[id - 1] : NULL;
}

static inline unsigned char *intern_mark(const char *s)
{
	return (unsigned char *)(uintptr_t)(s - 1);
}

/* The hash the table uses: hash_bytes() (hashtab.h). */
static inline uint32_t intern_hash(const char *s, size_t n)
{
	return hash_bytes(s, n);
}

#endif
