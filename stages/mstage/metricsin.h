/*
 * metricsin.h - metrics CSVs read back, for the stages that work on
 * other stages' results (dip-areas, dip-charts).
 *
 * metrics_load() reads every metrics .csv file in DIR; each row
 * keeps its fields as strings (value and interval as written) and the value
 * parsed in v (0 when empty).  Numbers are checked as they are read: a
 * value, count or flag that is not plain decimal text is an error naming
 * the file and line, never a silent 0.  From each one's notes beside it
 * (<stage>-notes.csv) it keeps
 * the metrics a stage defines but could not compute from this data, with
 * the reason in words (metric.h, tally_not_computed()), and from its
 * definitions (<stage>-defs.csv) each metric's unit, kind and title.
 * Owned by the struct;
 * metrics_series() returns an array the caller frees.
 *
 * Returns: metrics_load() returns 0, or -1 with err naming the file and
 * line; lookups return NULL for a metric not there, questions 1 or 0.
 * metrics_series()'s array is the caller's to free; its rows are m's.
 */
#ifndef DIP_METRICSIN_H
#define DIP_METRICSIN_H

#include <stddef.h>

#include "dip/error.h"

struct mrow {
	char *metric, *unit, *ptype, *start, *end, *breakdown, *group;
	char *num, *den, *value, *lo, *hi;
	double v;
	int small_n;
};

struct mmissing {
	char *metric, *reason;
};

/* A metric's definition, from <stage>-defs.csv (metric.h). */
struct mdef {
	char *metric, *unit, *title;
	int kind;                       /* enum metric_kind */
};

struct metrics {
	struct mrow *row;
	size_t n, cap;
	struct mmissing *missing;       /* defined but not computed */
	size_t nmissing, capmissing;
	struct mdef *def;               /* every metric a stage declared */
	size_t ndef, capdef;
};

/* Every metrics CSV in dir (RUN_DIR/metrics), with each stage's
 * definitions and notes beside it, read in file-name order. */
int metrics_load(struct metrics *m, const char *dir, struct dip_err *err);
void metrics_release(struct metrics *m);
/* 1 when the row's value is a percentage (a proportion, or a ratio over
 * its denominator); 0 for a count, with or without a population: a count
 * of a population has a denominator but its value is the numerator. */
int mrow_percent(const struct mrow *r);
/* The declared definition of a metric, or NULL (a run from before
 * definitions were written beside the metrics). */
const struct mdef *metrics_def(const struct metrics *m, const char *metric);
/* 1 when the row's value is a percentage: its metric declared a
 * proportion, or when undeclared, as mrow_percent() infers.  A ratio
 * (kappa) and a count of a population are not. */
int metrics_percent(const struct metrics *m, const struct mrow *r);
/* Why a stage defining this metric could not compute it, or NULL. */
const char *metrics_not_computed(const struct metrics *m, const char *metric);
/* 1 if any row has this metric id. */
int metrics_has(const struct metrics *m, const char *metric);
/* Rows matching all four (NULL matches anything), sorted by period start;
 * returns how many, *out set to a malloc'd array. */
size_t metrics_series(const struct metrics *m, const char *metric,
		      const char *ptype, const char *breakdown,
		      const char *group, const struct mrow ***out);

#endif
