/*
 * Working days in England and Wales, wd(a, b) = days d with a < d <= b,
 * Monday to Friday, not a bank holiday.  The holidays come from
 * config/bank-holidays.csv.  Each expectation lists the days counted.
 */
#include "dip/calendar.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct calendar cal;

static dip_date D(const char *s)
{
	dip_date d = DIP_DATE_NONE;

	date_parse(s, strlen(s), &d);
	return d;
}

static long wd(const char *a, const char *b)
{
	return calendar_wd(&cal, D(a), D(b));
}

static const char *fmt(dip_date d)
{
	static char buf[DIP_DATE_LEN];

	return date_format(d, buf);
}

int main(void)
{
	struct dip_err err;
	char *path = test_path("config/bank-holidays.csv");

	calendar_init(&cal);
	if (calendar_load(&cal, path, &err)) {
		printf("Bail out! cannot load %s: %s\n", path, err.msg);
		return 1;
	}
	free(path);
	plan(27);

	is_int(0, wd("2024-06-07", "2024-06-07"), "same day is 0");
	is_int(1, wd("2024-06-07", "2024-06-10"), "Fri -> Mon: only Mon counts");
	is_int(0, wd("2024-06-07", "2024-06-09"), "Fri -> Sun: weekend is 0");
	is_int(1, wd("2024-06-08", "2024-06-10"), "Sat -> Mon: 1");
	is_int(5, wd("2024-06-10", "2024-06-17"), "a whole week is 5");
	is_int(-1, wd("2024-06-10", "2024-06-07"), "backwards is negative");

	/* Easter 2024: Good Friday 29 Mar, Easter Monday 1 Apr. */
	is_int(1, wd("2024-03-28", "2024-04-02"),
	       "Easter 2024: Thu -> Tue counts only Tue 2 Apr");
	ok(calendar_is_holiday(&cal, D("2024-03-29")), "Good Friday 2024");
	ok(!calendar_is_working_day(&cal, D("2024-04-01")), "Easter Monday 2024");

	/* Christmas 2021 fell on a Saturday: substitutes Mon 27 and Tue 28;
	 * New Year 2022 on a Saturday: substitute Mon 3 Jan. */
	is_int(4, wd("2021-12-24", "2022-01-04"),
	       "Christmas 2021: Wed 29, Thu 30, Fri 31, Tue 4 = 4");
	ok(!calendar_is_working_day(&cal, D("2021-12-28")),
	   "Boxing Day substitute 2021-12-28");
	ok(!calendar_is_working_day(&cal, D("2022-01-03")),
	   "New Year substitute 2022-01-03");

	/* 2022: Spring bank holiday moved to Thu 2 June, Platinum Jubilee
	 * Fri 3 June; the State Funeral Mon 19 September. */
	is_int(1, wd("2022-06-01", "2022-06-06"),
	       "Jubilee week: Wed -> Mon counts only Mon 6 June");
	is_int(1, wd("2022-09-16", "2022-09-20"),
	       "State Funeral: Fri -> Tue counts only Tue 20 Sept");

	/* year end 2025-26: 25, 26 Dec and 1 Jan */
	is_int(1, wd("2025-12-31", "2026-01-02"), "31 Dec -> 2 Jan: Fri 2 Jan");
	is_int(3, wd("2025-12-24", "2025-12-31"),
	       "24 -> 31 Dec 2025: Mon 29, Tue 30, Wed 31");

	/* Census year-end cut-offs (ReferenceDate Tue 2026-03-31):
	 * 29-30 Jan = 2, February 2026 = 20, March 2026 = 22; no holidays. */
	is_int(44, wd("2026-01-28", "2026-03-31"),
	       "28 Jan -> 31 Mar 2026 is 44 working days");
	is_int(45, wd("2026-01-27", "2026-03-31"),
	       "27 Jan -> 31 Mar 2026 is 45: not yet over 45");
	is_int(46, wd("2026-01-26", "2026-03-31"),
	       "26 Jan -> 31 Mar 2026 is 46: over 45");
	/* 12-31 March = 14 weekdays (12,13 + 16-20 + 23-27 + 30,31) */
	is_int(14, wd("2026-03-11", "2026-03-31"), "11 -> 31 Mar 2026 is 14");

	/* adding working days */
	is_string("2024-04-02", fmt(calendar_add_wd(&cal, D("2024-03-28"), 1)),
		  "1 working day after Thu 28 Mar 2024 is Tue 2 Apr");
	is_string("2026-03-31", fmt(calendar_add_wd(&cal, D("2026-01-28"), 44)),
		  "44 working days after 28 Jan 2026 is 31 Mar");
	is_string("2024-06-07", fmt(calendar_add_wd(&cal, D("2024-06-07"), 0)),
		  "0 working days after a date is the date");
	is_string("2024-06-10", fmt(calendar_add_wd(&cal, D("2024-06-08"), 1)),
		  "1 working day after a Saturday is Monday");

	/* coverage of the table: 2015-2027 */
	ok(calendar_covers(&cal, D("2015-01-01"), D("2027-12-31")),
	   "table covers 2015-2027");
	ok(!calendar_covers(&cal, D("2014-12-31"), D("2015-06-01")),
	   "2014 is not covered");
	ok(!calendar_covers(&cal, D("2027-06-01"), D("2028-01-01")),
	   "2028 is not covered");
	calendar_release(&cal);
	return 0;
}
