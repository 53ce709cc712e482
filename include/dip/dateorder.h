/*
 * dateorder.h - which orders of two dates are possible: the one rule
 * shared by dip-ingest (which reports every broken order by its check
 * id) and the metric stages (which leave a record out of a duration when
 * its dates break one), so that the two can never disagree.
 *
 *   if (!date_order_ok(DC_AUTHORISED_BEFORE_START, start, auth)) ...
 *
 * Every check names a first date that must not come after a second:
 * first <= second + slack.  A missing date (DIP_DATE_NONE) never breaks
 * one.  The same day is always possible (an assessment started and
 * authorised on one day).  date_checks[c] says, for ingest, which table
 * and column hold each date (by the names of the shipped export map)
 * and how to word the report; an `impossible` order cannot have
 * happened, a merely suspicious one (impossible = 0) is reported but
 * kept in every metric.
 *
 * Returns: questions, 1 yes or 0 no; nothing here can fail.
 */
#ifndef DIP_DATEORDER_H
#define DIP_DATEORDER_H

#include "dip/date.h"

enum date_check {
	DC_AUTHORISED_BEFORE_START,
	DC_AUTHORISED_BEFORE_REFERRAL,
	DC_CLOSURE_BEFORE_REFERRAL,
	DC_CIN_PLAN_END_BEFORE_START,
	DC_CP_PLAN_END_BEFORE_START,
	DC_CARE_PERIOD_END_BEFORE_START,
	DC_ICPC_BEFORE_S47,
	DC_REVIEW_BEFORE_PLAN_START,
	DC_REVIEW_AFTER_PLAN_END,
	DC_CP_PLANS_OVERLAP,
	DC_DEATH_BEFORE_BIRTH,
	DC_CARE_BEFORE_BIRTH,
	DC_MODERATION_BEFORE_AUDIT,
	DC_AUDIT_BEFORE_ALLOCATION,
	DC_REAUDIT_BEFORE_AUDIT,
	DC_ACTION_COMPLETED_BEFORE_RAISED,
	DC_ACTION_DUE_BEFORE_RAISED,
	DC_DATE_AFTER_EXPORT,
	DC_REFERRAL_LONG_BEFORE_BIRTH,
	DC_COUNT
};

struct date_check_def {
	const char *id;              /* the report's check id, stable */
	/* Where ingest finds the dates: table and column of each.  The
	 * tables are one record's, or one is an ancestor of the other;
	 * NULL where the pairing is not by record (see dateorder.c). */
	const char *first_table, *first_col;
	const char *second_table, *second_col;
	const char *first_what, *second_what;   /* words for the report */
	int slack;                   /* days second may precede first */
	int impossible;              /* 0: only suspicious */
};

extern const struct date_check_def date_checks[DC_COUNT];

/* 1 when first and second are in a possible order for check c. */
int date_order_ok(enum date_check c, dip_date first, dip_date second);

/* 1 for a column that holds a date planned ahead (an expected birth, an
 * ICPC target, an action's due date), which may follow the export. */
int date_column_planned(const char *column);

#endif
