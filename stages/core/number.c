/* number.c - strict decimal parsing; see number.h. */
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
