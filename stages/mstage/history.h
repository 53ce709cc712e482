/*
 * history.h - a history a stage carries from run to run (dip-areas'
 * areas/history.csv, dip-worklist's worklist/history.csv): a CSV table
 * whose rows are dated by an `as_of` column, read back by column name.
 *
 * Every refusal is exit 1 (DIP_EXIT_DATA) at the file and line, ending
 * "; move the file aside to start a new history", since the one way
 * past a damaged history is to start another.
 *
 * Returns: 0 or more on success, -1 with err set on a refusal (nothing
 * printed): history_load() says 0 when there is no history yet and 1
 * when it loaded one.
 */
#ifndef DIP_HISTORY_H
#define DIP_HISTORY_H

#include "dip/csvio.h"
#include "dip/error.h"

/* Set ERR to WHAT at PATH:LINE with the advice above; returns -1. */
int history_refuse(struct dip_err *err, const char *path, long line,
		   const char *what);

/* Load PATH into T (csv_table_release() it after a return of 1): 0 when
 * there is no file (the first run), 1 when loaded, -1 with ERR set when
 * it cannot be read, has no as_of column or a row's as_of is not a
 * date.  *AS_OF is as_of's column; the cells come back without the
 * formula guard they were written with, since they are written again. */
int history_load(struct csv_table *t, const char *path, int *as_of,
		 struct dip_err *err);

#endif
