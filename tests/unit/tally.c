/*
 * A tally counts each record into the row of its metric, period,
 * breakdown and group, whatever addresses the caller's strings are at:
 * remembering lately asked-for rows by address (metric.c) must never
 * count into the wrong row when a caller reuses a buffer for other text,
 * nor split a row when the same text comes from two addresses.
 * Expected counts are worked by hand from the calls below.
 */
#include "mstage/metric.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

static const struct tally_row *find(const struct tally *t, const char *b,
				    const char *g)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->row[i].breakdown, b) && !strcmp(t->row[i].group, g))
			return &t->row[i];
	return NULL;
}

int main(void)
{
	static const struct metric_def def[] = {
		{ "m", "children", METRIC_PROPORTION, 0, "a proportion" },
	};
	static const struct period period[] = {
		{ PERIOD_MONTH, 100, 130 },
	};
	struct tally t;
	const struct tally_row *r;
	char buf[16], other[16];

	plan(9);
	tally_init(&t, def, 1, period, 1);

	/* One buffer, three texts: North twice (num 1 + 0, den 2), South
	 * once (num 1, den 1), North again after South (num 1, den 1):
	 * North 2 of 3, South 1 of 1. */
	snprintf(buf, sizeof(buf), "%s", "North");
	tally_add(&t, 0, 0, "team", buf, 1, 1);
	tally_add(&t, 0, 0, "team", buf, 0, 1);
	snprintf(buf, sizeof(buf), "%s", "South");
	tally_add(&t, 0, 0, "team", buf, 1, 1);
	snprintf(buf, sizeof(buf), "%s", "North");
	tally_add(&t, 0, 0, "team", buf, 1, 1);
	r = find(&t, "team", "North");
	ok(r && r->num == 2 && r->den == 3, "North: 2 of 3 from a reused buffer");
	r = find(&t, "team", "South");
	ok(r && r->num == 1 && r->den == 1, "South: 1 of 1, not counted as North");

	/* The same text at another address is the same row: North 3 of 4. */
	snprintf(other, sizeof(other), "%s", "North");
	tally_add(&t, 0, 0, "team", other, 1, 1);
	r = find(&t, "team", "North");
	ok(r && r->num == 3 && r->den == 4, "North from another address: 3 of 4");

	/* The breakdown's buffer reused too: "area" North is its own row
	 * (1 of 1); "team" North is untouched. */
	{
		char bd[8];

		snprintf(bd, sizeof(bd), "%s", "area");
		tally_add(&t, 0, 0, bd, buf, 1, 1);
		snprintf(bd, sizeof(bd), "%s", "team");
		tally_add(&t, 0, 0, bd, buf, 0, 1);
	}
	r = find(&t, "area", "North");
	ok(r && r->num == 1 && r->den == 1, "area/North: its own row, 1 of 1");
	r = find(&t, "team", "North");
	ok(r && r->num == 3 && r->den == 5, "team/North: 3 of 5");

	/* No group is "unknown", the same row every time: 0 of 2. */
	tally_add(&t, 0, 0, "team", NULL, 0, 1);
	tally_add(&t, 0, 0, "team", NULL, 0, 1);
	r = find(&t, "team", "unknown");
	ok(r && r->num == 0 && r->den == 2, "no group: unknown, 0 of 2");

	/* Rows: all/all (made at the start), team North, South, unknown,
	 * area North: five, none twice. */
	is_int(5, (long)t.n, "five rows, none split or lost");

	/* After the rows are written (sorted, so their ids change), counting
	 * goes on into the right rows: South 2 of 2. */
	{
		FILE *fp = fopen("/dev/null", "w");

		ok(fp && tally_write(&t, fp, 5) == 0, "tally written");
		if (fp)
			fclose(fp);
	}
	tally_add(&t, 0, 0, "team", "South", 1, 1);
	r = find(&t, "team", "South");
	ok(r && r->num == 2 && r->den == 2, "after the sort: South 2 of 2");
	tally_release(&t);
	return 0;
}
