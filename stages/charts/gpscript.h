/*
 * gpscript.h - the one safe way text and numbers reach a gnuplot script.
 *
 * gnuplot runs what its script says, and a script can run a shell ("!",
 * system(), and backquotes, which gnuplot expands even inside
 * double-quoted strings).  So no text from config, exports or tables is
 * ever written into a script except through gp_str(), and chart data
 * files carry only numbers and dates, written through gp_data_*().
 *
 * gp_str() writes a double-quoted string literal in which every ASCII
 * byte other than a letter, a digit or a space is an octal escape
 * ("\0047", "\134": as many digits as gnuplot reads): the script line
 * then holds no quote, backslash, backquote,
 * "!", "@", "#" or ";" of the text's own, so nothing in it is expanded
 * or ends the string, and gnuplot draws the text exactly as given.  A
 * control character (0x00-0x1F, 0x7F), which has no place in a one-line
 * label, becomes a space.  Bytes from 0x80 (UTF-8) pass unchanged.
 * (Single-quoted literals are not used: gnuplot reads a leading '' as
 * an empty string, so a text starting with a quote would end early.
 * Text in data files is not used: the reader eats backslashes and
 * quotes.)
 *
 * Returns: what can fail (opening and closing files) returns 0, or -1
 * with err set, DIP_EXIT_IO; gp_is_number() is a question, 1 or 0; the
 * writers into a strbuf or data file cannot fail (a data file's write
 * error shows at gp_data_close()).
 */
#ifndef DIP_GPSCRIPT_H
#define DIP_GPSCRIPT_H

#include <stdio.h>

#include "dip/error.h"
#include "dip/util.h"

/* Append S (N bytes, NUL bytes included) as a single-quoted literal. */
void gp_strn(struct strbuf *b, const char *s, size_t n);
/* Append the NUL-terminated S (NULL as '') as a single-quoted literal. */
void gp_str(struct strbuf *b, const char *s);
/* 1 when S is a plain finite decimal number ("85", "-1.5", "1e3"). */
int gp_is_number(const char *s);

/* A data file of one chart: tab-separated numbers and dates. */
struct gp_data {
	FILE *fp;
	char *path;
	int col;             /* fields written on the current row */
};

/* Create DIR/NAME.dat; on failure err says why (exit 3). */
int gp_data_open(struct gp_data *d, const char *dir, const char *name,
		 struct dip_err *err);
/* A number field: S if gp_is_number(S), else NaN (a gap in the line). */
void gp_data_num(struct gp_data *d, const char *s);
void gp_data_long(struct gp_data *d, long v);
/* A YYYY-MM-DD date field; anything else becomes NaN. */
void gp_data_date(struct gp_data *d, const char *s);
void gp_data_end_row(struct gp_data *d);
/* End a block of rows: the next rows are gnuplot's next `index`. */
void gp_data_end_block(struct gp_data *d);
/* Flush and close; a write error (a full disk) sets err, exit 3.
 * d->path stays valid until gp_data_release(). */
int gp_data_close(struct gp_data *d, struct dip_err *err);
void gp_data_release(struct gp_data *d);
/* fflush and fclose FP, written as PATH; a write error (ENOSPC, EIO)
 * sets err, exit 3.  FP is closed either way. */
int gp_file_close(FILE *fp, const char *path, struct dip_err *err);

#endif
