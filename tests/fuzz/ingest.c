/*
 * ingest.c - fuzz dip-ingest's whole path: the reader (zlib, libxml2,
 * the export map, value checks), the merge of several exports, the
 * checks across the history and the writer.
 *
 * Input: one or more exports separated by form feeds ('\f', which XML
 * never contains), each written to a file in the private directory and
 * read in order as dip-ingest reads its arguments, with the shipped
 * config, map, code lists and limits.  When every export is accepted,
 * the tables are written and must be readable by the metric stages'
 * reader (cases_load()).
 *
 * Invariant (on unless DIP_FUZZ_XML_ERRORS=ignore): libxml2 never
 * raises an error (level ERROR or FATAL, through any channel) in an
 * export that ingest accepted.  libxml2 may stop reading at an error
 * without marking the document ill-formed, and a reader that missed the
 * error would publish a silently truncated history.  The check counts
 * errors by its own hooks, not through the reader's, so it also finds a
 * channel the reader does not watch.
 */
#include "fuzz.h"
#include "mstage/cases.h"
#include "dip/config.h"
#include "ingest/exportmap.h"
#include "ingest/run.h"
#include "dip/util.h"

#include <libxml/xmlerror.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EXPORTS 8

static struct config cfg;
static struct exportmap map;
static struct xmlin_limits lim;
static size_t report_examples, report_paths;
static int strict = 1;

/* Errors libxml2 raised since the last reset, and the first one. */
static unsigned long xml_errors;
static char xml_first[300];

static void note_error(const char *msg)
{
	size_t n;

	if (xml_errors++)
		return;
	snprintf(xml_first, sizeof(xml_first), "%s", msg ? msg : "?");
	n = strlen(xml_first);
	while (n && xml_first[n - 1] == '\n')
		xml_first[--n] = '\0';
}

/* Errors raised with no parser context (encoding conversion). */
static void on_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	if (e && e->level >= XML_ERR_ERROR)
		note_error(e->message);
}

/* Messages libxml2 prints with no structure ("encoder error"). */
static void on_generic(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	note_error(fmt);
}

static void xml_errors_reset(void)
{
	xml_errors = 0;
	xml_first[0] = '\0';
	xmlResetLastError();
}

/* Every error also lands in the thread's last error, even one that went
 * to the parser's own handler: see that too. */
static void xml_errors_collect(void)
{
	xmlErrorPtr e = xmlGetLastError();

	if (e && e->level >= XML_ERR_ERROR)
		note_error(e->message);
}

static void die_config(const struct dip_err *err)
{
	fprintf(stderr, "fuzz: %s:%ld: %s\n", err->file, err->line, err->msg);
	exit(2);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dip_err err;
	double ratio;
	char *map_path, *codes;
	const char *mode = getenv("DIP_FUZZ_XML_ERRORS");

	(void)argc;
	(void)argv;
	strict = !(mode && !strcmp(mode, "ignore"));
	if (config_load(&cfg, fuzz_config(), &err) ||
	    ingest_limits(&cfg, &lim, &ratio, &report_examples,
			  &report_paths, &err))
		die_config(&err);
	map_path = config_path(&cfg, "paths", "export_map");
	codes = config_path(&cfg, "paths", "codes");
	if (exportmap_load(&map, map_path, codes, &err))
		die_config(&err);
	free(map_path);
	free(codes);
	xmlSetStructuredErrorFunc(NULL, on_structured);
	xmlSetGenericErrorFunc(NULL, on_generic);
	return 0;
}

/* The tables an accepted run wrote must load as the metric stages load
 * them: ingest is their only producer. */
static void read_back(const char *out)
{
	struct cases c;
	struct dip_err err;

	if (cases_load(&c, out, SCHEMA_EVERY, &err))
		fuzz_fail("ingest wrote tables the metric stages refuse:"
			  " %s:%ld: %s", err.file, err.line, err.msg);
	cases_release(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct ingest g;
	struct dip_err err;
	int nexport = 0, ok = 1;

	ingest_init(&g, &map, &lim);
	report_set_caps(&g.report, report_examples, report_paths);
	while (ok && nexport < MAX_EXPORTS) {
		const char *ff = memchr(p, '\f', (size_t)(end - p));
		size_t n = ff ? (size_t)(ff - p) : (size_t)(end - p);
		char name[32], *path;

		snprintf(name, sizeof(name), "export-%d.xml", nexport++);
		path = fuzz_write(name, p, n);
		xml_errors_reset();
		ok = ingest_file(&g, path, &err) == 0;
		xml_errors_collect();
		if (ok && strict && xml_errors)
			fuzz_fail("libxml2 raised an error but ingest accepted"
				  " the export: %s (%lu error%s)", xml_first,
				  xml_errors, xml_errors == 1 ? "" : "s");
		free(path);
		if (!ff)
			break;
		p = ff + 1;
	}
	if (ok) {
		char *out = fuzz_path("tables");

		ingest_check(&g);
		if (ingest_write(&g, out, &err))
			fuzz_fail("ingest could not write its tables: %s: %s",
				  err.file, err.msg);
		read_back(out);
		free(out);
	}
	ingest_release(&g);
	fuzz_clean();
	return 0;
}
