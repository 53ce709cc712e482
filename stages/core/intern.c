/* intern.c - a string table; see intern.h. */
#include "dip/intern.h"
#include "dip/util.h"

#include <stdlib.h>
#include <string.h>

void intern_init(struct intern *t)
{
	memset(t, 0, sizeof(*t));
	arena_init(&t->strings);
	t->nslot = 4096;
	t->slot = xcalloc(t->nslot, sizeof(*t->slot));
	t->hash = xcalloc(t->nslot, sizeof(*t->hash));
}

void intern_release(struct intern *t)
{
	arena_release(&t->strings);
	free(t->slot);
	free(t->hash);
	memset(t, 0, sizeof(*t));
}

/* FNV-1a: values are short, so a simple hash is the fast one. */
uint32_t intern_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static char *keep(struct intern *t, const char *s, size_t n)
{
	uint32_t len = (uint32_t)n;
	char *d = arena_alloc_packed(&t->strings, INTERN_HEAD + n + 1);

	memcpy(d, &len, sizeof(len));
	d[sizeof(len)] = 0;             /* the mark */
	d += INTERN_HEAD;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void grow(struct intern *t)
{
	size_t n = t->nslot * 2;
	const char **slot = xcalloc(n, sizeof(*slot));
	uint32_t *hash = xcalloc(n, sizeof(*hash));

	for (size_t i = 0; i < t->nslot; i++) {
		size_t j;

		if (!t->slot[i])
			continue;
		for (j = t->hash[i] & (n - 1); slot[j]; j = (j + 1) & (n - 1))
			;
		slot[j] = t->slot[i];
		hash[j] = t->hash[i];
	}
	free(t->slot);
	free(t->hash);
	t->slot = slot;
	t->hash = hash;
	t->nslot = n;
}

const char *intern(struct intern *t, const char *s, size_t n)
{
	uint32_t h = intern_hash(s, n);
	size_t j;

	for (j = h & (t->nslot - 1); t->slot[j]; j = (j + 1) & (t->nslot - 1))
		if (t->hash[j] == h && intern_len(t->slot[j]) == n &&
		    !memcmp(t->slot[j], s, n))
			return t->slot[j];
	t->slot[j] = keep(t, s, n);
	t->hash[j] = h;
	/* Filled up to three quarters: a million children's identifiers
	 * take 2 M slots, not 4 M; the stored hash keeps probes cheap. */
	if (++t->n * 4 > t->nslot * 3) {
		const char *kept = t->slot[j];

		grow(t);
		return kept;
	}
	return t->slot[j];
}

const char *intern_str(struct intern *t, const char *s)
{
	return intern(t, s, strlen(s));
}
