/*
 * run.h - a run of dip-ingest: read exports into a store, check what
 * only the merged history shows, write tables, manifest and report.
 *
 *   ingest_init(); ingest_file() for each export; ingest_check();
 *   ingest_write(); ingest_release().
 *
 * ingest_file() fails (returns -1 with err set) only for file-level
 * problems: unreadable, malformed, hostile, truncated, wrong root,
 * missing header.  Record-level problems go to the report.
 *
 * Returns: what can fail returns 0, or -1 with err naming the file (and
 * the line and column where known) and holding the exit status:
 * ingest_file() DIP_EXIT_DATA for an export refused, DIP_EXIT_IO for one
 * that cannot be read (xmlin.h); ingest_write() and snapwriter_finish()
 * DIP_EXIT_IO, with no file in dir replaced; ingest_limits() a config
 * error (config.h).  snapwriter_manifest() returns 0, or -1 on a write
 * error with errno set.  The checks and ingest_warn_at() cannot fail:
 * what they find goes to the report.  ingest_header() returns NULL for a
 * value the header lacks.  Nothing else fails: out of memory exits
 * (util.h).  Every pointer in struct ingest, and every string
 * ingest_header() returns, is g's until ingest_release(); the map is
 * the caller's and must outlive g.
 */
#ifndef DIP_INGEST_H
#define DIP_INGEST_H

#include "dip/config.h"
#include "dip/date.h"
#include "ingest/exportmap.h"
#include "ingest/report.h"
#include "ingest/store.h"
#include "ingest/xmlin.h"

struct ingest_file {
	char *path, *label;
	struct xmlin_info info;
	enum map_root kind;
	const char **header;       /* header columns, by map header column */
	int census_year;           /* census end year, 0 if unknown */
	unsigned long records, top_records;
	/* Problems are counted from the report as it is written, never
	 * here: one count, whoever raised the row. */
};

struct ingest {
	struct exportmap *map;
	struct xmlin_limits lim;
	struct store store;
	struct report report;
	struct ingest_file *file;
	size_t nfile, capfile;
	unsigned long records, rejects;
	struct arena scratch;      /* pending records */
	/* Interned forms of the commonest values, found without hashing:
	 * booleans, and dates by day number from DATE_CACHE_FIRST. */
	const char *bool_str[2];
	const char **date_str;
};

/* Also points each code of map at its value in g's string table, so
 * that a code is stored without hashing: one ingest per map at a time. */
void ingest_init(struct ingest *g, struct exportmap *map,
		 const struct xmlin_limits *lim);
void ingest_release(struct ingest *g);
/* Read one export into the store.  Records are merged as they end, so
 * after -1 the store may hold part of the file: stop the run, write
 * nothing (dip-ingest refuses the whole run for one bad file). */
int ingest_file(struct ingest *g, const char *path, struct dip_err *err);
/* Checks across the merged history (overlapping episodes, the orders
 * of dates…), once every export is read: a closure recorded in a later
 * census counts. */
void ingest_check(struct ingest *g);
/* The orders of dates (dateorder.h), part of ingest_check(). */
void ingest_check_dates(struct ingest *g);
/* A warning about record r, at a line of file (0: unknown); the child
 * is r's top-level key. */
void ingest_warn_at(struct ingest *g, const struct rec *r, int file,
		    long line, const char *check, const char *value,
		    const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Write every table, tables.snap, manifest.csv and ingest-report.csv
 * into dir (made if missing), after ingest_check(); all or nothing. */
int ingest_write(struct ingest *g, const char *dir, struct dip_err *err);

/* The caps, the reject ratio and the report's caps (for
 * report_set_caps()) from the config's [ingest] section: the program and
 * the fuzzing harness read them alike.  0, or -1 with err. */
int ingest_limits(const struct config *c, struct xmlin_limits *lim,
		  double *reject_ratio, size_t *examples, size_t *paths,
		  struct dip_err *err);

/*
 * tables.snap (snapshot.h), written with the tables: snapwriter_new()
 * once the output directory exists and the last string is interned in
 * st's strings; snapwriter_row() with every record as the writer writes
 * its row (the record and its identifying prefix: the cells of its CSV
 * row, every one interned in st's strings); snapwriter_finish() when every table is
 * written (csv: the tables' files, by map table) adds the snapshot to
 * the output set; snapwriter_manifest() writes its manifest row.
 * snapwriter_new() never fails: a scratch file it cannot make, like a
 * failed write in snapwriter_row(), is remembered and reported by
 * snapwriter_finish().  A table whose rows the snapshot cannot hold as
 * the stages would read them (a value they refuse, a row without its
 * parent) is marked so in it, and the stages read that table's CSV.
 */
struct snapwriter;
struct outset;
struct snapwriter *snapwriter_new(const struct store *st, const char *dir);
void snapwriter_row(struct snapwriter *w, const struct rec *r,
		    const char *const *prefix, size_t nprefix);
int snapwriter_finish(struct snapwriter *w, struct outset *set,
		      FILE *const *csv, struct dip_err *err);
int snapwriter_manifest(const struct snapwriter *w, FILE *fp);
void snapwriter_free(struct snapwriter *w);

/* Header value by column name for file f; NULL also when the header
 * gave it twice with different values. */
const char *ingest_header(const struct ingest *g, const struct ingest_file *f,
			  const char *name);

#endif
