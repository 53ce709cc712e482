/*
 * report.h - the ingest report: one row per problem found in the input,
 * "severity,check,file,line,path,child,value,reason".
 *
 * severity is reject (the record was dropped), warning (kept, perhaps
 * without the bad value) or superseded (two exports disagreed and the
 * later export's value was kept).  check is a stable snake_case id that
 * an analyst can filter on; README lists them all.
 */
#ifndef DIP_REPORT_H
#define DIP_REPORT_H

#include <stdarg.h>
#include <stdio.h>

enum severity { SEV_REJECT, SEV_WARNING, SEV_SUPERSEDED };

struct report_row {
	enum severity sev;
	const char *check;     /* static string */
	int file;              /* index into the run's file list */
	long line;
	char *path, *child, *value, *reason;
};

struct report {
	struct report_row *row;
	size_t n, cap;
	size_t count[3];       /* by severity */
};

void report_init(struct report *r);
void report_release(struct report *r);
/* Add a row; strings are copied (value is cut to 200 bytes). */
void report_add(struct report *r, enum severity sev, const char *check,
		int file, long line, const char *path, const char *child,
		const char *value, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));
void report_addv(struct report *r, enum severity sev, const char *check,
		 int file, long line, const char *path, const char *child,
		 const char *value, const char *fmt, va_list ap);
/* Set the child id of rows [from, n) that have none. */
void report_set_child(struct report *r, size_t from, const char *child);
const char *severity_name(enum severity s);
/*
 * Write the CSV (header included); file labels by index.  If tally is not
 * NULL it must hold 3 counters per file (by severity, as enum severity)
 * and is incremented for every row written, so that a summary such as the
 * manifest counts exactly what the report holds.  -1 on error.
 */
int report_write(const struct report *r, FILE *fp,
		 const char *const *file_label, unsigned long *tally);

#endif
