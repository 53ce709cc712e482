/* tagscan.c - attributes per start tag, counted in raw bytes; see tagscan.h. */
#include "ingest/tagscan.h"

#include <stdint.h>
#include <string.h>

enum {
	S_TEXT,         /* character data */
	S_LT,           /* after '<' */
	S_BANG,         /* after "<!": comment, CDATA or declaration? */
	S_COMMENT,      /* inside "<!--", until "-->" */
	S_CDATA,        /* inside "<![CDATA[", until "]]>" */
	S_PI,           /* inside "<?", until "?>" */
	S_DECL,         /* "<!DOCTYPE …" and the like, until '>' */
	S_ETAG,         /* "</…", until '>' */
	S_STAG          /* a start tag, until '>' outside quotes */
};

#define NON_ASCII 0x100         /* any character outside ASCII */

static const char cdata_open[] = "[CDATA[";

void tagscan_init(struct tagscan *s, unsigned long max_attrs)
{
	memset(s, 0, sizeof(*s));
	s->max_attrs = max_attrs;
	s->line = 1;
	s->col = 1;
}

/* The code unit size and order, from the first four bytes as libxml2's
 * xmlDetectCharEncoding() reads them (a BOM or "<?" in that encoding);
 * anything else is scanned byte by byte. */
static void detect(struct tagscan *s)
{
	const unsigned char *h = s->head;
	static const struct {
		unsigned char b[4];
		int len, unit, big;
	} sig[] = {
		{ { 0x00, 0x00, 0xFE, 0xFF }, 4, 4, 1 },
		{ { 0xFF, 0xFE, 0x00, 0x00 }, 4, 4, 0 },
		{ { 0x00, 0x00, 0x00, 0x3C }, 4, 4, 1 },
		{ { 0x3C, 0x00, 0x00, 0x00 }, 4, 4, 0 },
		{ { 0x00, 0x3C, 0x00, 0x3F }, 4, 2, 1 },
		{ { 0x3C, 0x00, 0x3F, 0x00 }, 4, 2, 0 },
		{ { 0xFE, 0xFF }, 2, 2, 1 },
		{ { 0xFF, 0xFE }, 2, 2, 0 },
	};

	s->unit = 1;
	for (size_t i = 0; i < sizeof(sig) / sizeof(sig[0]); i++)
		if (s->nhead >= sig[i].len &&
		    !memcmp(h, sig[i].b, (size_t)sig[i].len)) {
			s->unit = sig[i].unit;
			s->big_endian = sig[i].big;
			return;
		}
}

/* One character; -1 when a start tag goes over the cap. */
static int scan_char(struct tagscan *s, int c)
{
	switch (s->state) {
	case S_TEXT:
		if (c == '<') {
			s->state = S_LT;
			s->tag_line = s->line;
			s->tag_col = s->col;
		}
		break;
	case S_LT:
		if (c == '!') {
			s->state = S_BANG;
			s->run = 0;
		} else if (c == '?') {
			s->state = S_PI;
			s->run = 0;
		} else if (c == '/') {
			s->state = S_ETAG;
		} else {
			/* The element's name begins: a start tag. */
			s->state = S_STAG;
			s->attrs = 0;
			s->quote = 0;
		}
		break;
	case S_BANG:
		/* s->run counts the characters of "--" or "[CDATA[" seen. */
		if (s->run == 0 && c == '-') {
			s->run = -1;
		} else if (s->run == -1) {
			s->state = c == '-' ? S_COMMENT : S_DECL;
			s->run = 0;
		} else if (s->run >= 0 && c == cdata_open[s->run]) {
			if (!cdata_open[++s->run]) {
				s->state = S_CDATA;
				s->run = 0;
			}
		} else {
			s->state = c == '>' ? S_TEXT : S_DECL;
		}
		break;
	case S_COMMENT:
	case S_CDATA: {
		int mark = s->state == S_COMMENT ? '-' : ']';

		if (c == '>' && s->run >= 2)
			s->state = S_TEXT;
		s->run = c == mark ? s->run + 1 : 0;
		break;
	}
	case S_PI:
		if (c == '>' && s->run)
			s->state = S_TEXT;
		s->run = c == '?';
		break;
	case S_DECL:
	case S_ETAG:
		if (c == '>')
			s->state = S_TEXT;
		break;
	case S_STAG:
		if (s->quote) {
			if (c == s->quote)
				s->quote = 0;
		} else if (c == '"' || c == '\'') {
			s->quote = c;
		} else if (c == '=') {
			if (++s->attrs > s->max_attrs)
				return -1;
		} else if (c == '>') {
			s->state = S_TEXT;
		} else if (c == '<') {
			/* Malformed; libxml2 will say so.  Resynchronise. */
			s->state = S_LT;
			s->tag_line = s->line;
			s->tag_col = s->col;
		}
		break;
	}
	return 0;
}

/* Advance the position past one unit, as libxml2 counts: lines by LF,
 * columns by character (a UTF-8 continuation byte is no new column). */
static void advance(struct tagscan *s, unsigned long u)
{
	if (u == '\n') {
		s->line++;
		s->col = 1;
	} else if (!(s->unit == 1 && u >= 0x80 && u < 0xC0)) {
		s->col++;
	}
}

static int scan_unit(struct tagscan *s, unsigned long u)
{
	int rc = scan_char(s, u < 0x80 ? (int)u : NON_ASCII);

	advance(s, u);
	return rc;
}

/*
 * Single-byte units (UTF-8 and the 8-bit encodings), which is nearly
 * every export.  The lexer skips the runs that cannot change its state
 * (text up to '<', an end tag or declaration up to '>', a quoted value up
 * to its quote, a tag's names and blanks) with memchr() or a short table
 * loop, and takes the common steps (a start or end tag opening, a tag
 * closing) itself; scan_char() sees only the rare ones.  No state
 * depends on the position, so the position is not kept byte by byte:
 * the line feeds of each buffer are counted once, eight bytes at a time,
 * and a column is worked out only where it is needed (the '<' of a
 * refused tag, the '<' of a tag still open at the end of a buffer, the
 * end of a buffer for the next one).  This keeps the scan a small part
 * of ingest's time.
 */

#define NOWHERE ((size_t)-1)

/* Line feeds in p[0..n). */
static long count_lf(const unsigned char *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t low7 = ones * 0x7f, high = ones * 0x80;
	size_t i = 0;
	long c = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w, t;

		memcpy(&w, p + i, 8);
		w ^= ones * '\n';
		/* Each byte's high bit in t: set when the byte was not
		 * '\n' (exact: no carry crosses a byte). */
		t = ((w & low7) + low7) | w;
		c += (long)((((~t & high) >> 7) * ones) >> 56);
	}
	for (; i < n; i++)
		c += p[i] == '\n';
	return c;
}

/* The column of p[i]: characters since the last LF before it (UTF-8
 * continuation bytes are no new column), or since the buffer began at
 * column s->col. */
static long column_at(const struct tagscan *s, const unsigned char *p,
		      size_t i)
{
	size_t from = i;
	long col;

	while (from > 0 && p[from - 1] != '\n')
		from--;
	col = from > 0 ? 1 : s->col;
	for (; from < i; from++)
		col += (p[from] & 0xC0) != 0x80;
	return col;
}

/* Place the '<' at p[at] for a refusal: its line and column. */
static void place_tag(struct tagscan *s, const unsigned char *p, size_t at)
{
	s->tag_line = s->line + count_lf(p, at);
	s->tag_col = column_at(s, p, at);
}

static const unsigned char stop_tag[256] = {
	['"'] = 1, ['\''] = 1, ['='] = 1, ['>'] = 1, ['<'] = 1
};

/* One buffer; -1 at a start tag over the cap, placed by place_tag(). */
static int lex_narrow(struct tagscan *s, const unsigned char *p, size_t n,
		      size_t *tag_at)
{
	size_t i = 0;
	const unsigned char *q;

	while (i < n) {
		switch (s->state) {
		case S_TEXT:
			if (!(q = memchr(p + i, '<', n - i)))
				return 0;
			i = (size_t)(q - p);
			*tag_at = i;
			if (i + 1 < n && p[i + 1] == '/') {
				s->state = S_ETAG;
				i += 2;
			} else if (i + 1 < n && p[i + 1] != '!' &&
				   p[i + 1] != '?') {
				/* The element's name begins: a start tag. */
				s->state = S_STAG;
				s->attrs = 0;
				s->quote = 0;
				i += 2;
			} else {
				s->state = S_LT;
				i++;
			}
			continue;
		case S_ETAG:
		case S_DECL:
			if (!(q = memchr(p + i, '>', n - i)))
				return 0;
			s->state = S_TEXT;
			i = (size_t)(q - p) + 1;
			continue;
		case S_STAG:
			if (s->quote) {
				if (!(q = memchr(p + i, s->quote, n - i)))
					return 0;
				s->quote = 0;
				i = (size_t)(q - p) + 1;
				continue;
			}
			/* Names and blanks: short, so a table beats memchr(). */
			while (i < n && !stop_tag[p[i]])
				i++;
			if (i == n)
				return 0;
			break;
		default:
			break;
		}
		/* One character the lexer must see, by scan_char(). */
		{
			int was = s->state;

			if (scan_char(s, p[i] < 0x80 ? p[i] : NON_ASCII))
				return -1;
			if (s->state == S_LT && was != S_LT)
				*tag_at = i;
			i++;
		}
	}
	return 0;
}

static int scan_narrow(struct tagscan *s, const unsigned char *p, size_t n)
{
	size_t tag_at = NOWHERE;       /* the last '<' in this buffer */

	if (lex_narrow(s, p, n, &tag_at)) {
		if (tag_at != NOWHERE)
			place_tag(s, p, tag_at);
		return -1;
	}
	if (tag_at != NOWHERE && (s->state == S_LT || s->state == S_STAG)) {
		/* Refused, if at all, in a later buffer. */
		place_tag(s, p, tag_at);
		s->line = s->tag_line + count_lf(p + tag_at, n - tag_at);
	} else {
		s->line += count_lf(p, n);
	}
	s->col = column_at(s, p, n);
	return 0;
}

static int scan_bytes(struct tagscan *s, const unsigned char *p, size_t n)
{
	if (s->unit == 1)
		return scan_narrow(s, p, n);
	for (size_t i = 0; i < n; i++) {
		s->cu = s->big_endian ? s->cu << 8 | p[i]
				      : s->cu | (unsigned long)p[i]
						<< (8 * s->ncu);
		if (++s->ncu < s->unit)
			continue;
		if (scan_unit(s, s->cu))
			return -1;
		s->cu = 0;
		s->ncu = 0;
	}
	return 0;
}

int tagscan_feed(struct tagscan *s, const unsigned char *p, size_t n)
{
	if (!s->unit) {
		size_t take = 4 - (size_t)s->nhead;

		if (take > n)
			take = n;
		memcpy(s->head + s->nhead, p, take);
		s->nhead += (int)take;
		p += take;
		n -= take;
		if (s->nhead < 4)
			return 0;   /* fewer than 4 bytes hold no attribute */
		detect(s);
		if (scan_bytes(s, s->head, 4))
			return -1;
	}
	return scan_bytes(s, p, n);
}
