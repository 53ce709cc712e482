/*
 * Dates: strict ISO parsing, weekdays and month arithmetic with the day
 * clamped to the end of the month.  Every expected value below is worked
 * from a printed calendar, not from the code.
 */
#include "dip/date.h"
#include "tap.h"

#include <string.h>

static const char *fmt(dip_date d)
{
	static char buf[4][DIP_DATE_LEN];
	static int i;

	i = (i + 1) % 4;
	return date_format(d, buf[i]);
}

static dip_date D(const char *s)
{
	dip_date d = DIP_DATE_NONE;

	date_parse(s, strlen(s), &d);
	return d;
}

static int parses(const char *s)
{
	dip_date d;

	return date_parse(s, strlen(s), &d) == 0;
}

int main(void)
{
	char dt[DIP_DATETIME_LEN];

	plan(37);

	/* parsing */
	is_int(0, D("1970-01-01"), "day 0 is 1970-01-01");
	is_string("2024-02-29", fmt(D("2024-02-29")), "leap day 2024 round trip");
	ok(!parses("2023-02-29"), "2023 has no 29 February");
	ok(!parses("2100-02-29"), "2100 is not a leap year");
	ok(parses("2000-02-29"), "2000 is a leap year");
	ok(!parses("2024-04-31"), "April has 30 days");
	ok(!parses("2024-13-01"), "no month 13");
	ok(!parses("notadate"), "'notadate' refused");
	ok(!parses("24-03-2024"), "day-first dates refused");
	ok(!parses("2024-3-1"), "unpadded fields refused");
	ok(!parses("2024-03-01 "), "trailing junk refused");
	is_string("2024-03-01", fmt(D("2024-03-01Z")), "xs:date zone Z ignored");
	is_string("2024-03-01", fmt(D("2024-03-01+01:00")), "xs:date offset ignored");
	ok(!parses("2024-03-01+1"), "malformed offset refused");

	/* weekdays: 0 = Monday */
	is_int(3, date_weekday(D("1970-01-01")), "1970-01-01 was a Thursday");
	is_int(1, date_weekday(D("2026-03-31")), "2026-03-31 is a Tuesday");
	is_int(6, date_weekday(D("2024-03-31")), "2024-03-31 was a Sunday");
	is_int(0, date_weekday(D("1969-12-29")), "1969-12-29 was a Monday");

	/* months, clamped */
	is_string("2024-02-29", fmt(date_add_months(D("2023-08-31"), 6)),
		  "31 Aug 2023 + 6 months = 29 Feb 2024 (leap)");
	is_string("2023-02-28", fmt(date_add_months(D("2022-08-31"), 6)),
		  "31 Aug 2022 + 6 months = 28 Feb 2023");
	is_string("2024-02-29", fmt(date_add_months(D("2024-01-31"), 1)),
		  "31 Jan 2024 + 1 month = 29 Feb 2024");
	is_string("2025-02-28", fmt(date_add_months(D("2024-02-29"), 12)),
		  "29 Feb 2024 + 12 months = 28 Feb 2025");
	is_string("2028-02-29", fmt(date_add_months(D("2024-02-29"), 48)),
		  "29 Feb 2024 + 48 months = 29 Feb 2028");
	is_string("2024-02-29", fmt(date_add_months(D("2024-03-31"), -1)),
		  "31 Mar 2024 - 1 month = 29 Feb 2024");
	is_string("2024-01-15", fmt(date_add_months(D("2023-12-15"), 1)),
		  "across a year end");
	is_string("2022-12-31", fmt(date_add_months(D("2023-01-31"), -1)),
		  "backwards across a year end");
	is_string("2026-03-31", fmt(date_add_months(D("2024-03-31"), 24)),
		  "24 months");
	is_string("2023-06-30", fmt(date_add_months(D("2023-03-31"), 3)),
		  "31 Mar + 3 months = 30 Jun");

	/* date-times */
	ok(datetime_parse("2023-05-23T11:14:05", 19, dt) == 0 &&
	   !strcmp(dt, "2023-05-23T11:14:05"), "plain dateTime");
	ok(datetime_parse("2023-05-23T11:14:05.123Z", 24, dt) == 0 &&
	   !strcmp(dt, "2023-05-23T11:14:05"), "fraction and zone dropped");
	ok(datetime_parse("2023-05-23T11:14:05+01:00", 25, dt) == 0,
	   "offset accepted");
	ok(datetime_parse("2023-05-23 11:14:05", 19, dt) != 0,
	   "space instead of T refused");
	ok(datetime_parse("2023-05-23T25:00:00", 19, dt) != 0, "hour 25 refused");
	ok(datetime_parse("2023-05-23", 10, dt) != 0, "a date is not a dateTime");

	/* ordering is integer ordering */
	ok(D("2024-01-01") - D("2023-12-31") == 1, "consecutive days differ by 1");
	is_int(366, D("2025-01-01") - D("2024-01-01"), "2024 has 366 days");
	is_int(365, D("2026-01-01") - D("2025-01-01"), "2025 has 365 days");
	return 0;
}
