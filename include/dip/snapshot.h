/*
 * snapshot.h - tables.snap: a binary copy of the columns the metric
 * stages read (schema.h), which dip-ingest writes beside the CSV tables
 * and the stages map instead of parsing the CSVs again.
 *
 * The CSVs stay the tables; the snapshot is a cache of them that can be
 * checked.  A stage uses it only when it is whole and matches the CSVs it
 * stands for, and otherwise reads the CSVs and says why (cases.h).  It
 * is read as untrusted input: every offset, count, string and value is
 * checked before use, so a damaged file is a reason to read the CSVs,
 * never a crash.
 *
 * Layout (integers in the writer's byte order, which the header's
 * byte-order mark must match):
 *   struct snap_header
 *   struct snap_table  one per table of schema.h that the export map
 *                      fills (not the manifest, which is written after)
 *   string pool        every distinct text value once, each ending in
 *                      NUL; offset 0 is the empty string, read as NULL
 *   rows               per table, nrow fixed-width rows of row_size
 *                      bytes: a nested table's row starts with its
 *                      parent's row number (u32), a table whose rows
 *                      carry their line (schema_table.line) has it next
 *                      (u32), then each column at its `at`: text a u32
 *                      pool offset, date an i32 day number, ordinal an
 *                      i32, count an i64 (-1 when empty), flag and
 *                      boolean an i8
 * Every part has a CRC-32 (zlib): the header and directory one, the pool
 * one, each table's rows one.  Each table records the size, inode,
 * modification time and CRC-32 of the CSV it was made from: a stage
 * trusts the snapshot's rows of a table only while that CSV is the same
 * file, or a file with the same bytes (a copied tables directory).
 *
 * Returns: snapshot_open() returns 0, or -1 with *why saying in words
 * why the snapshot cannot be used; snapshot_table() returns the table,
 * or NULL with *why.  Nothing here prints or exits on bad input: the
 * caller reads the CSVs instead and says why.
 */
#ifndef DIP_SNAPSHOT_H
#define DIP_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "dip/schema.h"
#include "dip/util.h"

#define SNAPSHOT_NAME "tables.snap"
#define SNAPSHOT_MAGIC "DIPSNAP\n"
/* Bumped whenever the layout changes: a stage reads only its own. */
#define SNAPSHOT_VERSION 1u
#define SNAPSHOT_BOM 0x01020304u
#define SNAPSHOT_NAME_MAX 32
#define SNAPSHOT_MAX_COL 16
#define SNAPSHOT_MAX_TABLE 64

struct snap_header {
	char magic[8];
	uint32_t version;
	uint32_t bom;
	uint32_t ntable;
	uint32_t crc;            /* header (this field 0) and directory */
	uint64_t file_size;
	uint64_t pool_off, pool_len;
	uint32_t pool_crc;
	uint32_t reserved[3];
};

struct snap_col {
	char name[SNAPSHOT_NAME_MAX];
	uint32_t type;           /* enum schema_type */
	uint32_t at;             /* byte offset in the row */
};

/* Why the writer could not hold a table (the CSV then says exactly). */
enum snap_status {
	SNAP_HELD,
	SNAP_BAD_VALUE,          /* a value the stages' reader refuses */
	SNAP_NO_PARENT,          /* a row not written under its parent */
	SNAP_NO_KEY,             /* a top-level row without its key */
	SNAP_NOT_MAPPED,         /* a declared column the map does not fill */
	SNAP_NSTATUS
};

struct snap_table {
	char name[SNAPSHOT_NAME_MAX];
	uint32_t status;         /* enum snap_status */
	uint32_t flags;          /* SNAP_PARENT | SNAP_LINE */
	uint32_t ncol;
	uint32_t row_size;
	uint64_t nrow;
	uint64_t off;            /* first row */
	uint32_t crc;            /* of nrow * row_size bytes from off */
	uint32_t csv_crc;        /* of the whole CSV */
	uint64_t csv_size, csv_ino;
	int64_t csv_mtime_ns;
	struct snap_col col[SNAPSHOT_MAX_COL];
};

enum { SNAP_PARENT = 1, SNAP_LINE = 2 };

/* Bytes a value of this type takes in a row. */
size_t snapshot_width(enum schema_type type);
/* The writer's reasons, in words ("a value the stages cannot read"). */
const char *snapshot_status_text(uint32_t status);

/*
 * A mapped snapshot.  snapshot_open() maps DIR/tables.snap and checks
 * its header, directory and pool: 0, or -1 with *why saying in words
 * why it cannot be used ("" when there is no snapshot at all).
 * snapshot_table() then checks one table for a stage: held, its CSV
 * unchanged, its rows' checksum, every column of `t` the stages in
 * `stages` read present with its type; it fills at[k] with column k's
 * offset in the row (-1 for a column the stages do not read) and returns
 * the table, or NULL with *why.  Values are checked as they are read
 * (snapshot_text() etc.).  Everything returned points into the mapping,
 * valid until snapshot_release().
 */
struct snapshot {
	const unsigned char *map;
	size_t size;
	const struct snap_header *head;
	const struct snap_table *dir;
	const char *pool;
	size_t pool_len;
};

int snapshot_open(struct snapshot *s, const char *dir, struct strbuf *why);
const struct snap_table *snapshot_table(struct snapshot *s, const char *dir,
					const struct schema_table *t,
					unsigned stages, int *at,
					struct strbuf *why);
/* Row r of table t (r < t->nrow). */
const unsigned char *snapshot_row(const struct snapshot *s,
				  const struct snap_table *t, uint64_t r);
/* Give back the pages of a table already copied out (they are file
 * pages: dropping them costs nothing and keeps the peak memory low). */
void snapshot_done_with(struct snapshot *s, const struct snap_table *t);
void snapshot_release(struct snapshot *s);

#endif
