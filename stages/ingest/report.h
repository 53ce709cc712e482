/*
 * report.h - the ingest report: the problems found in the input,
 * "severity,check,file,line,path,child,value,reason,count".
 *
 * severity is reject (the record was dropped), warning (kept, perhaps
 * without the bad value) or superseded (two exports disagreed and the
 * later export's value was kept).  check is a stable snake_case id that
 * an analyst can filter on; doc/ingest.md lists them all.
 *
 * The report stays small whatever an export holds.  Occurrences are
 * grouped by (file, severity, check, path): the first `examples` of a
 * group are listed one row each (count 1), and the rest become one
 * summary row after the group's last listed row, with no line, child or
 * value and count = the number of occurrences it stands for.  A check
 * is listed at no more than `paths` distinct paths in one file;
 * occurrences at further paths share one more group, whose summary row
 * has no path.  So sum(count) is the number of occurrences found; the
 * rows, summary rows included, are what report_write() tallies (the
 * manifest's warnings, rejects and superseded); and memory is bounded
 * by files x checks x (paths + 1) x (examples + 1) rows of bounded size
 * (path, value and reason are cut).  Suppressed occurrences are never
 * formatted.
 *
 * Returns: only report_write() can fail: it returns 0, or -1 on a write
 * error with errno set (it knows no file name; its caller reports it).
 * Adding never fails: out of memory exits (util.h).  The report keeps
 * its own copies of every string but the check id, which it keeps by
 * pointer: a check id is a static string.  severity_name() returns a
 * static string.
 */
#ifndef DIP_REPORT_H
#define DIP_REPORT_H

#include "dip/hashtab.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

/* The bytes of a value a row quotes; a longer one is cut, "..." added. */
#define REPORT_VALUE_MAX 200

enum severity { SEV_REJECT, SEV_WARNING, SEV_SUPERSEDED };

/* report_init()'s caps; the config's [ingest] report_examples and
 * report_paths default to the same. */
#define REPORT_EXAMPLES 5
#define REPORT_PATHS 100

struct report_row {
	enum severity sev;
	const char *check;     /* static string */
	int file;              /* index into the run's file list, or -1 */
	long line;
	char *path, *child, *value, *reason;
	size_t group;          /* index in report.group */
};

struct report_group {
	enum severity sev;
	const char *check;
	int file;
	char *path;            /* as cut; NULL: the check's other paths */
	uint32_t hash;
	size_t paths;          /* other-paths group: path groups opened */
	size_t shown;          /* rows listed */
	unsigned long more;    /* occurrences beyond them, not listed */
	size_t last;           /* index of the group's last listed row */
};

struct report {
	struct report_row *row;
	size_t n, cap;
	struct report_group *group;
	size_t ngroup, capgroup;
	struct hashtab groups;         /* ids index group[]; made on first use */
	size_t examples, paths;        /* the caps above */
	size_t count[3];               /* occurrences, by severity */
};

/* An empty report with the default caps. */
void report_init(struct report *r);
/* Change the caps; only before the first row is added. */
void report_set_caps(struct report *r, size_t examples, size_t paths);
void report_release(struct report *r);
/* Add an occurrence; strings are copied and cut (value to 200 bytes,
 * path and reason to 500), but check, kept as given.  file is an index
 * into the labels report_write() will get, or -1.  NULL or "" child:
 * none (report_set_child() may fill it in once the record's key is
 * known).  An occurrence over the caps is only counted. */
void report_add(struct report *r, enum severity sev, const char *check,
		int file, long line, const char *path, const char *child,
		const char *value, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));
void report_addv(struct report *r, enum severity sev, const char *check,
		 int file, long line, const char *path, const char *child,
		 const char *value, const char *fmt, va_list ap);
/* Set the child id of rows [from, n) that have none: the reader learns
 * a record's key only at its end, after its problems were added.  NULL
 * or "" changes nothing. */
void report_set_child(struct report *r, size_t from, const char *child);
const char *severity_name(enum severity s);
/*
 * Write the CSV (header included); file labels by index.  If tally is not
 * NULL it must hold 3 counters per file (by severity, as enum severity)
 * and is incremented for every row written, summary rows included, so
 * that a summary such as the manifest counts exactly what the report
 * holds.
 */
int report_write(const struct report *r, FILE *fp,
		 const char *const *file_label, unsigned long *tally);

#endif
