/*
 * stage.h - what every dip-<stage> executable shares.
 *
 * A stage's main() is: stage_begin(argv[0]); parse options with
 * getopt_long (--help -> usage(0) to stdout, a bad option ->
 * stage_try_help()); load config; open inputs; process; commit outputs;
 * return stage_end(status).
 *
 * Adding a stage (HACKING.md, "A stage", says more) is its source file,
 * its tests and one line in pipeline/stages:
 *  - stages/<name>.c with main(); a metric stage is mstage_main() with
 *    its mstage_info, or mstage_main_more() for options of its own
 *    (mstage.h);
 *  - its line in pipeline/stages (name, source, kind, whether and where
 *    the nightly runs it, what it reads, whether the nightly carries its
 *    history from latest): the Makefile builds and installs it, the
 *    fuzz harness runs it if it reads tables, pipeline/nightly and
 *    pipeline/rerun run it, the benchmark names it, and the tests'
 *    loops over the metric stages (stages_of in tests/cli/lib.sh,
 *    tests/fuzz/seed) take it;
 *  - a tests/cli/ script with a hand-worked fixture;
 *  - doc/man/dip-<name>.1 (tests/cli/t0600 checks it against --help);
 *  - a metric stage: its bit in schema.h and its name in schema.c's
 *    stage_name[] (the build fails without it), and what the shared
 *    loops read:
 *    fixtures/<name>/tables and, in fixtures/ingest/dates/expected/,
 *    <name>-rows.csv and <name>-notes.csv;
 *  - doc/: its section (doc/metrics.md for a metric stage, else a page
 *    the README links) and doc/layout.md.
 * The meta-tests: tests/cli/t0000 checks --help, --version and a bad
 * option for every program in bin/; t0002 that every program is in the
 * list with its source, and that the nightly runs the list's order.
 *
 * Returns: these speak in exit statuses (exitcode.h), for main() to
 * return: stage_config() returns 0 or a status after printing what went
 * wrong, stage_end() the status to exit with.
 */
#ifndef DIP_STAGE_H
#define DIP_STAGE_H

#include "dip/config.h"

#ifndef DIP_VERSION
#define DIP_VERSION "unknown"
#endif

/* Program name for messages; SIGPIPE back to default. */
void stage_begin(const char *argv0);
/* "Try 'dip-x --help' for more information." and exit DIP_EXIT_USAGE. */
void stage_try_help(void) __attribute__((noreturn));
/* "dip-x (dipsample) VERSION" on stdout. */
void stage_version(void);
/* Locate and load the config, reporting errors; 0 or an exit status. */
int stage_config(struct config *c, const char *explicit_path);
/* Check that stdout was written; returns status, or DIP_EXIT_IO if the
 * last writes to stdout failed (a full disk, a closed pipe). */
int stage_end(int status);

#endif
