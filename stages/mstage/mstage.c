/* mstage.c - the shared frame of the metric stages; see mstage.h. */
#include "mstage/mstage.h"
#include "dip/csvio.h"
#include "dip/error.h"
#include "dip/exitcode.h"
#include "dip/number.h"
#include "dip/schema.h"
#include "dip/stage.h"
#include "dip/util.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What a metric stage (reading tables) reads, writes and exits with;
 * %s is the stage's name. */
static const char table_files[] = "\
Reads the tables dip-ingest wrote in TABLES_DIR; writes\n\
RUN_DIR/metrics/%s.csv, RUN_DIR/metrics/%s-defs.csv (each metric's\n\
unit, kind and title), RUN_DIR/metrics/%s-notes.csv and the\n\
dip-sample lists RUN_DIR/lists/<metric>.csv (owner-only).\n";
static const char table_as_of[] = "\
the day the snapshot and the periods end on\n\
                        (default: today)\n";
static const char table_status[] = "\
Exit status: 0 written; 1 a table is missing a column or holds a bad\n\
value; 2 usage or configuration error; 3 read or write error; 4 internal\n\
error.  When the status is not 0, no output file has been replaced.\n";

static const char *input_name(const struct mstage_info *info)
{
	return info->no_tables ? "INPUT_RUN_DIR" : "TABLES_DIR";
}

static void usage(const struct mstage_info *info, int status)
{
	if (status)
		stage_try_help();
	printf("Usage: %s [OPTION]... -o RUN_DIR %s\n", error_progname(),
	       input_name(info));
	fputs(info->about, stdout);
	putchar('\n');
	if (info->files)
		fputs(info->files, stdout);
	else
		printf(table_files, info->name, info->name, info->name);
	printf("\n\
  -o, --output=RUN_DIR  the run directory to write into (created if missing)\n\
      --as-of=DATE      %s\
  -c, --config=FILE     configuration file (default: $DIPSAMPLE_CONFIG, or\n\
                        config/dipsample.conf beside the program)\n\
  -h, --help            display this help and exit\n\
  -V, --version         output version information and exit\n\
\n", info->as_of ? info->as_of : table_as_of);
	fputs(info->status ? info->status : table_status, stdout);
	exit(stage_end(DIP_EXIT_OK));
}

int mstage_number_in(struct mstage *ms, const char *section, const char *key,
		     long *out)
{
	unsigned long long v;

	if (config_ulong(&ms->cfg, section, key, &v, &ms->err))
		return -1;
	*out = (long)v;
	return 0;
}

int mstage_number(struct mstage *ms, const char *key, long *out)
{
	return mstage_number_in(ms, "metrics", key, out);
}

int mstage_numbers(struct mstage *ms, const char *section,
		   const struct mstage_key *keys)
{
	for (const struct mstage_key *k = keys; k->key; k++)
		if (mstage_number_in(ms, section, k->key, k->out))
			return -1;
	return 0;
}

/* Rows the tables held twice were counted once: say which. */
static void note_duplicates(struct mstage *ms)
{
	for (size_t i = 0; i < ms->cases.ndup; i++) {
		const struct c_duplicate *d = &ms->cases.dup[i];
		char where[160];

		snprintf(where, sizeof(where), "%s.csv:%ld (same as line %ld)",
			 d->table, d->line, d->first);
		mstage_note(ms, "duplicate_row_ignored", where);
	}
}

/* A snapshot of the tables was there but could not be used (a table
 * edited by hand since dip-ingest wrote it, a damaged file): the CSVs
 * were read, and the run says so where an operator and the notes see it. */
static void note_tables_read(struct mstage *ms)
{
	const char *why = ms->cases.snapshot_unused;

	if (!why)
		return;
	error_msg("%s: %s; read the CSV tables instead", ms->tables, why);
	mstage_note(ms, "tables_read_from_csv", why);
}

/* The numbers every metric stage needs before it reads a table. */
static int read_limits(struct mstage *ms, long *trend)
{
	long max_line;
	const struct mstage_key keys[] = {
		{ "small_n", &ms->small_n }, { "trend_months", trend },
		{ "max_line_bytes", &max_line }, { NULL, NULL },
	};

	if (mstage_numbers(ms, "metrics", keys))
		return -1;
	csv_set_max_line((size_t)max_line);
	return 0;
}

static FILE *open_out(struct mstage *ms, const char *sub, const char *name,
		      mode_t mode)
{
	return outset_open(&ms->out, sub, name, mode, &ms->err);
}

FILE *mstage_output(struct mstage *ms, const char *sub, const char *name,
		    unsigned mode)
{
	return open_out(ms, sub, name, (mode_t)mode);
}

/* metrics/<stage><suffix>.csv */
static FILE *open_metrics_file(struct mstage *ms, const char *suffix)
{
	struct strbuf name;
	FILE *fp;

	strbuf_init(&name);
	strbuf_addf(&name, "%s%s.csv", ms->name, suffix);
	fp = open_out(ms, "metrics", name.buf, 0644);
	strbuf_release(&name);
	return fp;
}

FILE *mstage_metrics(struct mstage *ms)
{
	return open_metrics_file(ms, "");
}

struct caselist *mstage_list(struct mstage *ms, const char *metric,
			     const char *const *columns, size_t ncolumns,
			     enum caselist_order first,
			     enum caselist_order second)
{
	struct caselist *l = caselist_new(metric, columns, ncolumns, first,
					  second);

	XGROW(ms->list, ms->caplist, ms->nlist + 1);
	ms->list[ms->nlist++] = l;
	return l;
}

/* Every list, sorted, into lists/<metric>.csv (0600: they name children). */
static int write_lists(struct mstage *ms)
{
	for (size_t i = 0; i < ms->nlist; i++) {
		struct strbuf name;
		FILE *fp;

		strbuf_init(&name);
		strbuf_addf(&name, "%s.csv", caselist_metric(ms->list[i]));
		fp = open_out(ms, "lists", name.buf, 0600);
		strbuf_release(&name);
		if (!fp)
			return -1;
		if (caselist_write(ms->list[i], fp))
			return outset_failed(&ms->out,
					     caselist_metric(ms->list[i]),
					     &ms->err);
	}
	return 0;
}

int mstage_write_tally(struct mstage *ms, struct tally *t, FILE *metrics,
		       int failed)
{
	/* What this stage defines but could not compute, and why: how
	 * dip-areas tells it from a metric no stage defines. */
	for (int m = 0; m < t->ndef; m++)
		if (t->not_computed[m]) {
			struct strbuf v;

			strbuf_init(&v);
			strbuf_addf(&v, "%s: %s", t->def[m].id, t->not_computed[m]);
			mstage_note(ms, METRIC_NOT_COMPUTED, v.buf);
			strbuf_release(&v);
		}
	if (tally_write(t, metrics, ms->small_n))
		failed = 1;
	/* What each metric is, in words and units, declared once in the
	 * stage and read back by whoever draws or titles it. */
	if (!failed) {
		FILE *defs = open_metrics_file(ms, "-defs");

		if (!defs) {
			tally_release(t);
			return -1;
		}
		if (metric_defs_write(t->def, t->ndef, defs))
			failed = 1;
	}
	tally_release(t);
	if (!failed)
		return 0;
	return outset_failed(&ms->out, ms->outdir, &ms->err);
}

void mstage_note(struct mstage *ms, const char *note, const char *value)
{
	for (size_t i = 0; i < ms->nnote; i++)
		if (!strcmp(ms->note[i].note, note) &&
		    !strcmp(ms->note[i].value, value ? value : "")) {
			ms->note[i].count++;
			return;
		}
	XGROW(ms->note, ms->capnote, ms->nnote + 1);
	ms->note[ms->nnote].note = note;
	ms->note[ms->nnote].value = xstrdup(value ? value : "");
	ms->note[ms->nnote].count = 1;
	ms->nnote++;
}

static void note_excluded(struct mstage *ms, enum date_check c,
			  const char *metrics)
{
	struct strbuf v;

	strbuf_init(&v);
	strbuf_addf(&v, "%s: %s", date_checks[c].id, metrics);
	mstage_note(ms, "excluded_impossible_dates", v.buf);
	strbuf_release(&v);
}

int mstage_dates_ok(struct mstage *ms, enum date_check c, dip_date first,
		    dip_date second, const char *metrics)
{
	dip_date end = ms->cases.data_end;

	if (!date_order_ok(c, first, second)) {
		note_excluded(ms, c, metrics);
		return 0;
	}
	if (!date_order_ok(DC_DATE_AFTER_EXPORT, first, end) ||
	    !date_order_ok(DC_DATE_AFTER_EXPORT, second, end)) {
		note_excluded(ms, DC_DATE_AFTER_EXPORT, metrics);
		return 0;
	}
	return 1;
}

int mstage_assessment_ok(struct mstage *ms, const struct c_episode *e,
			 const struct c_assessment *a, const char *metrics)
{
	return mstage_dates_ok(ms, DC_AUTHORISED_BEFORE_START, a->start,
			       a->auth, metrics) &&
	       mstage_dates_ok(ms, DC_AUTHORISED_BEFORE_REFERRAL, e->referral,
			       a->auth, metrics);
}

static int cmp_note(const void *a, const void *b)
{
	const struct mstage_note *x = a, *y = b;
	int c = strcmp(x->note, y->note);

	return c ? c : strcmp(x->value, y->value);
}

/* Write metrics/<stage>-notes.csv, sorted: 0, or -1 with ms->err
 * set. */
static int write_notes(struct mstage *ms)
{
	static const char *const head[] = { "note", "value", "count" };
	FILE *fp = open_metrics_file(ms, "-notes");

	if (!fp)
		return -1;
	if (ms->nnote)
		qsort(ms->note, ms->nnote, sizeof(*ms->note), cmp_note);
	if (csv_write_row(fp, head, 3))
		goto bad;
	for (size_t i = 0; i < ms->nnote; i++) {
		char n[32];
		const char *row[3] = { ms->note[i].note, ms->note[i].value, n };

		fmt_long(n, ms->note[i].count);
		if (csv_write_row(fp, row, 3))
			goto bad;
	}
	return 0;
bad:
	return outset_failed(&ms->out, ms->outdir, &ms->err);
}

int mstage_main(int argc, char **argv, const struct mstage_info *info)
{
	return mstage_main_more(argc, argv, info, NULL);
}

int mstage_main_more(int argc, char **argv, const struct mstage_info *info,
		     const struct mstage_more *more)
{
	static const struct option common[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
	};
	struct option opts[sizeof(common) / sizeof(common[0]) + 16];
	size_t nopt = sizeof(common) / sizeof(common[0]);
	struct mstage ms;
	const char *config_file = NULL, *as_of = NULL;
	long trend;
	char *path;
	int c, status = DIP_EXIT_OK;

	stage_begin(argv[0]);
	memset(&ms, 0, sizeof(ms));
	memcpy(opts, common, sizeof(common));
	for (const struct option *o = more ? more->options : NULL; o && o->name;
	     o++)
		if (nopt + 1 < sizeof(opts) / sizeof(opts[0]))
			opts[nopt++] = *o;
	memset(&opts[nopt], 0, sizeof(opts[nopt]));
	ms.name = info->name;
	while ((c = getopt_long(argc, argv, "o:c:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'o': ms.outdir = optarg; break;
		case 'a': as_of = optarg; break;
		case 'c': config_file = optarg; break;
		case 'h': usage(info, 0); break;
		case 'V': stage_version(); return stage_end(DIP_EXIT_OK);
		default:
			if (c < 256 || !more || more->option(c, optarg))
				usage(info, DIP_EXIT_USAGE);
		}
	}
	if (!ms.outdir || optind != argc - 1) {
		if (!ms.outdir)
			error_msg("missing --output RUN_DIR");
		else
			error_msg("give exactly one %s", input_name(info));
		usage(info, DIP_EXIT_USAGE);
	}
	ms.tables = argv[optind];
	ms.as_of = date_today();
	if (as_of && date_parse(as_of, strlen(as_of), &ms.as_of)) {
		error_msg("invalid --as-of '%s' (YYYY-MM-DD)", as_of);
		usage(info, DIP_EXIT_USAGE);
	}
	if ((status = stage_config(&ms.cfg, config_file)))
		return stage_end(status);
	calendar_init(&ms.cal);
	path = config_path(&ms.cfg, "paths", "bank_holidays");
	if (calendar_load(&ms.cal, path, &ms.err) ||
	    read_limits(&ms, &trend) ||
	    (!info->no_tables &&
	     cases_load(&ms.cases, ms.tables, schema_stage_mask(info->name),
			&ms.err))) {
		status = err_report(&ms.err);
	} else {
		ms.nperiod = (int)periods_for(ms.as_of, (int)trend, ms.period);
		ms.first_day = periods_first_day(ms.period, (size_t)ms.nperiod);
		note_duplicates(&ms);
		note_tables_read(&ms);
		/* Every file the stage writes is one set: all or none. */
		outset_init(&ms.out, ms.outdir, ms.name);
		if (info->run(&ms) || write_lists(&ms) || write_notes(&ms) ||
		    outset_commit(&ms.out, &ms.err))
			status = ms.err.status ? ms.err.status : DIP_EXIT_IO;
		if (status)
			err_report(&ms.err);
		outset_release(&ms.out);
	}
	free(path);
	for (size_t i = 0; i < ms.nnote; i++)
		free(ms.note[i].value);
	free(ms.note);
	for (size_t i = 0; i < ms.nlist; i++)
		caselist_free(ms.list[i]);
	free(ms.list);
	cases_release(&ms.cases);
	calendar_release(&ms.cal);
	config_release(&ms.cfg);
	return stage_end(status);
}
