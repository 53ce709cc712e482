/*
 * number.h - strict parsing of the numbers people type into config and
 * CSV files.
 *
 * strtod() and friends accept "nan", "inf", hexadecimal, leading blanks
 * and trailing garbage, and atoi() reports nothing at all: a threshold
 * of "nan" would silently turn a check off.  These accept plain decimal
 * text only, and a value outside [min, max] is refused.
 *
 * Returns: both return 0 and set *out, or -1 and leave *out alone
 * (nothing printed: the caller names the file and line).
 */
#ifndef DIP_NUMBER_H
#define DIP_NUMBER_H

/* Digits only: "0", "42"; no sign, no blanks, no exponent. */
int parse_uint(const char *s, unsigned long long min, unsigned long long max,
	       unsigned long long *out);
/* An optional '-', digits, and optionally '.' and digits: "-1.5", "0.05",
 * "3"; finite by construction. */
int parse_decimal(const char *s, double min, double max, double *out);

#endif
