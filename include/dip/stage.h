/*
 * stage.h - what every dip-<stage> executable shares.
 *
 * A stage's main() is: stage_begin(argv[0]); parse options with
 * getopt_long (--help -> usage(0) to stdout, a bad option ->
 * stage_try_help()); load config; open inputs; process; commit outputs;
 * return stage_end(status).
 *
 * Adding a stage (HACKING.md, "A stage", says more):
 *  - stages/<name>.c with main(); a metric stage is mstage_main() with
 *    its mstage_info, or mstage_main_more() for options of its own
 *    (mstage.h);
 *  - its name in the Makefile's STAGES (install and the fuzz harness
 *    follow);
 *  - a metric stage: its bit in schema.h and name in schema.c's
 *    schema_stage_names(), and the metric-stage loops of
 *    tests/cli/t0170, t0350, t0500 and tests/fuzz/seed;
 *  - pipeline/nightly (run order, header, a history carried from
 *    latest) and pipeline/rerun (order=, its arguments, header);
 *  - tests/bench/run's caption (it reads the stages from the log);
 *  - doc/man/dip-<name>.1 (tests/cli/t0600 checks it against --help);
 *  - a tests/cli/ script with a hand-worked fixture;
 *  - README: the nightly and rerun stage lists, a section, the Layout.
 * The meta-test tests/cli/t0000 checks --help, --version and a bad
 * option for every program in bin/.
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
