/* util.c - checked allocation, strbuf and paths; see util.h. */
#include "dip/util.h"
#include "dip/error.h"
#include "dip/exitcode.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static DIP_NORETURN void oom(size_t n)
{
	dip_die(DIP_EXIT_INTERNAL, "out of memory allocating %zu bytes", n);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void xgrow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n;

	if (need <= *cap)
		return;
	n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			oom(SIZE_MAX);
		n *= 2;
	}
	*p = xrealloc(*p, n * size);
	*cap = n;
}

void strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void strbuf_add(struct strbuf *sb, const char *s, size_t n)
{
	XGROW(sb->buf, sb->cap, sb->len + n + 1);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	XGROW(sb->buf, sb->cap, sb->len + (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

char *strbuf_detach(struct strbuf *sb)
{
	char *buf = sb->buf ? sb->buf : xstrdup("");

	strbuf_init(sb);
	return buf;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

/* XML white space: space, tab, CR, LF (not the C locale's isspace()). */
int list_has(const char *list, const char *sep, const char *gap,
	     const char *w, size_t n)
{
	for (const char *s = list; s && *s;) {
		size_t len = strcspn(s, sep);

		if (len == n && !strncmp(s, w, n))
			return 1;
		s += len;
		s += strspn(s, gap);
	}
	return 0;
}

void strbuf_add_markup(struct strbuf *sb, const char *s, int quote)
{
	for (; s && *s; s++) {
		if (*s == '&')
			strbuf_adds(sb, "&amp;");
		else if (*s == '<')
			strbuf_adds(sb, "&lt;");
		else if (*s == '>')
			strbuf_adds(sb, "&gt;");
		else if (*s == '"' && quote)
			strbuf_adds(sb, "&quot;");
		else
			strbuf_add(sb, s, 1);
	}
}

static int xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void strbuf_trim(struct strbuf *sb)
{
	size_t a = 0, b = sb->len;

	while (a < b && xml_space(sb->buf[a]))
		a++;
	while (b > a && xml_space(sb->buf[b - 1]))
		b--;
	if (a || b != sb->len) {
		memmove(sb->buf, sb->buf + a, b - a);
		sb->len = b - a;
		sb->buf[sb->len] = '\0';
	}
}

int is_blank(const char *s, size_t n)
{
	const uint64_t spaces = 0x2020202020202020ull;
	uint64_t w;
	size_t i;

	/* The white space between elements is nearly always a line feed
	 * and an indentation of spaces: tested eight spaces at a time, the
	 * last eight overlapping the ones before them. */
	if (n >= 9 && s[0] == '\n') {
		for (i = 1; i + 8 < n; i += 8) {
			memcpy(&w, s + i, 8);
			if (w != spaces)
				goto any;
		}
		memcpy(&w, s + n - 8, 8);
		if (w == spaces)
			return 1;
	}
any:
	for (i = 0; i < n; i++)
		if (!xml_space(s[i]))
			return 0;
	return 1;
}

char *path_join(const char *dir, const char *name)
{
	struct strbuf sb;

	if (name[0] == '/' || !dir || !*dir)
		return xstrdup(name);
	strbuf_init(&sb);
	strbuf_adds(&sb, dir);
	if (sb.buf[sb.len - 1] != '/')
		strbuf_add(&sb, "/", 1);
	strbuf_adds(&sb, name);
	return strbuf_detach(&sb);
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}
