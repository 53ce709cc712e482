/* tagscan.c - attributes per start tag, counted in raw bytes; see tagscan.h. */
#include "dip/tagscan.h"

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

/* For each state that can skip, the characters that stop the skip:
 * nothing else can change the lexer's state there. */
static const unsigned char stop_text[256] = { ['<'] = 1 };
static const unsigned char stop_gt[256] = { ['>'] = 1 };
static const unsigned char stop_dquote[256] = { ['"'] = 1 };
static const unsigned char stop_squote[256] = { ['\''] = 1 };
static const unsigned char stop_tag[256] = {
	['"'] = 1, ['\''] = 1, ['='] = 1, ['>'] = 1, ['<'] = 1
};

/*
 * Single-byte units (UTF-8 and the 8-bit encodings), which is nearly
 * every export: the runs that cannot change the state (text up to '<',
 * an end tag or declaration up to '>', a quoted value up to its quote,
 * a tag's names and blanks) are skipped in one tight pass that only
 * keeps the position (lines by LF, columns by character, as advance()),
 * and only the characters that matter go through the lexer.  This keeps
 * the scan a small part of ingest's time.
 */
static int scan_narrow(struct tagscan *s, const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const unsigned char *stop;
		long line = s->line, col = s->col;

		switch (s->state) {
		case S_TEXT: stop = stop_text; break;
		case S_ETAG:
		case S_DECL: stop = stop_gt; break;
		case S_STAG:
			stop = s->quote == '"' ? stop_dquote
			     : s->quote == '\'' ? stop_squote : stop_tag;
			break;
		default: stop = NULL; break;    /* byte by byte */
		}
		if (stop) {
			for (; i < n && !stop[p[i]]; i++) {
				if (p[i] == '\n') {
					line++;
					col = 1;
				} else {
					col += (p[i] & 0xC0) != 0x80;
				}
			}
			s->line = line;
			s->col = col;
			if (i == n)
				break;
		}
		if (scan_unit(s, p[i]))
			return -1;
		i++;
	}
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
