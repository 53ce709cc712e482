/* gnuplot.c - gnuplot as a child process; see gnuplot.h. */
#include "charts/gnuplot.h"
#include "dip/exitcode.h"
#include "dip/util.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The log's first line into buf (empty if none): what gnuplot said
 * first is what the error message quotes. */
static void first_line(const char *log, char *buf, size_t n)
{
	FILE *fp = fopen(log, "r");

	buf[0] = '\0';
	if (!fp)
		return;
	if (fgets(buf, (int)n, fp))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(fp);
}

int gnuplot_disk_full(const char *file)
{
	char dir[4096];
	const char *slash = strrchr(file, '/');
	struct statvfs st;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - file + (slash == file)),
			 file);
	/* A few blocks may be free for root alone, or less than a block
	 * left: either way gnuplot's last write did not fit. */
	return !statvfs(dir, &st) && st.f_bavail * (unsigned long long)st.f_frsize < 65536;
}

/* Start "gnuplot SCRIPT" with its output to LOG: its pid, or -1 with
 * err set. */
static pid_t start(const char *script, const char *log, struct dip_err *err)
{
	char *const argv[] = { "gnuplot", (char *)script, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC,
					 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	rc = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		err_set(err, DIP_EXIT_IO, "gnuplot", 0, 0,
			"cannot run: %s (install gnuplot-nox)", strerror(rc));
		return -1;
	}
	return pid;
}

/* Wait for gnuplot PID: its wait status, or -1 with err set. */
static int wait_for(pid_t pid, struct dip_err *err)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			err_set(err, DIP_EXIT_INTERNAL, "gnuplot", 0, 0,
				"waitpid: %s", strerror(errno));
			return -1;
		}
	return status;
}

/* How gnuplot ended on SCRIPT, from its wait STATUS: 0, or -1 with err
 * set. */
static int judge(int status, const char *script, const char *log,
		 struct dip_err *err)
{
	char line[256];

	/* posix_spawnp reports a missing program through the child on some
	 * libcs: exit status 127 then means "not found". */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		err_set(err, DIP_EXIT_IO, "gnuplot", 0, 0,
			"cannot run: not found (install gnuplot-nox)");
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		/* gnuplot says little about a failed write; a full disk is
		 * the output's fault, not a bug. */
		if (gnuplot_disk_full(script)) {
			err_set(err, DIP_EXIT_IO, script, 0, 0,
				"gnuplot failed: %s", strerror(ENOSPC));
			return -1;
		}
		first_line(log, line, sizeof(line));
		err_set(err, DIP_EXIT_INTERNAL, script, 0, 0,
			"gnuplot failed (%s %d): %s",
			WIFEXITED(status) ? "exit" : "signal",
			WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
			line);
		return -1;
	}
	return 0;
}

int gnuplot_run(const char *const *script, const char *const *log, size_t n,
		struct dip_err *err)
{
	pid_t *pid = xcalloc(n ? n : 1, sizeof(*pid));
	size_t bad = n;                 /* the first script that failed */
	struct dip_err e;

	/* Once one cannot start, the rest are not started: the reason
	 * would be the same for them all. */
	for (size_t i = 0; i < n; i++)
		if ((pid[i] = start(script[i], log[i], &e)) < 0) {
			*err = e;
			bad = i;
			break;
		}
	/* Every started gnuplot is waited for, so none is still writing
	 * when the caller cleans up; the first failure in script order is
	 * the one reported. */
	for (size_t i = 0; i < n && pid[i] > 0; i++) {
		int status = wait_for(pid[i], &e);

		if ((status < 0 || judge(status, script[i], log[i], &e)) &&
		    i < bad) {
			*err = e;
			bad = i;
		}
	}
	free(pid);
	return bad < n ? -1 : 0;
}
