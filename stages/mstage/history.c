/*
 * history.c - load a carried history and refuse a damaged one; see
 * history.h.
 */
#include "mstage/history.h"
#include "dip/date.h"
#include "dip/exitcode.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int history_refuse(struct dip_err *err, const char *path, long line,
		   const char *what)
{
	err_set(err, DIP_EXIT_DATA, path, line, 0,
		"%s; move the file aside to start a new history", what);
	return -1;
}

int history_load(struct csv_table *t, const char *path, int *as_of,
		 struct dip_err *err)
{
	memset(t, 0, sizeof(*t));
	if (access(path, F_OK) != 0)
		return 0;
	if (csv_table_load(t, path, err)) {
		char what[sizeof(err->msg)];

		snprintf(what, sizeof(what), "%s", err->msg);
		return history_refuse(err, path, err->line, what);
	}
	*as_of = csv_table_col(t, "as_of");
	if (*as_of < 0) {
		csv_table_release(t);
		return history_refuse(err, path, 1,
				      "no 'as_of' column, so its rows cannot be dated");
	}
	csv_table_unguard(t);
	for (size_t i = 0; i < t->nrows; i++) {
		const char *d = t->row[i][*as_of];
		dip_date day;

		if (date_parse(d, strlen(d), &day)) {
			char what[160];
			long line = t->line[i];

			snprintf(what, sizeof(what), "invalid as_of date '%.60s'", d);
			csv_table_release(t);
			return history_refuse(err, path, line, what);
		}
	}
	return 1;
}
