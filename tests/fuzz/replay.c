/*
 * replay.c - run a harness over saved inputs without libFuzzer, so that
 * CI needs only the normal compiler (and the sanitizer build):
 *
 *   replay-HARNESS [-v] FILE|DIR...
 *
 * Directories are read recursively, in name order; every regular file is
 * one input.  The harness's own messages (a stage refusing a bad table)
 * are silenced unless -v; a broken invariant or a sanitizer report ends
 * the run with the input's name on standard error.
 */
#include "fuzz.h"
#include "dip/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *current;
static int report_fd = 2, verbose;
static unsigned long inputs;

static void say_current(void)
{
	if (current) {
		dprintf(report_fd, "replay: failed on input %s\n", current);
		current = NULL;
	}
}

static void on_fatal(int sig)
{
	say_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf data;
	char buf[65536];
	size_t n;

	if (!fp) {
		dprintf(report_fd, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	strbuf_init(&data);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&data, buf, n);
	fclose(fp);
	if (verbose)
		dprintf(report_fd, "replay: %s\n", path);
	current = path;
	LLVMFuzzerTestOneInput((const uint8_t *)(data.buf ? data.buf : ""),
			       data.len);
	current = NULL;
	inputs++;
	strbuf_release(&data);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **name = NULL;
	size_t n = 0, cap = 0;

	if (stat(path, &st) < 0) {
		dprintf(report_fd, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	if (S_ISREG(st.st_mode)) {
		run_file(path);
		return;
	}
	if (!S_ISDIR(st.st_mode) || !(d = opendir(path)))
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			XGROW(name, cap, n + 1);
			name[n++] = path_join(path, e->d_name);
		}
	closedir(d);
	if (n)
		qsort(name, n, sizeof(*name), by_name);
	for (size_t i = 0; i < n; i++) {
		run_path(name[i]);
		free(name[i]);
	}
	free(name);
}

int main(int argc, char **argv)
{
	int first = 1, quiet;

	if (argc > 1 && !strcmp(argv[1], "-v")) {
		verbose = 1;
		first = 2;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: %s [-v] FILE|DIR...\n", argv[0]);
		return 2;
	}
	/* Keep the real stderr for our reports and the sanitizers'. */
	if (!verbose && (report_fd = dup(2)) >= 0 &&
	    (quiet = open("/dev/null", O_WRONLY)) >= 0) {
		dup2(quiet, 2);
		close(quiet);
	} else if (report_fd < 0) {
		report_fd = 2;
	}
#ifdef HAVE_SANITIZER
	__sanitizer_set_report_fd((void *)(long)report_fd);
#endif
	fuzz_report_fd = report_fd;
	fuzz_at_death(say_current);
	signal(SIGABRT, on_fatal);
	signal(SIGSEGV, on_fatal);
	signal(SIGBUS, on_fatal);
	signal(SIGFPE, on_fatal);
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = first; i < argc; i++)
		run_path(argv[i]);
	dprintf(report_fd, "%s: %lu inputs, no failure\n", argv[0], inputs);
	return 0;
}
