/* stage.c - the common frame of every stage; see stage.h. */
#include "dip/stage.h"
#include "dip/error.h"
#include "dip/exitcode.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void stage_begin(const char *argv0)
{
	error_init(argv0);
	signal(SIGPIPE, SIG_DFL);
}

void stage_try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n",
		error_progname());
	exit(DIP_EXIT_USAGE);
}

void stage_version(void)
{
	printf("%s (dipsample) %s\n", error_progname(), DIP_VERSION);
}

int stage_config(struct config *c, const char *explicit_path)
{
	struct dip_err err;
	char *path = config_locate(explicit_path);
	int rc = config_load(c, path, &err);

	free(path);
	return rc ? err_report(&err) : 0;
}

int stage_end(int status)
{
	int bad = fflush(stdout) != 0 || ferror(stdout);

	if (fclose(stdout) != 0)
		bad = 1;
	if (bad) {
		error_msg("write error on standard output: %s",
			  strerror(errno ? errno : EIO));
		return status ? status : DIP_EXIT_IO;
	}
	return status;
}
