/* fuzz.c - the harnesses' private directory and config; see fuzz.h. */
#define _XOPEN_SOURCE 700       /* nftw() */
#include "fuzz.h"
#include "dip/util.h"

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DIP_FUZZ_ROOT
#define DIP_FUZZ_ROOT "."
#endif

int fuzz_report_fd = 2;
static char *dir;
static pid_t owner;
static void (*death_fn)(void);

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	/* Keep the directory itself unless asked to remove it (level 0). */
	if (ftw->level == 0)
		return 0;
	remove(path);
	return 0;
}

void fuzz_clean(void)
{
	if (dir)
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void remove_dir(void)
{
	/* A forked child (none today) must not remove its parent's files. */
	if (!dir || getpid() != owner)
		return;
	fuzz_clean();
	rmdir(dir);
	free(dir);
	dir = NULL;
}

#ifdef HAVE_SANITIZER
static void dying(void)
{
	if (death_fn)
		death_fn();
	remove_dir();
}
#endif

static void on_death(void)
{
#ifdef HAVE_SANITIZER
	/* The sanitizers keep one callback: this one calls both. */
	__sanitizer_set_death_callback(dying);
#endif
}

void fuzz_at_death(void (*fn)(void))
{
	death_fn = fn;
	on_death();
}

const char *fuzz_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl;

	if (dir)
		return dir;
	/* Every stage fsyncs what it writes: memory makes that cheap. */
	if (!tmp || !*tmp)
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	tmpl = path_join(tmp, "dip-fuzz-XXXXXX");
	if (!mkdtemp(tmpl)) {
		fprintf(stderr, "fuzz: cannot make a directory %s: %s\n", tmpl,
			strerror(errno));
		abort();
	}
	dir = tmpl;
	owner = getpid();
	atexit(remove_dir);
	on_death();
	return dir;
}

char *fuzz_path(const char *name)
{
	return path_join(fuzz_dir(), name);
}

static void make_parents(char *path)
{
	for (char *s = strchr(path + strlen(fuzz_dir()) + 1, '/'); s;
	     s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(path, 0700);
		*s = '/';
	}
}

char *fuzz_write(const char *name, const void *data, size_t n)
{
	char *path = fuzz_path(name);
	FILE *fp;

	make_parents(path);
	fp = fopen(path, "wb");
	if (!fp || (n && fwrite(data, 1, n, fp) != n) || fclose(fp)) {
		fprintf(stderr, "fuzz: cannot write %s: %s\n", path,
			strerror(errno));
		abort();
	}
	return path;
}

const char *fuzz_root(void)
{
	return DIP_FUZZ_ROOT;
}

const char *fuzz_config(void)
{
	static char *path;
	const char *env = getenv("DIP_FUZZ_CONFIG");

	if (!path)
		path = env && *env ? xstrdup(env)
				   : path_join(DIP_FUZZ_ROOT,
					       "config/dipsample.conf");
	return path;
}

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	dprintf(fuzz_report_fd, "fuzz: invariant broken: ");
	va_start(ap, fmt);
	vdprintf(fuzz_report_fd, fmt, ap);
	va_end(ap);
	dprintf(fuzz_report_fd, "\n");
	remove_dir();
	abort();
}
