/*
 * csvio.h - RFC 4180 CSV in (libcsv, strict) and out.
 *
 * Reading streams a file row by row through a callback.  The row's
 * fields are NUL-terminated views into buffers reused for the next row:
 * copy what you keep.  row->line is the physical line the row starts on
 * (quoted fields may span lines), so errors can name it.
 *
 * csv_table_load() reads a small file whole (config tables), with a
 * header row giving column names.
 *
 * Writing quotes a field only when it must (comma, quote, CR, LF, or
 * leading/trailing space) and ends rows with LF.
 *
 * Every writer but csv_add_field_exact() is safe to open in a
 * spreadsheet: a cell that would start a formula (= + - @ tab CR, but not
 * a plain number like -1.5) gets a leading single quote, as OWASP
 * advises.  The guard is reversible; csv_cell_text() removes it when such
 * a file is read back.  Only the ingest tables, which keep the export's
 * text exactly for machines, are written with csv_add_field_exact().
 *
 * Returns: what can fail returns 0, or -1: a reader with err naming the
 * file and line, a writer with errno set (it does not know the file's
 * name; its caller reports it).  csv_table_col() returns -1 for a
 * missing column, which is no error.  The row callback returns 0 to go
 * on, or non-zero, with err set, to stop the read with that error.
 */
#ifndef DIP_CSVIO_H
#define DIP_CSVIO_H

#include <stddef.h>
#include <stdio.h>

#include "dip/error.h"

struct csv_row {
	size_t n;
	const char **field;
	const size_t *len;
	long line;      /* physical line of the row's start, 1-based */
	long index;     /* 0 for the first row (the header, usually) */
};

/* Return 0 to go on, non-zero to stop (with err filled). */
typedef int (*csv_row_fn)(void *ctx, const struct csv_row *row,
			  struct dip_err *err);

/*
 * 0 on success; otherwise err names the file and line.  The first row
 * is the header: a column named twice, an empty name or one with white
 * space around it is refused.  So are fields longer than 1 MiB,
 * physical lines longer than csv_set_max_line() bytes, a NUL byte
 * anywhere in a field, and text that is not valid UTF-8.
 */
int csv_read_file(const char *path, csv_row_fn fn, void *ctx,
		  struct dip_err *err);
/* The longest physical line any read accepts (CSV_LINE_DEFAULT until
 * set; the metric stages set it from their config). */
#define CSV_LINE_DEFAULT ((size_t)1 << 20)
void csv_set_max_line(size_t n);

struct csv_table {
	char *path;
	size_t ncols;
	char **col;          /* header names */
	size_t nrows;
	char ***row;         /* row[i][j]; every row has ncols fields */
	long *line;          /* line[i]: where row i starts */
};

/* Load a whole table; rows with a different field count are an error.
 * Blank lines are skipped. */
int csv_table_load(struct csv_table *t, const char *path, struct dip_err *err);
void csv_table_release(struct csv_table *t);
/* Remove the formula guards from every cell of a table read back from a
 * file this module wrote for people. */
void csv_table_unguard(struct csv_table *t);
/* Column index of name, or -1. */
int csv_table_col(const struct csv_table *t, const char *name);
/* Like csv_table_col(), but a missing column is an error naming the file. */
int csv_table_need(const struct csv_table *t, const char *name,
		   struct dip_err *err);
/* Refuse (exit 2, at the physical line) a control character (0x00-0x1F,
 * 0x7F: a line break from Alt+Enter in a spreadsheet cell, a tab) in
 * columns col[0..n) of a config table whose text becomes one-line
 * labels. */
int csv_table_one_line(const struct csv_table *t, const int *col, size_t n,
		       struct dip_err *err);

/* Append one field to a row being built (fast path for large tables:
 * one write per row).  NULL is written empty. */
struct strbuf;
void csv_add_field(struct strbuf *row, const char *s, int first);
/* The same without the formula guard: text exactly as given. */
void csv_add_field_exact(struct strbuf *row, const char *s, int first);
/* The same for s from intern() (or NULL): its stored length is used, and
 * whether it needs quotes is worked out once per distinct string and
 * kept in its intern_mark() (the CSV_MARK_* bits). */
#define CSV_MARK_KNOWN 0x01
#define CSV_MARK_QUOTE 0x02
void csv_add_field_interned(struct strbuf *row, const char *s, int first);
/* A cell read back from a guarded file, without its guard (a view into
 * s, not a copy). */
const char *csv_cell_text(const char *s);

/* Writing: fields may be NULL (written empty). Return 0 or -1 (errno).
 * One thread at a time: a row is made in a buffer of the process, and
 * written without taking fp's lock. */
int csv_write_field(FILE *fp, const char *s, int first);
int csv_write_row(FILE *fp, const char *const *field, size_t n);
int csv_end_row(FILE *fp);

#endif
