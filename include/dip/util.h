/*
 * util.h - allocation that cannot fail silently, growable strings and
 * paths.  (The bump allocator for values kept by the million is arena.h.)
 *
 * xmalloc() and friends exit with DIP_EXIT_INTERNAL on out-of-memory:
 * a nightly batch has nothing better to do at that point.
 *
 * Returns: nothing here fails: out of memory exits.  Every char *
 * returned is the caller's to free.
 */
#ifndef DIP_UTIL_H
#define DIP_UTIL_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow *p (of *cap elements of size) to hold at least need elements.
 * XGROW() tests first, without a call: it runs once per element or
 * character in the hottest loops, and nearly always finds room. */
void xgrow(void **p, size_t *cap, size_t need, size_t size);
#define XGROW(p, cap, need) \
	((need) > (cap) ? xgrow((void **)&(p), &(cap), (need), sizeof(*(p))) \
			: (void)0)

/* A growable NUL-terminated buffer.  strbuf_init() allocates nothing. */
struct strbuf {
	char *buf;
	size_t len, cap;
};
void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_reset(struct strbuf *sb);
/* The buffer, handed to the caller to free (an empty string if nothing
 * was ever added, never NULL); sb is left empty, ready for reuse. */
char *strbuf_detach(struct strbuf *sb);
/* s (NULL: nothing) as XML or HTML text: & < > as entities, and "
 * too when quote (for an attribute's value). */
void strbuf_add_markup(struct strbuf *sb, const char *s, int quote);
/* Strip leading and trailing XML white space in place. */
void strbuf_trim(struct strbuf *sb);

/* 1 when w[0..n) is an item of list (NULL: none): an item ends at a
 * byte of sep, and the bytes of gap after it are skipped ("a; b" with
 * sep ";" and gap "; "). */
int list_has(const char *list, const char *sep, const char *gap,
	     const char *w, size_t n);

/* 1 if s is empty or only XML white space (space, tab, CR, LF). */
int is_blank(const char *s, size_t n);

/* Join dir and name with one '/'; caller frees. A name that starts with
 * '/' is returned as a copy. */
char *path_join(const char *dir, const char *name);
/* Directory part of a path ("." when there is none); caller frees. */
char *path_dirname(const char *path);

#endif
