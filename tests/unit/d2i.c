/*
 * Why dipsample's working-day cut-offs are one day later than the D2I
 * validator's (shared/reference/cin-census-notes.md 5.3).
 *
 * D2I queries an open assessment (8670Q) when it started before
 * RefDate - WD(45), and an unfinished S47 (8675Q) before RefDate - WD(15),
 * where WD(n) moves back n - 1 working days from RefDate: it counts the
 * start day and the ReferenceDate both.  For ReferenceDate Tuesday
 * 2026-03-31 that gives 2026-01-28 and 2026-03-11.
 *
 * dipsample counts wd(a, b) = working days d with a < d <= b (the start
 * day is day 0) and calls an assessment overdue when wd > 45.  Counting
 * both ends is wd + 1 when the start is a working day, so D2I's last
 * compliant start (2026-01-28, both-ends count 45) is our wd 44, and our
 * last compliant start is one working day earlier (2026-01-27, wd 45).
 */
#include "dip/calendar.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct calendar cal;

static const char *fmt(dip_date d)
{
	static char buf[2][DIP_DATE_LEN];
	static int i;

	i ^= 1;
	return date_format(d, buf[i]);
}

/* Earliest start whose count to ref stays within n (count = wd, plus the
 * start day itself when inclusive and a working day). */
static dip_date earliest_within(dip_date ref, long n, int inclusive)
{
	dip_date d = ref;

	for (;;) {
		dip_date prev = d - 1;
		long count = calendar_wd(&cal, prev, ref) +
			     (inclusive && calendar_is_working_day(&cal, prev));

		if (count > n)
			return d;
		d = prev;
	}
}

int main(void)
{
	struct dip_err err;
	char *path = test_path("config/bank-holidays.csv");
	dip_date ref;

	calendar_init(&cal);
	if (calendar_load(&cal, path, &err)) {
		printf("Bail out! %s\n", err.msg);
		return 1;
	}
	free(path);
	date_parse("2026-03-31", 10, &ref);
	plan(6);
	is_string("2026-01-28", fmt(earliest_within(ref, 45, 1)),
		  "D2I 8670Q: starts before 2026-01-28 are queried (45, both ends)");
	is_string("2026-03-11", fmt(earliest_within(ref, 15, 1)),
		  "D2I 8675Q: starts before 2026-03-11 are queried (15, both ends)");
	is_string("2026-01-27", fmt(earliest_within(ref, 45, 0)),
		  "dipsample: 2026-01-27 is still within 45 (wd = 45)");
	is_string("2026-03-10", fmt(earliest_within(ref, 15, 0)),
		  "dipsample: 2026-03-10 is still within 15 (wd = 15)");
	is_int(44, calendar_wd(&cal, earliest_within(ref, 45, 1), ref),
	       "D2I's last compliant start is wd 44 in dipsample's count");
	is_int(1, earliest_within(ref, 45, 1) - earliest_within(ref, 45, 0),
	       "the two differ by one day (Tue 27 and Wed 28 January)");
	calendar_release(&cal);
	return 0;
}
