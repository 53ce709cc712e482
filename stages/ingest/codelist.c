/* codelist.c - code lists from CSV; see codelist.h. */
#include "ingest/codelist.h"
#include "dip/csvio.h"
#include "dip/exitcode.h"
#include "dip/hashtab.h"
#include "dip/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int census_year_parse(const char *s, const char *path, long line, int *out,
		      struct dip_err *err)
{
	char *end;
	long v;

	*out = 0;
	if (!*s)
		return 0;
	v = strtol(s, &end, 10);
	if (*end || v < 1900 || v > 9999) {
		err_set(err, DIP_EXIT_USAGE, path, line, 0,
			"invalid census year '%s'", s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int codelist_load(struct codelist *cl, const char *dir, const char *name,
		  struct dip_err *err)
{
	struct csv_table t;
	struct strbuf file;
	int c_code, c_label, c_first, c_last, c_value, rc = -1;

	memset(cl, 0, sizeof(*cl));
	strbuf_init(&file);
	strbuf_addf(&file, "%s.csv", name);
	{
		char *path = path_join(dir, file.buf);

		strbuf_release(&file);
		if (csv_table_load(&t, path, err)) {
			free(path);
			return -1;
		}
		free(path);
	}
	if ((c_code = csv_table_need(&t, "code", err)) < 0 ||
	    (c_label = csv_table_need(&t, "label", err)) < 0 ||
	    (c_first = csv_table_need(&t, "first_year", err)) < 0 ||
	    (c_last = csv_table_need(&t, "last_year", err)) < 0)
		goto out;
	c_value = csv_table_col(&t, "value");
	cl->name = xstrdup(name);
	cl->code = xcalloc(t.nrows, sizeof(*cl->code));
	for (size_t i = 0; i < t.nrows; i++) {
		struct code *c = &cl->code[cl->n];
		char **r = t.row[i];

		if (!*r[c_code]) {
			err_set(err, DIP_EXIT_USAGE, t.path, t.line[i], 0,
				"empty code");
			goto out;
		}
		if (census_year_parse(r[c_first], t.path, t.line[i],
				      &c->first_year, err) ||
		    census_year_parse(r[c_last], t.path, t.line[i],
				      &c->last_year, err))
			goto out;
		c->code = xstrdup(r[c_code]);
		c->label = xstrdup(r[c_label]);
		c->value = xstrdup(c_value >= 0 && *r[c_value] ? r[c_value]
							       : r[c_code]);
		cl->n++;
	}
	/* In the list's order: of two equal codes the first is found. */
	hashtab_init(&cl->index, cl->n);
	for (size_t i = 0; i < cl->n; i++)
		hashtab_add(&cl->index, hash_bytes(cl->code[i].code,
						   strlen(cl->code[i].code)),
			    (uint32_t)i + 1);
	rc = 0;
out:
	csv_table_release(&t);
	if (rc)
		codelist_release(cl);
	return rc;
}

void codelist_release(struct codelist *cl)
{
	for (size_t i = 0; i < cl->n; i++) {
		free(cl->code[i].code);
		free(cl->code[i].label);
		free(cl->code[i].value);
	}
	free(cl->code);
	free(cl->name);
	hashtab_release(&cl->index);
	memset(cl, 0, sizeof(*cl));
}

struct probe {
	const struct codelist *cl;
	const char *s;
};

/* hashtab_match: code id - 1 is the probe's, exactly. */
static int same_code(const void *key, uint32_t id)
{
	const struct probe *p = key;

	return !strcmp(p->cl->code[id - 1].code, p->s);
}

const struct code *codelist_find(const struct codelist *cl, const char *s)
{
	struct probe p = { cl, s };
	uint32_t id;

	if (cl->index.slot &&
	    (id = hashtab_find(&cl->index, hash_bytes(s, strlen(s)),
			       same_code, &p, NULL)))
		return &cl->code[id - 1];
	/* Not as given: a code in other case is rare, and looked for
	 * code by code. */
	for (size_t i = 0; i < cl->n; i++)
		if (!strcasecmp(cl->code[i].code, s))
			return &cl->code[i];
	return NULL;
}

int code_valid_in(const struct code *c, int y)
{
	if (!y)
		return 1;
	return (!c->first_year || y >= c->first_year) &&
	       (!c->last_year || y <= c->last_year);
}
