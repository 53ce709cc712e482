/*
 * metric.h - proportions, intervals and the tidy metrics CSV.
 *
 * Every metric stage writes metrics/<stage>.csv with exactly these
 * columns (SPEC 6):
 *   metric,unit,period_type,period_start,period_end,breakdown,group,
 *   numerator,denominator,value,ci_low,ci_high,small_n
 * A proportion's value is its percentage to one decimal with a Wilson
 * 95% interval; a count's denominator, interval and small_n are empty,
 * 0 and 0.  small_n is 1 when the denominator is below the threshold.
 *
 * A tally collects the rows: declare the metrics, then tally_add() once
 * per record, period and breakdown group it belongs to.  Every metric
 * gets an all/all row in each of its periods, even when zero, so that a
 * trend has no holes.  Rows come out ordered by metric (as declared),
 * period (as listed), breakdown (all first, then as first seen) and
 * group (sorted).
 *
 * A stage declares every metric it defines, always; one it cannot
 * compute from this data (no Eclipse fields, say) it marks with
 * tally_not_computed(): it then has no rows, and the stage's notes say
 * which metric and why, so that readers of the metrics (dip-areas) can
 * tell it from a metric no stage defines.
 *
 * A proportion also gets rolling rows (rolling_3m, rolling_6m,
 * rolling_12m), one for each trend month that closes N months all inside
 * the trend window: the sums of those month rows' numerators and
 * denominators, written after the listed periods.  A record counts in the
 * one month its date falls in, so the sum is the count over the N months;
 * doing it here, once, means every stage has them and none counts twice.
 *
 * Returns: tally_write() and metric_defs_write() return 0, or -1 on a
 * write error (errno set: the stage names the file); metric_kind_parse()
 * returns -1 for a name that is no kind; nothing else can fail.
 */
#ifndef DIP_METRIC_H
#define DIP_METRIC_H

#include <stdio.h>

#include "dip/hashtab.h"
#include "dip/intern.h"
#include "mstage/period.h"

/* A ratio (Cohen's kappa) carries its own value, to 3 decimals, over a
 * numerator and denominator that say what it was computed from.  A count
 * of a population (METRIC_COUNT_OF: "92 of 557 open children") has the
 * count as its value and numerator, the population as its denominator,
 * no interval, and small_n when the population is small. */
enum metric_kind { METRIC_COUNT, METRIC_PROPORTION, METRIC_RATIO,
		   METRIC_COUNT_OF };

/* A metric as its stage declares it, once: the id, the unit counted, the
 * kind and the title in words that the board reads (charts, the
 * tracker's pages), emitted beside the metrics in <stage>-defs.csv. */
struct metric_def {
	const char *id;
	const char *unit;
	enum metric_kind kind;
	int snapshot;                  /* 1: as_of only; 0: every period but as_of */
	const char *title;             /* e.g. "Re-referrals within 12 months" */
};

/* "count", "proportion", "ratio", "count_of"; metric_kind_parse() is the
 * reverse (-1 for anything else). */
const char *metric_kind_name(enum metric_kind k);
int metric_kind_parse(const char *s);
/* Write <stage>-defs.csv: the header, then one row per definition, in
 * the order declared (those not computed too); -1 on a write error. */
int metric_defs_write(const struct metric_def *def, int ndef, FILE *fp);

/* Wilson score interval for k of n at 95%, in percent; n > 0. */
void wilson(long k, long n, double *lo, double *hi);

struct tally_row {
	int metric, period;
	const char *breakdown, *group;    /* interned */
	const char *unit;                 /* NULL: the metric's unit */
	double value;                     /* METRIC_RATIO */
	int has_value;
	int border;                       /* breakdown's order of appearance */
	long num, den;
};

struct tally_seen;

struct tally {
	const struct metric_def *def;
	int ndef;
	const struct period *period;
	int nperiod;
	struct intern names;
	struct tally_row *row;
	size_t n, cap;
	struct hashtab index;             /* of row[] */
	struct tally_seen *seen;          /* recent lookups, see metric.c */
	const char **border;              /* breakdown names in order */
	int nborder;
	const char **not_computed;        /* per metric: why not, or NULL */
	struct period *rolling;           /* period index nperiod + i */
	int nrolling;
};

/* A tally of the ndef metrics over the periods, each with its all/all
 * rows; def and period are not copied and must outlive it. */
void tally_init(struct tally *t, const struct metric_def *def, int ndef,
		const struct period *period, int nperiod);
void tally_release(struct tally *t);
/*
 * Count one record for metric m in period p under breakdown/group: into
 * the denominator if den, into the numerator if num (a count uses num
 * only).  Records for the headline use breakdown "all", group "all".
 */
void tally_add(struct tally *t, int m, int p, const char *breakdown,
	       const char *group, int num, int den);
/* Add n to a count directly (e.g. a number of sibling groups). */
void tally_set_count(struct tally *t, int m, int p, const char *breakdown,
		     const char *group, const char *unit_override, long n);
/* Set a ratio row's value and what it was computed from. */
void tally_set_ratio(struct tally *t, int m, int p, const char *breakdown,
		     const char *group, long num, long den, double value);
/* Leave metric m out: no rows, and `reason` (words for a reader, e.g.
 * TALLY_NO_EXTENSION) for the notes.  Adds to it are ignored. */
void tally_not_computed(struct tally *t, int m, const char *reason);
#define TALLY_NO_EXTENSION "Eclipse extension fields missing"
/* The note mstage_write_tally() writes for each such metric, in the
 * stage's notes file: note METRIC_NOT_COMPUTED, value "<metric>: <reason>". */
#define METRIC_NOT_COMPUTED "metric_not_computed"
/* Write the header and every row; -1 on a write error. */
int tally_write(struct tally *t, FILE *fp, long small_n);

#endif
