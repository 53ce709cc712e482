/*
 * codelist.h - code lists (ReasonForClosure, AssessmentFactors, grades…)
 * loaded from CSV files "code,label,first_year,last_year[,value]".
 *
 * first_year/last_year are census end years (2023 = the 2022-23 census)
 * in which the code is valid; empty means unbounded.  The optional value
 * column maps a code to the value stored (GenderCurrent 1 -> M), so that
 * codes that changed between census years land in one column.
 *
 * Returns: codelist_load() and census_year_parse() return 0, or -1 with
 * err naming the file and line and holding the exit status (a bad row
 * is DIP_EXIT_USAGE; csvio.h's reader says what an unreadable or
 * malformed file is); a list that failed to load is left empty.
 * codelist_find() returns NULL for a code not in the list;
 * code_valid_in() is a question (1 yes, 0 no).  Every string of a list
 * is the list's until codelist_release(), but `interned`, which belongs
 * to the string table that set it (ingest_init()).  Out of memory exits
 * (util.h).
 */
#ifndef DIP_CODELIST_H
#define DIP_CODELIST_H

#include "dip/error.h"
#include "dip/hashtab.h"

struct code {
	char *code, *label, *value;
	int first_year, last_year;   /* 0 = unbounded */
	const char *interned;        /* value in a caller's string table */
};

struct codelist {
	char *name;
	struct code *code;
	size_t n;
	struct hashtab index;        /* codes as given, for codelist_find() */
};

/* Load dir/NAME.csv. */
int codelist_load(struct codelist *cl, const char *dir, const char *name,
		  struct dip_err *err);
void codelist_release(struct codelist *cl);
/* Exact match first, then ignoring case. */
const struct code *codelist_find(const struct codelist *cl, const char *s);
/* Parse a census end year ("2027") or "" (unbounded, *out = 0); path
 * and line are only for the error.  Used by code lists and the export
 * map. */
int census_year_parse(const char *s, const char *path, long line, int *out,
		      struct dip_err *err);
/* Valid in census end year y?  A year unknown (y == 0) never faults a
 * code. */
int code_valid_in(const struct code *c, int y);

#endif
