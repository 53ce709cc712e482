/*
 * The possible orders of two dates (dateorder.h): the same day is
 * possible, a missing date breaks nothing, the slack of the one
 * suspicious check is 42 weeks, and every check has a distinct id.
 * Day counts below are from a printed calendar.
 */
#include "dip/dateorder.h"
#include "tap.h"

#include <string.h>

static dip_date D(const char *s)
{
	dip_date d = DIP_DATE_NONE;

	date_parse(s, strlen(s), &d);
	return d;
}

int main(void)
{
	int distinct = 1;

	plan(12);
	ok(!date_order_ok(DC_AUTHORISED_BEFORE_START, D("2028-04-28"),
			  D("2020-09-19")),
	   "authorised 2020-09-19, started 2028-04-28: impossible");
	ok(date_order_ok(DC_AUTHORISED_BEFORE_START, D("2020-10-01"),
			 D("2020-10-01")), "started and authorised the same day");
	ok(!date_order_ok(DC_AUTHORISED_BEFORE_START, D("2020-10-02"),
			  D("2020-10-01")), "authorised the day before it started");
	ok(date_order_ok(DC_AUTHORISED_BEFORE_START, D("2020-10-01"),
			 DIP_DATE_NONE), "not authorised yet: nothing to check");
	ok(date_order_ok(DC_CLOSURE_BEFORE_REFERRAL, DIP_DATE_NONE,
			 D("2020-10-01")), "no referral date: nothing to check");
	/* 2021-01-15 less 294 days is 2020-03-27 (2020 a leap year:
	 * 15 days of January, 31 Dec, 30 Nov ... 5 days of March). */
	ok(date_order_ok(DC_REFERRAL_LONG_BEFORE_BIRTH, D("2021-01-15"),
			 D("2020-03-27")), "referred exactly 42 weeks before birth");
	ok(!date_order_ok(DC_REFERRAL_LONG_BEFORE_BIRTH, D("2021-01-15"),
			  D("2020-03-26")), "referred 42 weeks and a day before birth");
	ok(date_checks[DC_REFERRAL_LONG_BEFORE_BIRTH].impossible == 0,
	   "a referral long before birth is only suspicious");
	ok(date_checks[DC_AUTHORISED_BEFORE_START].impossible == 1,
	   "an assessment authorised before it started is impossible");
	for (int a = 0; a < DC_COUNT; a++)
		for (int b = a + 1; b < DC_COUNT; b++)
			if (!date_checks[a].id || !date_checks[b].id ||
			    !strcmp(date_checks[a].id, date_checks[b].id))
				distinct = 0;
	ok(distinct, "every check has its own id");
	ok(date_column_planned("due_date") &&
	   date_column_planned("expected_birth_date") &&
	   date_column_planned("icpc_target_date"),
	   "due, expected birth and ICPC target dates are plans");
	ok(!date_column_planned("authorisation_date"),
	   "an authorisation date is not a plan");
	return 0;
}
