/*
 * sink.h - bytes to an open output file, gzip-compressed or not.  The
 * gzip header carries no time stamp, so the same input gives the same
 * bytes.
 *
 * Returns: 0, or -1 on a write error (errno or the compressor's:
 * dip-synth names the file).
 */
#ifndef DIP_SYNTH_SINK_H
#define DIP_SYNTH_SINK_H

#include <stdio.h>
#include <zlib.h>

struct synth_sink {
	FILE *fp;
	int gzip;
	z_stream z;
	int failed;
};

/* Write to fp (which stays the caller's), through gzip when asked:
 * 0, or -1 when zlib cannot start. */
int synth_sink_open(struct synth_sink *k, FILE *fp, int gzip);
int synth_sink_write(struct synth_sink *k, const void *buf, size_t n);
/* Flush the compressor; the FILE stays open.  0 or -1. */
int synth_sink_close(struct synth_sink *k);

#endif
