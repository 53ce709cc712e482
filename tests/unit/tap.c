/* tap.c - see tap.h. */
/* nftw() is an X/Open extension. */
#define _XOPEN_SOURCE 700
#include "tap.h"

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int planned = -1, run, failed, lazy;
static char *tmpdir;

static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static void finish(void)
{
	if (lazy)
		printf("1..%d\n", run);
	/* Depth first, not following links: no shell, so no quoting. */
	if (tmpdir) {
		if (nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
			fprintf(stderr, "# could not remove %s\n", tmpdir);
		free(tmpdir);
	}
	fflush(stdout);
	if (failed || (planned >= 0 && run != planned)) {
		if (planned >= 0 && run != planned)
			printf("# planned %d tests, ran %d\n", planned, run);
		fflush(stdout);
		_exit(1);
	}
}

void plan(int n)
{
	planned = n;
	printf("1..%d\n", n);
	atexit(finish);
}

void plan_lazy(void)
{
	lazy = 1;
	atexit(finish);
}

static int report(int cond, const char *fmt, va_list ap)
{
	run++;
	if (!cond)
		failed++;
	printf("%sok %d - ", cond ? "" : "not ", run);
	vprintf(fmt, ap);
	putchar('\n');
	return cond;
}

int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(cond, fmt, ap);
	va_end(ap);
	return cond;
}

int is_int(long want, long got, const char *fmt, ...)
{
	va_list ap;
	int c = want == got;

	va_start(ap, fmt);
	report(c, fmt, ap);
	va_end(ap);
	if (!c)
		printf("#   want: %ld\n#    got: %ld\n", want, got);
	return c;
}

int is_string(const char *want, const char *got, const char *fmt, ...)
{
	va_list ap;
	int c;

	if (!want || !got)
		c = want == got;
	else
		c = !strcmp(want, got);
	va_start(ap, fmt);
	report(c, fmt, ap);
	va_end(ap);
	if (!c)
		printf("#   want: '%s'\n#    got: '%s'\n", want ? want : "(null)",
		       got ? got : "(null)");
	return c;
}

void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	exit(0);
}

char *test_path(const char *rel)
{
	const char *root = getenv("DIP_ROOT");
	size_t n;
	char *p;

	if (!root)
		root = ".";
	n = strlen(root) + strlen(rel) + 2;
	p = malloc(n);
	if (!p)
		abort();
	snprintf(p, n, "%s/%s", root, rel);
	return p;
}

char *test_tmpdir(void)
{
	char tmpl[] = "/tmp/dip-unit-XXXXXX";

	if (!tmpdir) {
		if (!mkdtemp(tmpl)) {
			perror("mkdtemp");
			exit(1);
		}
		tmpdir = strdup(tmpl);
	}
	return strdup(tmpdir);
}

char *test_write_file(const char *dir, const char *name, const char *text)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);
	FILE *fp;

	if (!path)
		abort();
	snprintf(path, n, "%s/%s", dir, name);
	fp = fopen(path, "w");
	if (!fp || fputs(text, fp) == EOF || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
	return path;
}
