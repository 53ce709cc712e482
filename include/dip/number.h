/*
 * number.h - strict parsing of the numbers people type into config and
 * CSV files, and the quick writing of whole numbers.
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

/* Room for any long or unsigned long long in decimal, sign and NUL
 * included. */
#define DIP_NUM_LEN 24

/*
 * v in decimal into buf (DIP_NUM_LEN bytes at least), as snprintf's
 * "%ld" and "%llu" write it; returns buf.  The metric stages write a number or
 * two for nearly every case they look at, and snprintf() costs some
 * twenty times as much.
 */
char *fmt_long(char *buf, long v);
char *fmt_ull(char *buf, unsigned long long v);

#endif
