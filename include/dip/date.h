/*
 * date.h - civil dates as day numbers, ISO parsing and month arithmetic.
 *
 * A dip_date counts days from 1970-01-01 (day 0, a Thursday), so that
 * differences and comparisons are plain integer arithmetic.  Only the
 * proleptic Gregorian calendar is used; years 1..9999.
 *
 * Months are calendar months with the day clamped to the end of the
 * target month: 31 Aug + 6 months = 28 Feb (29 Feb in a leap year).
 *
 * Returns: the parsers return 0, or -1 for text that is not a real date
 * (nothing printed, *out untouched: the caller names the file); the
 * other functions cannot fail and return their value.
 */
#ifndef DIP_DATE_H
#define DIP_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t dip_date;
#define DIP_DATE_NONE INT32_MIN

/* Buffer sizes including the NUL. */
#define DIP_DATE_LEN 11          /* YYYY-MM-DD */
#define DIP_DATETIME_LEN 20      /* YYYY-MM-DDThh:mm:ss */

int date_is_leap(int year);
int date_days_in_month(int year, int month);
/* Day number for a valid y-m-d; callers check validity first. */
dip_date date_from_ymd(int year, int month, int day);
void date_to_ymd(dip_date d, int *year, int *month, int *day);
/* 0 = Monday ... 6 = Sunday. */
int date_weekday(dip_date d);

/*
 * Strict xs:date: "YYYY-MM-DD", optionally followed by a time-zone
 * designator ("Z" or "+hh:mm"/"-hh:mm"), which is ignored.  Returns 0
 * and sets *out, or -1 when s[0..n) is not a real calendar date.
 */
int date_parse(const char *s, size_t n, dip_date *out);
/* Writes "YYYY-MM-DD" into buf (DIP_DATE_LEN bytes); returns buf. */
char *date_format(dip_date d, char *buf);

/*
 * xs:dateTime "YYYY-MM-DDThh:mm:ss" with optional fraction and zone.
 * On success writes the normalised "YYYY-MM-DDThh:mm:ss" (fraction and
 * zone dropped) into out (DIP_DATETIME_LEN bytes) and returns 0.
 */
int datetime_parse(const char *s, size_t n, char *out);

/* d plus n calendar months (n may be negative), day clamped. */
dip_date date_add_months(dip_date d, int n);

/* Today in local time. */
dip_date date_today(void);

#endif
