/*
 * dip-ingest - Eclipse case and audit exports into normalised tables.
 *
 * options -> config and export map -> read every export (any file-level
 * problem stops the run before anything is written) -> checks across
 * the merged history -> reject ratio -> write all tables or none.
 */
#include "dip/config.h"
#include "dip/error.h"
#include "dip/exitcode.h"
#include "ingest/run.h"
#include "dip/stage.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static void usage(int status)
{
	if (status)
		stage_try_help();
	printf("Usage: %s [OPTION]... -o DIR FILE...\n"
	       "  or:  %s [-c FILE] --check-config\n", error_progname(),
	       error_progname());
	fputs("\
Read Eclipse case exports (CIN census XML with the local extension) and\n\
audit exports, plain or gzip, into normalised CSV tables in DIR, with\n\
manifest.csv (sources, checksums, rows) and ingest-report.csv (the\n\
problems found, by file and line; one repeated often is summarised).\n\
Several census years are merged into one history; where exports\n\
disagree, the later export wins.\n\
\n\
  -o, --output=DIR    write tables here (created if missing)\n\
  -c, --config=FILE   configuration file (default: $DIPSAMPLE_CONFIG, or\n\
                      config/dipsample.conf beside the program)\n\
      --check-config  check the configuration, the export map against\n\
                      the columns the stages read, and the code lists;\n\
                      read no export, write nothing\n\
  -v, --verbose       print a summary line to standard error, and the\n\
                      seconds spent reading, checking and writing\n\
  -h, --help          display this help and exit\n\
  -V, --version       output version information and exit\n\
\n\
Exit status: 0 tables written (warnings are in ingest-report.csv);\n\
1 an input was refused or too many records were rejected; 2 usage or\n\
configuration error; 3 read or write error; 4 internal error.\n\
When the status is not 0, no file in DIR has been replaced.\n", stdout);
	exit(stage_end(DIP_EXIT_OK));
}

/* Seconds on the monotonic clock, for --verbose's phase times. */
static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Processor seconds used so far, every thread's, user and system. */
static double cpu_used(void)
{
	struct rusage u;

	if (getrusage(RUSAGE_SELF, &u))
		return 0;
	return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
	       (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/* Print the first rejects so that a cron mail says what went wrong. */
static void show_rejects(const struct ingest *g)
{
	int shown = 0;

	for (size_t i = 0; i < g->report.n && shown < 10; i++) {
		const struct report_row *r = &g->report.row[i];

		if (r->sev != SEV_REJECT)
			continue;
		error_at(g->file[r->file].label, r->line, 0, "%s: %s",
			 r->path ? r->path : "", r->reason);
		shown++;
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "config", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *outdir = NULL, *config_file = NULL;
	struct config cfg;
	struct exportmap map;
	struct xmlin_limits lim;
	struct ingest g;
	struct dip_err err;
	double reject_ratio, t[4];
	size_t examples, paths;
	char *map_path, *codes_dir;
	int verbose = 0, check_only = 0, c, status = DIP_EXIT_OK;

	stage_begin(argv[0]);
	while ((c = getopt_long(argc, argv, "o:c:vhV", opts, NULL)) != -1) {
		switch (c) {
		case 'o': outdir = optarg; break;
		case 'c': config_file = optarg; break;
		case 'v': verbose = 1; break;
		case 'C': check_only = 1; break;
		case 'h': usage(0); break;
		case 'V': stage_version(); return stage_end(DIP_EXIT_OK);
		default: usage(DIP_EXIT_USAGE);
		}
	}
	if (check_only && (outdir || optind < argc)) {
		error_msg("--check-config reads no export and writes nothing:"
			  " give it no --output and no files");
		usage(DIP_EXIT_USAGE);
	}
	if (!outdir && !check_only) {
		error_msg("missing --output DIR");
		usage(DIP_EXIT_USAGE);
	}
	if (optind >= argc && !check_only) {
		error_msg("no export files given");
		usage(DIP_EXIT_USAGE);
	}
	if (argc - optind > STORE_MAX_FILES) {
		error_msg("%d export files given; one run reads at most %d",
			  argc - optind, STORE_MAX_FILES);
		usage(DIP_EXIT_USAGE);
	}
	if ((status = stage_config(&cfg, config_file)))
		return stage_end(status);
	if (ingest_limits(&cfg, &lim, &reject_ratio, &examples, &paths, &err)) {
		config_release(&cfg);
		return stage_end(err_report(&err));
	}
	map_path = config_path(&cfg, "paths", "export_map");
	codes_dir = config_path(&cfg, "paths", "codes");
	if (exportmap_load(&map, map_path, codes_dir, &err)) {
		free(map_path);
		free(codes_dir);
		config_release(&cfg);
		return stage_end(err_report(&err));
	}
	free(map_path);
	free(codes_dir);
	/* Before any export is read: a map that lost a column a stage
	 * needs would otherwise pass here and fail later in the night. */
	if (exportmap_check_schema(&map, &err))
		status = err_report(&err);
	if (status || check_only) {
		exportmap_release(&map);
		config_release(&cfg);
		return stage_end(status);
	}
	ingest_init(&g, &map, &lim);
	report_set_caps(&g.report, examples, paths);
	t[0] = now();
	for (int i = optind; i < argc && !status; i++)
		if (ingest_file(&g, argv[i], &err))
			status = err_report(&err);
	t[1] = now();
	if (!status) {
		ingest_check(&g);
		if ((double)g.rejects > reject_ratio * (double)g.records) {
			error_msg("%lu of %lu records rejected (%.1f%%), more"
				  " than reject_ratio allows (%.1f%%); no"
				  " tables written", g.rejects, g.records,
				  100.0 * (double)g.rejects / (double)g.records,
				  100.0 * reject_ratio);
			show_rejects(&g);
			status = DIP_EXIT_DATA;
		}
	}
	t[2] = now();
	if (!status && ingest_write(&g, outdir, &err))
		status = err_report(&err);
	t[3] = now();
	if (!status && verbose) {
		error_msg("%zu files, %zu records kept, %zu warnings, %zu"
			  " rejects, %zu values superseded", g.nfile,
			  g.store.ntop, g.report.count[SEV_WARNING],
			  g.report.count[SEV_REJECT],
			  g.report.count[SEV_SUPERSEDED]);
		/* Where the time went: make bench sets the reading, and the
		 * processor time of all threads, against the bare parse of
		 * the same file. */
		error_msg("read %.3f s, checks %.3f s, write %.3f s; %.3f s"
			  " of processor time", t[1] - t[0], t[2] - t[1],
			  t[3] - t[2], cpu_used());
	}
	ingest_release(&g);
	exportmap_release(&map);
	config_release(&cfg);
	return stage_end(status);
}
