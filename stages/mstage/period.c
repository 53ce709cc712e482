/* period.c - months, financial quarters and years; see period.h. */
#include "mstage/period.h"

const char *period_type_name(enum period_type t)
{
	static const char *const names[] = { "month", "quarter", "year",
		"as_of", "rolling_3m", "rolling_6m", "rolling_12m" };

	return names[t];
}

int period_contains(const struct period *p, dip_date d)
{
	return d != DIP_DATE_NONE && d >= p->start && d <= p->end;
}

dip_date periods_first_day(const struct period *p, size_t n)
{
	dip_date first = DIP_DATE_NONE;

	for (size_t i = 0; i < n; i++)
		if (first == DIP_DATE_NONE || p[i].start < first)
			first = p[i].start;
	return first;
}

static dip_date month_start(dip_date d)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	return date_from_ymd(y, m, 1);
}

dip_date financial_year_start(dip_date d)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	return date_from_ymd(m >= 4 ? y : y - 1, 4, 1);
}

/* First day of the financial quarter containing d. */
static dip_date quarter_start(dip_date d)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	/* Quarters start in April, July, October and January. */
	m = (m - 1) / 3 * 3 + 1;
	return date_from_ymd(y, m, 1);
}

/* Append a period unless PERIOD_MAX are listed already; its end is
 * cut at the as-of date. */
static void add(struct period *out, size_t *n, enum period_type t,
		dip_date start, dip_date end, dip_date as_of)
{
	if (*n >= PERIOD_MAX)
		return;
	out[*n].type = t;
	out[*n].start = start;
	out[*n].end = end < as_of ? end : as_of;
	(*n)++;
}

size_t periods_for(dip_date as_of, int trend_months, struct period *out)
{
	dip_date first, q;
	size_t n = 0;

	if (trend_months < 1)
		trend_months = 1;
	if (trend_months > 36)
		trend_months = 36;
	first = date_add_months(month_start(as_of), -(trend_months - 1));
	for (int i = 0; i < trend_months; i++) {
		dip_date s = date_add_months(first, i);

		add(out, &n, PERIOD_MONTH, s, date_add_months(s, 1) - 1, as_of);
	}
	for (q = quarter_start(first); q <= as_of; q = date_add_months(q, 3))
		add(out, &n, PERIOD_QUARTER, q, date_add_months(q, 3) - 1, as_of);
	add(out, &n, PERIOD_YEAR, financial_year_start(as_of),
	    date_add_months(financial_year_start(as_of), 12) - 1, as_of);
	add(out, &n, PERIOD_AS_OF, as_of, as_of, as_of);
	return n;
}
