/*
 * outfile.h - one output's temporary file, written whole before it may
 * replace its target.
 *
 * outfile_open() creates a temporary file beside the target (same
 * directory, so that a rename is atomic); the caller writes to o->fp.
 * outfile_finish() flushes, fsyncs and closes it; outfile_finish_all()
 * does so for several, their fsyncs at once (a disk's flushes overlap,
 * so 24 files take about a third of the time one by one).  On any
 * failure, or
 * outfile_abort(), the temporary file is removed.  Putting finished
 * files in place is the output set's work (outset.h): every file a
 * stage writes is a member of one, replaced together with the others.
 *
 * Temporary files still open at exit or on SIGINT/SIGTERM/SIGHUP are
 * unlinked.  A SIGKILL leaves a ".NAME.tmp-XXXXXX" file, which no stage
 * reads.
 *
 * Returns: outfile_open(), outfile_finish() and outfile_finish_all()
 * return 0, or -1 with err
 * naming the file and the system's reason (and the temporary file
 * removed).  o->fp is the outfile's: write to it, and let
 * outfile_finish() or outfile_abort() close it.
 */
#ifndef DIP_OUTFILE_H
#define DIP_OUTFILE_H

#include <stdio.h>
#include <sys/types.h>

#include "dip/error.h"

/* The stdio buffer of an output stream: a table is written in writes of
 * this size rather than stdio's 8 KiB. */
#define OUTFILE_BUFFER (128 * 1024)

struct outfile {
	char *path;          /* final name */
	char *tmp;           /* temporary name while open */
	FILE *fp;
	char *iobuf;         /* fp's buffer, OUTFILE_BUFFER bytes */
	int fd;              /* under fp, for fsync */
	int werr;            /* errno of the first failed write, or 0 */
	/* The bytes written so far (those fp has passed on: fflush()
	 * first), and their zlib CRC-32. */
	unsigned long long bytes;
	unsigned long crc;
	dev_t dev;           /* identity of the new file, so that a set */
	ino_t ino;           /* can tell a replaced target from the old */
	int finished;
	struct outfile *next_open;   /* cleanup list */
};

/* mode is applied to the new file (e.g. 0600 for personal data). */
int outfile_open(struct outfile *o, const char *path, mode_t mode,
		 struct dip_err *err);
/* Flush, fsync and close the temporary file (no rename yet). */
int outfile_finish(struct outfile *o, struct dip_err *err);
/*
 * outfile_finish() for the n files o[0..n-1] (those finished already
 * are skipped), the fsyncs run at once on a few threads.  On a failure,
 * err names the first file (in the order given) that failed, which is
 * removed; the files before it are finished, the files after it are left
 * open (flushed) for the caller to finish or abort.
 */
int outfile_finish_all(struct outfile *const *o, size_t n,
		       struct dip_err *err);
/* Discard: close and unlink the temporary file.  Safe to call twice. */
void outfile_abort(struct outfile *o);

#endif
