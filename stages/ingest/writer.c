/*
 * writer.c - the normalised tables, manifest.csv and ingest-report.csv.
 *
 * Every table row starts with the columns that identify it: a top-level
 * record with (lea, key), a nested one with its parent's identity plus
 * its own ordinal (episode_no, assessment_no…), numbered in key order
 * within the parent.  All files are one output set (outset.h): every
 * one replaces its target, or none does.
 */
#include "ingest/run.h"
#include "dip/csvio.h"
#include "dip/exitcode.h"
#include "dip/outset.h"
#include "dip/util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Child-level tables carry personal data: owner only. */
#define PERSONAL_MODE 0600
#define SUMMARY_MODE 0644

/*
 * The records in table order, depth first, each with the cells that
 * identify it: the CSV writer and the snapshot writer walk the store
 * this way, each with its own walk, the snapshot's on a second thread
 * while the CSVs are written.  The store is not changed while they walk.
 */
struct walk {
	const struct exportmap *map;
	const struct store *store;
	int *counter;               /* ordinal counters, per depth and table */
	const char *const *ordinal; /* ordinal[i]: i, interned (ordinals()) */
	void (*row)(void *ctx, const struct rec *r, const char **prefix,
		    size_t nprefix);
	void *ctx;
};

/* A table's rows are gathered and written this many bytes at a time:
 * one fwrite() a row cost more than formatting it. */
#define ROWS_BUFFER (64 * 1024)

struct writer {
	struct ingest *g;
	struct strbuf *rows_out;    /* per table, rows not yet written */
	FILE **out;                 /* one per table (header: unused) */
	unsigned long *rows;
	int failed;
	struct snapwriter *snap;    /* tables.snap, fed every row */
};

/*
 * Every ordinal a walk can need, 0 to the largest family (store_sort()),
 * interned in the store's strings before the walks start: every cell is
 * then an interned string (csv_add_field_interned(), the snapshot's
 * pool), and nothing is interned while the two walks run.  The caller
 * frees the array.
 */
static const char **ordinals(struct store *st)
{
	const char **o = xcalloc(st->max_family + 1, sizeof(*o));
	char num[32];

	for (size_t i = 0; i <= st->max_family; i++) {
		snprintf(num, sizeof(num), "%zu", i);
		o[i] = intern_str(&st->strings, num);
	}
	return o;
}

/* A walk of st calling row(ctx, ...) for every record. */
static void walk_init(struct walk *k, const struct store *st,
		      const char *const *ordinal,
		      void (*row)(void *, const struct rec *, const char **,
				  size_t), void *ctx)
{
	memset(k, 0, sizeof(*k));
	k->map = st->map;
	k->store = st;
	k->ordinal = ordinal;
	k->counter = xcalloc((k->map->ntable + 1) * k->map->ntable,
			     sizeof(int));
	k->row = row;
	k->ctx = ctx;
}

static void walk_release(struct walk *k)
{
	free(k->counter);
}

/* r's row, then its children's: prefix holds the cells identifying r's
 * parent, num is r's place among its parent's children of its table. */
static void walk_rec(struct walk *k, const struct rec *r, const char **prefix,
		     size_t nprefix, int num, size_t depth)
{
	const struct map_table *tb = &k->map->table[r->table];
	size_t nt = k->map->ntable;
	const char *mine[MAP_MAX_PREFIX];
	size_t n = nprefix;
	int *counter;

	if (nprefix)
		memcpy(mine, prefix, nprefix * sizeof(*prefix));
	if (tb->parent < 0) {
		mine[n++] = rec_lea(k->store, r);
		mine[n++] = rec_key(k->store, r);
	} else if (tb->ordinal) {
		mine[n++] = k->ordinal[num];
	}
	k->row(k->ctx, r, mine, n);
	/* Ordinals restart within each parent: one counter row per depth,
	 * and nesting is never deeper than the number of tables. */
	counter = k->counter + depth * nt;
	memset(counter, 0, nt * sizeof(*counter));
	for (const struct rec *c = rec_child(k->store, r); c;
	     c = rec_next(k->store, c))
		walk_rec(k, c, mine, n, ++counter[c->table], depth + 1);
}

static void walk_store(struct walk *k)
{
	for (size_t i = 0; i < k->store->ntop; i++)
		walk_rec(k, store_top(k->store, i), NULL, 0, 0, 0);
}

/* Table t's header line: the identifying columns, then its own (a
 * top-level key is already among the first).  0, or -1 (errno). */
static int write_header(const struct exportmap *m, int t, FILE *fp)
{
	const struct map_table *tb = &m->table[t];
	const char *name[MAP_MAX_PREFIX];
	size_t n = 0;
	int first = 1;

	map_key_columns(m, t, name, &n);
	for (size_t i = 0; i < n; i++, first = 0)
		if (csv_write_field(fp, name[i], first))
			return -1;
	for (size_t c = 0; c < tb->ncol; c++) {
		if (tb->parent < 0 && (int)c == tb->key)
			continue;
		if (csv_write_field(fp, tb->col[c].name, first))
			return -1;
		first = 0;
	}
	return csv_end_row(fp);
}

/* Table t's gathered rows to its file. */
static void flush_rows(struct writer *w, size_t t)
{
	struct strbuf *b = &w->rows_out[t];

	if (b->len && fwrite(b->buf, 1, b->len, w->out[t]) != b->len)
		w->failed = 1;
	strbuf_reset(b);
}

/* One CSV row, added to its table's gathered rows: every value is
 * interned (store.h), so lengths and quoting are known, nothing is
 * measured or scanned per field. */
static void csv_row(void *ctx, const struct rec *r, const char **prefix,
		    size_t nprefix)
{
	struct writer *w = ctx;
	const struct map_table *tb = &w->g->map->table[r->table];
	struct strbuf *b = &w->rows_out[r->table];
	int first = 1;

	for (size_t i = 0; i < nprefix; i++, first = 0)
		csv_add_field_interned(b, prefix[i], first);
	for (size_t c = 0; c < tb->ncol; c++) {
		if (tb->parent < 0 && (int)c == tb->key)
			continue;
		csv_add_field_interned(b, rec_val(&w->g->store, r, c), first);
		first = 0;
	}
	strbuf_add(b, "\n", 1);
	w->rows[r->table]++;
	if (b->len >= ROWS_BUFFER)
		flush_rows(w, r->table);
}

static void snap_row(void *ctx, const struct rec *r, const char **prefix,
		     size_t nprefix)
{
	snapwriter_row(ctx, r, prefix, nprefix);
}

/* The snapshot's walk, run on its own thread while the CSVs are
 * written: it only reads the store, and interns nothing. */
struct snap_job {
	struct walk walk;
};

static void *snap_walk(void *arg)
{
	struct snap_job *j = arg;

	walk_store(&j->walk);
	return NULL;
}

/* tally: the report's rows by file and severity, as report_write()
 * counted them while writing, so the two files always agree. */
static int write_manifest(struct writer *w, FILE *fp,
			  const unsigned long *tally)
{
	static const char *const head[] = { "item", "name", "bytes", "sha256",
		"kind", "compression", "lea", "census_year", "reference_date",
		"export_datetime", "rows", "warnings", "rejects", "superseded" };
	const size_t nh = sizeof(head) / sizeof(head[0]);
	struct ingest *g = w->g;
	char num[5][32];

	if (csv_write_row(fp, head, nh))
		return -1;
	for (size_t i = 0; i < g->nfile; i++) {
		const struct ingest_file *f = &g->file[i];
		const char *row[14];

		snprintf(num[0], sizeof(num[0]), "%llu", f->info.file_bytes);
		snprintf(num[1], sizeof(num[1]), "%lu", f->top_records);
		snprintf(num[2], sizeof(num[2]), "%lu",
			 tally[i * 3 + SEV_WARNING]);
		snprintf(num[3], sizeof(num[3]), "%lu",
			 tally[i * 3 + SEV_REJECT]);
		snprintf(num[4], sizeof(num[4]), "%lu",
			 tally[i * 3 + SEV_SUPERSEDED]);
		row[0] = "source";
		row[1] = f->label;
		row[2] = num[0];
		row[3] = f->info.sha256;
		row[4] = f->kind == ROOT_AUDIT ? "audit" : "census";
		row[5] = f->info.gzip ? "gzip" : "none";
		row[6] = ingest_header(g, f, "lea");
		row[7] = ingest_header(g, f, "census_year");
		row[8] = ingest_header(g, f, "reference_date");
		row[9] = ingest_header(g, f, "export_datetime");
		row[10] = num[1];
		row[11] = num[2];
		row[12] = num[3];
		row[13] = num[4];
		if (csv_write_row(fp, row, nh))
			return -1;
	}
	for (size_t t = 0; t < g->map->ntable; t++) {
		const char *row[14] = { 0 };
		struct strbuf name;
		int rc;

		if (g->map->table[t].is_header)
			continue;
		strbuf_init(&name);
		strbuf_addf(&name, "%s.csv", g->map->table[t].name);
		snprintf(num[0], sizeof(num[0]), "%lu", w->rows[t]);
		row[0] = "table";
		row[1] = name.buf;
		row[10] = num[0];
		rc = csv_write_row(fp, row, nh);
		strbuf_release(&name);
		if (rc)
			return -1;
	}
	return 0;
}

int ingest_write(struct ingest *g, const char *dir, struct dip_err *err)
{
	const struct exportmap *m = g->map;
	size_t nt = m->ntable;
	FILE **out = xcalloc(nt, sizeof(*out));
	FILE *manifest, *report;
	struct outset set;
	struct writer w = { g, xcalloc(nt, sizeof(struct strbuf)), out,
			    xcalloc(nt, sizeof(unsigned long)), 0, NULL };
	struct walk csv;
	struct snap_job job;
	pthread_t thread;
	int threaded;
	const char **labels = xcalloc(g->nfile + 1, sizeof(char *));
	unsigned long *tally = xcalloc(g->nfile * 3 + 1, sizeof(*tally));
	const char **ordinal;
	int rc = -1;

	/* Sorted, and every ordinal interned, before anything reads the
	 * store's strings by id (the snapshot's pool). */
	store_sort(&g->store);
	ordinal = ordinals(&g->store);
	outset_init(&set, dir, "ingest");
	walk_init(&csv, &g->store, ordinal, csv_row, &w);
	for (size_t t = 0; t < nt; t++) {
		struct strbuf name;

		if (m->table[t].is_header)
			continue;
		strbuf_init(&name);
		strbuf_addf(&name, "%s.csv", m->table[t].name);
		out[t] = outset_open(&set, NULL, name.buf, PERSONAL_MODE, err);
		strbuf_release(&name);
		if (!out[t])
			goto out;
		if (write_header(m, (int)t, out[t]))
			w.failed = 1;
	}
	w.snap = snapwriter_new(&g->store, dir);
	if (!(manifest = outset_open(&set, NULL, "manifest.csv", SUMMARY_MODE,
				     err)) ||
	    !(report = outset_open(&set, NULL, "ingest-report.csv",
				   PERSONAL_MODE, err)))
		goto out;
	/* The two walks only read the store: nothing is interned while
	 * both run. */
	walk_init(&job.walk, &g->store, ordinal, snap_row, w.snap);
	threaded = pthread_create(&thread, NULL, snap_walk, &job) == 0;
	walk_store(&csv);
	for (size_t t = 0; t < nt; t++)
		if (out[t])
			flush_rows(&w, t);
	if (threaded)
		pthread_join(thread, NULL);
	else
		walk_store(&job.walk);
	walk_release(&job.walk);
	if (snapwriter_finish(w.snap, &set, out, err))
		goto out;
	for (size_t i = 0; i < g->nfile; i++)
		labels[i] = g->file[i].label;
	if (report_write(&g->report, report, labels, tally) ||
	    write_manifest(&w, manifest, tally) ||
	    snapwriter_manifest(w.snap, manifest))
		w.failed = 1;
	if (w.failed)
		outset_failed(&set, dir, err);
	else
		rc = outset_commit(&set, err);
out:
	/* Whatever was not committed is discarded. */
	outset_release(&set);
	snapwriter_free(w.snap);
	walk_release(&csv);
	free(ordinal);
	free(out);
	for (size_t t = 0; t < nt; t++)
		strbuf_release(&w.rows_out[t]);
	free(w.rows_out);
	free(w.rows);
	free(labels);
	free(tally);
	return rc;
}
