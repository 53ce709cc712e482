/*
 * rows.h - the rows the metric stages read: what schema.h declares and
 * cases_load() (mstage/cases.h) fills, one structure per table, joined
 * into struct cases.
 *
 * They live in the core, not beside cases.h, because schema.c names
 * their fields (offsetof) in the one declaration of the tables' columns
 * that ingest and the metric stages both use.  Strings are interned in
 * the struct cases' table; dates are day numbers, DIP_DATE_NONE when
 * empty; a count no stage read is -1.
 */
#ifndef DIP_ROWS_H
#define DIP_ROWS_H

#include <stddef.h>

#include "dip/arena.h"
#include "dip/date.h"
#include "dip/intern.h"
#include "dip/snapshot.h"

struct c_assessment {
	int no;
	dip_date start, auth;
	const char **factor;
	int nfactor;
};

struct c_cin_plan {
	dip_date start, end;
};

struct c_s47 {
	dip_date start, icpc;
	int not_required;               /* ICPCnotRequired */
};

struct c_cpp {
	struct c_episode *episode;
	int no;
	dip_date start, end;
	const char *initial, *latest;   /* NULL when empty */
	long previous;                  /* -1 when empty */
	dip_date *review;               /* review dates, in table order */
	int nreview;
};

/* One closure agreement block, as the export gave it. */
struct c_agreement {
	int no;
	const char *role;               /* NULL when empty */
	dip_date date;
};

/* Pointers first, then the ints: a million episodes or children are
 * held at once, and padding between the two would cost megabytes. */
struct c_episode {
	struct c_child *child;
	const char *reason, *local_reason, *team, *service_area, *worker;
	struct c_agreement *agreement;  /* every block, in table order */
	struct c_assessment *as;
	struct c_cin_plan *cin;
	struct c_s47 *s47;
	struct c_cpp *cpp;
	int no;
	dip_date referral, closure;
	int nfa;
	int nagreement, nas, ncin, ns47, ncpp;
};

struct c_care {
	dip_date start, end;
};

struct c_child {
	const char *lea, *id, *sibling_group;
	struct c_episode *ep;
	struct c_care *care;
	dip_date birth, expected;
	int nep, ncare;
};

struct c_domain {
	const char *name, *grade;
};

struct c_action {
	const char *id, *owner, *description;   /* NULL when empty */
	dip_date raised, due, completed;
	int line;                       /* in audit_actions.csv */
};

struct c_audit {
	const char *lea, *id, *child, *type, *service_area, *team;
	const char *grade, *reaudit_of, *moderation_grade;
	dip_date date, moderation_date;
	dip_date allocated;             /* when the audit was allocated */
	int feedback_sought, feedback_obtained;   /* 1, 0, or -1 unknown */
	struct c_domain *domain;
	int ndomain;
	struct c_action *action;
	int naction;
};

/* A row of manifest.csv: what history the tables hold. */
struct c_source {
	const char *item, *kind;        /* "source"/"table"; "census"/"audit" */
	long census_year;               /* -1 when empty */
	const char *exported;           /* the export's DateTime, or NULL */
};

/* A row identical to an earlier one in the same table: left out, and
 * said in the stage's notes. */
struct c_duplicate {
	const char *table;              /* "episodes", … */
	long line, first;               /* its line, and the earlier one's */
};

struct cases {
	struct c_source *source;        /* manifest.csv, in table order */
	size_t nsource;
	struct c_child *child;
	size_t nchild;
	struct c_audit *audit;          /* audits.csv, in table order */
	size_t naudit;
	struct intern strings;
	struct arena arena;
	/* what the data can see */
	dip_date history_start;   /* first day of the earliest census year */
	dip_date data_end;        /* day of the latest export, if known:
				     nothing in the data happened after it */
	int has_extension;        /* any episode carries an Eclipse field */
	struct c_duplicate *dup;  /* rows left out, in the order read */
	size_t ndup, capdup;
	/* where the tables came from */
	int from_snapshot;        /* 1: tables.snap; 0: the CSVs */
	char *snapshot_unused;    /* why a tables.snap present was not used,
				     or NULL (used, or none there) */
	struct snapshot *snap;    /* the mapping text values point into */
};

#endif
