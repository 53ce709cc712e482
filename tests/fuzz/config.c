/*
 * config.c - fuzz the parsers of what people edit: the INI file, the
 * export map, a code list, the bank holidays, and any other config
 * table (consent reasons, the improvement plan).
 *
 * Input: a first line naming the parser, then the file:
 *   ini            dipsample.conf; then every known key read as a path,
 *                  a number and a whole number, and the ingest limits
 *   export-map     export-map.csv with the shipped code lists; a map
 *                  that loads and gives every column the stages read
 *                  then reads the basic fixture export
 *   codes          codes/fuzz.csv; then a few look-ups
 *   bank-holidays  bank-holidays.csv; then working days across it
 *   table          a config table (csv_table_load), columns looked up
 * Seeds are the shipped config files with that first line.
 *
 * Invariant: a parser accepts or refuses with an error naming the file
 * (and a line where there is one); it never crashes or leaks.
 */
#include "fuzz.h"
#include "dip/calendar.h"
#include "ingest/codelist.h"
#include "dip/config.h"
#include "dip/csvio.h"
#include "ingest/exportmap.h"
#include "ingest/run.h"
#include "dip/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct config shipped;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dip_err err;

	(void)argc;
	(void)argv;
	if (config_load(&shipped, fuzz_config(), &err)) {
		fprintf(stderr, "fuzz: %s: %s\n", err.file, err.msg);
		exit(2);
	}
	return 0;
}

/* A refusal must say what went wrong and in which file: this one, or
 * (path NULL) any, as when a map names a code list that is not there. */
static void refused(const struct dip_err *err, const char *path)
{
	if (!err->msg[0] || !err->file[0] || (path && strcmp(err->file, path)))
		fuzz_fail("error names '%s', not the file read ('%s'): '%s'",
			  err->file, path ? path : "any", err->msg);
}

static void ini(const char *path)
{
	struct config c;
	struct dip_err err;
	struct xmlin_limits lim;
	double ratio, d;
	unsigned long long u;
	size_t examples, paths;

	if (config_load(&c, path, &err)) {
		refused(&err, path);
		return;
	}
	for (const struct config_key *k = config_keys; k->section; k++) {
		free(config_path(&c, k->section, k->key));
		config_double(&c, k->section, k->key, &d, &err);
		config_ulong(&c, k->section, k->key, &u, &err);
	}
	ingest_limits(&c, &lim, &ratio, &examples, &paths, &err);
	config_release(&c);
}

static void export_map(const char *path)
{
	struct exportmap m;
	struct dip_err err;
	struct xmlin_limits lim;
	struct ingest g;
	double ratio;
	size_t examples, paths;
	char *codes = config_path(&shipped, "paths", "codes");

	if (exportmap_load(&m, path, codes, &err)) {
		refused(&err, NULL);
		free(codes);
		return;
	}
	free(codes);
	/* As dip-ingest does: a map that leaves out a column a stage reads
	 * is refused before any export is read. */
	if (exportmap_check_schema(&m, &err)) {
		refused(&err, NULL);
		exportmap_release(&m);
		return;
	}
	/* The map drives the reader and the writer: read an export. */
	if (ingest_limits(&shipped, &lim, &ratio, &examples, &paths, &err))
		fuzz_fail("shipped config: %s", err.msg);
	ingest_init(&g, &m, &lim);
	report_set_caps(&g.report, examples, paths);
	{
		char *fixture = path_join(fuzz_root(),
					  "fixtures/ingest/basic/case-2027.xml");
		char *out = fuzz_path("tables");

		if (ingest_file(&g, fixture, &err) == 0) {
			ingest_check(&g);
			ingest_write(&g, out, &err);
		}
		free(fixture);
		free(out);
	}
	ingest_release(&g);
	exportmap_release(&m);
}

static void codes(const char *path)
{
	static const char *const probe[] = { "", "1", "N1", "rc8", "RC8",
					     "x" };
	struct codelist cl;
	struct dip_err err;
	char *dir = fuzz_path("codes");

	if (codelist_load(&cl, dir, "fuzz", &err)) {
		refused(&err, path);
		free(dir);
		return;
	}
	for (size_t i = 0; i < sizeof(probe) / sizeof(probe[0]); i++) {
		const struct code *k = codelist_find(&cl, probe[i]);

		if (k)
			code_valid_in(k, 2027);
	}
	codelist_release(&cl);
	free(dir);
}

static void bank_holidays(const char *path)
{
	struct calendar cal;
	struct dip_err err;

	calendar_init(&cal);
	if (calendar_load(&cal, path, &err) == 0) {
		dip_date a = date_from_ymd(2020, 12, 20);
		dip_date b = date_from_ymd(2027, 1, 5);

		calendar_wd(&cal, a, b);
		calendar_wd(&cal, b, a);
		calendar_add_wd(&cal, a, 45);
		calendar_covers(&cal, a, b);
		if (cal.n) {
			calendar_wd(&cal, cal.holiday[0] - 3,
				    cal.holiday[cal.n - 1] + 3);
			calendar_add_wd(&cal, cal.holiday[0] - 1, 15);
		}
	} else {
		refused(&err, path);
	}
	calendar_release(&cal);
}

static void table(const char *path)
{
	struct csv_table t;
	struct dip_err err;

	if (csv_table_load(&t, path, &err)) {
		refused(&err, path);
		return;
	}
	csv_table_col(&t, "code");
	csv_table_need(&t, "area", &err);
	csv_table_release(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kind[] = { "ini", "export-map", "codes",
					    "bank-holidays", "table" };
	static const char *const file[] = { "dipsample.conf", "export-map.csv",
					    "codes/fuzz.csv",
					    "bank-holidays.csv", "table.csv" };
	const char *p = (const char *)data;
	const char *nl = memchr(p, '\n', size);
	size_t k, n = nl ? (size_t)(nl - p) : size;
	char *path;

	for (k = 0; k < sizeof(kind) / sizeof(kind[0]); k++)
		if (strlen(kind[k]) == n && !memcmp(p, kind[k], n))
			break;
	if (!nl || k == sizeof(kind) / sizeof(kind[0]))
		return 0;
	path = fuzz_write(file[k], nl + 1, size - n - 1);
	switch (k) {
	case 0: ini(path); break;
	case 1: export_map(path); break;
	case 2: codes(path); break;
	case 3: bank_holidays(path); break;
	default: table(path); break;
	}
	free(path);
	fuzz_clean();
	return 0;
}
