/*
 * codelist.h - code lists (ReasonForClosure, AssessmentFactors, grades…)
 * loaded from CSV files "code,label,first_year,last_year[,value]".
 *
 * first_year/last_year are census end years (2023 = the 2022-23 census)
 * in which the code is valid; empty means unbounded.  The optional value
 * column maps a code to the value stored (GenderCurrent 1 -> M), so that
 * codes that changed between census years land in one column.
 */
#ifndef DIP_CODELIST_H
#define DIP_CODELIST_H

#include "dip/error.h"

struct code {
	char *code, *label, *value;
	int first_year, last_year;   /* 0 = unbounded */
	const char *interned;        /* value in a caller's string table */
};

struct codelist {
	char *name;
	struct code *code;
	size_t n;
};

/* Load dir/NAME.csv.  0 on success, else err names file and line. */
int codelist_load(struct codelist *cl, const char *dir, const char *name,
		  struct dip_err *err);
void codelist_release(struct codelist *cl);
/* Exact match first, then case-insensitive; NULL when absent. */
const struct code *codelist_find(const struct codelist *cl, const char *s);
/* Parse a census end year ("2027") or "" (unbounded, *out = 0); an
 * error names path and line.  Used by code lists and the export map. */
int census_year_parse(const char *s, const char *path, long line, int *out,
		      struct dip_err *err);
/* 1 when valid in census end year y (or y == 0: year unknown). */
int code_valid_in(const struct code *c, int y);

#endif
