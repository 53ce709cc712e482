/*
 * tables.c - fuzz the table reader that feeds the metric stages (libcsv
 * through csvio, the joins of cases_load()) and the stages themselves:
 * each metric stage runs exactly as its program does, from its own
 * main() (built a second time with main renamed, DIP_FUZZ_STAGES), on
 * the tables in the input, then dip-areas on the metrics they wrote.
 *
 * Input: the files of a tables directory, each introduced by a line
 * "=== NAME.csv" (NAME of [a-z0-9_-]; any other name is skipped, so
 * nothing is written outside the private directory), optionally after a
 * first line "as-of YYYY-MM-DD" (default 2026-04-01).  A table the
 * schema declares and the input leaves out is written with its declared
 * header and no rows, so an input stays meaningful when a table is added
 * and the fuzzer can spend its bytes on the tables that matter to it.
 * Seeds are the fixtures' tables directories in this form
 * (tests/fuzz/seed).
 *
 * A section "=== tables.snap" is the snapshot (snapshot.h), written
 * after its checksums and the identities of the CSVs it names are made
 * right again (reseal()): a mutation then reaches the checks of every
 * offset, count and value behind the checksums, which are the ones a
 * file made to pass them would meet.  Seeds from dip-ingest's tables
 * carry the snapshot it wrote.
 *
 * Invariant: with the shipped config a metric stage ends with 0
 * (written), 1 (a bad table) or 3 (a table unreadable), never 2 (usage
 * or config) or 4 (internal), and never by a signal.  dip-areas may also
 * end with 2: it refuses a measure whose metric no stage wrote, which
 * tables with nothing to count can bring about.
 */
#include "fuzz.h"
#include "dip/date.h"
#include "dip/exitcode.h"
#include "dip/schema.h"
#include "dip/snapshot.h"
#include "dip/util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#ifndef DIP_FUZZ_STAGES
#error "DIP_FUZZ_STAGES: the metric stages, X(overdue) X(consent) ..."
#endif

#define X(s) int fuzz_main_##s(int argc, char **argv);
DIP_FUZZ_STAGES
X(areas)
#undef X

struct stage {
	const char *name;
	int (*main)(int argc, char **argv);
};

static const struct stage stages[] = {
#define X(s) { #s, fuzz_main_##s },
	DIP_FUZZ_STAGES
#undef X
};

#define MAX_FILES 32

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int good_name(const char *s, size_t n)
{
	if (n == sizeof(SNAPSHOT_NAME) - 1 && !memcmp(s, SNAPSHOT_NAME, n))
		return 1;
	if (n < 5 || n > 64 || memcmp(s + n - 4, ".csv", 4) || s[0] == '.')
		return 0;
	for (size_t i = 0; i < n - 4; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')
		      || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* The next line of [p, end): its length without the LF in *n. */
static const char *next_line(const char *p, const char *end, size_t *n)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	*n = nl ? (size_t)(nl - p) : (size_t)(end - p);
	return nl ? nl + 1 : end;
}

/* Write each "=== NAME" section to tables/NAME; returns how many. */
static int unpack(const char *p, const char *end)
{
	int nfile = 0;

	while (p < end && nfile < MAX_FILES) {
		const char *name, *body, *q;
		size_t n, namelen;

		body = next_line(p, end, &n);
		if (n < 4 || memcmp(p, "=== ", 4)) {
			p = body;
			continue;
		}
		name = p + 4;
		namelen = n - 4;
		/* The section runs to the next "=== " line. */
		for (q = body; q < end; q = next_line(q, end, &n))
			if ((size_t)(end - q) >= 4 && !memcmp(q, "=== ", 4))
				break;
		if (good_name(name, namelen)) {
			char path[80];

			snprintf(path, sizeof(path), "tables/%.*s",
				 (int)namelen, name);
			free(fuzz_write(path, body, (size_t)(q - body)));
			nfile++;
		}
		p = q;
	}
	return nfile;
}

/* Every declared table the input did not give: its header, no rows. */
static void fill_in(void)
{
	for (int t = 0; t < SCHEMA_NTABLE; t++) {
		const struct schema_table *st = &schema_tables[t];
		struct strbuf name, head;
		char *path;

		strbuf_init(&name);
		strbuf_addf(&name, "tables/%s.csv", st->name);
		path = fuzz_path(name.buf);
		if (access(path, F_OK) != 0) {
			strbuf_init(&head);
			for (int c = 0; c < st->ncol; c++)
				strbuf_addf(&head, "%s%s", c ? "," : "",
					    st->col[c].name);
			strbuf_add(&head, "\n", 1);
			free(fuzz_write(name.buf, head.buf, head.len));
			strbuf_release(&head);
		}
		free(path);
		strbuf_release(&name);
	}
}

/* CRC-32 of the CSV of table `name`, and its size; 0 if none. */
static uint32_t csv_crc(const char *name, uint64_t *size)
{
	struct strbuf rel;
	char *path;
	FILE *fp;
	unsigned char buf[4096];
	uLong crc = crc32(0L, Z_NULL, 0);
	size_t n;

	*size = 0;
	strbuf_init(&rel);
	strbuf_addf(&rel, "tables/%.*s.csv", SNAPSHOT_NAME_MAX, name);
	path = fuzz_path(rel.buf);
	strbuf_release(&rel);
	fp = fopen(path, "rb");
	free(path);
	if (!fp)
		return 0;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		crc = crc32(crc, buf, (uInt)n);
		*size += n;
	}
	fclose(fp);
	return (uint32_t)crc;
}

/*
 * Make the snapshot's checksums, its size and its CSVs' identities
 * right for what the input holds, wherever the fields can be found
 * in bounds: the reader's other checks are what is being fuzzed.
 */
static void reseal(void)
{
	char *path = fuzz_path("tables/" SNAPSHOT_NAME);
	FILE *fp = fopen(path, "r+b");
	unsigned char *b = NULL;
	long size;
	struct snap_header h;
	uint64_t dir_end;

	free(path);
	if (!fp)
		return;
	if (fseek(fp, 0, SEEK_END) || (size = ftell(fp)) < (long)sizeof(h) ||
	    fseek(fp, 0, SEEK_SET))
		goto out;
	b = xmalloc((size_t)size);
	if (fread(b, 1, (size_t)size, fp) != (size_t)size)
		goto out;
	memcpy(&h, b, sizeof(h));
	h.file_size = (uint64_t)size;
	dir_end = sizeof(h) + (uint64_t)h.ntable * sizeof(struct snap_table);
	if (h.ntable > SNAPSHOT_MAX_TABLE || dir_end > (uint64_t)size)
		goto write;
	for (uint32_t i = 0; i < h.ntable; i++) {
		struct snap_table t;
		unsigned char *at = b + sizeof(h) + i * sizeof(t);

		memcpy(&t, at, sizeof(t));
		if (t.off <= (uint64_t)size && t.row_size &&
		    t.nrow <= ((uint64_t)size - t.off) / t.row_size)
			t.crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), b + t.off,
						(uInt)(t.nrow * t.row_size));
		t.csv_crc = csv_crc(t.name, &t.csv_size);
		t.csv_ino = 0;
		memcpy(at, &t, sizeof(t));
	}
	if (h.pool_off <= (uint64_t)size &&
	    h.pool_len <= (uint64_t)size - h.pool_off)
		h.pool_crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0),
					     b + h.pool_off, (uInt)h.pool_len);
	h.crc = 0;
	memcpy(b, &h, sizeof(h));
	h.crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), b, (uInt)dir_end);
write:
	memcpy(b, &h, sizeof(h));
	if (!fseek(fp, 0, SEEK_SET))
		fwrite(b, 1, (size_t)size, fp);
out:
	free(b);
	fclose(fp);
}

/* Run one stage's main() in this process, as its program would run. */
static int run_stage(const char *name, int (*fn)(int, char **),
		     char *input, const char *run, const char *as_of)
{
	char prog[64], *dash;
	char *argv[] = { prog, "-o", (char *)run, "--as-of", (char *)as_of,
			 "-c", (char *)fuzz_config(), input, NULL };

	snprintf(prog, sizeof(prog), "dip-%s", name);
	while ((dash = strchr(prog, '_')))
		*dash = '-';
	/* getopt starts afresh; stage_end() closed the last stdout. */
	optind = 0;
	stdout = fopen("/dev/null", "w");
	if (!stdout)
		fuzz_fail("cannot open /dev/null");
	return fn(8, argv);
}

static void expect(const char *name, int status, int config_error)
{
	if (status != DIP_EXIT_OK && status != DIP_EXIT_DATA &&
	    status != DIP_EXIT_IO &&
	    !(config_error && status == DIP_EXIT_USAGE))
		fuzz_fail("dip-%s ended with status %d on these tables", name,
			  status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char as_of[DIP_DATE_LEN] = "2026-04-01";
	char *tables = fuzz_path("tables"), *run = fuzz_path("run");
	dip_date d;
	int failed = 0;

	if (size >= 17 && !memcmp(p, "as-of ", 6) && p[16] == '\n' &&
	    date_parse(p + 6, 10, &d) == 0) {
		date_format(d, as_of);
		p += 17;
	}
	if (unpack(p, end)) {
		fill_in();
		reseal();
		for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
			int st = run_stage(stages[i].name, stages[i].main,
					   tables, run, as_of);

			expect(stages[i].name, st, 0);
			failed |= st != DIP_EXIT_OK;
		}
		/* dip-areas reads what the stages wrote; a measure with no
		 * metric behind it is a configuration error, so only after a
		 * run where every stage wrote its metrics. */
		if (!failed)
			expect("areas", run_stage("areas", fuzz_main_areas, run,
						  run, as_of), 1);
	}
	free(tables);
	free(run);
	fuzz_clean();
	return 0;
}
