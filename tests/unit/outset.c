/*
 * Output sets: every member replaces its target or none does, whether
 * the failure is a rename part-way through the commit, a write that
 * fails, or a process killed in the middle (the next set in that root
 * puts the old files back); no temporary name is ever left behind.
 */
#define _GNU_SOURCE 1   /* renameat2 */
#include "dip/outfile.h"
#include "dip/outset.h"
#include "tap.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char root[4096];

static const char *at(const char *rel)
{
	static char buf[2][4400];
	static int k;

	k = !k;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", root, rel);
	return buf[k];
}

static void put(const char *rel, const char *text)
{
	FILE *fp = fopen(at(rel), "w");

	fputs(text, fp);
	fclose(fp);
}

static const char *get(const char *rel)
{
	static char buf[256];
	FILE *fp = fopen(at(rel), "r");
	size_t n;

	if (!fp)
		return "(missing)";
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Names in a directory, sorted, joined by spaces ("" when empty). */
static const char *names(const char *rel)
{
	static char buf[1024];
	char *v[64];
	size_t n = 0;
	DIR *d = opendir(at(rel));
	struct dirent *e;

	buf[0] = '\0';
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && n < 64)
			v[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(v[j], v[i]) < 0) {
				char *t = v[i];

				v[i] = v[j];
				v[j] = t;
			}
	for (size_t i = 0, len = 0; i < n; i++) {
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
					i ? " " : "", v[i]);
		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		free(v[i]);
	}
	return buf;
}

/* A set of a.csv, sub/b.csv and sub/c.csv holding `text`; a.csv gets
 * `pad` more bytes. */
static int write_set_pad(struct outset *s, const char *text, int pad,
			 struct dip_err *err)
{
	static const char *const sub[] = { NULL, "sub", "sub" };
	static const char *const name[] = { "a.csv", "b.csv", "c.csv" };

	outset_init(s, root, "test");
	for (int i = 0; i < 3; i++) {
		FILE *fp = outset_open(s, sub[i], name[i], 0600, err);

		if (!fp)
			return -1;
		fprintf(fp, "%s %s\n", text, name[i]);
		for (int k = 0; !i && k < pad; k++)
			fputc('.', fp);
	}
	return 0;
}

static int write_set(struct outset *s, const char *text, struct dip_err *err)
{
	return write_set_pad(s, text, 0, err);
}

static void all_old(const char *what)
{
	is_string("old a.csv\n", get("a.csv"), "%s: a.csv is the old one", what);
	is_string("old b.csv\n", get("sub/b.csv"), "%s: sub/b.csv is the old one", what);
	is_string("a.csv sub", names("."), "%s: no temporary file or journal in the root", what);
}

static void reset_old(void)
{
	char cmd[4300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s/sub'", root);
	if (system(cmd))
		diag("rm failed");
	mkdir(at("sub"), 0755);
	put("a.csv", "old a.csv\n");
	put("sub/b.csv", "old b.csv\n");
	put("sub/c.csv", "old c.csv\n");
}

/* The last member's target turned into a non-empty directory: the
 * first two swaps succeed, the third fails, all are undone. */
static void rename_fails_part_way(const char *what)
{
	struct outset s;
	struct dip_err err;

	reset_old();
	ok(write_set(&s, "new", &err) == 0, "%s: members open", what);
	unlink(at("sub/c.csv"));
	mkdir(at("sub/c.csv"), 0755);
	put("sub/c.csv/keep", "x");
	ok(outset_commit(&s, &err) != 0 && err.status == 3,
	   "%s: the commit fails with a write error", what);
	is_string("cannot replace: Is a directory", err.msg, "%s: and says why", what);
	outset_release(&s);
	all_old(what);
	is_string("b.csv c.csv", names("sub"), "%s: no temporary file in sub/", what);
	is_string("keep", names("sub/c.csv"), "%s: the directory is untouched", what);
}

/* Run body in a child that dies of SIGKILL where body stops. */
static void killed(void (*body)(void))
{
	pid_t pid;
	int st;

	fflush(stdout);      /* or the child's flush repeats it */
	pid = fork();
	if (pid == 0) {
		body();
		raise(SIGKILL);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "the child was killed");
}

static void kill_while_writing(void)
{
	struct outset s;
	struct dip_err err;

	write_set(&s, "new", &err);
}

/* What a commit does, cut short after the first swap. */
static void kill_after_one_swap(void)
{
	struct outset s;
	struct dip_err err;
	DIR *d;
	struct dirent *e;

	write_set(&s, "new", &err);
	/* Flush every member, as the commit would before any swap. */
	fflush(NULL);
	d = opendir(root);
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, ".a.csv.tmp-", 11))
			renameat2(AT_FDCWD, at(e->d_name), AT_FDCWD, at("a.csv"),
				  RENAME_EXCHANGE);
	closedir(d);
}

static void recovers_by(const char *what, const char *owner)
{
	struct outset s;
	struct dip_err err;

	outset_init(&s, root, owner);
	ok(outset_open(&s, NULL, "other.csv", 0600, &err) != NULL,
	   "%s: the next set in the root opens", what);
	outset_release(&s);
	all_old(what);
	is_string("b.csv c.csv", names("sub"), "%s: no temporary file in sub/", what);
}

static void recovers(const char *what)
{
	recovers_by(what, "test");
}

int main(void)
{
	char *dir = test_tmpdir();
	struct outset s, t;
	struct dip_err err;
	struct stat st;
	struct rlimit rl, small;

	plan(65);
	snprintf(root, sizeof(root), "%s/run", dir);

	ok(write_set(&s, "first", &err) == 0, "a new root and subdirectory are made");
	ok(outset_commit(&s, &err) == 0, "commit");
	outset_release(&s);
	is_string("first a.csv\n", get("a.csv"), "a.csv written");
	is_string("first c.csv\n", get("sub/c.csv"), "sub/c.csv written");
	is_string("a.csv sub", names("."), "no journal or temporary file after commit");
	ok(stat(at("sub/b.csv"), &st) == 0 && (st.st_mode & 0777) == 0600,
	   "mode as asked");

	rename_fails_part_way("swap");
	outset_no_exchange = 1;
	rename_fails_part_way("no exchange");
	reset_old();
	ok(write_set(&s, "new", &err) == 0 && outset_commit(&s, &err) == 0,
	   "no exchange: commit");
	outset_release(&s);
	is_string("new b.csv\n", get("sub/b.csv"), "no exchange: replaced");
	is_string("b.csv c.csv", names("sub"), "no exchange: no backup left");
	outset_no_exchange = 0;

	/* A write that fails (a file size limit: EFBIG, as ENOSPC would). */
	reset_old();
	getrlimit(RLIMIT_FSIZE, &rl);
	small = rl;
	small.rlim_cur = 4096;
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &small);
	ok(write_set_pad(&s, "new", 20000, &err) == 0, "write error: members open");
	ok(outset_commit(&s, &err) != 0 && err.status == 3,
	   "write error: the commit fails with a write error");
	is_string("write failed: File too large", err.msg,
		  "write error: the system's reason, not a stale errno");
	outset_release(&s);
	all_old("write error");
	is_string("b.csv c.csv", names("sub"), "write error: no temporary file in sub/");

	/* More than a buffer's worth: the write fails while the member is
	 * still being written, and the set knows which member before any
	 * commit (a stage names it there, not what it was writing next). */
	reset_old();
	ok(write_set_pad(&s, "new", 3 * OUTFILE_BUFFER, &err) == 0,
	   "write error mid-file: members open");
	ok(outset_write_error(&s, &err) != 0 && err.status == 3,
	   "write error mid-file: seen before the commit");
	ok(strcmp(err.file, at("a.csv")) == 0, "write error mid-file: a.csv named"
	   " (%s)", err.file);
	is_string("write failed: File too large", err.msg,
		  "write error mid-file: the system's reason");
	ok(outset_commit(&s, &err) != 0, "write error mid-file: no commit");
	outset_release(&s);
	setrlimit(RLIMIT_FSIZE, &rl);
	all_old("write error mid-file");
	is_string("b.csv c.csv", names("sub"), "write error mid-file: no temporary file in sub/");

	reset_old();
	killed(kill_while_writing);
	ok(strstr(names("."), ".a.csv.tmp-") != NULL,
	   "killed while writing: a temporary file is left");
	recovers("killed while writing");

	reset_old();
	killed(kill_after_one_swap);
	is_string("new a.csv\n", get("a.csv"), "killed after one swap: a.csv was new");
	recovers("killed after one swap");

	/* Another stage's run in the same root puts a killed run right too
	 * (a killed rerun of one stage, then the next stage of the night). */
	reset_old();
	killed(kill_after_one_swap);
	recovers_by("killed, then another stage", "another");

	/* A lock on this stage's journal held for a moment (another stage
	 * starting in the same root looks into it) is waited for, not
	 * taken for a second run of the stage: the other process holds it
	 * for 100 ms. */
	{
		struct timespec moment = { 0, 100 * 1000 * 1000 };
		char jpath[4200], c = 0;
		int pfd[2];
		pid_t pid;

		snprintf(jpath, sizeof(jpath), "%s", at(".dip-test.journal"));
		if (pipe(pfd) < 0)
			return 1;
		pid = fork();
		if (pid == 0) {
			int fd = open(jpath, O_RDWR | O_CREAT, 0600);

			if (fd < 0 || flock(fd, LOCK_EX) < 0 ||
			    write(pfd[1], "x", 1) != 1)
				_exit(1);
			nanosleep(&moment, NULL);
			_exit(0);
		}
		ok(read(pfd[0], &c, 1) == 1 && c == 'x', "another process holds the lock");
		outset_init(&s, root, "test");
		ok(outset_open(&s, NULL, "y.csv", 0600, &err) != NULL,
		   "a lock held for a moment is waited for");
		outset_release(&s);
		waitpid(pid, NULL, 0);
		close(pfd[0]);
		close(pfd[1]);
	}

	/* Two runs of one stage into one root do not interleave. */
	outset_init(&s, root, "test");
	outset_init(&t, root, "test");
	ok(outset_open(&s, NULL, "x.csv", 0600, &err) != NULL, "one run opens");
	ok(outset_open(&t, NULL, "x.csv", 0600, &err) == NULL && err.status == 3,
	   "a second run of the stage is refused");
	outset_release(&t);
	outset_release(&s);
	free(dir);
	return 0;
}
