/*
 * schema.h - the one declaration of the tables the metric stages read:
 * each table, each column a stage depends on, its type, the stages that
 * read it and where its value lands in the structures of rows.h.
 *
 * Both sides use it.  dip-ingest checks, before reading any export, that
 * the export map produces every declared column with a compatible type
 * (ingest/schemacheck.c), and cases_load() is one loop over it.  A column
 * no stage reads is not declared: a council adds it by a row in the
 * export map alone.
 *
 * The leading `nkey` columns of a table identify a row; a nested table
 * starts with its parent's key columns, by the same names, and that is
 * how its rows find their parent.  Adding a column a stage needs is one
 * line in the table's column list in schema.c (and its field in rows.h).
 *
 * Returns: schema_value() returns 0, or -1 for text the type cannot
 * hold (nothing printed: the reader names the file); lookups return NULL
 * for a name that is not there; the rest cannot fail.
 */
#ifndef DIP_SCHEMA_H
#define DIP_SCHEMA_H

#include <stddef.h>

#include "dip/date.h"
#include "dip/util.h"

/* How a cell is read, and what it becomes. */
enum schema_type {
	SCHEMA_TEXT,     /* const char *, interned; NULL when empty */
	SCHEMA_DATE,     /* dip_date; DIP_DATE_NONE when empty */
	SCHEMA_ORDINAL,  /* int: a row number the writer gives (episode_no) */
	SCHEMA_COUNT,    /* long; -1 when empty (NumberOfPreviousCPP) */
	SCHEMA_FLAG,     /* int: 1 for "1", else 0 */
	SCHEMA_BOOL,     /* int: 1, 0, or -1 when empty (unknown) */
};

/* The stages, as a mask of who reads a column; each bit's name is in
 * schema.c's stage_name[], in this order. */
enum {
	SCHEMA_OVERDUE = 1 << 0,
	SCHEMA_REPEAT_CP = 1 << 1,
	SCHEMA_CONSENT = 1 << 2,
	SCHEMA_TIMELINESS = 1 << 3,
	SCHEMA_AUDITS = 1 << 4,
	SCHEMA_WORKLIST = 1 << 5,
	SCHEMA_EVERY = (1 << 6) - 1,    /* key columns: every table is joined */
};

/* A column kept only to join rows has no place in a structure. */
#define SCHEMA_NOWHERE ((size_t)-1)

struct schema_col {
	const char *name;
	enum schema_type type;
	unsigned stages;       /* mask of the stages that read it */
	size_t offset;         /* in the row's structure, or SCHEMA_NOWHERE */
	int extension;         /* an Eclipse field: a value shows the extension
				  is present (cases.has_extension) */
};

enum schema_table_id {
	SCHEMA_MANIFEST, SCHEMA_CHILDREN, SCHEMA_CARE_PERIODS, SCHEMA_EPISODES,
	SCHEMA_CLOSURE_AGREEMENTS, SCHEMA_ASSESSMENTS, SCHEMA_ASSESSMENT_FACTORS, SCHEMA_CIN_PLANS,
	SCHEMA_SECTION47S, SCHEMA_CP_PLANS, SCHEMA_CP_REVIEWS, SCHEMA_AUDITS_T,
	SCHEMA_AUDIT_DOMAINS, SCHEMA_AUDIT_ACTIONS, SCHEMA_NTABLE
};

struct schema_table {
	const char *name;      /* DIR/<name>.csv, and the export map's table */
	int parent;            /* enum schema_table_id, or -1: in struct cases */
	const char *what;      /* one row, for "no episode for this row" */
	int nkey;              /* leading columns that identify a row */
	int from_map;          /* 0: written by dip-ingest itself (manifest) */
	/* Where the rows go: an array and its count in the parent's
	 * structure (or in struct cases), one element of `size` each. */
	size_t array, count, count_size, size;
	size_t up;             /* pointer back to the parent, or SCHEMA_NOWHERE */
	size_t line;           /* int receiving the row's line, or SCHEMA_NOWHERE */
	const struct schema_col *col;
	int ncol;
	unsigned rows;         /* stages that count its rows without reading a
				  column of it (dip-consent: had an enquiry) */
};

extern const struct schema_table schema_tables[SCHEMA_NTABLE];

/* One cell as the stages read it. */
union schema_value {
	const char *text;
	dip_date date;
	int ordinal;
	long count;
	int flag;                /* FLAG and BOOL */
};
/*
 * The value of text v (NULL when the cell is empty) as a column of this
 * type holds it: 0, or -1 when it is not one (a bad date, "3x" or "-1"
 * for a number).  The CSV reader and the snapshot writer both go
 * through it, so a value reads the same either way.
 */
int schema_value(enum schema_type type, const char *v, union schema_value *out);
/* Store a value in the field of the type's C type at f. */
void schema_store(enum schema_type type, const union schema_value *v, void *f);

/* The mask of one stage by its name ("overdue", "repeat-cp"…);
 * SCHEMA_EVERY for a name that is not a metric stage. */
unsigned schema_stage_mask(const char *stage);
/* 1 when one of `stages` reads column c. */
int schema_col_read(const struct schema_col *c, unsigned stages);
/*
 * need[t] = 1 for each table the stages read: one with a column they
 * read (key columns aside) or whose rows they count, each parent of
 * such a table (rows are
 * joined through it), and the manifest, which every stage reads.
 */
void schema_tables_needed(unsigned stages, int need[SCHEMA_NTABLE]);

/* Table by name, or NULL. */
const struct schema_table *schema_table_named(const char *name);
/* "dip-overdue and dip-consent", "every metric stage", for messages. */
void schema_stage_names(unsigned stages, struct strbuf *out);

#endif
