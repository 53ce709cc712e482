/*
 * snapwriter.c - tables.snap written beside the tables (snapshot.h): the
 * writer hands over every row with the cells it writes to the CSV, in
 * the CSV's order (from its own walk of the store, on a second thread),
 * so the snapshot holds exactly the cells the CSV holds, read the way
 * the stages read them (schema_value()).  Rows wait in one unlinked temporary file per
 * table, so memory stays one row per table whatever the census holds;
 * the snapshot is assembled from them into the same output set as the
 * CSVs, and recorded in the manifest.
 */
#define _GNU_SOURCE 1   /* O_TMPFILE */
#include "ingest/run.h"
#include "dip/csvio.h"
#include "dip/exitcode.h"
#include "dip/hashtab.h"
#include "dip/outfile.h"
#include "dip/outset.h"
#include "dip/schema.h"
#include "dip/snapshot.h"
#include "dip/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Where each declared column's cell is in the CSV row handed over: one
 * of the identifying prefix, or a value of the record. */
struct source {
	int prefix;              /* index in the prefix, or -1 */
	int val;                 /* index in r->val, or -1: not mapped */
};

struct snaptable {
	const struct schema_table *t;
	int map;                 /* the export map's table, or -1 */
	struct snap_table dir;   /* its directory entry, filled as it goes */
	struct source src[SNAPSHOT_MAX_COL + 8];
	unsigned char *row;
	FILE *tmp;               /* the rows so far */
	/* Rows gathered, OUTFILE_BUFFER bytes at most, then counted into
	 * crc and written to tmp together: zlib's CRC-32 of one short row
	 * at a time went byte by byte, 40% of this thread's time. */
	unsigned char *pend;
	size_t npend;
	uLong crc;
	uint64_t nrow;
	uint32_t next_line;      /* of the next row in the CSV */
	const struct rec *last;  /* the last row's record */
};

struct snapwriter {
	const struct exportmap *map;
	const struct store *store;
	struct snaptable t[SCHEMA_NTABLE];
	int *of_map;             /* schema table of each map table, or -1 */
	/*
	 * The string pool: each distinct text once, "" first, in the order
	 * first met.  Every cell is interned in the store's strings (equal
	 * texts, equal ids), so the pool is a list of ids, and each id's
	 * place in it is found without hashing; the texts are copied out
	 * only when the snapshot is assembled.
	 */
	uint32_t *pooled;        /* ids, in pool order */
	size_t npooled, cappooled;
	uint32_t *off;           /* by id: where it starts in the pool, 0:
				  * not in it yet */
	size_t noff;
	uint64_t pool_len;
	int failed;              /* a temporary file could not be written */
	int why;                 /* errno of the first failure */
	/* for the manifest */
	uint64_t bytes;
};

/* The pool offset of s, a string interned in the store's strings,
 * added on first sight; -1 when the pool would pass 4 GiB, which its
 * 32-bit offsets cannot say (the table is then not held). */
static int64_t pool_add(struct snapwriter *w, const char *s)
{
	uint32_t id = intern_id(s);

	if (id >= w->noff)
		return -1;      /* not one of the store's strings */
	if (w->off[id])
		return w->off[id];
	if (w->pool_len + intern_len(s) + 1 > UINT32_MAX)
		return -1;
	XGROW(w->pooled, w->cappooled, w->npooled + 1);
	w->pooled[w->npooled++] = id;
	w->off[id] = (uint32_t)w->pool_len;
	w->pool_len += intern_len(s) + 1;
	return w->off[id];
}

/* Remember a failure with the errno it left: the rows are written on
 * the snapshot's own thread, whose errno the finishing thread cannot
 * see, and a later call may change it. */
static void fail(struct snapwriter *w)
{
	if (!w->failed)
		w->why = errno ? errno : EIO;
	w->failed = 1;
}

/* An unlinked file beside the tables: rows hold personal data, so they
 * stay on the tables' file system, owner-only, and vanish with us.
 * NULL when none can be made. */
static FILE *scratch_file(const char *dir)
{
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	FILE *fp;

	if (fd < 0) {
		char *path = path_join(dir, ".tables.snap.rows-XXXXXX");

		fd = mkstemp(path);
		if (fd >= 0)
			unlink(path);
		free(path);
	}
	if (fd < 0)
		return NULL;
	fp = fdopen(fd, "w+");
	if (!fp)
		close(fd);
	return fp;
}

/* Lay out st's rows and directory entry from the schema and the map:
 * where each declared column's cell comes from and where it goes in the
 * row.  A declared column the map does not fill leaves the table out
 * (SNAP_NOT_MAPPED), so the stages read its CSV. */
static void describe(struct snapwriter *w, struct snaptable *st,
		     const char *dir)
{
	const struct schema_table *t = st->t;
	const struct map_table *mt;
	const char *name[MAP_MAX_PREFIX];
	size_t nprefix = 0;
	uint32_t at = 0;

	memset(&st->dir, 0, sizeof(st->dir));
	snprintf(st->dir.name, sizeof(st->dir.name), "%s", t->name);
	if (t->parent >= 0) {
		st->dir.flags |= SNAP_PARENT;
		at += 4;
	}
	if (t->line != SCHEMA_NOWHERE) {
		st->dir.flags |= SNAP_LINE;
		at += 4;
	}
	st->next_line = 2;
	if (st->map < 0) {
		st->dir.status = SNAP_NOT_MAPPED;
		return;
	}
	mt = &w->map->table[st->map];
	map_key_columns(w->map, st->map, name, &nprefix);
	for (int k = 0; k < t->ncol; k++) {
		const struct schema_col *c = &t->col[k];
		struct source *src = &st->src[k];

		src->prefix = src->val = -1;
		for (size_t i = 0; i < nprefix && src->prefix < 0; i++)
			if (!strcmp(name[i], c->name))
				src->prefix = (int)i;
		for (size_t i = 0; i < mt->ncol && src->prefix < 0 &&
				   src->val < 0; i++)
			if (!strcmp(mt->col[i].name, c->name) &&
			    !(mt->parent < 0 && (int)i == mt->key))
				src->val = (int)i;
		if (src->prefix < 0 && src->val < 0)
			st->dir.status = SNAP_NOT_MAPPED;
		if (c->offset == SCHEMA_NOWHERE)
			continue;
		if (st->dir.ncol == SNAPSHOT_MAX_COL) {
			st->dir.status = SNAP_NOT_MAPPED;
			continue;
		}
		snprintf(st->dir.col[st->dir.ncol].name, SNAPSHOT_NAME_MAX, "%s",
			 c->name);
		st->dir.col[st->dir.ncol].type = (uint32_t)c->type;
		st->dir.col[st->dir.ncol].at = at;
		st->dir.ncol++;
		at += (uint32_t)snapshot_width(c->type);
	}
	st->dir.row_size = at;
	st->row = xcalloc(at ? at : 1, 1);
	st->crc = crc32(0L, Z_NULL, 0);
	if (st->dir.status == SNAP_HELD) {
		st->pend = xmalloc(OUTFILE_BUFFER);
		if (!(st->tmp = scratch_file(dir)))
			fail(w);
	}
}

struct snapwriter *snapwriter_new(const struct store *store, const char *dir)
{
	struct snapwriter *w = xcalloc(1, sizeof(*w));
	const struct exportmap *m = store->map;

	w->map = m;
	w->store = store;
	w->of_map = xcalloc(m->ntable + 1, sizeof(*w->of_map));
	for (size_t i = 0; i < m->ntable; i++)
		w->of_map[i] = -1;
	/* Ids run from 1 to n, and no string is interned from here on
	 * (run.h). */
	w->noff = store->strings.n + 1;
	w->off = xcalloc(w->noff, sizeof(*w->off));
	w->pool_len = 1;                /* "" */
	for (int t = 0; t < SCHEMA_NTABLE; t++) {
		struct snaptable *st = &w->t[t];

		st->t = &schema_tables[t];
		st->map = -1;
		if (!st->t->from_map)
			continue;
		for (size_t i = 0; i < m->ntable; i++)
			if (!m->table[i].is_header &&
			    !strcmp(m->table[i].name, st->t->name))
				st->map = (int)i;
		if (st->map >= 0)
			w->of_map[st->map] = t;
		describe(w, st, dir);
	}
	return w;
}

/* The cell a declared column reads in this row, NULL when empty. */
static const char *cell_of(const struct snapwriter *w, const struct rec *r,
			   const struct source *src, const char *const *prefix)
{
	const char *v = src->prefix >= 0 ? prefix[src->prefix]
		      : rec_val(w->store, r, (size_t)src->val);

	/* An empty cell reads as no value, in the CSV as here. */
	return v && *v ? v : NULL;
}

/* A table's gathered rows into its CRC-32 and its scratch file. */
static void flush_rows(struct snapwriter *w, struct snaptable *st)
{
	if (!st->npend)
		return;
	st->crc = crc32(st->crc, st->pend, (uInt)st->npend);
	if (!st->tmp || fwrite(st->pend, 1, st->npend, st->tmp) != st->npend)
		fail(w);
	st->npend = 0;
}

void snapwriter_row(struct snapwriter *w, const struct rec *r,
		    const char *const *prefix, size_t nprefix)
{
	struct snaptable *st;
	const struct map_table *mt;
	unsigned char *row;
	int ci = 0;

	if (r->table >= w->map->ntable || w->of_map[r->table] < 0)
		return;
	st = &w->t[w->of_map[r->table]];
	mt = &w->map->table[r->table];
	row = st->row;
	if (st->t->line != SCHEMA_NOWHERE && st->dir.status == SNAP_HELD) {
		uint32_t line = st->next_line, breaks = 0;

		/* Line breaks inside quoted cells move the next row down. */
		for (size_t i = 0; i < nprefix; i++)
			for (const char *p = prefix[i]; p && (p = strchr(p, '\n')); p++)
				breaks++;
		for (size_t c = 0; c < mt->ncol; c++)
			for (const char *p = rec_val(w->store, r, c);
			     p && (p = strchr(p, '\n')); p++)
				breaks++;
		memcpy(row + (st->t->parent >= 0 ? 4 : 0), &line, 4);
		st->next_line += 1 + breaks;
	}
	if (st->dir.status != SNAP_HELD)
		goto count;
	if (st->t->parent >= 0) {
		const struct snaptable *pt = &w->t[st->t->parent];
		uint32_t p = (uint32_t)(pt->nrow - 1);

		/* The writer goes depth first: the parent is the last row
		 * of the parent table, if the map nests the tables as the
		 * schema joins them (the record's parent is that row's). */
		if (!pt->nrow || !rec_up(w->store, r) ||
		    pt->last != rec_up(w->store, r)) {
			st->dir.status = SNAP_NO_PARENT;
			goto count;
		}
		memcpy(row, &p, 4);
	} else {
		for (int k = 0; k < st->t->nkey; k++)
			if (!cell_of(w, r, &st->src[k], prefix)) {
				st->dir.status = SNAP_NO_KEY;
				goto count;
			}
	}
	for (int k = 0; k < st->t->ncol; k++) {
		const struct schema_col *c = &st->t->col[k];
		const char *v = cell_of(w, r, &st->src[k], prefix);
		union schema_value sv;
		unsigned char *f;
		int8_t b;
		int64_t q, o;
		uint32_t u;

		if (c->offset == SCHEMA_NOWHERE)
			continue;
		f = row + st->dir.col[ci++].at;
		if (schema_value(c->type, v, &sv)) {
			st->dir.status = SNAP_BAD_VALUE;
			goto count;
		}
		switch (c->type) {
		case SCHEMA_TEXT:
			if ((o = sv.text ? pool_add(w, sv.text) : 0) < 0) {
				st->dir.status = SNAP_BAD_VALUE;
				goto count;
			}
			u = (uint32_t)o;
			memcpy(f, &u, 4);
			break;
		case SCHEMA_DATE:
			memcpy(f, &sv.date, 4);
			break;
		case SCHEMA_ORDINAL:
			memcpy(f, &sv.ordinal, 4);
			break;
		case SCHEMA_COUNT:
			q = sv.count;
			memcpy(f, &q, 8);
			break;
		case SCHEMA_FLAG:
		case SCHEMA_BOOL:
			b = (int8_t)sv.flag;
			memcpy(f, &b, 1);
			break;
		}
	}
	/* A row is at most SNAPSHOT_MAX_COL cells of 8 bytes and its
	 * parent and line: far less than the buffer. */
	if (st->npend + st->dir.row_size > OUTFILE_BUFFER)
		flush_rows(w, st);
	memcpy(st->pend + st->npend, row, st->dir.row_size);
	st->npend += st->dir.row_size;
count:
	/* Rows are counted whatever happens: children find their parent
	 * by its number. */
	st->last = r;
	st->nrow++;
}

/* The CSV's identity: size, inode, modification time, and the CRC-32
 * its file counted as it was written, once it is all written.  0, or -1
 * (not a member, or a file whose size is not what was written). */
static int csv_identity(struct outset *set, FILE *fp, struct snap_table *d)
{
	const struct outfile *o = outset_file(set, fp);
	struct stat s;

	if (!o || fflush(fp) || fstat(o->fd, &s) ||
	    (unsigned long long)s.st_size != o->bytes)
		return -1;
	d->csv_size = (uint64_t)s.st_size;
	d->csv_ino = (uint64_t)s.st_ino;
	d->csv_mtime_ns = (int64_t)s.st_mtim.tv_sec * 1000000000 +
			  s.st_mtim.tv_nsec;
	d->csv_crc = (uint32_t)o->crc;
	return 0;
}

/* Bytes out, counted for the manifest; a failed write is remembered
 * and checked once, at the end. */
struct sink {
	FILE *fp;
	uint64_t bytes;
	int failed;
};

static void put(struct sink *s, const void *p, size_t n)
{
	if (!n)
		return;
	if (fwrite(p, 1, n, s->fp) != n)
		s->failed = 1;
	s->bytes += n;
}

static void pad_to(struct sink *s, uint64_t off)
{
	static const unsigned char zero[4096];

	while (s->bytes < off) {
		uint64_t n = off - s->bytes;

		put(s, zero, n > sizeof(zero) ? sizeof(zero) : (size_t)n);
	}
}

/* The pool's bytes: "", then each string pooled, each with its NUL. */
static uLong pool_crc(const struct snapwriter *w)
{
	uLong crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef *)"", 1);

	for (size_t i = 0; i < w->npooled; i++) {
		const char *s = intern_at(&w->store->strings, w->pooled[i]);

		crc = crc32(crc, (const Bytef *)s, (uInt)strlen(s) + 1);
	}
	return crc;
}

static void put_pool(struct sink *out, const struct snapwriter *w)
{
	put(out, "", 1);
	for (size_t i = 0; i < w->npooled; i++) {
		const char *s = intern_at(&w->store->strings, w->pooled[i]);

		put(out, s, strlen(s) + 1);
	}
}

/* Tables start on a page: the reader gives back a table's pages once
 * it has copied them out, and a page shared with the pool would stay. */
#define ALIGN 4096u

/* The output NAME in the tables' directory failed, for reason why:
 * named by its path, as every member of the set is.  Always -1. */
static int failed_at(struct outset *set, const char *name, const char *why,
		     struct dip_err *err)
{
	char *path = path_join(set->root, name);

	err_set(err, DIP_EXIT_IO, path, 0, 0, "write failed: %s", why);
	free(path);
	return -1;
}

/*
 * A table's CSV failed as its identity was taken (its last bytes could
 * not be written, or its size on disk is not what was written): the
 * member whose write failed is named, or else that CSV.  Always -1.
 */
static int csv_failed(struct outset *set, const char *table,
		      struct dip_err *err)
{
	struct strbuf name;

	if (outset_write_error(set, err))
		return -1;
	strbuf_init(&name);
	strbuf_addf(&name, "%s.csv", table);
	failed_at(set, name.buf, "its size on disk is not what was written",
		  err);
	strbuf_release(&name);
	return -1;
}

int snapwriter_finish(struct snapwriter *w, struct outset *set,
		      FILE *const *csv, struct dip_err *err)
{
	struct snap_table dir[SCHEMA_NTABLE];
	struct snap_header h;
	struct sink out = { 0 };
	uint32_t ntable = 0;
	uint64_t off;
	uLong crc;

	memset(&h, 0, sizeof(h));
	for (int t = 0; t < SCHEMA_NTABLE; t++) {
		struct snaptable *st = &w->t[t];

		if (!st->t->from_map)
			continue;
		flush_rows(w, st);
		st->dir.nrow = st->nrow;
		st->dir.crc = (uint32_t)st->crc;
		if (st->dir.status == SNAP_HELD &&
		    (!st->tmp || fflush(st->tmp) || ferror(st->tmp)))
			fail(w);
		if (st->map >= 0 && csv[st->map] &&
		    csv_identity(set, csv[st->map], &st->dir))
			return csv_failed(set, st->t->name, err);
		dir[ntable++] = st->dir;
	}
	if (w->failed)
		return failed_at(set, SNAPSHOT_NAME, strerror(w->why), err);
	off = sizeof(h) + ntable * sizeof(struct snap_table);
	h.pool_off = off;
	h.pool_len = w->pool_len;
	h.pool_crc = (uint32_t)pool_crc(w);
	off += w->pool_len;
	for (uint32_t i = 0; i < ntable; i++) {
		if (dir[i].status != SNAP_HELD) {
			dir[i].nrow = 0;
			dir[i].off = 0;
			continue;
		}
		off = (off + ALIGN - 1) / ALIGN * ALIGN;
		dir[i].off = off;
		off += dir[i].nrow * dir[i].row_size;
	}
	memcpy(h.magic, SNAPSHOT_MAGIC, 8);
	h.version = SNAPSHOT_VERSION;
	h.bom = SNAPSHOT_BOM;
	h.ntable = ntable;
	h.file_size = off;
	crc = crc32(0L, (const Bytef *)&h, sizeof(h));
	crc = crc32(crc, (const Bytef *)dir, (uInt)(ntable * sizeof(*dir)));
	h.crc = (uint32_t)crc;

	out.fp = outset_open(set, NULL, SNAPSHOT_NAME, 0600, err);
	if (!out.fp)
		return -1;
	put(&out, &h, sizeof(h));
	put(&out, dir, ntable * sizeof(*dir));
	put_pool(&out, w);
	for (uint32_t i = 0, t = 0; i < ntable; i++, t++) {
		struct snaptable *st;
		unsigned char buf[1 << 15];
		size_t n;

		while (!w->t[t].t->from_map)
			t++;
		st = &w->t[t];
		if (dir[i].status != SNAP_HELD)
			continue;
		pad_to(&out, dir[i].off);
		rewind(st->tmp);
		while ((n = fread(buf, 1, sizeof(buf), st->tmp)) > 0)
			put(&out, buf, n);
		if (ferror(st->tmp))
			out.failed = 1;
	}
	if (out.failed || out.bytes != h.file_size) {
		if (outset_write_error(set, err))
			return -1;
		return failed_at(set, SNAPSHOT_NAME, out.failed ? "cannot"
				 " read back its rows" : "not the size it was"
				 " to have", err);
	}
	w->bytes = out.bytes;
	return 0;
}

int snapwriter_manifest(const struct snapwriter *w, FILE *fp)
{
	char bytes[32];
	/* No SHA-256: the snapshot holds the inode and time of each CSV,
	 * so two runs on the same exports write different bytes, and the
	 * manifest must not (it carries its own CRC-32s). */
	const char *row[14] = { "snapshot", SNAPSHOT_NAME, bytes };

	snprintf(bytes, sizeof(bytes), "%llu", (unsigned long long)w->bytes);
	return csv_write_row(fp, row, 14);
}

void snapwriter_free(struct snapwriter *w)
{
	if (!w)
		return;
	for (int t = 0; t < SCHEMA_NTABLE; t++) {
		struct snaptable *st = &w->t[t];

		if (st->tmp)
			fclose(st->tmp);
		free(st->pend);
		free(st->row);
	}
	free(w->pooled);
	free(w->off);
	free(w->of_map);
	free(w);
}
