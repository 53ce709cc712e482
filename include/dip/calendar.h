/*
 * calendar.h - working days in England and Wales.
 *
 * The bank holidays are data (a CSV "date,name" file named in the
 * config), never code.  The one counting rule of the product:
 *
 *   wd(a, b) = the number of days d with a < d <= b that are Monday to
 *              Friday and not a bank holiday.
 *
 * So wd(a, a) = 0, and "within 45 working days" means wd(start, end) <= 45.
 * Dates outside the years the table covers are counted as if there were
 * no bank holidays there; calendar_covers() lets a caller say so.
 *
 * Returns: calendar_load() returns 0, or -1 with err naming the file and
 * line (nothing printed); nothing else can fail: the predicates return
 * 1 or 0, the rest a count or a date.
 */
#ifndef DIP_CALENDAR_H
#define DIP_CALENDAR_H

#include "dip/date.h"
#include "dip/error.h"

struct calendar {
	dip_date *holiday;   /* sorted, unique */
	size_t n, cap;
	int first_year, last_year;   /* years the table covers */
};

void calendar_init(struct calendar *cal);
void calendar_release(struct calendar *cal);
/* Load "date,name" rows; 0 on success, else fills err (file:line). */
int calendar_load(struct calendar *cal, const char *path, struct dip_err *err);
/* Add one holiday (for tests and for loading). */
void calendar_add(struct calendar *cal, dip_date d);

int calendar_is_holiday(const struct calendar *cal, dip_date d);
int calendar_is_working_day(const struct calendar *cal, dip_date d);
/* wd(a, b) as above; negative when b < a (wd(a,b) = -wd(b,a)). */
long calendar_wd(const struct calendar *cal, dip_date a, dip_date b);
/* The date n >= 0 working days after a: the smallest b with wd(a,b) = n. */
dip_date calendar_add_wd(const struct calendar *cal, dip_date a, long n);
/* 1 if both dates fall in years the holiday table covers. */
int calendar_covers(const struct calendar *cal, dip_date a, dip_date b);

#endif
