/* dateorder.c - the possible orders of two dates; see dateorder.h. */
#include "dip/dateorder.h"

#include <string.h>

/*
 * Forty-two weeks, the longest a pregnancy runs: a child cannot be
 * referred earlier than that before its birth.  Work before birth is
 * otherwise normal (pre-birth assessments, conferences and plans), so
 * only this is questioned, and only as suspicious, since a referral may
 * have been recorded against the wrong child rather than be impossible.
 */
#define PREGNANCY_DAYS 294

const struct date_check_def date_checks[DC_COUNT] = {
	[DC_AUTHORISED_BEFORE_START] = { "authorised_before_start",
		"assessments", "start_date", "assessments", "authorisation_date",
		"start", "authorisation", 0, 1 },
	[DC_AUTHORISED_BEFORE_REFERRAL] = { "authorised_before_referral",
		"episodes", "referral_date", "assessments", "authorisation_date",
		"referral", "authorisation", 0, 1 },
	[DC_CLOSURE_BEFORE_REFERRAL] = { "closure_before_referral",
		"episodes", "referral_date", "episodes", "closure_date",
		"referral", "closure", 0, 1 },
	[DC_CIN_PLAN_END_BEFORE_START] = { "cin_plan_end_before_start",
		"cin_plans", "start_date", "cin_plans", "end_date",
		"start", "end", 0, 1 },
	[DC_CP_PLAN_END_BEFORE_START] = { "cp_plan_end_before_start",
		"cp_plans", "start_date", "cp_plans", "end_date",
		"start", "end", 0, 1 },
	[DC_CARE_PERIOD_END_BEFORE_START] = { "care_period_end_before_start",
		"care_periods", "period_start", "care_periods", "period_end",
		"start", "end", 0, 1 },
	[DC_ICPC_BEFORE_S47] = { "icpc_before_s47",
		"section47s", "start_date", "section47s", "icpc_date",
		"section 47 start", "initial conference", 0, 1 },
	[DC_REVIEW_BEFORE_PLAN_START] = { "review_before_plan_start",
		"cp_plans", "start_date", "cp_reviews", "review_date",
		"plan start", "review", 0, 1 },
	[DC_REVIEW_AFTER_PLAN_END] = { "review_after_plan_end",
		"cp_reviews", "review_date", "cp_plans", "end_date",
		"review", "plan end", 0, 1 },
	/* A child is on one plan at a time: the next may start the day the
	 * previous ends, not before.  Plans of one child in any episode. */
	[DC_CP_PLANS_OVERLAP] = { "cp_plans_overlap",
		NULL, "end_date", NULL, "start_date",
		"previous plan's end", "plan start", 0, 1 },
	[DC_DEATH_BEFORE_BIRTH] = { "death_before_birth",
		"children", "birth_date", "children", "death_date",
		"birth", "death", 0, 1 },
	/* Only a born child can be looked after; an unborn child's
	 * expected birth date is no birth date and is not compared. */
	[DC_CARE_BEFORE_BIRTH] = { "care_before_birth",
		"children", "birth_date", "care_periods", "period_start",
		"birth", "care period start", 0, 1 },
	[DC_MODERATION_BEFORE_AUDIT] = { "moderation_before_audit",
		"audits", "audit_date", "audits", "moderation_date",
		"audit", "moderation", 0, 1 },
	[DC_AUDIT_BEFORE_ALLOCATION] = { "audit_before_allocation",
		"audits", "allocated_date", "audits", "audit_date",
		"allocation", "audit", 0, 1 },
	/* The audit named by ReauditOf, then the re-audit. */
	[DC_REAUDIT_BEFORE_AUDIT] = { "reaudit_before_audit",
		NULL, "audit_date", NULL, "audit_date",
		"the audit it re-audits", "re-audit", 0, 1 },
	[DC_ACTION_COMPLETED_BEFORE_RAISED] = { "action_completed_before_raised",
		"audit_actions", "raised_date", "audit_actions", "completed_date",
		"raised date", "completion", 0, 1 },
	[DC_ACTION_DUE_BEFORE_RAISED] = { "action_due_before_raised",
		"audit_actions", "raised_date", "audit_actions", "due_date",
		"raised date", "due date", 0, 1 },
	/* Any date column but the planned ones, then the date of the
	 * export's header DateTime: nothing recorded has happened yet. */
	[DC_DATE_AFTER_EXPORT] = { "date_after_export",
		NULL, NULL, NULL, NULL, NULL, "export", 0, 1 },
	[DC_REFERRAL_LONG_BEFORE_BIRTH] = { "referral_long_before_birth",
		"children", "birth_date", "episodes", "referral_date",
		"birth", "referral", PREGNANCY_DAYS, 0 },
};

int date_order_ok(enum date_check c, dip_date first, dip_date second)
{
	if (first == DIP_DATE_NONE || second == DIP_DATE_NONE)
		return 1;
	return (long)first <= (long)second + date_checks[c].slack;
}

int date_column_planned(const char *column)
{
	static const char *const planned[] = { "expected_birth_date",
		"icpc_target_date", "due_date" };

	for (size_t i = 0; i < sizeof(planned) / sizeof(planned[0]); i++)
		if (!strcmp(column, planned[i]))
			return 1;
	return 0;
}
