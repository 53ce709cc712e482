/* gpscript.c - text and numbers into gnuplot scripts; see gpscript.h. */
#include "charts/gpscript.h"
#include "dip/date.h"
#include "dip/exitcode.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void gp_strn(struct strbuf *b, const char *s, size_t n)
{
	strbuf_add(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			strbuf_add(b, " ", 1);
		else if (c >= 0x80 || c == ' ' || (c >= '0' && c <= '9') ||
			 (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
			strbuf_add(b, s + i, 1);
		else if (c < 0100)
			/* gnuplot reads up to four digits after "\\0" and
			 * three after "\\1": always the most, so a digit
			 * that follows is never taken into the escape. */
			strbuf_addf(b, "\\0%03o", c);
		else
			strbuf_addf(b, "\\%03o", c);
	}
	strbuf_add(b, "\"", 1);
}

void gp_str(struct strbuf *b, const char *s)
{
	gp_strn(b, s ? s : "", s ? strlen(s) : 0);
}

int gp_is_number(const char *s)
{
	char *end;
	double v;

	/* strtod also takes "inf", "nan" and hex: only digits, sign,
	 * point and exponent are let through to gnuplot. */
	if (!s || !*s || strspn(s, "0123456789+-.eE") != strlen(s))
		return 0;
	errno = 0;
	v = strtod(s, &end);
	return !*end && !errno && isfinite(v);
}

int gp_data_open(struct gp_data *d, const char *dir, const char *name,
		 struct dip_err *err)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/%s.dat", dir, name);
	d->path = strbuf_detach(&sb);
	d->col = 0;
	d->fp = fopen(d->path, "w");
	if (!d->fp) {
		err_set(err, DIP_EXIT_IO, d->path, 0, 0, "cannot create: %s",
			strerror(errno));
		return -1;
	}
	return 0;
}

static void field(struct gp_data *d, const char *s)
{
	if (d->col++)
		fputc('\t', d->fp);
	fputs(s, d->fp);
}

void gp_data_num(struct gp_data *d, const char *s)
{
	field(d, gp_is_number(s) ? s : "NaN");
}

void gp_data_long(struct gp_data *d, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	field(d, buf);
}

void gp_data_date(struct gp_data *d, const char *s)
{
	char buf[DIP_DATE_LEN];
	dip_date dt;

	if (!s || date_parse(s, strlen(s), &dt)) {
		field(d, "NaN");
		return;
	}
	date_format(dt, buf);
	field(d, buf);
}

void gp_data_end_row(struct gp_data *d)
{
	fputc('\n', d->fp);
	d->col = 0;
}

void gp_data_end_block(struct gp_data *d)
{
	fputs("\n\n", d->fp);
	d->col = 0;
}

int gp_file_close(FILE *fp, const char *path, struct dip_err *err)
{
	int bad, e;

	/* errno is left as it was: after an earlier failed write it says
	 * why (ENOSPC), and fflush() then may have nothing left to do. */
	bad = fflush(fp) || ferror(fp);
	e = errno;
	if (fclose(fp) && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad)
		err_set(err, DIP_EXIT_IO, path, 0, 0, "cannot write: %s",
			strerror(e ? e : EIO));
	return bad ? -1 : 0;
}

int gp_data_close(struct gp_data *d, struct dip_err *err)
{
	FILE *fp = d->fp;

	d->fp = NULL;
	return gp_file_close(fp, d->path, err);
}

void gp_data_release(struct gp_data *d)
{
	if (d->fp)
		fclose(d->fp);
	d->fp = NULL;
	free(d->path);
	d->path = NULL;
}
