/*
 * checks.c - rules that need the merged history of a child, not one
 * file: an episode's closure date and reason come together (census rules
 * 8805/8810), and a child's episodes do not overlap (8820).  Run after
 * every export is merged, so that a closure recorded in a later census
 * counts.  Tables and columns are found by name; a map without them
 * simply skips the rule.  The orders of dates are checked in dates.c.
 */
#include "ingest/run.h"

#include <stdarg.h>
#include <string.h>

struct episode_cols {
	int table, referral, closure, reason, nfa;
};

void ingest_warn_at(struct ingest *g, const struct rec *r, int file,
		    long line, const char *check, const char *value,
		    const char *fmt, ...)
{
	const struct rec *top = r;
	va_list ap;

	while (rec_up(&g->store, top))
		top = rec_up(&g->store, top);
	va_start(ap, fmt);
	report_addv(&g->report, SEV_WARNING, check, file, line,
		    g->map->table[r->table].path, rec_key(&g->store, top),
		    value, fmt, ap);
	va_end(ap);
}

#define warn_rec(g, r, ...) \
	ingest_warn_at(g, r, rec_file(r), rec_line(r), __VA_ARGS__)

static void check_closure(struct ingest *g, const struct episode_cols *e,
			  const struct rec *ep)
{
	const struct store *s = &g->store;
	const char *closed = e->closure >= 0 ? rec_val(s, ep, e->closure) : NULL;
	const char *reason = e->reason >= 0 ? rec_val(s, ep, e->reason) : NULL;

	if (e->closure < 0 || e->reason < 0)
		return;
	if (closed && !reason)
		warn_rec(g, ep, "closure_without_reason", closed,
			 "closed on %s with no ReasonForClosure", closed);
	else if (reason && !closed)
		warn_rec(g, ep, "reason_without_closure", reason,
			 "ReasonForClosure '%s' with no CINclosureDate",
			 reason);
}

/* Episodes are sorted by referral date; compare neighbours. */
static void check_overlap(struct ingest *g, const struct episode_cols *e,
			  const struct rec *prev, const struct rec *ep)
{
	const struct store *s = &g->store;
	const char *closed, *next, *nfa;

	if (e->referral < 0 || e->closure < 0)
		return;
	nfa = e->nfa >= 0 ? rec_val(s, prev, e->nfa) : NULL;
	if (nfa && !strcmp(nfa, "1"))
		return;   /* an NFA referral may stay without a closure date */
	closed = rec_val(s, prev, e->closure);
	next = rec_val(s, ep, e->referral);
	if (!closed)
		warn_rec(g, ep, "overlapping_episodes", next,
			 "referred on %s while the episode referred on %s is"
			 " still open", next, rec_val(s, prev, e->referral));
	else if (strcmp(closed, next) > 0)
		warn_rec(g, ep, "overlapping_episodes", next,
			 "referred on %s before the episode referred on %s"
			 " closed (%s)", next, rec_val(s, prev, e->referral),
			 closed);
}

void ingest_check(struct ingest *g)
{
	const struct exportmap *m = g->map;
	struct episode_cols e;

	e.table = map_table_index(m, "episodes");
	if (e.table < 0)
		return;
	e.referral = map_col_index(m, e.table, "referral_date");
	e.closure = map_col_index(m, e.table, "closure_date");
	e.reason = map_col_index(m, e.table, "closure_reason");
	e.nfa = map_col_index(m, e.table, "referral_nfa");
	store_sort(&g->store);
	for (size_t i = 0; i < g->store.ntop; i++) {
		const struct rec *prev = NULL;

		for (const struct rec *c = rec_child(&g->store,
						     store_top(&g->store, i));
		     c; c = rec_next(&g->store, c)) {
			if (c->table != e.table)
				continue;
			check_closure(g, &e, c);
			if (prev)
				check_overlap(g, &e, prev, c);
			prev = c;
		}
	}
	ingest_check_dates(g);
}
