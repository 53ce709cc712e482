/* error.c - standard stderr messages for every stage; see error.h. */
#include "dip/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *progname = "dip";

void error_init(const char *argv0)
{
	const char *slash;

	if (!argv0 || !*argv0)
		return;
	slash = strrchr(argv0, '/');
	progname = slash ? slash + 1 : argv0;
}

const char *error_progname(void)
{
	return progname;
}

static void vprint_at(const char *file, long line, long col, const char *fmt,
		      va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	if (file) {
		fputs(file, stderr);
		if (line > 0) {
			fprintf(stderr, ":%ld", line);
			if (col > 0)
				fprintf(stderr, ":%ld", col);
		}
		fputs(": ", stderr);
	}
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void error_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_at(NULL, 0, 0, fmt, ap);
	va_end(ap);
}

void error_at(const char *file, long line, long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_at(file, line, col, fmt, ap);
	va_end(ap);
}

void dip_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_at(NULL, 0, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

void err_set(struct dip_err *e, int status, const char *file, long line,
	     long col, const char *fmt, ...)
{
	va_list ap;

	e->status = status;
	e->line = line;
	e->col = col;
	snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

int err_report(const struct dip_err *e)
{
	if (e->file[0])
		error_at(e->file, e->line, e->col, "%s", e->msg);
	else
		error_msg("%s", e->msg);
	return e->status;
}
