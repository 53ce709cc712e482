/*
 * A child's age on a day (cases.h: age_on, age_band), worked by hand:
 * the day before a birthday and the birthday itself, a 29 February
 * birth in a year without one, a child not yet born (expected date
 * only), no date at all; then children and days taken in turn, as a
 * stage asks them, so that a remembered date is never the wrong one.
 */
#include "mstage/cases.h"
#include "mstage/groups.h"
#include "tap.h"

static struct c_child child(dip_date birth, dip_date expected)
{
	struct c_child c = { 0 };

	c.birth = birth;
	c.expected = expected;
	return c;
}

int main(void)
{
	dip_date none = DIP_DATE_NONE;
	struct c_child june = child(date_from_ymd(2015, 6, 15), none);
	struct c_child leap = child(date_from_ymd(2016, 2, 29), none);
	struct c_child due = child(none, date_from_ymd(2026, 5, 1));
	struct c_child unknown = child(none, none);
	dip_date eve = date_from_ymd(2026, 6, 14);
	dip_date day = date_from_ymd(2026, 6, 15);

	plan(16);
	/* 2026 - 2015 = 11, less one the day before 15 June. */
	is_int(10, age_on(&june, eve), "10 on the eve of the 11th birthday");
	is_int(11, age_on(&june, day), "11 on the birthday");
	/* 2026 has no 29 February: 9 on 28 February, 10 from 1 March. */
	is_int(9, age_on(&leap, date_from_ymd(2026, 2, 28)),
	       "born 29 Feb 2016: 9 on 28 Feb 2026");
	is_int(10, age_on(&leap, date_from_ymd(2026, 3, 1)),
	       "and 10 on 1 March");
	is_int(0, age_on(&june, date_from_ymd(2015, 6, 15)),
	       "0 on the day of birth");
	is_int(-1, age_on(&june, date_from_ymd(2015, 6, 14)),
	       "-1 the day before");
	is_int(-1, age_on(&due, date_from_ymd(2026, 4, 1)),
	       "expected 1 May: -1 on 1 April");
	is_int(0, age_on(&due, date_from_ymd(2026, 5, 1)),
	       "the expected date stands for the birth");
	is_int(-1, age_on(&unknown, day), "no date: -1");

	is_string("unborn", age_band(&due, date_from_ymd(2026, 4, 1)), "unborn");
	is_string("unknown", age_band(&unknown, day), "unknown");
	is_string("5-9", age_band(&leap, date_from_ymd(2026, 2, 28)),
		  "9 is 5-9");
	is_string("10-15", age_band(&leap, date_from_ymd(2026, 3, 1)),
		  "10 is 10-15");

	/* In turn: one child on two days, two children on one day. */
	is_int(10, age_on(&june, eve), "June child on the eve, again");
	is_int(10, age_on(&leap, eve), "the leap child on the same day: 10");
	is_int(11, age_on(&june, day), "the June child the next day: 11");
	return 0;
}
