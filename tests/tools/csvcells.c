/*
 * csvcells - print every cell of CSV files, one a line, for the CLI
 * tests to check cell by cell:  FILE:LINE:COLUMN<TAB>CELL, with tab,
 * CR and LF inside a cell shown as \t \r \n and backslash as \\.
 * Read with the product's own strict reader, so a file it cannot read
 * fails the test.
 */
#include "dip/csvio.h"
#include "dip/error.h"

#include <stdio.h>

static int print_row(void *ctx, const struct csv_row *row, struct dip_err *err)
{
	const char *path = ctx;

	(void)err;
	for (size_t i = 0; i < row->n; i++) {
		printf("%s:%ld:%zu\t", path, row->line, i + 1);
		for (size_t j = 0; j < row->len[i]; j++) {
			char c = row->field[i][j];

			if (c == '\t')
				fputs("\\t", stdout);
			else if (c == '\r')
				fputs("\\r", stdout);
			else if (c == '\n')
				fputs("\\n", stdout);
			else if (c == '\\')
				fputs("\\\\", stdout);
			else
				putchar(c);
		}
		putchar('\n');
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct dip_err err;

	for (int i = 1; i < argc; i++)
		if (csv_read_file(argv[i], print_row, argv[i], &err)) {
			fprintf(stderr, "csvcells: %s:%ld: %s\n", err.file,
				err.line, err.msg);
			return 1;
		}
	return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
