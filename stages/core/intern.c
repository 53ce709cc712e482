/* intern.c - a string table; see intern.h. */
#include "dip/intern.h"
#include "dip/error.h"
#include "dip/exitcode.h"
#include "dip/util.h"

#include <stdlib.h>
#include <string.h>

void intern_init(struct intern *t)
{
	memset(t, 0, sizeof(*t));
	arena_init(&t->strings);
	hashtab_init(&t->index, 3072);
}

void intern_release(struct intern *t)
{
	arena_release(&t->strings);
	hashtab_release(&t->index);
	free(t->str);
	memset(t, 0, sizeof(*t));
}

/* A packed copy of s[0..n) with its id, length and mark before it: the
 * table's, in its arena. */
static char *keep(struct intern *t, const char *s, size_t n, uint32_t id)
{
	uint32_t len = (uint32_t)n;
	char *d = arena_alloc_packed(&t->strings, INTERN_HEAD + n + 1);

	memcpy(d, &id, sizeof(id));
	memcpy(d + 4, &len, sizeof(len));
	d[8] = 0;                       /* the mark */
	d += INTERN_HEAD;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

struct probe {
	const struct intern *t;
	const char *s;
	size_t n;
};

/* hashtab_match: entry id holds the probe's string. */
static int same(const void *key, uint32_t id)
{
	const struct probe *k = key;
	const char *c = k->t->str[id - 1];

	return intern_len(c) == k->n && !memcmp(c, k->s, k->n);
}

const char *intern(struct intern *t, const char *s, size_t n)
{
	struct probe k = { t, s, n };
	uint32_t h = hash_bytes(s, n), id;
	size_t at;

	if ((id = hashtab_find(&t->index, h, same, &k, &at)))
		return t->str[id - 1];
	if (t->n >= INTERN_MAX)
		dip_die(DIP_EXIT_DATA, "more than %lu distinct values: ids are"
			" 32-bit", (unsigned long)INTERN_MAX);
	XGROW(t->str, t->cap, t->n + 1);
	t->str[t->n] = keep(t, s, n, (uint32_t)t->n + 1);
	/* Filled up to three quarters (hashtab.h): a million children's
	 * identifiers take 2 M slots, not 4 M. */
	hashtab_add_at(&t->index, at, h, (uint32_t)++t->n);
	return t->str[t->n - 1];
}

const char *intern_str(struct intern *t, const char *s)
{
	return intern(t, s, strlen(s));
}
