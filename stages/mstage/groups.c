/* groups.c - breakdown groups in their declared order; see groups.h. */
#include "mstage/groups.h"

#include <string.h>

const char *const group_age_bands[NAGE_BAND] = { "unborn", "0-4", "5-9",
	"10-15", "16+", "unknown" };
const char *const group_assessment_bands[NASSESSMENT_BAND] = { "same day",
	"1-10", "11-20", "21-30", "31-40", "41-45", "46-50", "51-60", "61+" };
const char *const group_icpc_bands[NICPC_BAND] = { "0-10", "11-15", "16-20",
	"21+" };
const char *const group_plan_bands[NPLAN_BAND] = { "under 3 months",
	"3 to 6 months", "6 to 12 months", "1 to 2 years", "2 years+" };

int group_rank(const char *breakdown, const char *group)
{
	/* A breakdown may have several sets (duration_band: C2, C4, D7),
	 * one per metric; their names differ, so a group is in one. */
	static const struct {
		const char *breakdown;
		const char *const *name;
		size_t n;
	} set[] = {
		{ "age_band", group_age_bands, NAGE_BAND },
		{ "duration_band", group_assessment_bands, NASSESSMENT_BAND },
		{ "duration_band", group_icpc_bands, NICPC_BAND },
		{ "duration_band", group_plan_bands, NPLAN_BAND },
	};

	for (size_t s = 0; s < sizeof(set) / sizeof(set[0]); s++) {
		if (strcmp(set[s].breakdown, breakdown))
			continue;
		for (size_t i = 0; i < set[s].n; i++)
			if (!strcmp(set[s].name[i], group))
				return (int)i;
	}
	return -1;
}
