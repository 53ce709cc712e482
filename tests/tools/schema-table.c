/*
 * schema-table - print the declared table schema (stages/core/schema.c)
 * as the Markdown table doc/tables.md shows, so a test can hold that page
 * to the one declaration instead of a copy that drifts.
 *
 * A row per table: the identifying columns, then the other columns in
 * declaration order, each run of columns read by the same stages followed
 * by those stages' names, then the Eclipse extension fields.
 */
#include "dip/schema.h"

#include <stdio.h>

static void print_table(const struct schema_table *t)
{
	struct strbuf b;
	const char *sep = "";

	strbuf_init(&b);
	strbuf_addf(&b, "| `%s` | ", t->name);
	for (int i = 0; i < t->nkey; i++)
		strbuf_addf(&b, "%s%s", i ? ", " : "", t->col[i].name);
	if (!t->from_map)
		strbuf_adds(&b, "(written by dip-ingest, not from the map)");
	strbuf_adds(&b, " | ");
	for (int i = t->nkey; i < t->ncol; i++) {
		unsigned who = t->col[i].stages;

		strbuf_addf(&b, "%s%s", sep, t->col[i].name);
		sep = ", ";
		if (i + 1 == t->ncol || t->col[i + 1].stages != who) {
			strbuf_adds(&b, " (");
			schema_stage_names(who, &b);
			strbuf_adds(&b, ")");
			sep = "; ";
		}
	}
	strbuf_adds(&b, " | ");
	sep = "";
	for (int i = 0; i < t->ncol; i++)
		if (t->col[i].extension) {
			strbuf_addf(&b, "%s%s", sep, t->col[i].name);
			sep = ", ";
		}
	strbuf_adds(&b, " |\n");
	fputs(b.buf, stdout);
	strbuf_release(&b);
}

int main(void)
{
	puts("| table | identifying columns | columns the stages read (by whom) "
	     "| Eclipse extension fields |");
	puts("|---|---|---|---|");
	for (int i = 0; i < SCHEMA_NTABLE; i++)
		print_table(&schema_tables[i]);
	return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
