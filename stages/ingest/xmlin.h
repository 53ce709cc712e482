/*
 * xmlin.h - read one untrusted XML export, plain or gzip, as a stream of
 * element events.
 *
 * The file's bytes are read here (never by libxml2, which is only ever
 * fed memory), gzip is recognised by its magic bytes rather than by the
 * file name, and the raw bytes are hashed (SHA-256) on the way through.
 * The libxml2 SAX2 push parser sees no DTD handlers: any DOCTYPE is
 * refused, so external entities and entity expansion cannot happen.
 * Caps: decompressed size, gzip expansion ratio, text length of one
 * element, nesting depth, attributes in one start tag (counted in the
 * bytes before libxml2 parses them, see tagscan.h).  A gzip stream that
 * ends early is an error, not end of input.  Only a regular file is
 * read: a device, FIFO or socket is refused before anything is read
 * from it (and a FIFO is never waited on).
 *
 * Every error libxml2 raises, through whichever of its channels
 * (the parser context's structured handler, the thread's global
 * structured and generic handlers, the return value of xmlParseChunk(),
 * the context's well-formedness flag), fails the parse: a warning is
 * the only thing it may say without failing the file.
 *
 * Callbacks receive the xmlin handle; strings are valid only during the
 * call.  A callback stops the parse by calling xmlin_fail(), with a
 * message at the current position.
 *
 * Returns: xmlin_parse() returns 0, or -1 with err naming the label, the
 * line and column where known, and the exit status: DIP_EXIT_DATA for
 * the content (malformed, over a cap, bad gzip, xmlin_fail()),
 * DIP_EXIT_IO for a file that cannot be opened or read, is not a regular
 * file, or changed while it was read, DIP_EXIT_INTERNAL when libxml2 or
 * zlib cannot start.  *info is filled as far as the read got.  An error
 * libxml2 raised that did not fail the parse is a defect here: abort().
 * One parse at a time in a process: the read buffers are static and
 * the thread's libxml2 error handlers are taken for the parse.  The
 * struct xmlin exists only during xmlin_parse(): the functions taking
 * one are for the callbacks.
 */
#ifndef DIP_XMLIN_H
#define DIP_XMLIN_H

#include <stddef.h>

#include "dip/error.h"

struct xmlin;

struct xmlin_limits {
	unsigned long long max_bytes;   /* decompressed */
	double max_expansion;           /* decompressed / compressed */
	size_t max_text;                /* text bytes of one element */
	int max_depth;
	unsigned long max_attributes;   /* in one start tag, xmlns included */
};

struct xmlin_info {
	unsigned long long file_bytes;  /* bytes on disk */
	unsigned long long xml_bytes;   /* after decompression */
	int gzip;
	char sha256[65];                /* hex of the file as on disk */
	/* Errors libxml2 raised (warnings not counted).  Whenever this is
	 * not 0, xmlin_parse() has returned -1: a harness can assert it. */
	unsigned long xml_errors;
};

struct xmlin_sax {
	/* ns is the namespace URI or NULL; line is the start tag's line. */
	void (*start)(struct xmlin *x, const char *ns, const char *local,
		      long line);
	void (*end)(struct xmlin *x, const char *ns, const char *local);
	void (*text)(struct xmlin *x, const char *s, size_t n);
};

/* Parse path (shown in messages as label, or as path if NULL), calling
 * sax with user (xmlin_user()). */
int xmlin_parse(const char *path, const char *label,
		const struct xmlin_limits *lim, const struct xmlin_sax *sax,
		void *user, struct xmlin_info *info, struct dip_err *err);

void *xmlin_user(struct xmlin *x);
long xmlin_line(struct xmlin *x);
long xmlin_col(struct xmlin *x);
/* Stop with a message at the current position (exit status DATA); no
 * callback follows.  Only the first failure of a parse is kept. */
void xmlin_fail(struct xmlin *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Install the deny-all external entity loader (idempotent); called by
 * xmlin_parse(), exposed for tests. */
void xmlin_global_init(void);

#endif
