/* gnuplot.c - gnuplot as a child process; see gnuplot.h. */
#include "charts/gnuplot.h"
#include "dip/exitcode.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
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

int gnuplot_run(const char *script, const char *log, struct dip_err *err)
{
	char *const argv[] = { "gnuplot", (char *)script, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, rc;
	char line[256];

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
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			err_set(err, DIP_EXIT_INTERNAL, "gnuplot", 0, 0,
				"waitpid: %s", strerror(errno));
			return -1;
		}
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
