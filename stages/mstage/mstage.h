/*
 * mstage.h - the frame every metric stage (dip-overdue, dip-repeat-cp,
 * dip-consent, …) shares, so that a stage file holds only its metrics.
 *
 * mstage_main() parses the common options (-o RUN_DIR, --as-of DATE,
 * -c FILE, --help, --version), loads the config, the bank holidays and
 * the ingest tables, works out the reporting periods, then calls the
 * stage's run().  run() computes and writes through:
 *   mstage_metrics()  RUN_DIR/metrics/<stage>.csv (the tidy CSV)
 *   mstage_list()     RUN_DIR/lists/<metric>.csv, owner-only (0600): a
 *                     caselist (caselist.h) the stage adds rows to,
 *                     sorted and written after run() returns 0
 *   mstage_note()     RUN_DIR/metrics/<stage>-notes.csv, one row per
 *                     thing the data could not show ("note,value,count")
 * and asks mstage_dates_ok() before measuring between two dates, so that
 * a record whose dates are in an impossible order (the same rules that
 * dip-ingest reports, dateorder.h) is left out and counted, never
 * measured as a negative duration.
 * Every file is a member of one output set (outset.h): when run()
 * returns 0 all replace their targets together, otherwise none does.
 *
 * Returns: what can fail returns 0, or -1 (NULL for a pointer) with
 * ms->err set and nothing printed; ms->err.status is then the stage's
 * exit status, which mstage_main() reports.  run() and a stage's
 * option() answer the same way.  mstage_dates_ok() and
 * mstage_assessment_ok() are questions (1 yes, 0 no) and cannot fail.
 *
 * The FILE * that mstage_metrics() and mstage_output() return belongs
 * to the output set ms->out, not to the caller: write to it, never
 * fclose() it.  mstage_main() closes every one after run() returns:
 * on 0 it flushes and fsyncs them and puts them in place together
 * (outset_commit()); on -1, or if that fails, it closes and deletes
 * them all (outset_release()), and no target changes.
 */
#ifndef DIP_MSTAGE_H
#define DIP_MSTAGE_H

#include <getopt.h>
#include <stdio.h>

#include "dip/calendar.h"
#include "mstage/caselist.h"
#include "mstage/cases.h"
#include "dip/config.h"
#include "dip/dateorder.h"
#include "mstage/metric.h"
#include "dip/outset.h"
#include "mstage/period.h"

struct mstage_note {
	const char *note;
	char *value;
	long count;
};

struct mstage {
	const char *name;                /* "overdue" */
	const char *tables, *outdir;
	dip_date as_of;
	struct config cfg;
	struct calendar cal;
	struct cases cases;
	long small_n;
	struct period period[PERIOD_MAX];
	int nperiod;
	dip_date first_day;              /* periods_first_day(): lists and
					    notes cover every reported period */
	struct outset out;               /* every file run() writes */
	struct mstage_note *note;
	size_t nnote, capnote;
	struct caselist **list;          /* mstage_list(), in order made */
	size_t nlist, caplist;
	struct dip_err err;
};

/*
 * A stage's --help is declared here, once: the synopsis and option lines
 * are shared, the rest is the stage's.  A metric stage (reading tables)
 * leaves files, as_of and status NULL and gets the metric stages' text;
 * a stage reading a run directory (no_tables) says what it reads and
 * writes, what --as-of means to it and what each exit status means.
 * doc/man/dip-<stage>.1 repeats them (tests/cli/t0600-man-pages.sh).
 */
struct mstage_info {
	const char *name;                /* the stage, e.g. "overdue" */
	const char *about;               /* --help text after the synopsis */
	int (*run)(struct mstage *ms);   /* 0, or -1 with ms->err set */
	int no_tables;                   /* the input is a run directory, not
					    tables: skip loading cases */
	const char *files;               /* "Reads ...; writes ..." */
	const char *as_of;               /* the --as-of line's description */
	const char *status;              /* "Exit status: ..." paragraph */
};

/* What a stage with options of its own adds to the frame. */
struct mstage_more {
	/* Long options beyond the common ones (each `val` above 255),
	 * handed to option() as they are parsed: it returns 0, or -1 after
	 * saying what is wrong (a usage error). */
	const struct option *options;
	int (*option)(int val, const char *arg);
};

/* A metric stage's whole main(): returns the exit status. */
int mstage_main(int argc, char **argv, const struct mstage_info *info);
/* The same with a stage's own options (more may be NULL). */
int mstage_main_more(int argc, char **argv, const struct mstage_info *info,
		     const struct mstage_more *more);

/* A config value under [metrics] as a whole number. */
int mstage_number(struct mstage *ms, const char *key, long *out);
/* The same under another section (dip-audits' [audits]). */
int mstage_number_in(struct mstage *ms, const char *section, const char *key,
		     long *out);
/* A stage's numbers, declared as a table: each key of section (the list
 * ends with a NULL key) into its long, stopping at the first bad one. */
struct mstage_key {
	const char *key;
	long *out;
};
int mstage_numbers(struct mstage *ms, const char *section,
		   const struct mstage_key *keys);
/* RUN_DIR/metrics/<stage>.csv, for mstage_write_tally(). */
FILE *mstage_metrics(struct mstage *ms);
/* The list of a metric: its own columns (after the ones every list
 * starts with) and how its two keys sort, most urgent first.  Owned by
 * ms. */
struct caselist *mstage_list(struct mstage *ms, const char *metric,
			     const char *const *columns, size_t ncolumns,
			     enum caselist_order first,
			     enum caselist_order second);
/* Write the tally to the metrics file, the metrics' definitions to
 * metrics/<stage>-defs.csv (metric.h), and release it, whatever happens
 * (a stage's last call); `failed` says an earlier write failed. */
int mstage_write_tally(struct mstage *ms, struct tally *t, FILE *metrics,
		       int failed);
/* Any output RUN_DIR/sub/name (e.g. "areas", "tracker.csv"), made with
 * mode. */
FILE *mstage_output(struct mstage *ms, const char *sub, const char *name,
		    unsigned mode);
/* Count one occurrence of a note (the same note and value add up). */
void mstage_note(struct mstage *ms, const char *note, const char *value);

/*
 * 1 when first and second are in a possible order for check c and
 * neither is after the day of the latest export the tables came from.
 * Otherwise 0, and one more record is counted under the note
 * excluded_impossible_dates, value "<check id>: <metrics>": metrics
 * names (space-separated) the metrics the caller leaves the record out
 * of, numerator and denominator alike.
 */
int mstage_dates_ok(struct mstage *ms, enum date_check c, dip_date first,
		    dip_date second, const char *metrics);
/* The same for an assessment: authorised on or after its start and on or
 * after its episode's referral. */
int mstage_assessment_ok(struct mstage *ms, const struct c_episode *e,
			 const struct c_assessment *a, const char *metrics);

#endif
