/* cases.c - ingest tables joined back into children; see cases.h. */
#include "dip/cases.h"
#include "dip/csvio.h"
#include "dip/exitcode.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One table, every cell interned. */
struct rawtable {
	char *path;
	size_t ncol;
	const char **colname;
	size_t nrow;
	const char **cell;              /* nrow * ncol */
	long *line;
	size_t cap;
	struct intern *strings;
};

static int raw_row(void *p, const struct csv_row *row, struct dip_err *err)
{
	struct rawtable *t = p;

	if (row->index == 0) {
		t->ncol = row->n;
		t->colname = xcalloc(row->n, sizeof(char *));
		for (size_t i = 0; i < row->n; i++)
			t->colname[i] = intern(t->strings, row->field[i], row->len[i]);
		return 0;
	}
	if (row->n != t->ncol) {
		err_set(err, DIP_EXIT_DATA, t->path, row->line, 0,
			"expected %zu fields, found %zu", t->ncol, row->n);
		return -1;
	}
	if (t->nrow == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->cell = xrealloc(t->cell, t->cap * t->ncol * sizeof(*t->cell));
		t->line = xrealloc(t->line, t->cap * sizeof(*t->line));
	}
	for (size_t i = 0; i < row->n; i++)
		t->cell[t->nrow * t->ncol + i] =
			row->len[i] ? intern(t->strings, row->field[i], row->len[i])
				    : NULL;
	t->line[t->nrow++] = row->line;
	return 0;
}

static int raw_load(struct rawtable *t, struct intern *strings,
		    const char *dir, const char *name, struct dip_err *err)
{
	memset(t, 0, sizeof(*t));
	t->strings = strings;
	t->path = path_join(dir, name);
	if (csv_read_file(t->path, raw_row, t, err))
		return -1;
	if (!t->colname) {
		err_set(err, DIP_EXIT_DATA, t->path, 0, 0, "empty table");
		return -1;
	}
	return 0;
}

static void raw_release(struct rawtable *t)
{
	free(t->path);
	free(t->colname);
	free(t->cell);
	free(t->line);
}

/* Column index; optional columns give -1, required ones an error. */
static int col(const struct rawtable *t, const char *name, int required,
	       struct dip_err *err)
{
	for (size_t i = 0; i < t->ncol; i++)
		if (!strcmp(t->colname[i], name))
			return (int)i;
	if (required)
		err_set(err, DIP_EXIT_DATA, t->path, 1, 0,
			"missing column '%s'", name);
	return -1;
}

static const char *cell(const struct rawtable *t, size_t r, int c)
{
	return c < 0 ? NULL : t->cell[r * t->ncol + (size_t)c];
}

static int date_cell(const struct rawtable *t, size_t r, int c, dip_date *out,
		     struct dip_err *err)
{
	const char *s = cell(t, r, c);

	*out = DIP_DATE_NONE;
	if (!s)
		return 0;
	if (date_parse(s, strlen(s), out)) {
		err_set(err, DIP_EXIT_DATA, t->path, t->line[r], 0,
			"invalid date '%s' in column '%s'", s, t->colname[c]);
		return -1;
	}
	return 0;
}

/* Rows are joined on up to three interned key cells. */
struct keymap {
	const char **key;               /* 3 per slot */
	void **val;
	size_t nslot, n;
};

static size_t khash(const char *const *k)
{
	uint64_t h = (uint64_t)(uintptr_t)k[0] * 0x9e3779b97f4a7c15ull;

	h ^= (uint64_t)(uintptr_t)k[1] * 0xc2b2ae3d27d4eb4full;
	h ^= (uint64_t)(uintptr_t)k[2] * 0x165667b19e3779f9ull;
	return (size_t)(h ^ (h >> 29));
}

static void km_put(struct keymap *m, const char *a, const char *b,
		   const char *c, void *v);

static void km_grow(struct keymap *m)
{
	struct keymap old = *m;

	m->nslot = old.nslot ? old.nslot * 2 : 1024;
	m->key = xcalloc(m->nslot * 3, sizeof(*m->key));
	m->val = xcalloc(m->nslot, sizeof(*m->val));
	m->n = 0;
	for (size_t i = 0; i < old.nslot; i++)
		if (old.val[i])
			km_put(m, old.key[3 * i], old.key[3 * i + 1],
			       old.key[3 * i + 2], old.val[i]);
	free(old.key);
	free(old.val);
}

static void km_put(struct keymap *m, const char *a, const char *b,
		   const char *c, void *v)
{
	const char *k[3] = { a, b, c };
	size_t j;

	if ((m->n + 1) * 2 > m->nslot)
		km_grow(m);
	for (j = khash(k) & (m->nslot - 1); m->val[j]; j = (j + 1) & (m->nslot - 1))
		;
	memcpy(&m->key[3 * j], k, sizeof(k));
	m->val[j] = v;
	m->n++;
}

static void *km_get(const struct keymap *m, const char *a, const char *b,
		    const char *c)
{
	const char *k[3] = { a, b, c };

	if (!m->nslot)
		return NULL;
	for (size_t j = khash(k) & (m->nslot - 1); m->val[j];
	     j = (j + 1) & (m->nslot - 1))
		if (m->key[3 * j] == a && m->key[3 * j + 1] == b &&
		    m->key[3 * j + 2] == c)
			return m->val[j];
	return NULL;
}

static void km_release(struct keymap *m)
{
	free(m->key);
	free(m->val);
}

struct loader {
	struct cases *c;
	const char *dir;
	struct dip_err *err;
	struct keymap children, episodes, assessments, plans, audits;
};

/*
 * Rows are first counted into *n; the first fill makes the array of
 * exactly that size and restarts *n.  Returns the next free slot.
 */
static void *next_slot(struct arena *a, void *arrp, int *n, size_t size)
{
	void **arr = arrp;

	if (!*arr) {
		*arr = arena_alloc(a, (size_t)*n * size);
		*n = 0;
	}
	return (char *)*arr + (size_t)(*n)++ * size;
}

static int orphan(const struct rawtable *t, size_t r, const char *what,
		  struct dip_err *err)
{
	err_set(err, DIP_EXIT_DATA, t->path, t->line[r], 0,
		"no %s for this row", what);
	return -1;
}

static int load_children(struct loader *l)
{
	struct cases *c = l->c;
	struct rawtable t;
	int lea, id, birth, exp, sib, rc = -1;

	if (raw_load(&t, &c->strings, l->dir, "children.csv", l->err))
		goto out;
	if ((lea = col(&t, "lea", 1, l->err)) < 0 ||
	    (id = col(&t, "la_child_id", 1, l->err)) < 0 ||
	    (birth = col(&t, "birth_date", 1, l->err)) < 0 ||
	    (exp = col(&t, "expected_birth_date", 1, l->err)) < 0)
		goto out;
	sib = col(&t, "sibling_group", 0, l->err);
	c->nchild = t.nrow;
	c->child = xcalloc(t.nrow ? t.nrow : 1, sizeof(*c->child));
	for (size_t r = 0; r < t.nrow; r++) {
		struct c_child *ch = &c->child[r];

		ch->lea = cell(&t, r, lea);
		ch->id = cell(&t, r, id);
		ch->sibling_group = cell(&t, r, sib);
		if (!ch->lea || !ch->id) {
			err_set(l->err, DIP_EXIT_DATA, t.path, t.line[r], 0,
				"a child without lea or la_child_id");
			goto out;
		}
		if (date_cell(&t, r, birth, &ch->birth, l->err) ||
		    date_cell(&t, r, exp, &ch->expected, l->err))
			goto out;
		km_put(&l->children, ch->lea, ch->id, NULL, ch);
	}
	rc = 0;
out:
	raw_release(&t);
	return rc;
}

/*
 * Attach each row of a child-level or episode-level table to its parent:
 * count per parent first, then allocate exactly, then fill.
 */
#define PARENT_CHILD 0
#define PARENT_EPISODE 1

struct attach {
	void **parent;
	int *slot;
};

static int resolve(struct loader *l, const struct rawtable *t, int level,
		   struct attach *a)
{
	int lea = col(t, "lea", 1, l->err), id = col(t, "la_child_id", 1, l->err);
	int ep = level == PARENT_EPISODE ? col(t, "episode_no", 1, l->err) : 0;

	if (lea < 0 || id < 0 || ep < 0)
		return -1;
	a->parent = xcalloc(t->nrow ? t->nrow : 1, sizeof(*a->parent));
	for (size_t r = 0; r < t->nrow; r++) {
		a->parent[r] = level == PARENT_CHILD
			? km_get(&l->children, cell(t, r, lea), cell(t, r, id), NULL)
			: km_get(&l->episodes, cell(t, r, lea), cell(t, r, id),
				 cell(t, r, ep));
		if (!a->parent[r])
			return orphan(t, r, level == PARENT_CHILD ? "child"
								  : "episode", l->err);
	}
	return 0;
}

static int load_episodes(struct loader *l)
{
	struct cases *c = l->c;
	struct rawtable t;
	struct attach a = { 0 };
	int no, ref, clo, reason, nfa, team, area, local, role, adate, rc = -1;

	if (raw_load(&t, &c->strings, l->dir, "episodes.csv", l->err) ||
	    resolve(l, &t, PARENT_CHILD, &a))
		goto out;
	if ((no = col(&t, "episode_no", 1, l->err)) < 0 ||
	    (ref = col(&t, "referral_date", 1, l->err)) < 0 ||
	    (clo = col(&t, "closure_date", 1, l->err)) < 0 ||
	    (reason = col(&t, "closure_reason", 1, l->err)) < 0 ||
	    (nfa = col(&t, "referral_nfa", 1, l->err)) < 0)
		goto out;
	team = col(&t, "team", 0, NULL);
	area = col(&t, "service_area", 0, NULL);
	local = col(&t, "local_closure_reason", 0, NULL);
	role = col(&t, "closure_agreement_role", 0, NULL);
	adate = col(&t, "closure_agreement_date", 0, NULL);
	for (size_t r = 0; r < t.nrow; r++)
		((struct c_child *)a.parent[r])->nep++;
	for (size_t r = 0; r < t.nrow; r++) {
		struct c_child *ch = a.parent[r];
		struct c_episode *e = next_slot(&c->arena, &ch->ep, &ch->nep,
						sizeof(*e));
		const char *v;

		memset(e, 0, sizeof(*e));
		e->child = ch;
		e->no = atoi(cell(&t, r, no) ? cell(&t, r, no) : "0");
		if (date_cell(&t, r, ref, &e->referral, l->err) ||
		    date_cell(&t, r, clo, &e->closure, l->err) ||
		    date_cell(&t, r, adate, &e->agreement_date, l->err))
			goto out;
		e->reason = cell(&t, r, reason);
		v = cell(&t, r, nfa);
		e->nfa = v && !strcmp(v, "1");
		e->team = cell(&t, r, team);
		e->service_area = cell(&t, r, area);
		e->local_reason = cell(&t, r, local);
		e->agreement_role = cell(&t, r, role);
		if (e->team || e->service_area || e->local_reason ||
		    e->agreement_role)
			c->has_extension = 1;
		km_put(&l->episodes, ch->lea, ch->id, cell(&t, r, no), e);
	}
	rc = 0;
out:
	free(a.parent);
	raw_release(&t);
	return rc;
}

/* The sub-records of episodes, one loader each, sharing resolve(). */
static int load_assessments(struct loader *l)
{
	struct cases *c = l->c;
	struct rawtable t;
	struct attach a = { 0 };
	int no, start, auth, rc = -1;

	if (raw_load(&t, &c->strings, l->dir, "assessments.csv", l->err) ||
	    resolve(l, &t, PARENT_EPISODE, &a))
		goto out;
	if ((no = col(&t, "assessment_no", 1, l->err)) < 0 ||
	    (start = col(&t, "start_date", 1, l->err)) < 0 ||
	    (auth = col(&t, "authorisation_date", 1, l->err)) < 0)
		goto out;
	for (size_t r = 0; r < t.nrow; r++)
		((struct c_episode *)a.parent[r])->nas++;
	for (size_t r = 0; r < t.nrow; r++) {
		struct c_episode *e = a.parent[r];
		struct c_assessment *x = next_slot(&c->arena, &e->as, &e->nas,
						   sizeof(*x));

		memset(x, 0, sizeof(*x));
		x->no = atoi(cell(&t, r, no) ? cell(&t, r, no) : "0");
		if (date_cell(&t, r, start, &x->start, l->err) ||
		    date_cell(&t, r, auth, &x->auth, l->err))
			goto out;
		/* Factors find their assessment by episode and number. */
		km_put(&l->assessments, (const char *)e, cell(&t, r, no), NULL, x);
	}
	rc = 0;
out:
	free(a.parent);
	raw_release(&t);
	return rc;
}

static int load_factors(struct loader *l)
{
	struct cases *c = l->c;
	struct rawtable t;
	struct attach a = { 0 };
	struct c_assessment **as = NULL;
	int no, factor, rc = -1;

	if (raw_load(&t, &c->strings, l->dir, "assessment_factors.csv", l->err) ||
	    resolve(l, &t, PARENT_EPISODE, &a))
		goto out;
	if ((no = col(&t, "assessment_no", 1, l->err)) < 0 ||
	    (factor = col(&t, "factor", 1, l->err)) < 0)
		goto out;
	as = xcalloc(t.nrow ? t.nrow : 1, sizeof(*as));
	for (size_t r = 0; r < t.nrow; r++) {
		as[r] = km_get(&l->assessments, (const char *)a.parent[r],
			       cell(&t, r, no), NULL);
		if (!as[r]) {
			orphan(&t, r, "assessment", l->err);
			goto out;
		}
		as[r]->nfactor++;
	}
	for (size_t r = 0; r < t.nrow; r++)
		*(const char **)next_slot(&c->arena, &as[r]->factor,
					  &as[r]->nfactor, sizeof(char *)) =
			cell(&t, r, factor);
	rc = 0;
out:
	free(as);
	free(a.parent);
	raw_release(&t);
	return rc;
}

/*
 * CIN plans and section 47s (per episode) and care periods (per child)
 * are each two dates a row: one loader, told where the array lives.
 */
struct pair_table {
	const char *file;
	int level;                      /* PARENT_CHILD or PARENT_EPISODE */
	const char *first, *second;     /* the two date columns */
	size_t array, count;            /* offsets in the parent struct */
	size_t size;                    /* of one element */
	const char *flag;               /* an optional 0/1 column after them */
};

/* Each element starts with the two dates, then (if any) the flag. */
struct pair {
	dip_date first, second;
	int flag;
};

_Static_assert(offsetof(struct c_s47, not_required) == offsetof(struct pair, flag),
	       "a section 47 is a pair with a flag");

static int load_pairs(struct loader *l, const struct pair_table *pt)
{
	struct cases *c = l->c;
	struct rawtable t;
	struct attach a = { 0 };
	int first, second, flag = -1, rc = -1;

	if (raw_load(&t, &c->strings, l->dir, pt->file, l->err) ||
	    resolve(l, &t, pt->level, &a))
		goto out;
	if ((first = col(&t, pt->first, 1, l->err)) < 0 ||
	    (second = col(&t, pt->second, 1, l->err)) < 0 ||
	    (pt->flag && (flag = col(&t, pt->flag, 1, l->err)) < 0))
		goto out;
	for (size_t r = 0; r < t.nrow; r++)
		(*(int *)((char *)a.parent[r] + pt->count))++;
	for (size_t r = 0; r < t.nrow; r++) {
		char *parent = a.parent[r];
		struct pair *d = next_slot(&c->arena, parent + pt->array,
					   (int *)(parent + pt->count), pt->size);

		if (date_cell(&t, r, first, &d->first, l->err) ||
		    date_cell(&t, r, second, &d->second, l->err))
			goto out;
		if (pt->flag) {
			const char *v = cell(&t, r, flag);

			d->flag = v && !strcmp(v, "1");
		}
	}
	rc = 0;
out:
	free(a.parent);
	raw_release(&t);
	return rc;
}

static int load_cp_plans(struct loader *l)
{
	struct cases *c = l->c;
	struct rawtable t;
	struct attach a = { 0 };
	int no, start, end, init, latest, prev, rc = -1;

	if (raw_load(&t, &c->strings, l->dir, "cp_plans.csv", l->err) ||
	    resolve(l, &t, PARENT_EPISODE, &a))
		goto out;
	if ((no = col(&t, "cpp_no", 1, l->err)) < 0 ||
	    (start = col(&t, "start_date", 1, l->err)) < 0 ||
	    (end = col(&t, "end_date", 1, l->err)) < 0 ||
	    (init = col(&t, "initial_category", 1, l->err)) < 0 ||
	    (latest = col(&t, "latest_category", 1, l->err)) < 0 ||
	    (prev = col(&t, "previous_cpp", 1, l->err)) < 0)
		goto out;
	for (size_t r = 0; r < t.nrow; r++)
		((struct c_episode *)a.parent[r])->ncpp++;
	for (size_t r = 0; r < t.nrow; r++) {
		struct c_episode *e = a.parent[r];
		struct c_cpp *p = next_slot(&c->arena, &e->cpp, &e->ncpp,
					    sizeof(*p));
		const char *v;

		memset(p, 0, sizeof(*p));
		p->episode = e;
		p->no = atoi(cell(&t, r, no) ? cell(&t, r, no) : "0");
		if (date_cell(&t, r, start, &p->start, l->err) ||
		    date_cell(&t, r, end, &p->end, l->err))
			goto out;
		km_put(&l->plans, (const char *)e, cell(&t, r, no), NULL, p);
		p->initial = cell(&t, r, init);
		p->latest = cell(&t, r, latest);
		v = cell(&t, r, prev);
		p->previous = v ? atol(v) : -1;
	}
	rc = 0;
out:
	free(a.parent);
	raw_release(&t);
	return rc;
}

static int load_reviews(struct loader *l)
{
	struct cases *c = l->c;
	struct rawtable t;
	struct attach a = { 0 };
	struct c_cpp **plan = NULL;
	int no, date, rc = -1;

	if (raw_load(&t, &c->strings, l->dir, "cp_reviews.csv", l->err) ||
	    resolve(l, &t, PARENT_EPISODE, &a))
		goto out;
	if ((no = col(&t, "cpp_no", 1, l->err)) < 0 ||
	    (date = col(&t, "review_date", 1, l->err)) < 0)
		goto out;
	plan = xcalloc(t.nrow ? t.nrow : 1, sizeof(*plan));
	for (size_t r = 0; r < t.nrow; r++) {
		plan[r] = km_get(&l->plans, (const char *)a.parent[r],
				 cell(&t, r, no), NULL);
		if (!plan[r]) {
			orphan(&t, r, "plan", l->err);
			goto out;
		}
		plan[r]->nreview++;
	}
	for (size_t r = 0; r < t.nrow; r++)
		if (date_cell(&t, r, date, next_slot(&c->arena, &plan[r]->review,
						     &plan[r]->nreview,
						     sizeof(dip_date)), l->err))
			goto out;
	rc = 0;
out:
	free(plan);
	free(a.parent);
	raw_release(&t);
	return rc;
}

static int flag_cell(const struct rawtable *t, size_t r, int c)
{
	const char *v = cell(t, r, c);

	return !v ? -1 : !strcmp(v, "1");
}

static int load_audits(struct loader *l)
{
	struct cases *c = l->c;
	struct rawtable t;
	int lea, id, child, type, area, team, date, grade, re, sought, got;
	int mdate, mgrade, rc = -1;

	if (raw_load(&t, &c->strings, l->dir, "audits.csv", l->err))
		goto out;
	if ((lea = col(&t, "lea", 1, l->err)) < 0 ||
	    (id = col(&t, "audit_id", 1, l->err)) < 0 ||
	    (child = col(&t, "la_child_id", 1, l->err)) < 0 ||
	    (type = col(&t, "audit_type", 1, l->err)) < 0 ||
	    (area = col(&t, "service_area", 1, l->err)) < 0 ||
	    (team = col(&t, "team", 1, l->err)) < 0 ||
	    (date = col(&t, "audit_date", 1, l->err)) < 0 ||
	    (grade = col(&t, "overall_grade", 1, l->err)) < 0 ||
	    (re = col(&t, "reaudit_of", 1, l->err)) < 0 ||
	    (sought = col(&t, "feedback_sought", 1, l->err)) < 0 ||
	    (got = col(&t, "feedback_obtained", 1, l->err)) < 0 ||
	    (mdate = col(&t, "moderation_date", 1, l->err)) < 0 ||
	    (mgrade = col(&t, "moderation_grade", 1, l->err)) < 0)
		goto out;
	c->naudit = t.nrow;
	c->audit = xcalloc(t.nrow ? t.nrow : 1, sizeof(*c->audit));
	for (size_t r = 0; r < t.nrow; r++) {
		struct c_audit *a = &c->audit[r];

		a->lea = cell(&t, r, lea);
		a->id = cell(&t, r, id);
		a->child = cell(&t, r, child);
		a->type = cell(&t, r, type);
		a->service_area = cell(&t, r, area);
		a->team = cell(&t, r, team);
		a->grade = cell(&t, r, grade);
		a->reaudit_of = cell(&t, r, re);
		a->moderation_grade = cell(&t, r, mgrade);
		a->feedback_sought = flag_cell(&t, r, sought);
		a->feedback_obtained = flag_cell(&t, r, got);
		if (date_cell(&t, r, date, &a->date, l->err) ||
		    date_cell(&t, r, mdate, &a->moderation_date, l->err))
			goto out;
		km_put(&l->audits, a->lea, a->id, NULL, a);
	}
	rc = 0;
out:
	raw_release(&t);
	return rc;
}

/* Domains and actions, each row attached to its audit by (lea, id). */
static int load_audit_table(struct loader *l, const char *file, int domains)
{
	struct cases *c = l->c;
	struct rawtable t;
	struct c_audit **owner = NULL;
	int lea, id, a1, a2, a3 = -1, a4 = -1, rc = -1;

	if (raw_load(&t, &c->strings, l->dir, file, l->err))
		goto out;
	if ((lea = col(&t, "lea", 1, l->err)) < 0 ||
	    (id = col(&t, "audit_id", 1, l->err)) < 0 ||
	    (a1 = col(&t, domains ? "domain" : "action_id", 1, l->err)) < 0 ||
	    (a2 = col(&t, domains ? "grade" : "raised_date", 1, l->err)) < 0 ||
	    (!domains && ((a3 = col(&t, "due_date", 1, l->err)) < 0 ||
			  (a4 = col(&t, "completed_date", 1, l->err)) < 0)))
		goto out;
	owner = xcalloc(t.nrow ? t.nrow : 1, sizeof(*owner));
	for (size_t r = 0; r < t.nrow; r++) {
		owner[r] = km_get(&l->audits, cell(&t, r, lea), cell(&t, r, id), NULL);
		if (!owner[r]) {
			orphan(&t, r, "audit", l->err);
			goto out;
		}
		if (domains)
			owner[r]->ndomain++;
		else
			owner[r]->naction++;
	}
	for (size_t r = 0; r < t.nrow; r++) {
		struct c_audit *a = owner[r];

		if (domains) {
			struct c_domain *d = next_slot(&c->arena, &a->domain,
						       &a->ndomain, sizeof(*d));

			d->name = cell(&t, r, a1);
			d->grade = cell(&t, r, a2);
			continue;
		}
		{
			struct c_action *x = next_slot(&c->arena, &a->action,
						       &a->naction, sizeof(*x));

			x->id = cell(&t, r, a1);
			x->line = (int)t.line[r];
			if (date_cell(&t, r, a2, &x->raised, l->err) ||
			    date_cell(&t, r, a3, &x->due, l->err) ||
			    date_cell(&t, r, a4, &x->completed, l->err))
				goto out;
		}
	}
	rc = 0;
out:
	free(owner);
	raw_release(&t);
	return rc;
}

static int load_audit_parts(struct loader *l)
{
	return load_audit_table(l, "audit_domains.csv", 1) ||
	       load_audit_table(l, "audit_actions.csv", 0);
}

/* The earliest census year ingested: what the data can see back to. */
static int load_manifest(struct loader *l)
{
	struct cases *c = l->c;
	struct rawtable t;
	int item, kind, year, rc = -1;

	if (raw_load(&t, &c->strings, l->dir, "manifest.csv", l->err))
		goto out;
	if ((item = col(&t, "item", 1, l->err)) < 0 ||
	    (kind = col(&t, "kind", 1, l->err)) < 0 ||
	    (year = col(&t, "census_year", 1, l->err)) < 0)
		goto out;
	c->history_start = DIP_DATE_NONE;
	for (size_t r = 0; r < t.nrow; r++) {
		const char *it = cell(&t, r, item), *k = cell(&t, r, kind);
		const char *y = cell(&t, r, year);
		dip_date d;

		if (!it || strcmp(it, "source") || !k || strcmp(k, "census") || !y)
			continue;
		d = date_from_ymd(atoi(y) - 1, 4, 1);
		if (c->history_start == DIP_DATE_NONE || d < c->history_start)
			c->history_start = d;
	}
	rc = 0;
out:
	raw_release(&t);
	return rc;
}

int cases_load(struct cases *c, const char *dir, struct dip_err *err)
{
	static const struct pair_table care = { "care_periods.csv", PARENT_CHILD,
		"period_start", "period_end", offsetof(struct c_child, care),
		offsetof(struct c_child, ncare), sizeof(struct c_care), NULL };
	static const struct pair_table cin = { "cin_plans.csv", PARENT_EPISODE,
		"start_date", "end_date", offsetof(struct c_episode, cin),
		offsetof(struct c_episode, ncin), sizeof(struct c_cin_plan), NULL };
	static const struct pair_table s47 = { "section47s.csv", PARENT_EPISODE,
		"start_date", "icpc_date", offsetof(struct c_episode, s47),
		offsetof(struct c_episode, ns47), sizeof(struct c_s47),
		"icpc_not_required" };
	struct loader l = { c, dir, err, { 0 }, { 0 }, { 0 }, { 0 }, { 0 } };
	int rc;

	memset(c, 0, sizeof(*c));
	intern_init(&c->strings);
	arena_init(&c->arena);
	rc = load_manifest(&l) || load_children(&l) || load_pairs(&l, &care) ||
	     load_episodes(&l) || load_assessments(&l) || load_factors(&l) ||
	     load_pairs(&l, &cin) || load_pairs(&l, &s47) || load_cp_plans(&l) ||
	     load_reviews(&l) || load_audits(&l) || load_audit_parts(&l);
	km_release(&l.children);
	km_release(&l.episodes);
	km_release(&l.assessments);
	km_release(&l.plans);
	km_release(&l.audits);
	if (rc) {
		cases_release(c);
		return -1;
	}
	return 0;
}

void cases_release(struct cases *c)
{
	free(c->child);
	free(c->audit);
	intern_release(&c->strings);
	arena_release(&c->arena);
	memset(c, 0, sizeof(*c));
}

int age_on(const struct c_child *ch, dip_date d)
{
	dip_date born = ch->birth != DIP_DATE_NONE ? ch->birth : ch->expected;
	int by, bm, bd, y, m, dd, age;

	if (born == DIP_DATE_NONE || born > d)
		return -1;
	date_to_ymd(born, &by, &bm, &bd);
	date_to_ymd(d, &y, &m, &dd);
	age = y - by;
	if (m < bm || (m == bm && dd < bd))
		age--;
	return age;
}

const char *age_band(const struct c_child *ch, dip_date d)
{
	int age = age_on(ch, d);

	if (ch->birth == DIP_DATE_NONE && ch->expected == DIP_DATE_NONE)
		return "unknown";
	if (age < 0)
		return "unborn";
	return age < 5 ? "0-4" : age < 10 ? "5-9" : age < 16 ? "10-15" : "16+";
}
