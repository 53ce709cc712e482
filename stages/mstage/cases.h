/*
 * cases.h - the ingest tables read back and joined into one structure:
 * children with their care periods and episodes; episodes with their
 * assessments (and factors), CIN plans, section 47s and CP plans.
 *
 * cases_load() reads the tables declared in schema.h that the given
 * stages read, and of those only the columns they read (the declaration
 * says which column lands in which field below; a field no stage in the
 * mask reads is left empty: NULL, DIP_DATE_NONE, -1 for a count).  It
 * takes them from DIR/tables.snap (snapshot.h) when that file is whole
 * and every table it needs matches its CSV; otherwise from the CSVs,
 * and c->snapshot_unused then says why a snapshot present was not used.
 * From the CSVs it finds columns by name (a council's extra columns are
 * ignored), checks every date, and joins rows on their identifying
 * columns.  Strings are interned in c->strings; dates are day numbers,
 * DIP_DATE_NONE when empty.  A missing file or column, a malformed
 * date or a row whose parent is missing is an error naming the file and
 * line.  A row identical to an earlier one is left out and listed in
 * c->dup, so a row pasted twice is never counted twice.  Everything is
 * owned by the struct cases.
 *
 * Returns: cases_load() returns 0, or -1 with err naming the file and
 * line (nothing printed); the others cannot fail: episode_on() returns
 * NULL when there is no such episode, age_on() -1 before birth.
 */
#ifndef DIP_CASES_H
#define DIP_CASES_H

#include "dip/error.h"
#include "dip/rows.h"

/* stages: a mask of schema.h's SCHEMA_OVERDUE…; SCHEMA_EVERY for all. */
int cases_load(struct cases *c, const char *dir, unsigned stages,
	       struct dip_err *err);
void cases_release(struct cases *c);

/* 1 when e is open on day d: not an NFA referral, referred by then and
 * not closed on or before it. */
int episode_open_on(const struct c_episode *e, dip_date d);
/* The child's episode open on day d (the latest referred, if several);
 * else the last referred before d; NULL when neither. */
const struct c_episode *episode_on(const struct c_child *ch, dip_date d);

/* Age in whole years on day d (birthdays count on the day); -1 if the
 * child is not born by d. */
int age_on(const struct c_child *ch, dip_date d);
/* "unborn", "0-4", "5-9", "10-15" or "16+" on day d. */
const char *age_band(const struct c_child *ch, dip_date d);

#endif
