/*
 * exportmap.h - the export map: which XML element fills which column of
 * which table.  Councils' exports drift by census year and carry local
 * fields, so this is data (config/export-map.csv), not code.
 *
 * Rows, "kind,path,table,column,type,first_year,last_year":
 *   namespace  path = prefix, type = namespace URI ("x" -> urn:dipsample…)
 *   root       path = root element, type = census | audit
 *   record     an element that starts a row of `table`; column = the key
 *              column that identifies it within its parent (its start
 *              date, say); type = the ordinal column numbering it within
 *              its parent (episode_no), empty for top-level records.
 *              An empty column makes a block with no key of its own (a
 *              closure agreement): it is identified by all its values
 *              together, so a second block is a second row, never merged
 *              into the first, and it needs an ordinal
 *   field      an element whose text fills table.column, with a type:
 *              string | date | datetime | bool | count | code:LIST.
 *              The same path may be given once more, to a string column
 *              of the same table: that column keeps the text as the
 *              export gave it (sex_code beside the normalised sex)
 *              table "header" is the file's header (lea, census_year,
 *              reference_date, export_datetime), not written as a table
 *   ignore     an element dropped with everything in it (UPN, FormerUPN)
 * Paths are "/"-separated element names; "x:Name" names an element in
 * the namespace declared for prefix x.  first_year/last_year (census end
 * years, optional) bound where an element belongs.
 *
 * A record element that is also a field (AssessmentFactors) makes one
 * row per occurrence, keyed by its own text.
 *
 * Returns: exportmap_load() and exportmap_check_schema() return 0, or
 * -1 with err naming the map (or a code list it names) and the line,
 * and holding the exit status (DIP_EXIT_USAGE for a wrong row); a map
 * that failed to load is left empty, nothing to release.  Lookups return
 * NULL (map_child(), map_child_interned()) or -1 (map_col_index(),
 * map_table_index()) for what the map does not have, which is no error.
 * Every node, table, column and name is the map's, until
 * exportmap_release().  Out of memory exits (util.h).
 */
#ifndef DIP_EXPORTMAP_H
#define DIP_EXPORTMAP_H

#include "ingest/codelist.h"
#include "dip/error.h"

enum map_type { MAP_STRING, MAP_DATE, MAP_DATETIME, MAP_BOOL, MAP_COUNT,
		MAP_CODE };

enum map_root { ROOT_NONE, ROOT_CENSUS, ROOT_AUDIT };

/*
 * Records nest at most this deep (a top-level record is depth 1; the
 * census needs 4: Child, CINdetails, ChildProtectionPlans, Reviews).  A
 * row starts with lea, the top-level key and one ordinal per level
 * below, so no row has more than MAP_MAX_PREFIX identifying columns and
 * the writer keeps them in fixed arrays; exportmap_load() refuses a
 * deeper map at the record's line.  Tables are numbered in 8 bits in
 * the store's records, so a map may have at most MAP_MAX_TABLES of them.
 */
#define MAP_MAX_RECORD_DEPTH 8
#define MAP_MAX_PREFIX (MAP_MAX_RECORD_DEPTH + 1)
#define MAP_MAX_TABLES 255

/* A column may be filled by several elements (GenderCurrent up to
 * 2023-24, Sex after), each with its own type: types live on nodes. */
struct map_col {
	char *name;
	char *path;            /* the first element mapped to it, for reports */
	int given_of;          /* holds the text as given of this column, or -1 */
	int typed;             /* some element fills it with a typed value */
};

struct map_table {
	char *name;
	char *path;            /* record element path */
	int parent;            /* parent table, -1 for top level */
	int key;               /* own column that keys the record, -1 for a
	                        * block identified by all its values */
	char *keyname;         /* NULL for such a block */
	char *ordinal;         /* ordinal column name or NULL */
	struct map_col *col;
	size_t ncol, capcol;
	int is_header;
	int depth;             /* records nesting: 1 for top level */
	long line;             /* map line of the record row */
};

struct map_node {
	char *local, *ns;      /* ns: URI or NULL */
	char *path;            /* as written in the map */
	struct map_node *up;
	struct map_node **child;
	size_t nchild, capchild;
	int table;             /* record of this table, or -1 */
	int field_table, field_col;   /* or -1 */
	int given_col;         /* column keeping the text as given, or -1 */
	enum map_type type;    /* for fields */
	int codelist;          /* index in map->codes for MAP_CODE */
	int ignore;
	int group;             /* a group of fields that cannot repeat within
	                        * its record (ChildIdentifiers, Moderation) */
	enum map_root root;
	int first_year, last_year;
	long line;
	/* libxml2 interns names, so within one parse the same pointer is
	 * the same name: remembered here, cleared for each file. */
	const char *seen_local, *seen_ns;
	/* For map_child_interned(): the child met last, and the sibling
	 * met after this one last time (tried first). */
	struct map_node *last, *after;
};

struct exportmap {
	char *path;
	struct map_node top;   /* its children are the accepted roots */
	struct map_table *table;
	size_t ntable, captable;
	int header;            /* index of the header pseudo-table */
	struct codelist *codes;
	size_t ncodes, capcodes;
	char **nsprefix, **nsuri;
	size_t nns, capns;
};

/* Load the map and the code lists it names (from codes_dir), checking
 * what one row cannot show: nesting, keys, ordinals, where fields lie. */
int exportmap_load(struct exportmap *m, const char *path,
		   const char *codes_dir, struct dip_err *err);
void exportmap_release(struct exportmap *m);

/* Child element of n; ns NULL for no namespace. */
struct map_node *map_child(const struct map_node *n, const char *ns,
			   const char *local);
/* The same for names interned by one parser, compared by address
 * after the first match: the match is remembered in the map, so one
 * parse at a time, and map_forget_names() on the root before each new
 * one (a new parser may reuse the addresses for other names). */
struct map_node *map_child_interned(struct map_node *n, const char *ns,
				    const char *local);
/* Clear what map_child_interned() remembered, from n down. */
void map_forget_names(struct map_node *n);
/* Column index of name in table t, or -1. */
int map_col_index(const struct exportmap *m, int t, const char *name);
/* Table index by name, or -1. */
int map_table_index(const struct exportmap *m, const char *name);
/* The columns that start every row of table t, appended to name[*n]:
 * (lea, key) at the top level, then each nested level's ordinal.  At
 * most MAP_MAX_PREFIX of them (exportmap_load() refuses deeper maps). */
void map_key_columns(const struct exportmap *m, int t, const char **name,
		     size_t *n);
/* Check that the map produces every column the stages read (schema.h),
 * with a type they can read: an error names the map's line, the column
 * and the stages that need it. */
int exportmap_check_schema(const struct exportmap *m, struct dip_err *err);

#endif
