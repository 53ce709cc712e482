/* calendar.c - England and Wales working days; see calendar.h. */
#include "dip/calendar.h"
#include "dip/csvio.h"
#include "dip/exitcode.h"
#include "dip/util.h"

#include <stdlib.h>
#include <string.h>

void calendar_init(struct calendar *cal)
{
	memset(cal, 0, sizeof(*cal));
}

void calendar_release(struct calendar *cal)
{
	free(cal->holiday);
	calendar_init(cal);
}

void calendar_add(struct calendar *cal, dip_date d)
{
	size_t i;
	int y, m, dd;

	/* Keep the array sorted; loading is small and mostly in order. */
	i = cal->n;
	while (i > 0 && cal->holiday[i - 1] > d)
		i--;
	if (i > 0 && cal->holiday[i - 1] == d)
		return;
	XGROW(cal->holiday, cal->cap, cal->n + 1);
	memmove(cal->holiday + i + 1, cal->holiday + i,
		(cal->n - i) * sizeof(*cal->holiday));
	cal->holiday[i] = d;
	cal->n++;
	date_to_ymd(d, &y, &m, &dd);
	if (!cal->first_year || y < cal->first_year)
		cal->first_year = y;
	if (y > cal->last_year)
		cal->last_year = y;
}

struct load_ctx {
	struct calendar *cal;
	const char *path;
	int date_col;
};

/* A row of the holiday table (csv_row_fn): the header must name a
 * date column; 0, or -1 with err at the row. */
static int load_row(void *p, const struct csv_row *row, struct dip_err *err)
{
	struct load_ctx *c = p;
	dip_date d;

	if (row->index == 0) {
		for (size_t i = 0; i < row->n; i++)
			if (!strcmp(row->field[i], "date"))
				c->date_col = (int)i;
		if (c->date_col < 0) {
			err_set(err, DIP_EXIT_USAGE, c->path, row->line, 0,
				"missing column 'date'");
			return -1;
		}
		return 0;
	}
	if (row->n == 1 && row->len[0] == 0)
		return 0;
	if ((size_t)c->date_col >= row->n ||
	    date_parse(row->field[c->date_col], row->len[c->date_col], &d)) {
		err_set(err, DIP_EXIT_USAGE, c->path, row->line, 0,
			"invalid date '%s'",
			(size_t)c->date_col < row->n ? row->field[c->date_col] : "");
		return -1;
	}
	calendar_add(c->cal, d);
	return 0;
}

int calendar_load(struct calendar *cal, const char *path, struct dip_err *err)
{
	struct load_ctx c = { cal, path, -1 };

	if (csv_read_file(path, load_row, &c, err)) {
		if (err->status == DIP_EXIT_DATA)
			err->status = DIP_EXIT_USAGE;
		return -1;
	}
	if (!cal->n) {
		err_set(err, DIP_EXIT_USAGE, path, 0, 0, "no bank holidays listed");
		return -1;
	}
	return 0;
}

/* The index of the first holiday on or after d (cal->n if none). */
static size_t lower_bound(const struct calendar *cal, dip_date d)
{
	size_t lo = 0, hi = cal->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cal->holiday[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int calendar_is_holiday(const struct calendar *cal, dip_date d)
{
	size_t i = lower_bound(cal, d);

	return i < cal->n && cal->holiday[i] == d;
}

int calendar_is_working_day(const struct calendar *cal, dip_date d)
{
	return date_weekday(d) < 5 && !calendar_is_holiday(cal, d);
}

/* Weekdays d with d < x, counted from the Monday 1969-12-29 (day -3);
 * floor division keeps it right for days before that too. */
static long weekdays_before(dip_date x)
{
	long y = (long)x + 3;
	long weeks = y >= 0 ? y / 7 : -((-y + 6) / 7);
	long rem = y - weeks * 7;

	return weeks * 5 + (rem < 5 ? rem : 5);
}

long calendar_wd(const struct calendar *cal, dip_date a, dip_date b)
{
	long n;
	size_t i, j;

	if (b < a)
		return -calendar_wd(cal, b, a);
	n = weekdays_before(b + 1) - weekdays_before(a + 1);
	/* Bank holidays in (a, b] that fall on a weekday. */
	i = lower_bound(cal, a + 1);
	j = lower_bound(cal, b + 1);
	for (; i < j; i++)
		if (date_weekday(cal->holiday[i]) < 5)
			n--;
	return n;
}

dip_date calendar_add_wd(const struct calendar *cal, dip_date a, long n)
{
	dip_date d = a;

	/* Jump by whole weeks that cannot overshoot (each holds at most 5
	 * working days), then walk to the first day that makes n. */
	if (n > 10)
		d = a + (dip_date)((n - 10) / 5 * 7);
	while (calendar_wd(cal, a, d) < n)
		d++;
	return d;
}

int calendar_covers(const struct calendar *cal, dip_date a, dip_date b)
{
	int ya, yb, m, d;

	date_to_ymd(a, &ya, &m, &d);
	date_to_ymd(b, &yb, &m, &d);
	return cal->n && ya >= cal->first_year && yb <= cal->last_year &&
	       ya <= cal->last_year && yb >= cal->first_year;
}
