/*
 * period.h - the reporting periods every metric stage reports on.
 *
 * For an as-of date and a trend length of N months:
 *   month    the N calendar months ending with the as-of date's month
 *            (the current month runs to the as-of date);
 *   quarter  every financial quarter (Q1 = April-June) those months touch,
 *            the current one to the as-of date;
 *   year     the financial year to date (1 April to the as-of date);
 *   as_of    the snapshot on the as-of date itself.
 * Periods are listed in that order, each kind oldest first.
 *
 * The rolling periods (rolling_3m, rolling_6m, rolling_12m: the N calendar
 * months ending with a trend month) are not listed here: the tally sums
 * them from its month rows (metric.h), so no stage counts them itself.
 *
 * Returns: nothing here fails; the functions return their value.
 */
#ifndef DIP_PERIOD_H
#define DIP_PERIOD_H

#include <stddef.h>

#include "dip/date.h"

enum period_type { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR, PERIOD_AS_OF,
		   PERIOD_ROLLING_3M, PERIOD_ROLLING_6M, PERIOD_ROLLING_12M };

struct period {
	enum period_type type;
	dip_date start, end;          /* both inclusive */
};

#define PERIOD_MAX 64

/* Fill out[] (PERIOD_MAX entries); returns how many. */
size_t periods_for(dip_date as_of, int trend_months, struct period *out);
const char *period_type_name(enum period_type t);
int period_contains(const struct period *p, dip_date d);
/*
 * The first day any of the n periods covers.  The quarters and the
 * financial year can begin before the first trend month, so a filter on
 * "the trend window" must start here, not at period[0].start: every
 * period is computed from all the data it covers, whatever the as-of
 * date (a complete period's row is then the same on any later run).
 */
dip_date periods_first_day(const struct period *p, size_t n);
/* First day of the financial year containing d. */
dip_date financial_year_start(dip_date d);

#endif
