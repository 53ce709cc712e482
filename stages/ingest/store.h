/*
 * store.h - every record of a run, merged across exports.
 *
 * The reader builds one top-level record (a Child, an Audit) at a time
 * as a pending tree, then store_merge() folds it into the store:
 *   - top-level records are one record per (LEA, key): the same
 *     LAchildID in six census years is one child;
 *   - a nested record is one record per (parent, key): the same referral
 *     date is one episode, the same start date one assessment, so what a
 *     later census leaves out (an assessment authorised last March) is
 *     kept from the earlier one and nothing is counted twice;
 *   - where two exports give different values for one column, the value
 *     from the export with the later header DateTime wins (the later file
 *     on the command line when the DateTimes are equal), and the report
 *     says which value was superseded.  A missing value never replaces a
 *     present one.
 *
 * Every value and key handed to the store must come from s->strings
 * (intern()): a record keeps each value as its 32-bit id (intern.h),
 * equal values being equal ids, and rec_val() gives the string back.
 *
 * store_sort() then orders records by (LEA, key) and children by key,
 * which is the order the tables are written and numbered in.
 *
 * Returns: store_merge() returns 0, or -1 once the records fill what
 * 32-bit references address (STORE_MAX_BYTES): the caller refuses the
 * file, and the store then holds part of it.  Nothing else fails: out of
 * memory exits (util.h), and a disagreement between exports is a report
 * row, not an error.  Records are the store's and stay where they are
 * until store_release() (sorting relinks them, never moves them); the
 * pending tree merged is the caller's and is not kept.
 */
#ifndef DIP_STORE_H
#define DIP_STORE_H

#include <stdint.h>

#include "ingest/exportmap.h"
#include "dip/arena.h"
#include "dip/hashtab.h"
#include "dip/intern.h"
#include "ingest/report.h"
#include "dip/util.h"

/*
 * A million children are six million records, so a record is kept
 * small, 20 bytes and 4 per value: its links to its parent, first child
 * and next sibling are 32-bit references into the store's records
 * (arena.h), its values follow it as string ids (a top-level record's
 * LEA after them, rec_lea()), and what only a second export makes worth
 * knowing — the last file that carried the record and its line there,
 * and the file that set each value (rec_src()) — is kept beside the
 * store's records, for those records only (struct rec_ext).  A run of
 * one export keeps none of it.  Read records through the functions
 * below, never their fields: they are the store's layout.
 */
struct rec {
	uint32_t up, child, next;        /* references; next: sibling, any
					  * table */
	uint32_t line;                   /* where first seen, in file */
	unsigned table : 8;              /* < MAP_MAX_TABLES */
	unsigned nchild : 7;             /* children, counted to
					  * STORE_INDEX_FROM */
	unsigned ext : 1;                /* has a struct rec_ext */
	unsigned file : 16;              /* the file that made it */
	uint32_t val[];                  /* one per table column: string ids,
					  * 0 = empty */
};

/* A record another file than its first has carried. */
struct rec_ext {
	const struct rec *rec;
	uint16_t *src;                   /* file that set each value, or NULL:
					  * every value came from rec->file */
	uint32_t last_line;              /* where last seen, in last_file */
	uint16_t last_file;
};

struct store;

/* Value col of r, NULL when empty. */
static inline const char *rec_val(const struct store *s, const struct rec *r,
				  size_t col);
/* The LEA of top-level record r, kept after its values. */
static inline const char *rec_lea(const struct store *s, const struct rec *r);
/* The key of r, a record of a table with one (every top-level table). */
static inline const char *rec_key(const struct store *s, const struct rec *r);
/* r's parent (NULL for a top-level record), first child, next sibling. */
static inline const struct rec *rec_up(const struct store *s,
				       const struct rec *r);
static inline const struct rec *rec_child(const struct store *s,
					  const struct rec *r);
static inline const struct rec *rec_next(const struct store *s,
					 const struct rec *r);
/* Where r was first read: the file and its line. */
static inline int rec_file(const struct rec *r) { return r->file; }
static inline long rec_line(const struct rec *r) { return (long)r->line; }
/* The last file that carried r, and r's line in it (its first line
 * while no other file has carried it: a record given twice in its first
 * file is placed where it was first read). */
static inline int rec_last_file(const struct store *s, const struct rec *r);
static inline long rec_last_line(const struct store *s, const struct rec *r);
/* The file that set value col of r (meaningful where the value is set). */
static inline int rec_src(const struct store *s, const struct rec *r,
			  size_t col);

/*
 * A record with this many children has them in the store's child index
 * (a hash of parent, table and key), so that merging n children into one
 * parent (50,000 episodes of one child, or 50,000 exports of it) costs
 * n lookups, not n^2/2 comparisons.  Smaller families are searched in
 * their list, which costs no memory and is faster at that size.
 */
#define STORE_INDEX_FROM 16

/* Records keep the number of the file that set them in 16 bits: one run
 * reads at most this many exports (dip-ingest refuses more). */
#define STORE_MAX_FILES UINT16_MAX

/* The records of one run, with their values, take at most this many
 * bytes (16 GiB, some 400 million records): what 32-bit references
 * address. */
#define STORE_MAX_BYTES ARENA_REF_LIMIT

struct seen_group;

/* A record as read from one file, before merging. */
struct pending {
	struct pending *up, *child, *last, *next;
	struct seen_group *groups;       /* groups of fields met so far */
	const char **val;
	long *vline;                     /* line of each value */
	long line;
	int table;
	int bad_key;                     /* key element present but invalid */
};

/* A pending record of table, read at line, its values all empty, in
 * arena a (the reader's scratch, reset after each top-level record). */
struct pending *pending_new(struct arena *a, const struct exportmap *map,
			    int table, long line);

struct store {
	const struct exportmap *map;
	struct arena arena;
	struct intern strings;           /* every value held is interned */
	struct hashtab tops;             /* top-level records by (LEA, key):
					  * ids index top[] */
	struct hashtab kids;             /* child index, see above: ids
					  * index kid[] */
	uint32_t *kid;                   /* references */
	size_t nkid, capkid;
	struct arena_refs recs;          /* the records */
	struct hashtab exts;             /* by record: ids index ext[] */
	struct rec_ext *ext;
	size_t next, capext;
	uint32_t *top;                   /* top-level references, in arrival
					  * order until store_sort():
					  * store_top() */
	size_t ntop, captop;
	size_t max_family;               /* most children of one record,
					  * found by store_sort() */
	char **rank;                     /* per file: export DateTime or "" */
	char **label;                    /* per file: name for the report */
	size_t nfile, capfile;
	unsigned char *given;            /* per table: a column keeps a
					  * value's text as given */
	int sorted;                      /* nothing merged since the sort */
};

void store_init(struct store *s, const struct exportmap *map);
/* Lower the limit on the records' bytes from STORE_MAX_BYTES, before
 * anything is merged (so that the refusal can be tried small). */
void store_limit(struct store *s, size_t bytes);
void store_release(struct store *s);
/* Register a file by its label; rank is its header DateTime ("" if
 * unknown), which decides whose values win: called again once the
 * header is read.  Both strings are copied. */
void store_set_rank(struct store *s, int file, const char *label,
		    const char *rank);
/*
 * Merge a complete pending top-level record from file into the store,
 * with its LEA (interned); superseded values and duplicates go to rep.
 * 0, or -1 when the records would pass the limit (see Returns).
 */
int store_merge(struct store *s, const struct pending *p, int file,
		const char *lea, struct report *rep);
/* Sort top-level and child lists (see above); a no-op when nothing was
 * merged since the last sort.  One sort at a time in a process: qsort()
 * gets the map's tables through a static. */
void store_sort(struct store *s);

/* The record reference ref names (not 0). */
static inline struct rec *store_rec(const struct store *s, uint32_t ref)
{
	return arena_ref_at(&s->recs, ref);
}

/* Top-level record i (< s->ntop). */
static inline const struct rec *store_top(const struct store *s, size_t i)
{
	return store_rec(s, s->top[i]);
}

static inline const char *rec_val(const struct store *s, const struct rec *r,
				  size_t col)
{
	return intern_at(&s->strings, r->val[col]);
}

static inline const char *rec_lea(const struct store *s, const struct rec *r)
{
	return rec_val(s, r, s->map->table[r->table].ncol);
}

static inline const char *rec_key(const struct store *s, const struct rec *r)
{
	return rec_val(s, r, (size_t)s->map->table[r->table].key);
}

static inline const struct rec *rec_up(const struct store *s,
				       const struct rec *r)
{
	return r->up ? store_rec(s, r->up) : NULL;
}

static inline const struct rec *rec_child(const struct store *s,
					  const struct rec *r)
{
	return r->child ? store_rec(s, r->child) : NULL;
}

static inline const struct rec *rec_next(const struct store *s,
					 const struct rec *r)
{
	return r->next ? store_rec(s, r->next) : NULL;
}

/* r's struct rec_ext, which it must have (r->ext). */
const struct rec_ext *rec_ext_of(const struct store *s, const struct rec *r);

static inline int rec_last_file(const struct store *s, const struct rec *r)
{
	return r->ext ? rec_ext_of(s, r)->last_file : (int)r->file;
}

static inline long rec_last_line(const struct store *s, const struct rec *r)
{
	return r->ext ? (long)rec_ext_of(s, r)->last_line : (long)r->line;
}

static inline int rec_src(const struct store *s, const struct rec *r,
			  size_t col)
{
	const struct rec_ext *x = r->ext ? rec_ext_of(s, r) : NULL;

	return x && x->src ? x->src[col] : (int)r->file;
}

#endif
