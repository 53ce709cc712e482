/*
 * gnuplot.h - run gnuplot as a child process, from an argv vector (never
 * a shell string), with its output captured in a log file, and its exit
 * status checked.  A missing gnuplot is an error that says what to
 * install; a gnuplot that fails on a full disk is a write error.
 *
 * Returns: gnuplot_run() returns 0, or -1 with err set;
 * gnuplot_disk_full() is a question, 1 or 0.
 */
#ifndef DIP_GNUPLOT_H
#define DIP_GNUPLOT_H

#include "dip/error.h"

/* Run "gnuplot SCRIPT" with stdout and stderr to LOG.  0 when gnuplot
 * exited 0; otherwise err says why, with the log's first line. */
int gnuplot_run(const char *script, const char *log, struct dip_err *err);
/* 1 when the file system holding FILE has (next to) no space left: a
 * failed or short gnuplot output is then a write error (exit 3). */
int gnuplot_disk_full(const char *file);

#endif
