/* number.c - strict decimal parsing, quick decimal writing; see number.h. */
#include "dip/number.h"

#include <errno.h>
#include <stdlib.h>

/* 1 if s starts with a digit; *end after the last one (strtoull
 * would also take a sign and blanks). */
static int all_digits(const char *s, const char **end)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	*end = p;
	return p > s;
}

int parse_uint(const char *s, unsigned long long min, unsigned long long max,
	       unsigned long long *out)
{
	const char *end;
	unsigned long long v;

	if (!s || !all_digits(s, &end) || *end)
		return -1;
	errno = 0;
	v = strtoull(s, NULL, 10);
	if (errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_decimal(const char *s, double min, double max, double *out)
{
	const char *p = s, *end;
	double v;

	if (!s)
		return -1;
	if (*p == '-')
		p++;
	if (!all_digits(p, &end))
		return -1;
	if (*end == '.' && !all_digits(end + 1, &end))
		return -1;
	if (*end)
		return -1;
	errno = 0;
	v = strtod(s, NULL);
	if (errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* The digits of v, and a '-' before them if neg, into buf. */
static char *fmt(char *buf, unsigned long long v, int neg)
{
	char tmp[DIP_NUM_LEN];
	size_t n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg)
		buf[i++] = '-';
	while (n)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}

char *fmt_ull(char *buf, unsigned long long v)
{
	return fmt(buf, v, 0);
}

char *fmt_long(char *buf, long v)
{
	/* -(v + 1) + 1: LONG_MIN has no positive long. */
	return v >= 0 ? fmt(buf, (unsigned long long)v, 0)
		      : fmt(buf, (unsigned long long)-(v + 1) + 1, 1);
}
