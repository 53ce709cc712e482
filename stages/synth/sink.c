/* sink.c - plain or gzip bytes into an open file; see sink.h. */
#include "synth/sink.h"

#include <string.h>

int synth_sink_open(struct synth_sink *k, FILE *fp, int gzip)
{
	memset(k, 0, sizeof(*k));
	k->fp = fp;
	k->gzip = gzip;
	/* windowBits 16+15: a gzip wrapper whose header time stamp is 0. */
	if (gzip && deflateInit2(&k->z, 6, Z_DEFLATED, 16 + 15, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	return 0;
}

/* Run the compressor and write what it gives until it wants more
 * input (or, when flushing, has given all): 0, or -1 on a write error. */
static int pump(struct synth_sink *k, int flush)
{
	unsigned char out[65536];
	int zr;

	do {
		k->z.next_out = out;
		k->z.avail_out = sizeof(out);
		zr = deflate(&k->z, flush);
		if (zr == Z_STREAM_ERROR)
			return -1;
		if (fwrite(out, 1, sizeof(out) - k->z.avail_out, k->fp) !=
		    sizeof(out) - k->z.avail_out)
			return -1;
	} while (k->z.avail_out == 0 || (flush == Z_FINISH && zr != Z_STREAM_END));
	return 0;
}

int synth_sink_write(struct synth_sink *k, const void *buf, size_t n)
{
	if (k->failed)
		return -1;
	if (!k->gzip) {
		if (fwrite(buf, 1, n, k->fp) != n)
			k->failed = 1;
		return k->failed ? -1 : 0;
	}
	k->z.next_in = (unsigned char *)buf;
	k->z.avail_in = (uInt)n;
	if (pump(k, Z_NO_FLUSH))
		k->failed = 1;
	return k->failed ? -1 : 0;
}

int synth_sink_close(struct synth_sink *k)
{
	if (k->gzip) {
		if (!k->failed && pump(k, Z_FINISH))
			k->failed = 1;
		deflateEnd(&k->z);
	}
	return k->failed ? -1 : 0;
}
