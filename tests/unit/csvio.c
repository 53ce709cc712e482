/*
 * CSV: what the writer quotes comes back unchanged through the strict
 * reader, rows are located by physical line, and malformed input is an
 * error naming the line.
 */
#include "dip/csvio.h"
#include "dip/intern.h"
#include "dip/util.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct seen {
	int rows;
	char field[8][64];
	size_t nfield[8];
	long line[8];
};

static int keep(void *p, const struct csv_row *row, struct dip_err *err)
{
	struct seen *s = p;

	(void)err;
	if (s->rows < 8) {
		snprintf(s->field[s->rows], 64, "%s|%s|%s",
			 row->n > 0 ? row->field[0] : "",
			 row->n > 1 ? row->field[1] : "",
			 row->n > 2 ? row->field[2] : "");
		s->nfield[s->rows] = row->n;
		s->line[s->rows] = row->line;
	}
	s->rows++;
	return 0;
}

/* Each row's first cell, 64 bytes a row, in the order read. */
static int keep_first(void *p, const struct csv_row *row, struct dip_err *err)
{
	(void)err;
	snprintf((char *)p + 64 * row->index, 64, "%s", row->field[0]);
	return 0;
}

int main(void)
{
	char *dir = test_tmpdir();
	const char *tricky[] = { "a,b", "say \"hi\"", "two\nlines",
				 " padded ", "", "plain" };
	struct seen s;
	struct dip_err err;
	struct csv_table t;
	char *path;
	FILE *fp;

	plan(28);

	/* round trip */
	path = test_write_file(dir, "rt.csv", "");
	fp = fopen(path, "w");
	ok(csv_write_row(fp, tricky, 3) == 0, "write row with , \" and newline");
	ok(csv_write_row(fp, tricky + 3, 3) == 0, "write row with spaces, empty");
	fclose(fp);
	{
		FILE *in = fopen(path, "r");
		char raw[256];
		size_t n = fread(raw, 1, sizeof(raw) - 1, in);

		raw[n] = '\0';
		fclose(in);
		is_string("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
			  "\" padded \",,plain\n", raw,
			  "only fields that need it are quoted");
	}
	memset(&s, 0, sizeof(s));
	ok(csv_read_file(path, keep, &s, &err) == 0, "read it back");
	is_int(2, s.rows, "two rows");
	is_string("a,b|say \"hi\"|two\nlines", s.field[0], "row 1 intact");
	is_string(" padded ||plain", s.field[1], "row 2 intact");
	is_int(1, s.line[0], "row 1 starts on line 1");
	is_int(3, s.line[1], "row 2 starts on line 3 (row 1 spans two)");
	free(path);

	/* blank lines and CRLF */
	path = test_write_file(dir, "crlf.csv", "a,b\r\n\r\nc,d\r\n");
	memset(&s, 0, sizeof(s));
	ok(csv_read_file(path, keep, &s, &err) == 0, "CRLF file reads");
	is_int(2, s.rows, "blank line skipped");
	is_int(3, s.line[1], "row after blank line is line 3");
	free(path);

	/* malformed */
	path = test_write_file(dir, "bad.csv", "a,b\nc,\"unterminated\n");
	memset(&s, 0, sizeof(s));
	ok(csv_read_file(path, keep, &s, &err) != 0, "unterminated quote fails");
	is_int(2, err.line, "error names line 2");
	free(path);
	path = test_write_file(dir, "bad2.csv", "a,b\nc,d\"e\n");
	ok(csv_read_file(path, keep, &s, &err) != 0, "quote inside field fails");
	free(path);
	ok(csv_read_file("/nonexistent/x.csv", keep, &s, &err) != 0 &&
	   err.status == 3, "missing file is an I/O error");

	/* tables */
	path = test_write_file(dir, "t.csv", "code,label\nA,Alpha\nB,\"Be, ta\"\n");
	ok(csv_table_load(&t, path, &err) == 0, "table loads");
	is_int(2, (long)t.nrows, "two data rows");
	is_int(1, csv_table_col(&t, "label"), "column by name");
	is_string("Be, ta", t.row[1][1], "quoted value");
	csv_table_release(&t);
	free(path);
	path = test_write_file(dir, "t2.csv", "code,label\nA,Alpha\nB\n");
	ok(csv_table_load(&t, path, &err) != 0 && err.line == 3,
	   "short row is an error at line 3");
	free(path);
	path = test_write_file(dir, "t3.csv", "");
	ok(csv_table_load(&t, path, &err) != 0, "empty table is an error");
	free(path);

	/* Formula guard: each cell as written (what a spreadsheet sees) and
	 * as read back through csv_cell_text(). */
	{
		static const struct {
			const char *in, *written;
		} g[] = {
			{ "=HYPERLINK(\"http://x/\",\"Open\")",
			  "\"'=HYPERLINK(\"\"http://x/\"\",\"\"Open\"\")\"" },
			{ "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0" },
			{ "-2+3", "'-2+3" },
			{ "@SUM(1)", "'@SUM(1)" },
			{ "\tx", "'\tx" },
			{ "\r=1", "\"'\r=1\"" },
			{ "'=x", "''=x" },       /* an earlier guard is kept */
			{ "''@x", "'''@x" },
			{ "'plain", "'plain" },  /* no formula behind it */
			{ "-1.5", "-1.5" },      /* a number is no formula */
			{ "-3", "-3" },
			{ "-", "'-" },
			{ "a=b", "a=b" },
		};
		const size_t ng = sizeof(g) / sizeof(g[0]);
		struct strbuf row;
		int written = 1, back = 1, exact;
		char *cells;

		path = test_write_file(dir, "g.csv", "");
		fp = fopen(path, "w");
		for (size_t i = 0; i < ng; i++) {
			char got[128] = "";
			FILE *one = fmemopen(got, sizeof(got) - 1, "w");

			csv_write_field(one, g[i].in, 1);
			fclose(one);
			if (strcmp(got, g[i].written)) {
				diag("'%s' written as '%s', want '%s'", g[i].in,
				     got, g[i].written);
				written = 0;
			}
			csv_write_row(fp, &g[i].in, 1);
		}
		fclose(fp);
		ok(written, "formula-like cells are guarded, numbers are not");
		cells = xcalloc(ng, 64);
		ok(csv_read_file(path, keep_first, cells, &err) == 0,
		   "the guarded file reads back");
		for (size_t i = 0; i < ng; i++)
			if (strcmp(csv_cell_text(cells + 64 * i), g[i].in)) {
				diag("'%s' read back as '%s'", g[i].in,
				     csv_cell_text(cells + 64 * i));
				back = 0;
			}
		ok(back, "csv_cell_text() undoes the guard");
		free(cells);
		free(path);
		strbuf_init(&row);
		csv_add_field_exact(&row, "=1+1", 1);
		csv_add_field_exact(&row, "@x,y", 0);
		exact = !strcmp(row.buf, "=1+1,\"@x,y\"");
		strbuf_release(&row);
		ok(exact, "the exact writer keeps the text as given");
	}
	{
		/* Interned fields: the same text as the exact writer.  Each
		 * value is written twice, so the second use goes by the
		 * quoting decision kept in its mark: "a,b" is quoted both
		 * times, " x" (leading space) too, "q\"" with its quote
		 * doubled, "=1" never guarded, NULL and "" empty. */
		struct intern strings;
		const char *v[] = { "plain", "a,b", " x", "q\"", "=1", NULL, "" };
		const char *want = "plain,\"a,b\",\" x\",\"q\"\"\",=1,,";
		struct strbuf row;
		int same = 1;

		intern_init(&strings);
		for (int pass = 0; pass < 2; pass++) {
			strbuf_init(&row);
			for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
				csv_add_field_interned(&row, v[i] ? intern_str(&strings,
						       v[i]) : NULL, i == 0);
			if (strcmp(row.buf, want)) {
				diag("pass %d: got '%s'", pass + 1, row.buf);
				same = 0;
			}
			strbuf_release(&row);
		}
		ok(same, "interned fields: quoted only where needed, both"
		   " times");
		ok(intern_len(intern_str(&strings, "a,b")) == 3 &&
		   (*intern_mark(intern_str(&strings, "a,b")) & CSV_MARK_QUOTE),
		   "the length is kept, the quoting decision remembered");
		intern_release(&strings);
	}
	free(dir);
	return 0;
}
