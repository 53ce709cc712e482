/*
 * error.h - how every stage talks about failure.
 *
 * Messages go to stderr as "dip-x: FILE:LINE:COL: message" (or shorter
 * forms when there is no position), lower case, no full stop, the
 * subject in quotes.  Call error_init() first with argv[0].
 *
 * dip_die() prints and exits; error_at() only prints, so that a caller
 * can clean up its temporary files before returning a status.
 *
 * Returns: err_report() returns the captured error's exit status, for a
 * stage to return; dip_die() does not return.
 */
#ifndef DIP_ERROR_H
#define DIP_ERROR_H

#include <stddef.h>

#if defined(__GNUC__)
#define DIP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define DIP_NORETURN __attribute__((noreturn))
#else
#define DIP_PRINTF(f, a)
#define DIP_NORETURN
#endif

void error_init(const char *argv0);
const char *error_progname(void);

/* "dip-x: message" */
void error_msg(const char *fmt, ...) DIP_PRINTF(1, 2);
/* "dip-x: FILE: message", "dip-x: FILE:LINE: message" or
 * "dip-x: FILE:LINE:COL: message"; line or col 0 means unknown. */
void error_at(const char *file, long line, long col, const char *fmt, ...)
	DIP_PRINTF(4, 5);
/* Print "dip-x: message" and exit with status. */
DIP_NORETURN void dip_die(int status, const char *fmt, ...) DIP_PRINTF(2, 3);

/*
 * A captured error, for library code that must not print: the caller
 * decides whether and how to report it.
 */
struct dip_err {
	char file[512];
	long line, col;
	int status;          /* an enum dip_exit value */
	char msg[512];
};

void err_set(struct dip_err *e, int status, const char *file, long line,
	     long col, const char *fmt, ...) DIP_PRINTF(6, 7);
/* Print a captured error in the standard form; returns e->status. */
int err_report(const struct dip_err *e);

#endif
