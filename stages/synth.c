/*
 * dip-synth - synthetic Eclipse exports: one census return per year and
 * an audit-form export, the same bytes for the same options.
 *
 * options -> calendar -> open every output -> draw each child once and
 * write it into every year's return it belongs in -> audits -> commit
 * (one output set: every export replaced, or none).
 */
#include "dip/calendar.h"
#include "dip/config.h"
#include "dip/error.h"
#include "dip/exitcode.h"
#include "dip/outset.h"
#include "dip/stage.h"
#include "synth/model.h"
#include "synth/sink.h"
#include "dip/util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_YEARS 16

static void usage(int status)
{
	if (status)
		stage_try_help();
	printf("Usage: %s [OPTION]... -o DIR\n", error_progname());
	fputs("\
Write synthetic Eclipse exports into DIR: one CIN census return per year,\n\
census-YYYY.xml (YYYY the census end year), and audits.xml.  Every child\n\
is made up; the same options give the same bytes.\n\
\n\
  -o, --output=DIR      write the exports here (created if missing)\n\
  -n, --children=N      children to draw (default 1000)\n\
  -s, --seed=N          random seed (default 1)\n\
      --from=YEAR       first census end year (default: --to minus 4)\n\
      --to=YEAR         last census end year (default 2026)\n\
      --as-of=DATE      the export date: nothing after it has happened yet\n\
                        (default: 1 April after the last census year)\n\
      --lea=CODE        local authority number (default 999)\n\
  -z, --gzip            write census-YYYY.xml.gz and audits.xml.gz\n\
      --no-audits       do not write the audit export\n\
  -c, --config=FILE     configuration file (for the bank holidays)\n\
  -h, --help            display this help and exit\n\
  -V, --version         output version information and exit\n\
\n\
Exit status: 0 written; 2 usage or configuration error; 3 write error;\n\
4 internal error.\n", stdout);
	exit(stage_end(DIP_EXIT_OK));
}

/* An option's whole number in [lo, hi]; anything else is a usage
 * error, and this does not return. */
static long number(const char *opt, const char *v, long lo, long hi)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || !*v || n < lo || n > hi) {
		error_msg("invalid %s '%s' (%ld to %ld)", opt, v, lo, hi);
		stage_try_help();
	}
	return n;
}

struct output {
	FILE *fp;
	struct synth_sink sink;
	int year;
	dip_date cut;
};

/* Member NAME (NAME.gz when gzip) of the set, with its sink: 0, or
 * -1 with err set. */
static int open_output(struct output *o, struct outset *set, const char *name,
		       int gzip, struct dip_err *err)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s%s", name, gzip ? ".gz" : "");
	o->fp = outset_open(set, NULL, sb.buf, 0644, err);
	strbuf_release(&sb);
	if (!o->fp)
		return -1;
	if (synth_sink_open(&o->sink, o->fp, gzip)) {
		err_set(err, DIP_EXIT_INTERNAL, name, 0, 0, "cannot start zlib");
		return -1;
	}
	return 0;
}

static void census_header(struct strbuf *b, const struct synth *s, int y,
			  dip_date exported)
{
	char ref[DIP_DATE_LEN], dt[DIP_DATE_LEN];

	strbuf_addf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<!-- Synthetic data from dip-synth (seed %llu): no real"
		    " person. -->\n"
		    "<Message xmlns:x=\"urn:dipsample:eclipse:1\">\n"
		    "  <Header>\n    <CollectionDetails>\n"
		    "      <Collection>CIN</Collection>\n"
		    "      <Year>%d</Year>\n"
		    "      <ReferenceDate>%s</ReferenceDate>\n"
		    "    </CollectionDetails>\n    <Source>\n"
		    "      <SourceLevel>L</SourceLevel>\n"
		    "      <LEA>%s</LEA>\n"
		    "      <SoftwareCode>Eclipse</SoftwareCode>\n"
		    "      <Release>dip-synth " DIP_VERSION "</Release>\n"
		    "      <SerialNo>001</SerialNo>\n"
		    "      <DateTime>%sT02:00:00</DateTime>\n"
		    "    </Source>\n  </Header>\n  <Children>\n",
		    (unsigned long long)s->seed, y,
		    date_format(synth_census_end(y), ref), s->lea,
		    date_format(exported, dt));
}

/* Every census year's export (and the audits if asked) into dir, all
 * or none: 0, or -1 with err set. */
static int write_all(const struct synth *s, const char *dir, int gzip,
		     int audits, struct dip_err *err)
{
	struct output out[MAX_YEARS + 1];
	struct outset set;
	int nout = 0, rc = -1;
	struct strbuf b;
	struct syn_child c;

	memset(out, 0, sizeof(out));
	outset_init(&set, dir, "synth");
	strbuf_init(&b);
	for (int y = s->from_year; y <= s->to_year; y++) {
		/* Exported some weeks after the year ends, or on the as-of
		 * date if that comes first; known up to the day before. */
		dip_date exported = synth_census_end(y) + 40 < s->as_of
				    ? synth_census_end(y) + 40 : s->as_of;
		dip_date cut = exported - 1 < synth_census_end(y) ? exported - 1
							    : synth_census_end(y);
		char name[32];

		if (cut < synth_census_start(y))
			break;
		snprintf(name, sizeof(name), "census-%d.xml", y);
		if (open_output(&out[nout], &set, name, gzip, err))
			goto out;
		out[nout].year = y;
		out[nout].cut = cut;
		strbuf_reset(&b);
		census_header(&b, s, y, exported);
		synth_sink_write(&out[nout].sink, b.buf, b.len);
		nout++;
	}
	for (long i = 0; i < s->children; i++) {
		synth_child(s, i, &c);
		for (int k = 0; k < nout; k++) {
			strbuf_reset(&b);
			if (synth_census_child(s, &c, out[k].year, out[k].cut, &b))
				synth_sink_write(&out[k].sink, b.buf, b.len);
		}
	}
	for (int k = 0; k < nout; k++)
		synth_sink_write(&out[k].sink, "  </Children>\n</Message>\n", 24);
	if (audits) {
		char dt[DIP_DATE_LEN];

		if (open_output(&out[nout], &set, "audits.xml", gzip, err))
			goto out;
		strbuf_reset(&b);
		strbuf_addf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			    "<!-- Synthetic data from dip-synth: no real person. -->\n"
			    "<AuditExport xmlns=\"urn:dipsample:eclipse:1\">\n"
			    "  <Header>\n    <LEA>%s</LEA>\n"
			    "    <DateTime>%sT03:00:00</DateTime>\n  </Header>\n"
			    "  <Audits>\n", s->lea, date_format(s->as_of, dt));
		synth_write_audits(s, &b);
		strbuf_adds(&b, "  </Audits>\n</AuditExport>\n");
		synth_sink_write(&out[nout].sink, b.buf, b.len);
		nout++;
	}
	for (int k = 0; k < nout; k++)
		if (synth_sink_close(&out[k].sink)) {
			outset_failed(&set, dir, err);
			goto out;
		}
	rc = outset_commit(&set, err);
out:
	outset_release(&set);
	strbuf_release(&b);
	return rc;
}

int main(int argc, char **argv)
{
	enum { OPT_FROM = 256, OPT_TO, OPT_AS_OF, OPT_LEA, OPT_NO_AUDITS };
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "children", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "as-of", required_argument, NULL, OPT_AS_OF },
		{ "lea", required_argument, NULL, OPT_LEA },
		{ "gzip", no_argument, NULL, 'z' },
		{ "no-audits", no_argument, NULL, OPT_NO_AUDITS },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct synth s = { 1, 1000, 0, 2026, DIP_DATE_NONE, "999", NULL };
	const char *outdir = NULL, *config_file = NULL, *as_of = NULL;
	struct calendar cal;
	struct config cfg;
	struct dip_err err;
	int gzip = 0, audits = 1, c, status;
	char *path;

	stage_begin(argv[0]);
	while ((c = getopt_long(argc, argv, "o:n:s:zc:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'o': outdir = optarg; break;
		case 'n': s.children = number("--children", optarg, 1, 100000000); break;
		case 's': s.seed = (uint64_t)number("--seed", optarg, 0, 2147483647); break;
		case OPT_FROM: s.from_year = (int)number("--from", optarg, 2017, 2040); break;
		case OPT_TO: s.to_year = (int)number("--to", optarg, 2017, 2040); break;
		case OPT_AS_OF: as_of = optarg; break;
		case OPT_LEA: s.lea = optarg; break;
		case 'z': gzip = 1; break;
		case OPT_NO_AUDITS: audits = 0; break;
		case 'c': config_file = optarg; break;
		case 'h': usage(0); break;
		case 'V': stage_version(); return stage_end(DIP_EXIT_OK);
		default: usage(DIP_EXIT_USAGE);
		}
	}
	if (!outdir || optind < argc) {
		error_msg(outdir ? "unexpected argument '%s'" : "missing --output DIR",
			  outdir ? argv[optind] : "");
		stage_try_help();
	}
	if (!s.from_year)
		s.from_year = s.to_year - 4 < 2017 ? 2017 : s.to_year - 4;
	if (s.from_year > s.to_year || s.to_year - s.from_year >= MAX_YEARS) {
		error_msg("--from %d must not come after --to %d (at most %d years)",
			  s.from_year, s.to_year, MAX_YEARS);
		stage_try_help();
	}
	s.as_of = synth_census_end(s.to_year) + 1;
	if (as_of && date_parse(as_of, strlen(as_of), &s.as_of)) {
		error_msg("invalid --as-of '%s' (YYYY-MM-DD)", as_of);
		stage_try_help();
	}
	if (s.as_of <= synth_census_start(s.from_year)) {
		error_msg("--as-of %s comes before the first census year begins",
			  as_of);
		stage_try_help();
	}
	if ((status = stage_config(&cfg, config_file)))
		return stage_end(status);
	calendar_init(&cal);
	path = config_path(&cfg, "paths", "bank_holidays");
	if (calendar_load(&cal, path, &err)) {
		free(path);
		config_release(&cfg);
		return stage_end(err_report(&err));
	}
	free(path);
	s.cal = &cal;
	if (write_all(&s, outdir, gzip, audits, &err))
		status = err_report(&err);
	calendar_release(&cal);
	config_release(&cfg);
	return stage_end(status);
}
