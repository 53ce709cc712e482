/*
 * tagscan.h - count the attributes of each start tag in raw XML bytes,
 * before libxml2 sees them.
 *
 * libxml2 (2.9) checks a start tag's attributes and namespace
 * declarations for duplicates pair by pair while it parses the tag,
 * before any SAX callback runs: a million attributes on one element
 * cost about 10^12 comparisons.  A cap checked in a callback would come
 * too late, so the bytes are scanned here on their way to the parser
 * and a start tag with too many attributes stops the input first.
 *
 * The scan is a small lexer over ASCII markup: text, start tags (an '='
 * outside quoted values is one attribute or namespace declaration),
 * end tags, comments, CDATA sections, processing instructions and
 * declarations.  It works on code units, so UTF-16 and UCS-4 (told by
 * the first four bytes, as libxml2 tells them) are scanned as well as
 * UTF-8 and the single-byte encodings; a unit outside ASCII is just a
 * character.  It is linear and keeps its state across buffers.  On a
 * malformed document it may count wrongly, but libxml2 refuses those
 * anyway.
 *
 * Returns: tagscan_feed() returns 0, or -1 when a start tag has more
 * attributes than the cap; nothing else can fail and nothing is
 * allocated.  After -1 the input is to be refused, not fed further.
 */
#ifndef DIP_TAGSCAN_H
#define DIP_TAGSCAN_H

#include <stddef.h>

struct tagscan {
	unsigned long max_attrs;
	unsigned long attrs;        /* in the current start tag */
	int state, quote, run;      /* lexer state; quote char; "--" etc. */
	int unit, big_endian;       /* bytes per code unit, 0 until known */
	unsigned char head[4];      /* first bytes, until the unit is known */
	int nhead;
	unsigned long cu;           /* code unit being assembled */
	int ncu;
	/* Position of the next unit (lines from 1, columns from 1) and
	 * of the '<' of the current start tag. */
	long line, col, tag_line, tag_col;
};

void tagscan_init(struct tagscan *s, unsigned long max_attrs);
/* Scan the next n bytes of the document (a start tag may span calls).
 * On -1, s->tag_line and s->tag_col give the refused tag's '<'. */
int tagscan_feed(struct tagscan *s, const unsigned char *p, size_t n);

#endif
