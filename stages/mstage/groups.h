/*
 * groups.h - the groups of a breakdown whose order is not their text,
 * declared once, in order: the stages count into these names and the
 * charts draw them in this order ("unborn, 0-4, 5-9, 10-15, 16+", never
 * the text order "0-4, 10-15, 16+, 5-9, unborn").
 *
 * Returns: group_rank() returns a place, or -1 for a group the breakdown
 * does not order (no error: it sorts by text then).
 */
#ifndef DIP_GROUPS_H
#define DIP_GROUPS_H

#include <stddef.h>

/* Age on a day (cases.h age_band()); "unknown" when no birth date. */
enum { AGE_UNBORN, AGE_0_4, AGE_5_9, AGE_10_15, AGE_16_PLUS, AGE_UNKNOWN,
       NAGE_BAND };
extern const char *const group_age_bands[NAGE_BAND];
/* DfE C2: working days from an assessment's start to its authorisation. */
#define NASSESSMENT_BAND 9
extern const char *const group_assessment_bands[NASSESSMENT_BAND];
/* DfE C4: working days from the S47's start to the conference. */
#define NICPC_BAND 4
extern const char *const group_icpc_bands[NICPC_BAND];
/* DfE D7: how long a plan lasted. */
#define NPLAN_BAND 5
extern const char *const group_plan_bands[NPLAN_BAND];

/* GROUP's place in BREAKDOWN's declared order, or -1 when the breakdown
 * declares none or does not list it (teams, years: their text order). */
int group_rank(const char *breakdown, const char *group);

#endif
