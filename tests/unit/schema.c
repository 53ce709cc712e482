/*
 * The table declaration is consistent with itself: a parent comes
 * before its children, a nested table starts with its parent's key
 * columns by the same names, every table is joinable with the keys the
 * loader can hold; and the loader built on it reads the audits fixture.
 */
#include "mstage/cases.h"
#include "dip/schema.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

int main(void)
{
	char *dir = test_path("fixtures/audits/tables");
	struct cases c;
	struct dip_err err;
	struct strbuf sb;
	int parents_first = 1, keys_named = 1, keys_fit = 1, unique = 1;
	int counts = 1;

	plan(10);
	for (int t = 0; t < SCHEMA_NTABLE; t++) {
		const struct schema_table *x = &schema_tables[t];
		const struct schema_table *p = x->parent >= 0
			? &schema_tables[x->parent] : NULL;

		if (p && x->parent >= t)
			parents_first = 0;
		if (x->nkey > 4 || x->nkey > x->ncol)
			keys_fit = 0;
		for (int k = 0; p && k < p->nkey; k++)
			if (k >= x->ncol || strcmp(x->col[k].name, p->col[k].name))
				keys_named = 0;
		for (int i = 0; i < x->ncol; i++)
			for (int j = i + 1; j < x->ncol; j++)
				if (!strcmp(x->col[i].name, x->col[j].name))
					unique = 0;
		/* The loader writes an int count under a parent, a size_t
		 * count in struct cases. */
		if (x->count_size != (p ? sizeof(int) : sizeof(size_t)))
			counts = 0;
	}
	ok(parents_first, "every parent table is loaded before its children");
	ok(keys_named, "a nested table starts with its parent's key columns");
	ok(keys_fit, "no table has more key columns than the loader joins on");
	ok(unique, "no column is declared twice in one table");
	ok(counts, "row counts have the width the loader writes");
	ok(schema_table_named("episodes") == &schema_tables[SCHEMA_EPISODES] &&
	   !schema_table_named("nothing"), "tables are found by name");

	strbuf_init(&sb);
	schema_stage_names(SCHEMA_OVERDUE | SCHEMA_CONSENT | SCHEMA_AUDITS, &sb);
	is_string("dip-overdue, dip-consent and dip-audits", sb.buf,
		  "stages named in a list");
	strbuf_reset(&sb);
	schema_stage_names(SCHEMA_EVERY, &sb);
	is_string("every metric stage", sb.buf, "all of them named as one");
	strbuf_release(&sb);

	/* fixtures/audits/README.md: 29 audits and five actions, each
	 * action joined to its audit by (lea, audit_id). */
	ok(cases_load(&c, dir, SCHEMA_EVERY, &err) == 0, "the audits fixture loads");
	{
		long actions = 0;

		for (size_t i = 0; i < c.naudit; i++)
			actions += c.audit[i].naction;
		ok(c.naudit == 29 && actions == 5,
		   "29 audits holding five actions");
	}
	cases_release(&c);
	free(dir);
	return 0;
}
