/*
 * schemacheck.c - the export map checked against the declared tables
 * (schema.h) before any export is read: a map that no longer fills a
 * column some stage reads, or fills it with a type the stage cannot
 * read, would otherwise pass ingest and fail (or, for a text column,
 * quietly read as empty) in a metric stage later in the night.
 */
#include "dip/exitcode.h"
#include "ingest/exportmap.h"
#include "dip/schema.h"
#include "dip/util.h"

#include <stdlib.h>
#include <string.h>

static const char *type_name(enum schema_type t)
{
	switch (t) {
	case SCHEMA_DATE: return "a date";
	case SCHEMA_ORDINAL: case SCHEMA_COUNT: return "a count";
	case SCHEMA_FLAG: case SCHEMA_BOOL: return "a bool";
	case SCHEMA_TEXT: break;
	}
	return "text";
}

static const char *map_type_name(const struct map_node *n)
{
	switch (n->type) {
	case MAP_STRING: return "string";
	case MAP_DATE: return "date";
	case MAP_DATETIME: return "datetime";
	case MAP_BOOL: return "bool";
	case MAP_COUNT: return "count";
	case MAP_CODE: break;
	}
	return "code";
}

/* Can a stage read what a field of this map type writes? Text takes
 * anything; the others need the value the way ingest normalises it. */
static int compatible(enum schema_type want, enum map_type got)
{
	switch (want) {
	case SCHEMA_TEXT: return 1;
	case SCHEMA_DATE: return got == MAP_DATE;
	case SCHEMA_ORDINAL: case SCHEMA_COUNT: return got == MAP_COUNT;
	case SCHEMA_FLAG: case SCHEMA_BOOL: return got == MAP_BOOL;
	}
	return 0;
}

/* The column of st named name, or NULL if the stages read no such. */
static const struct schema_col *declared(const struct schema_table *st,
					 const char *name)
{
	for (int i = 0; i < st->ncol; i++)
		if (!strcmp(st->col[i].name, name))
			return &st->col[i];
	return NULL;
}

/* "dip-overdue reads", "dip-overdue and dip-consent read". */
static void readers(unsigned stages, struct strbuf *sb)
{
	int several = (stages & (stages - 1)) &&
		      (stages & SCHEMA_EVERY) != SCHEMA_EVERY;

	schema_stage_names(stages, sb);
	strbuf_adds(sb, several ? " read" : " reads");
}

/* Every element filling a declared column must write a type it reads. */
static int check_types(const struct exportmap *m, const struct map_node *n,
		       struct dip_err *err)
{
	if (n->field_col >= 0) {
		const struct map_table *tb = &m->table[n->field_table];
		const struct schema_table *st = schema_table_named(tb->name);
		const struct schema_col *sc =
			st && st->from_map
				? declared(st, tb->col[n->field_col].name) : NULL;

		if (sc && !compatible(sc->type, n->type)) {
			struct strbuf who;

			strbuf_init(&who);
			readers(sc->stages, &who);
			err_set(err, DIP_EXIT_USAGE, m->path, n->line, 0,
				"'%s' fills column '%s' of table '%s' as %s, but"
				" %s it as %s", n->path, sc->name, st->name,
				map_type_name(n), who.buf, type_name(sc->type));
			strbuf_release(&who);
			return -1;
		}
	}
	for (size_t i = 0; i < n->nchild; i++)
		if (check_types(m, n->child[i], err))
			return -1;
	return 0;
}

/* Does table t write column name, as a value or as one of the columns
 * that start its rows? */
static int produces(const struct exportmap *m, int t, const char *name)
{
	const char **key = xcalloc(m->ntable + 2, sizeof(*key));
	size_t n = 0;
	int found = map_col_index(m, t, name) >= 0;

	map_key_columns(m, t, key, &n);
	for (size_t i = 0; i < n && !found; i++)
		found = !strcmp(key[i], name);
	free(key);
	return found;
}

/* Set err for what is missing, naming the stages that read it: always
 * -1, for the caller to return. */
static int missing(const struct exportmap *m, long line, const char *what,
		   unsigned stages, struct dip_err *err)
{
	struct strbuf who;

	strbuf_init(&who);
	readers(stages, &who);
	err_set(err, DIP_EXIT_USAGE, m->path, line, 0, "%s, which %s", what,
		who.buf);
	strbuf_release(&who);
	return -1;
}

/* Where a missing table's record row belongs: beside its parent's
 * record row, else at the top of the map. */
static long parent_line(const struct exportmap *m, const struct schema_table *st)
{
	int p = st->parent >= 0
		? map_table_index(m, schema_tables[st->parent].name) : -1;

	return p >= 0 && m->table[p].path ? m->table[p].line : 1;
}

int exportmap_check_schema(const struct exportmap *m, struct dip_err *err)
{
	for (int i = 0; i < SCHEMA_NTABLE; i++) {
		const struct schema_table *st = &schema_tables[i];
		int t = map_table_index(m, st->name);
		struct strbuf what;

		if (!st->from_map)
			continue;
		strbuf_init(&what);
		if (t < 0 || m->table[t].is_header || !m->table[t].path) {
			unsigned stages = 0;

			for (int k = 0; k < st->ncol; k++)
				stages |= st->col[k].stages;
			strbuf_addf(&what, "no record row makes table '%s'",
				    st->name);
			missing(m, parent_line(m, st), what.buf, stages, err);
			strbuf_release(&what);
			return -1;
		}
		for (int k = 0; k < st->ncol; k++) {
			if (produces(m, t, st->col[k].name))
				continue;
			strbuf_addf(&what, "no field fills column '%s' of table"
				    " '%s'", st->col[k].name, st->name);
			missing(m, m->table[t].line, what.buf,
				st->col[k].stages, err);
			strbuf_release(&what);
			return -1;
		}
		strbuf_release(&what);
	}
	return check_types(m, &m->top, err);
}
