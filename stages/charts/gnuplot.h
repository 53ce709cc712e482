/*
 * gnuplot.h - run gnuplot as child processes, from an argv vector (never
 * a shell string), each with its output captured in a log file, and its
 * exit status checked.  A missing gnuplot is an error that says what to
 * install; a gnuplot that fails on a full disk is a write error.
 *
 * Returns: gnuplot_run() returns 0, or -1 with err set;
 * gnuplot_disk_full() is a question, 1 or 0.
 */
#ifndef DIP_GNUPLOT_H
#define DIP_GNUPLOT_H

#include "dip/error.h"

/*
 * Run "gnuplot SCRIPT[i]" for each of the N scripts at once, each with
 * stdout and stderr to LOG[i], and wait for every one of them, also when
 * one could not start or failed: no gnuplot is left writing once this
 * returns.  0 when every gnuplot exited 0; otherwise err says why for
 * the first script (in their order) that failed, with its log's first
 * line.
 */
int gnuplot_run(const char *const *script, const char *const *log, size_t n,
		struct dip_err *err);
/* 1 when the file system holding FILE has (next to) no space left: a
 * failed or short gnuplot output is then a write error (exit 3). */
int gnuplot_disk_full(const char *file);

#endif
