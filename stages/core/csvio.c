/* csvio.c - strict CSV reading through libcsv, minimal-quoting writer. */
#include "dip/csvio.h"
#include "dip/exitcode.h"
#include "dip/intern.h"
#include "dip/number.h"
#include "dip/util.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>

#define CSV_FIELD_MAX (1u << 20)

/* Physical lines longer than this are refused; see csv_set_max_line(). */
static size_t max_line = CSV_LINE_DEFAULT;

void csv_set_max_line(size_t n)
{
	max_line = n;
}

struct reader {
	const char *path;
	csv_row_fn fn;
	void *ctx;
	struct dip_err *err;
	int stopped;
	/* the row being assembled */
	struct strbuf *fields;
	size_t nfields, cap;
	const char **ptr;
	size_t *len;
	size_t ptrcap;
	long line;          /* physical line being fed to libcsv */
	long row_nl;        /* line breaks inside the current row's fields */
	long index;
};

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, surrogates or code
 * points past U+10FFFF). */
static int utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t k;
		unsigned lo = 0x80, hi = 0xBF;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			return 0;
		}
		if (n - i <= k || s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (size_t j = 2; j <= k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
		i += k + 1;
	}
	return 1;
}

/* libcsv's field callback: cannot return an error, so a refusal sets
 * r->err and r->stopped, and every later callback does nothing. */
static void on_field(void *data, size_t n, void *p)
{
	struct reader *r = p;
	struct strbuf *sb;

	if (r->stopped)
		return;
	/* A NUL would cut the value short wherever it is read as a C
	 * string ("2026-01-01\0garbage" read as a good date). */
	if (data && memchr(data, '\0', n)) {
		err_set(r->err, DIP_EXIT_DATA, r->path, r->line, 0,
			"NUL byte in field %zu", r->nfields + 1);
		r->stopped = 1;
		return;
	}
	if (data && !utf8_ok(data, n)) {
		err_set(r->err, DIP_EXIT_DATA, r->path, r->line, 0,
			"invalid UTF-8 in field %zu", r->nfields + 1);
		r->stopped = 1;
		return;
	}
	if (r->nfields == r->cap) {
		size_t old = r->cap;

		XGROW(r->fields, r->cap, r->nfields + 1);
		for (size_t i = old; i < r->cap; i++)
			strbuf_init(&r->fields[i]);
	}
	sb = &r->fields[r->nfields++];
	strbuf_reset(sb);
	strbuf_add(sb, data ? data : "", data ? n : 0);
	for (size_t i = 0; i < sb->len; i++)
		if (sb->buf[i] == '\n')
			r->row_nl++;
}

/*
 * The header names the columns every reader finds by name: a name given
 * twice would hide one column behind the other, and " team" would leave
 * "team" silently missing.
 */
static int check_header(const struct reader *r, const struct csv_row *row)
{
	for (size_t i = 0; i < row->n; i++) {
		const char *f = row->field[i];
		size_t n = row->len[i];

		if (!n) {
			err_set(r->err, DIP_EXIT_DATA, r->path, row->line, 0,
				"column %zu of the header has no name", i + 1);
			return -1;
		}
		if (isspace((unsigned char)f[0]) ||
		    isspace((unsigned char)f[n - 1])) {
			err_set(r->err, DIP_EXIT_DATA, r->path, row->line, 0,
				"column name '%s' has white space around it", f);
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(row->field[j], f)) {
				err_set(r->err, DIP_EXIT_DATA, r->path,
					row->line, 0,
					"column '%s' appears twice in the header (columns %zu and %zu)",
					f, j + 1, i + 1);
				return -1;
			}
	}
	return 0;
}

/*
 * libcsv skips blank lines and says nothing of positions, so the file
 * is fed one physical line at a time: a row ends on the line being fed,
 * and started as many lines earlier as its quoted fields hold breaks.
 */
static void on_row(int c, void *p)
{
	struct reader *r = p;
	struct csv_row row;

	(void)c;
	if (r->stopped)
		return;
	XGROW(r->ptr, r->ptrcap, r->nfields);
	r->len = xrealloc(r->len, r->ptrcap * sizeof(*r->len));
	for (size_t i = 0; i < r->nfields; i++) {
		r->ptr[i] = r->fields[i].buf ? r->fields[i].buf : "";
		r->len[i] = r->fields[i].len;
	}
	row.n = r->nfields;
	row.field = r->ptr;
	row.len = r->len;
	row.line = r->line - r->row_nl;
	row.index = r->index++;
	if ((row.index == 0 && check_header(r, &row)) ||
	    r->fn(r->ctx, &row, r->err))
		r->stopped = 1;
	r->nfields = 0;
	r->row_nl = 0;
}

static int field_cap_hit;

/* libcsv's realloc: NULL past CSV_FIELD_MAX, so that one huge field
 * fails the read (field_cap_hit says why) instead of eating memory. */
static void *capped_realloc(void *p, size_t n)
{
	if (n > CSV_FIELD_MAX + 1) {
		field_cap_hit = 1;
		return NULL;
	}
	return realloc(p, n);
}

/*
 * Physical lines from a file, never holding more than max_line bytes of
 * one: getline() would take an 80 MB line whole.
 */
struct lines {
	FILE *fp;
	char *buf;
	size_t size, start, end;
	int eof;
};

/* The next line (with its '\n' if any) in *line, its length returned;
 * 0 at the end; -1 when it is longer than max_line (-2 on a read
 * error). */
static ssize_t next_line(struct lines *l, const char **line)
{
	for (;;) {
		char *nl = memchr(l->buf + l->start, '\n', l->end - l->start);
		size_t have = l->end - l->start;

		if (nl || (l->eof && have)) {
			size_t n = nl ? (size_t)(nl - (l->buf + l->start)) + 1
				      : have;

			if (n > max_line + 1)
				return -1;
			*line = l->buf + l->start;
			l->start += n;
			return (ssize_t)n;
		}
		if (l->eof)
			return 0;
		if (have > max_line + 1)
			return -1;
		memmove(l->buf, l->buf + l->start, have);
		l->start = 0;
		l->end = have;
		if (l->end == l->size) {
			l->size *= 2;
			l->buf = xrealloc(l->buf, l->size);
		}
		l->end += fread(l->buf + l->end, 1, l->size - l->end, l->fp);
		if (ferror(l->fp))
			return -2;
		if (feof(l->fp))
			l->eof = 1;
	}
}

int csv_read_file(const char *path, csv_row_fn fn, void *ctx,
		  struct dip_err *err)
{
	struct csv_parser p;
	struct reader r = { 0 };
	struct lines in = { 0 };
	const char *line;
	ssize_t n = 0;
	int rc = 0;

	r.path = path;
	r.fn = fn;
	r.ctx = ctx;
	r.err = err;
	in.fp = fopen(path, "rb");
	if (!in.fp) {
		err_set(err, DIP_EXIT_IO, path, 0, 0, "cannot open: %s",
			strerror(errno));
		return -1;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		fclose(in.fp);
		err_set(err, DIP_EXIT_INTERNAL, path, 0, 0, "csv_init failed");
		return -1;
	}
	csv_set_realloc_func(&p, capped_realloc);
	field_cap_hit = 0;
	in.size = 1 << 16;
	in.buf = xmalloc(in.size);
	while (!r.stopped && (n = next_line(&in, &line)) > 0) {
		r.line++;
		if (csv_parse(&p, line, (size_t)n, on_field, on_row, &r) !=
		    (size_t)n) {
			if (field_cap_hit)
				err_set(err, DIP_EXIT_DATA, path, r.line, 0,
					"field longer than %u bytes",
					CSV_FIELD_MAX);
			else
				err_set(err, DIP_EXIT_DATA, path, r.line, 0,
					"malformed csv: %s",
					csv_strerror(csv_error(&p)));
			rc = -1;
			break;
		}
	}
	if (!rc && !r.stopped && n == -1) {
		err_set(err, DIP_EXIT_DATA, path, r.line + 1, 0,
			"line longer than %zu bytes", max_line);
		rc = -1;
	}
	if (!rc && !r.stopped && n == -2) {
		err_set(err, DIP_EXIT_IO, path, 0, 0, "read error: %s",
			strerror(errno));
		rc = -1;
	}
	free(in.buf);
	if (!rc && !r.stopped && csv_fini(&p, on_field, on_row, &r)) {
		err_set(err, DIP_EXIT_DATA, path, r.line, 0,
			"malformed csv: %s", csv_strerror(csv_error(&p)));
		rc = -1;
	}
	if (!rc && r.stopped)
		rc = -1;
	csv_free(&p);
	fclose(in.fp);
	for (size_t i = 0; i < r.cap; i++)
		strbuf_release(&r.fields[i]);
	free(r.fields);
	free(r.ptr);
	free(r.len);
	return rc;
}

/* A row of csv_table_load() (csv_row_fn): the header names the
 * columns; the cells are copied, the table owns them. */
static int table_row(void *ctx, const struct csv_row *row, struct dip_err *err)
{
	struct csv_table *t = ctx;
	size_t cap = t->nrows;

	if (row->index == 0) {
		t->ncols = row->n;
		t->col = xcalloc(row->n, sizeof(char *));
		for (size_t i = 0; i < row->n; i++)
			t->col[i] = xstrdup(row->field[i]);
		return 0;
	}
	if (row->n == 1 && row->len[0] == 0)
		return 0;
	if (row->n != t->ncols) {
		err_set(err, DIP_EXIT_USAGE, t->path, row->line, 0,
			"expected %zu fields, found %zu", t->ncols, row->n);
		return -1;
	}
	/* Grow row and line arrays together. */
	if ((t->nrows & (t->nrows - 1)) == 0 || t->nrows == 0) {
		cap = t->nrows ? t->nrows * 2 : 8;
		t->row = xrealloc(t->row, cap * sizeof(*t->row));
		t->line = xrealloc(t->line, cap * sizeof(*t->line));
	}
	t->row[t->nrows] = xcalloc(row->n, sizeof(char *));
	for (size_t i = 0; i < row->n; i++)
		t->row[t->nrows][i] = xstrdup(row->field[i]);
	t->line[t->nrows] = row->line;
	t->nrows++;
	return 0;
}

int csv_table_load(struct csv_table *t, const char *path, struct dip_err *err)
{
	memset(t, 0, sizeof(*t));
	t->path = xstrdup(path);
	if (csv_read_file(path, table_row, t, err)) {
		if (err->status == DIP_EXIT_DATA)
			err->status = DIP_EXIT_USAGE;  /* config, not input */
		csv_table_release(t);
		return -1;
	}
	if (!t->col) {
		err_set(err, DIP_EXIT_USAGE, path, 0, 0, "empty table: no header row");
		csv_table_release(t);
		return -1;
	}
	return 0;
}

void csv_table_release(struct csv_table *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t j = 0; j < t->ncols; j++)
			free(t->row[i][j]);
		free(t->row[i]);
	}
	for (size_t j = 0; j < t->ncols; j++)
		free(t->col[j]);
	free(t->row);
	free(t->line);
	free(t->col);
	free(t->path);
	memset(t, 0, sizeof(*t));
}

void csv_table_unguard(struct csv_table *t)
{
	for (size_t i = 0; i < t->nrows; i++)
		for (size_t j = 0; j < t->ncols; j++) {
			const char *s = csv_cell_text(t->row[i][j]);

			memmove(t->row[i][j], s, strlen(s) + 1);
		}
}

int csv_table_col(const struct csv_table *t, const char *name)
{
	for (size_t j = 0; j < t->ncols; j++)
		if (!strcmp(t->col[j], name))
			return (int)j;
	return -1;
}

int csv_table_need(const struct csv_table *t, const char *name,
		   struct dip_err *err)
{
	int j = csv_table_col(t, name);

	if (j < 0)
		err_set(err, DIP_EXIT_USAGE, t->path, 1, 0,
			"missing column '%s'", name);
	return j;
}

/* Line breaks in the fields of row i before field j, and in field j
 * before byte k: how far below the row's first line that byte is. */
static long lines_before(const struct csv_table *t, size_t i, int j, size_t k)
{
	long n = 0;

	for (int f = 0; f <= j; f++) {
		const char *v = t->row[i][f];
		size_t len = f < j ? strlen(v) : k;

		for (size_t p = 0; p < len; p++)
			n += v[p] == '\n';
	}
	return n;
}

int csv_table_one_line(const struct csv_table *t, const int *col, size_t n,
		       struct dip_err *err)
{
	for (size_t i = 0; i < t->nrows; i++)
		for (size_t c = 0; c < n; c++) {
			const char *v = t->row[i][col[c]];
			size_t k = 0;

			while (v[k] && (unsigned char)v[k] >= 0x20 && v[k] != 0x7f)
				k++;
			if (!v[k])
				continue;
			if (v[k] == '\n' || v[k] == '\r')
				err_set(err, DIP_EXIT_USAGE, t->path,
					t->line[i] + lines_before(t, i, col[c], k), 0,
					"'%s' holds a line break (Alt+Enter in a cell); "
					"keep it on one line", t->col[col[c]]);
			else
				err_set(err, DIP_EXIT_USAGE, t->path,
					t->line[i] + lines_before(t, i, col[c], k), 0,
					"'%s' holds control character 0x%02X; remove it",
					t->col[col[c]], (unsigned char)v[k]);
			return -1;
		}
	return 0;
}

static int needs_quotes(const char *s, size_t n)
{
	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		return 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			return 1;
	return 0;
}

/*
 * A cell a spreadsheet would run as a formula, under any quote guards
 * already in front of it: a first character of = + - @ tab or CR
 * (OWASP's list), except a plain number such as -1.5.  Looking past
 * earlier guards makes the guard reversible: "'=x" is written "''=x".
 */
static int formula_like(const char *s)
{
	double d;

	while (*s == '\'')
		s++;
	if (!*s || !strchr("=+-@\t\r", *s))
		return 0;
	return parse_decimal(s, -DBL_MAX, DBL_MAX, &d) != 0;
}

const char *csv_cell_text(const char *s)
{
	return s && *s == '\'' && formula_like(s) ? s + 1 : s;
}

/* One field: guarded with a leading quote when guard is set and the
 * text looks like a formula, then CSV-quoted when it must be. */
static void add_cell(struct strbuf *row, const char *s, int first, int guard)
{
	size_t n = s ? strlen(s) : 0;

	if (!first)
		strbuf_add(row, ",", 1);
	if (!n)
		return;
	guard = guard && formula_like(s);
	if (!needs_quotes(s, n)) {
		if (guard)
			strbuf_add(row, "'", 1);
		strbuf_add(row, s, n);
		return;
	}
	strbuf_add(row, guard ? "\"'" : "\"", guard ? 2 : 1);
	for (const char *p = s, *q; *p; p = q) {
		q = strchr(p, '"');
		if (!q) {
			strbuf_adds(row, p);
			break;
		}
		strbuf_add(row, p, (size_t)(q - p) + 1);
		strbuf_add(row, "\"", 1);
		q++;
	}
	strbuf_add(row, "\"", 1);
}

void csv_add_field(struct strbuf *row, const char *s, int first)
{
	add_cell(row, s, first, 1);
}

void csv_add_field_exact(struct strbuf *row, const char *s, int first)
{
	add_cell(row, s, first, 0);
}

void csv_add_field_interned(struct strbuf *row, const char *s, int first)
{
	unsigned char *mark;
	size_t n;

	if (!s || !(n = intern_len(s))) {
		if (!first)
			strbuf_add(row, ",", 1);
		return;
	}
	mark = intern_mark(s);
	if (!(*mark & CSV_MARK_KNOWN))
		*mark |= CSV_MARK_KNOWN |
			 (needs_quotes(s, n) ? CSV_MARK_QUOTE : 0);
	if (*mark & CSV_MARK_QUOTE) {
		add_cell(row, s, first, 0);
		return;
	}
	if (row->len + n + 2 > row->cap)
		XGROW(row->buf, row->cap, row->len + n + 2);
	if (!first)
		row->buf[row->len++] = ',';
	memcpy(row->buf + row->len, s, n);
	row->len += n;
	row->buf[row->len] = '\0';
}

int csv_write_field(FILE *fp, const char *s, int first)
{
	static struct strbuf cell;
	size_t n = s ? strlen(s) : 0;

	/* The common case, a short plain field, goes straight out. */
	if (n && !needs_quotes(s, n) && !formula_like(s))
		return (first || putc_unlocked(',', fp) != EOF) &&
		       fwrite_unlocked(s, 1, n, fp) == n ? 0 : -1;
	strbuf_reset(&cell);
	add_cell(&cell, s, first, 1);
	return fwrite_unlocked(cell.buf, 1, cell.len, fp) == cell.len ? 0 : -1;
}

int csv_end_row(FILE *fp)
{
	return putc_unlocked('\n', fp) == EOF ? -1 : 0;
}

/* The row is made whole and written at once: a write per field (with
 * its lock and checks) cost the metric stages more than the cells. */
int csv_write_row(FILE *fp, const char *const *field, size_t n)
{
	static struct strbuf row;

	strbuf_reset(&row);
	for (size_t i = 0; i < n; i++)
		add_cell(&row, field[i], i == 0, 1);
	strbuf_add(&row, "\n", 1);
	return fwrite_unlocked(row.buf, 1, row.len, fp) == row.len ? 0 : -1;
}
