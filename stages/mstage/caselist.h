/*
 * caselist.h - the dip-sample lists (RUN_DIR/lists/<metric>.csv): which
 * files an auditor should open, most urgent first.
 *
 * Every list starts with the same columns, naming the case a row is
 * about: lea, la_child_id, episode_no, team, service_area, worker (see
 * CASELIST_WHO), then the list's own columns.  A stage fills them from
 * one struct caselist_who, so no stage spells them out.
 *
 * Rows are kept in memory and sorted when written: by up to two numeric
 * keys the stage gives each row (a date, a count of working days, a 0/1
 * flag), each ascending or descending as the list was made, then by
 * la_child_id, lea, episode_no and every other cell, so the order is
 * the same whatever order the rows were added in.  Every cell goes
 * through the CSV writer's formula guard (csvio.h).
 *
 * Usage: caselist_new(), caselist_add() per row, caselist_write() once,
 * caselist_free().  Cells are copied when added; the list owns them.
 *
 * Returns: caselist_write() returns 0, or -1 on a write error with errno
 * set (the caller names the file); nothing else can fail.
 */
#ifndef DIP_CASELIST_H
#define DIP_CASELIST_H

#include <stddef.h>
#include <stdio.h>

#include "mstage/cases.h"

/* The columns every list starts with. */
#define CASELIST_WHO 6

/* Who a row is about.  team and service_area are the episode's unless
 * given (an audit's own, for the audit lists); ep may be NULL (an audit
 * of a child with no episode in the data), leaving its cells empty. */
struct caselist_who {
	const char *lea, *child;
	const struct c_episode *ep;
	const char *team, *service_area;
};

/* How a key sorts: the most urgent row first. */
enum caselist_order {
	CASELIST_UNUSED = 0,
	CASELIST_ASC = 1,               /* smallest first: oldest date */
	CASELIST_DESC = -1,             /* largest first: most days late */
};

struct caselist;

/* A list of the metric's cases with the list's own columns (after the
 * CASELIST_WHO leading ones) and the order of its two keys. */
struct caselist *caselist_new(const char *metric, const char *const *columns,
			      size_t ncolumns, enum caselist_order first,
			      enum caselist_order second);
/* One row: who it is about, its keys (the second ignored when unused)
 * and its own cells (ncolumns of them; NULL is written empty). */
void caselist_add(struct caselist *l, const struct caselist_who *who,
		  long key1, long key2, const char *const *cells);
/* The who of an episode's row (team and service area the episode's). */
struct caselist_who caselist_episode(const struct c_child *ch,
				     const struct c_episode *e);
const char *caselist_metric(const struct caselist *l);
size_t caselist_rows(const struct caselist *l);
/* Header and every row, most urgent first; 0, or -1 on a write error
 * (errno set). */
int caselist_write(struct caselist *l, FILE *fp);
void caselist_free(struct caselist *l);

#endif
