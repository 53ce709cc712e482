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

void ingest_init(struct ingest *g, struct exportmap *map,
		 const struct xmlin_limits *lim);
void ingest_release(struct ingest *g);
int ingest_file(struct ingest *g, const char *path, struct dip_err *err);
/* Checks across the merged history (overlapping episodes, the orders
 * of dates…). */
void ingest_check(struct ingest *g);
/* The orders of dates (dateorder.h), part of ingest_check(). */
void ingest_check_dates(struct ingest *g);
/* A warning about record r, at a line of file (0: unknown); the child
 * is r's top-level key. */
void ingest_warn_at(struct ingest *g, const struct rec *r, int file,
		    long line, const char *check, const char *value,
		    const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Write every table, manifest.csv and ingest-report.csv into dir; all
 * or nothing. */
int ingest_write(struct ingest *g, const char *dir, struct dip_err *err);

/* The caps, the reject ratio and the report's caps (for
 * report_set_caps()) from the config's [ingest] section: the program and
 * the fuzzing harness read them alike.  0, or -1 with err. */
int ingest_limits(const struct config *c, struct xmlin_limits *lim,
		  double *reject_ratio, size_t *examples, size_t *paths,
		  struct dip_err *err);

/*
 * tables.snap (snapshot.h), written with the tables: snapwriter_new()
 * once the output directory exists; snapwriter_row() with every record
 * as the writer writes its row (the record and its identifying prefix:
 * the cells of its CSV row); snapwriter_finish() when every table is
 * written (csv: the tables' files, by map table) adds the snapshot to
 * the output set; snapwriter_manifest() writes its manifest row.
 */
struct snapwriter;
struct outset;
struct snapwriter *snapwriter_new(const struct exportmap *m, const char *dir);
void snapwriter_row(struct snapwriter *w, const struct rec *r,
		    const char *const *prefix, size_t nprefix);
int snapwriter_finish(struct snapwriter *w, struct outset *set,
		      FILE *const *csv, struct dip_err *err);
int snapwriter_manifest(const struct snapwriter *w, FILE *fp);
void snapwriter_free(struct snapwriter *w);

/* Header value by column name for file f, or NULL. */
const char *ingest_header(const struct ingest *g, const struct ingest_file *f,
			  const char *name);

#endif
