/*
 * outfile.h - output files that appear whole or not at all.
 *
 * outfile_open() creates a temporary file beside the target (same
 * directory, so rename() is atomic); the caller writes to o->fp.
 * outfile_commit() flushes, fsyncs, closes, renames over the target and
 * fsyncs the directory.  On any failure, or outfile_abort(), the
 * temporary file is removed and the old target is left untouched.
 *
 * Several outputs that belong together (the tables of one ingest) are
 * finished first and renamed only when every one finished:
 *   outfile_finish() on each, then outfile_publish() on each.
 *
 * Temporary files still open at exit or on SIGINT/SIGTERM/SIGHUP are
 * unlinked.  A SIGKILL leaves a ".NAME.tmp-XXXXXX" file, which no stage
 * reads.
 */
#ifndef DIP_OUTFILE_H
#define DIP_OUTFILE_H

#include <stdio.h>
#include <sys/types.h>

#include "dip/error.h"

struct outfile {
	char *path;          /* final name */
	char *tmp;           /* temporary name while open */
	FILE *fp;
	int finished;
	struct outfile *next_open;   /* cleanup list */
};

/* mode is applied to the new file (e.g. 0600 for personal data). */
int outfile_open(struct outfile *o, const char *path, mode_t mode,
		 struct dip_err *err);
/* Flush, fsync and close the temporary file (no rename yet). */
int outfile_finish(struct outfile *o, struct dip_err *err);
/* Rename a finished file over its target and fsync the directory. */
int outfile_publish(struct outfile *o, struct dip_err *err);
/* finish + publish. */
int outfile_commit(struct outfile *o, struct dip_err *err);
/* Discard: close and unlink the temporary file.  Safe to call twice. */
void outfile_abort(struct outfile *o);

#endif
