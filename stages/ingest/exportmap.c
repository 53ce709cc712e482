/* exportmap.c - load and check the export map; see exportmap.h. */
#include "ingest/exportmap.h"
#include "dip/csvio.h"
#include "dip/exitcode.h"
#include "dip/util.h"

#include <stdlib.h>
#include <string.h>

struct map_node *map_child(const struct map_node *n, const char *ns,
			   const char *local)
{
	for (size_t i = 0; i < n->nchild; i++) {
		struct map_node *c = n->child[i];

		if (strcmp(c->local, local))
			continue;
		if ((!c->ns && !ns) || (c->ns && ns && !strcmp(c->ns, ns)))
			return c;
	}
	return NULL;
}

/* c, a child of n, is met: the child met before it learns that c came
 * next. */
static struct map_node *met(struct map_node *n, struct map_node *c)
{
	if (n->last)
		n->last->after = c;
	n->last = c;
	return c;
}

struct map_node *map_child_interned(struct map_node *n, const char *ns,
				    const char *local)
{
	struct map_node *c = n->last ? n->last->after : NULL;

	/* Exports write elements in much the same order each time: the
	 * one that followed the child met last, last time, is nearly
	 * always the one. */
	if (c && c->seen_local == local && c->seen_ns == ns)
		return met(n, c);
	for (size_t i = 0; i < n->nchild; i++) {
		c = n->child[i];
		if (c->seen_local == local && c->seen_ns == ns)
			return met(n, c);
	}
	c = map_child(n, ns, local);
	if (!c)
		return NULL;
	c->seen_local = local;
	c->seen_ns = ns;
	return met(n, c);
}

void map_forget_names(struct map_node *n)
{
	n->seen_local = n->seen_ns = NULL;
	n->last = n->after = NULL;
	for (size_t i = 0; i < n->nchild; i++)
		map_forget_names(n->child[i]);
}

int map_table_index(const struct exportmap *m, const char *name)
{
	for (size_t i = 0; i < m->ntable; i++)
		if (!strcmp(m->table[i].name, name))
			return (int)i;
	return -1;
}

int map_col_index(const struct exportmap *m, int t, const char *name)
{
	if (t < 0)
		return -1;
	for (size_t i = 0; i < m->table[t].ncol; i++)
		if (!strcmp(m->table[t].col[i].name, name))
			return (int)i;
	return -1;
}

void map_key_columns(const struct exportmap *m, int t, const char **name,
		     size_t *n)
{
	const struct map_table *tb = &m->table[t];

	if (tb->parent < 0) {
		name[(*n)++] = "lea";
		name[(*n)++] = tb->keyname;
		return;
	}
	map_key_columns(m, tb->parent, name, n);
	if (tb->ordinal)
		name[(*n)++] = tb->ordinal;
}

/* The table named name, made if new; -1 when the map already has
 * MAP_MAX_TABLES, as many as a record's 8-bit table number can tell. */
static int get_table(struct exportmap *m, const char *name)
{
	int t = map_table_index(m, name);

	if (t >= 0)
		return t;
	if (m->ntable >= MAP_MAX_TABLES)
		return -1;
	XGROW(m->table, m->captable, m->ntable + 1);
	memset(&m->table[m->ntable], 0, sizeof(m->table[0]));
	m->table[m->ntable].name = xstrdup(name);
	m->table[m->ntable].parent = -1;
	m->table[m->ntable].key = -1;
	m->table[m->ntable].is_header = !strcmp(name, "header");
	return (int)m->ntable++;
}

/* The URI declared for prefix[0..n), or NULL if none is. */
static const char *ns_uri(const struct exportmap *m, const char *prefix,
			  size_t n)
{
	for (size_t i = 0; i < m->nns; i++)
		if (strlen(m->nsprefix[i]) == n &&
		    !strncmp(m->nsprefix[i], prefix, n))
			return m->nsuri[i];
	return NULL;
}

/* Walk or create the trie nodes for path: its last node, or NULL with
 * err at line.  A namespace must be declared in an earlier row. */
static struct map_node *make_path(struct exportmap *m, const char *path,
				  long line, struct dip_err *err)
{
	struct map_node *n = &m->top;
	const char *s = path;

	if (!*path) {
		err_set(err, DIP_EXIT_USAGE, m->path, line, 0, "empty path");
		return NULL;
	}
	while (*s) {
		const char *end = strchr(s, '/');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		const char *colon = memchr(s, ':', len);
		const char *ns = NULL, *local = s;
		size_t llen = len;
		char *name;
		struct map_node *c;

		if (colon) {
			ns = ns_uri(m, s, (size_t)(colon - s));
			if (!ns) {
				err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
					"undeclared namespace prefix in '%s'",
					path);
				return NULL;
			}
			local = colon + 1;
			llen = len - (size_t)(local - s);
		}
		if (!llen) {
			err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
				"empty element name in '%s'", path);
			return NULL;
		}
		name = xstrndup(local, llen);
		c = map_child(n, ns, name);
		if (!c) {
			c = xcalloc(1, sizeof(*c));
			c->local = name;
			c->ns = ns ? xstrdup(ns) : NULL;
			c->path = xstrndup(path, (size_t)(s - path) + len);
			c->up = n;
			c->table = c->field_table = c->field_col = -1;
			c->given_col = -1;
			XGROW(n->child, n->capchild, n->nchild + 1);
			n->child[n->nchild++] = c;
		} else {
			free(name);
		}
		n = c;
		s += len;
		if (*s == '/')
			s++;
	}
	return n;
}

/* Set c's type from s; a code:LIST type loads the list the first time
 * it is named.  0, or -1 with err at line. */
static int parse_type(struct exportmap *m, const char *s, struct map_node *c,
		      const char *codes_dir, long line, struct dip_err *err)
{
	static const struct { const char *name; enum map_type t; } types[] = {
		{ "string", MAP_STRING }, { "date", MAP_DATE },
		{ "datetime", MAP_DATETIME }, { "bool", MAP_BOOL },
		{ "count", MAP_COUNT },
	};

	c->codelist = -1;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(s, types[i].name)) {
			c->type = types[i].t;
			return 0;
		}
	if (strncmp(s, "code:", 5) || !s[5]) {
		err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
			"unknown type '%s'", s);
		return -1;
	}
	c->type = MAP_CODE;
	for (size_t i = 0; i < m->ncodes; i++)
		if (!strcmp(m->codes[i].name, s + 5)) {
			c->codelist = (int)i;
			return 0;
		}
	XGROW(m->codes, m->capcodes, m->ncodes + 1);
	if (codelist_load(&m->codes[m->ncodes], codes_dir, s + 5, err))
		return -1;
	c->codelist = (int)m->ncodes++;
	return 0;
}

/* The table of the record at or above n, or -1. */
static int nearest_record(const struct map_node *n)
{
	for (; n; n = n->up)
		if (n->table >= 0)
			return n->table;
	return -1;
}

enum { C_KIND, C_PATH, C_TABLE, C_COLUMN, C_TYPE, C_FIRST, C_LAST, C_N };

/* The column f names in table t, made if new. */
static int get_col(struct exportmap *m, int t, char **f)
{
	struct map_table *tb = &m->table[t];
	int col = map_col_index(m, t, f[C_COLUMN]);
	struct map_col *c;

	if (col >= 0)
		return col;
	XGROW(tb->col, tb->capcol, tb->ncol + 1);
	c = &tb->col[tb->ncol];
	memset(c, 0, sizeof(*c));
	c->name = xstrdup(f[C_COLUMN]);
	c->path = xstrdup(f[C_PATH]);
	c->given_of = -1;
	return (int)tb->ncol++;
}

/*
 * A second row for a mapped field: a string column of the same table that
 * keeps the element's text as the export gave it, beside the checked and
 * normalised value (GenderCurrent 0 and 9 are both sex U; sex_code tells
 * them apart).  Several elements may keep their text in one such column,
 * as long as they all fill the same typed column.
 */
static int add_given(struct exportmap *m, char **f, struct map_node *n,
		     long line, struct dip_err *err)
{
	int t = map_table_index(m, f[C_TABLE]);
	struct map_col *c;
	int col;

	if (n->given_col >= 0 || strcmp(f[C_TYPE], "string") ||
	    t != n->field_table) {
		err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
			"path '%s' is mapped twice (a second row may only"
			" keep its text as given, in a string column of"
			" table '%s')", f[C_PATH],
			m->table[n->field_table].name);
		return -1;
	}
	col = get_col(m, t, f);
	c = &m->table[t].col[col];
	if (col == n->field_col || c->typed ||
	    (c->given_of >= 0 && c->given_of != n->field_col)) {
		err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
			"column '%s' cannot keep the text of '%s' as given:"
			" it holds other values", c->name, f[C_PATH]);
		return -1;
	}
	c->given_of = n->field_col;
	n->given_col = col;
	return 0;
}

/* One row of the map, taken as far as it can be alone (check_node()
 * does the rest once every row is in).  0, or -1 with err at line. */
static int add_row(struct exportmap *m, char **f, long line,
		   const char *codes_dir, struct dip_err *err)
{
	const char *kind = f[C_KIND];
	struct map_node *n;
	int first, last, t;

	if (!strcmp(kind, "namespace")) {
		if (!*f[C_PATH] || !*f[C_TYPE]) {
			err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
				"namespace needs a prefix (path) and a URI (type)");
			return -1;
		}
		XGROW(m->nsprefix, m->capns, m->nns + 1);
		m->nsuri = xrealloc(m->nsuri, m->capns * sizeof(char *));
		m->nsprefix[m->nns] = xstrdup(f[C_PATH]);
		m->nsuri[m->nns++] = xstrdup(f[C_TYPE]);
		return 0;
	}
	if (strcmp(kind, "root") && strcmp(kind, "record") &&
	    strcmp(kind, "field") && strcmp(kind, "ignore")) {
		err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
			"unknown kind '%s'", kind);
		return -1;
	}
	if (!(n = make_path(m, f[C_PATH], line, err)))
		return -1;
	if (census_year_parse(f[C_FIRST], m->path, line, &first, err) ||
	    census_year_parse(f[C_LAST], m->path, line, &last, err))
		return -1;
	/* A second row for a field's path only adds its text-as-given
	 * column; the element's line and years are those of the first. */
	if (!strcmp(kind, "field") && n->field_col >= 0)
		return add_given(m, f, n, line, err);
	n->line = line;
	n->first_year = first;
	n->last_year = last;
	if (!strcmp(kind, "root")) {
		if (n->up != &m->top) {
			err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
				"root '%s' must be a single element", f[C_PATH]);
			return -1;
		}
		if (!strcmp(f[C_TYPE], "census"))
			n->root = ROOT_CENSUS;
		else if (!strcmp(f[C_TYPE], "audit"))
			n->root = ROOT_AUDIT;
		else {
			err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
				"root type must be census or audit, not '%s'",
				f[C_TYPE]);
			return -1;
		}
		return 0;
	}
	if (!strcmp(kind, "ignore")) {
		n->ignore = 1;
		return 0;
	}
	if (!*f[C_TABLE] || (!*f[C_COLUMN] && strcmp(kind, "record"))) {
		err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
			"%s '%s' needs a table and a column", kind, f[C_PATH]);
		return -1;
	}
	if (!strcmp(kind, "record") && !*f[C_COLUMN] && !*f[C_TYPE]) {
		err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
			"record '%s' has no key column, so it needs an ordinal"
			" column (type) to number its blocks", f[C_PATH]);
		return -1;
	}
	if ((t = get_table(m, f[C_TABLE])) < 0) {
		err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
			"more than %d tables", MAP_MAX_TABLES);
		return -1;
	}
	if (!strcmp(kind, "record")) {
		struct map_table *tb = &m->table[t];

		if (n->table >= 0 || tb->path || tb->is_header) {
			err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
				"table '%s' or path '%s' has a record already",
				f[C_TABLE], f[C_PATH]);
			return -1;
		}
		n->table = t;
		tb->path = xstrdup(f[C_PATH]);
		tb->line = line;
		tb->keyname = *f[C_COLUMN] ? xstrdup(f[C_COLUMN]) : NULL;
		tb->ordinal = *f[C_TYPE] ? xstrdup(f[C_TYPE]) : NULL;
		return 0;
	}
	/* field */
	{
		struct map_table *tb = &m->table[t];
		struct map_col *c;

		int col = get_col(m, t, f);

		c = &tb->col[col];
		if (c->given_of >= 0) {
			err_set(err, DIP_EXIT_USAGE, m->path, line, 0,
				"column '%s' keeps another column's text as"
				" given; it cannot also be a typed field",
				c->name);
			return -1;
		}
		c->typed = 1;
		if (parse_type(m, f[C_TYPE], n, codes_dir, line, err))
			return -1;
		n->field_table = t;
		n->field_col = col;
		return 0;
	}
}

/* Does a record start at n or below it? */
static int has_record(const struct map_node *n)
{
	if (n->table >= 0)
		return 1;
	for (size_t i = 0; i < n->nchild; i++)
		if (has_record(n->child[i]))
			return 1;
	return 0;
}

/* A group: an element that is neither record nor field, holds fields of
 * its record and no record of its own (a container of records, such as
 * Disabilities, only adds to them when it repeats). */
static int is_group(const struct map_node *n)
{
	int fields = 0;

	if (n->table >= 0 || n->field_col >= 0 || n->ignore || n->root ||
	    has_record(n))
		return 0;
	for (size_t i = 0; i < n->nchild; i++)
		fields |= n->child[i]->field_col >= 0;
	return fields;
}

/* Check what single rows cannot: nesting, keys, ordinals. */
static int check_node(struct exportmap *m, struct map_node *n,
		      struct dip_err *err)
{
	if (n->table >= 0) {
		struct map_table *tb = &m->table[n->table];

		tb->parent = nearest_record(n->up);
		/* Parents are checked first: their depth is known. */
		tb->depth = tb->parent >= 0 ? m->table[tb->parent].depth + 1 : 1;
		if (tb->depth > MAP_MAX_RECORD_DEPTH) {
			err_set(err, DIP_EXIT_USAGE, m->path, tb->line, 0,
				"record '%s' of table '%s' is nested %d records"
				" deep; at most %d can be written", tb->path,
				tb->name, tb->depth, MAP_MAX_RECORD_DEPTH);
			return -1;
		}
		if (!tb->keyname) {
			tb->key = -1;
			if (tb->parent < 0) {
				err_set(err, DIP_EXIT_USAGE, m->path, tb->line,
					0, "table '%s' has no key column, so it"
					" must lie inside another record",
					tb->name);
				return -1;
			}
		} else if ((tb->key = map_col_index(m, n->table,
						    tb->keyname)) < 0) {
			err_set(err, DIP_EXIT_USAGE, m->path, tb->line, 0,
				"key column '%s' of table '%s' is not mapped",
				tb->keyname, tb->name);
			return -1;
		}
		if (tb->parent >= 0 && m->table[tb->parent].parent >= 0 &&
		    !m->table[tb->parent].ordinal) {
			err_set(err, DIP_EXIT_USAGE, m->path, tb->line, 0,
				"table '%s' has records inside it, so it needs"
				" an ordinal column", m->table[tb->parent].name);
			return -1;
		}
	}
	if (n->field_col >= 0) {
		int want = n->table >= 0 ? n->table : nearest_record(n->up);
		const struct map_table *tb = &m->table[n->field_table];

		if (tb->is_header ? want >= 0 : want != n->field_table) {
			err_set(err, DIP_EXIT_USAGE, m->path, n->line, 0,
				"'%s' lies inside %s%s%s, not in table '%s'",
				n->path, want >= 0 ? "table '" : "no record",
				want >= 0 ? m->table[want].name : "",
				want >= 0 ? "'" : "", tb->name);
			return -1;
		}
	}
	n->group = is_group(n);
	for (size_t i = 0; i < n->nchild; i++)
		if (check_node(m, n->child[i], err))
			return -1;
	return 0;
}

int exportmap_load(struct exportmap *m, const char *path,
		   const char *codes_dir, struct dip_err *err)
{
	static const char *const cols[C_N] = { "kind", "path", "table",
		"column", "type", "first_year", "last_year" };
	struct csv_table t;
	int idx[C_N];
	int rc = -1;

	memset(m, 0, sizeof(*m));
	m->path = xstrdup(path);
	m->top.table = m->top.field_table = m->top.field_col = -1;
	m->top.given_col = -1;
	m->header = -1;
	if (csv_table_load(&t, path, err)) {
		exportmap_release(m);
		return -1;
	}
	for (int i = 0; i < C_N; i++)
		if ((idx[i] = csv_table_need(&t, cols[i], err)) < 0)
			goto out;
	for (size_t r = 0; r < t.nrows; r++) {
		char *f[C_N];

		for (int i = 0; i < C_N; i++)
			f[i] = t.row[r][idx[i]];
		if (!*f[C_KIND] || f[C_KIND][0] == '#')
			continue;
		if (add_row(m, f, t.line[r], codes_dir, err))
			goto out;
	}
	for (size_t i = 0; i < m->ntable; i++)
		if (!m->table[i].is_header && !m->table[i].path) {
			err_set(err, DIP_EXIT_USAGE, path, 0, 0,
				"table '%s' has fields but no record row",
				m->table[i].name);
			goto out;
		}
	if (check_node(m, &m->top, err))
		goto out;
	m->header = map_table_index(m, "header");
	if (!m->top.nchild) {
		err_set(err, DIP_EXIT_USAGE, path, 0, 0, "no root element mapped");
		goto out;
	}
	rc = 0;
out:
	csv_table_release(&t);
	if (rc)
		exportmap_release(m);
	return rc;
}

/* Free what n holds and its children, not n: the root is part of the
 * map. */
static void free_node(struct map_node *n)
{
	for (size_t i = 0; i < n->nchild; i++) {
		free_node(n->child[i]);
		free(n->child[i]);
	}
	free(n->child);
	free(n->local);
	free(n->ns);
	free(n->path);
}

void exportmap_release(struct exportmap *m)
{
	free_node(&m->top);
	for (size_t i = 0; i < m->ntable; i++) {
		struct map_table *tb = &m->table[i];

		for (size_t j = 0; j < tb->ncol; j++) {
			free(tb->col[j].name);
			free(tb->col[j].path);
		}
		free(tb->col);
		free(tb->name);
		free(tb->path);
		free(tb->keyname);
		free(tb->ordinal);
	}
	free(m->table);
	for (size_t i = 0; i < m->ncodes; i++)
		codelist_release(&m->codes[i]);
	free(m->codes);
	for (size_t i = 0; i < m->nns; i++) {
		free(m->nsprefix[i]);
		free(m->nsuri[i]);
	}
	free(m->nsprefix);
	free(m->nsuri);
	free(m->path);
	memset(m, 0, sizeof(*m));
}
