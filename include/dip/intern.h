/*
 * intern.h - one copy of each distinct string.
 *
 * intern() returns the table's copy of s[0..n): equal strings give the
 * same pointer, so code that holds only interned strings compares them
 * with ==.  Copies are packed without padding and live until
 * intern_release().  Each copy keeps its length (intern_len(): no
 * strlen() per use) and one byte, intern_mark(), zero at first, that the
 * table's users may set to remember something about the string once for
 * all its uses (csvio.h keeps there whether it needs CSV quotes).  Both
 * only for strings intern() returned; strings are shorter than 4 GiB.
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
/* Before each copy: its length (4 bytes), then its mark. */
#define INTERN_HEAD 5

static inline size_t intern_len(const char *s)
{
	uint32_t n;

	memcpy(&n, s - INTERN_HEAD, sizeof(n));
	return n;
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
