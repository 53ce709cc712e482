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

/* One code unit of a wide encoding; -1 over the cap. */
static int scan_unit(struct tagscan *s, unsigned long u)
{
	int rc = scan_char(s, u < 0x80 ? (int)u : NON_ASCII);

	advance(s, u);
	return rc;
}

/*
 * Single-byte units (UTF-8 and the 8-bit encodings), which is nearly
 * every export.  In text, end tags, declarations and start tags the
 * state changes only at one of five marks (< > = " '), so the lexer
 * finds the marks sixteen bytes at a time and looks only at them: text
 * up to '<', an end tag up to '>', a quoted value up to its quote, a
 * tag's names and blanks are skipped whole.  It takes the common steps
 * (a start or end tag opening) itself; scan_char() sees the rest, and
 * every byte after "<!" or "<?" until the lexer is back in text.  No
 * state depends on the position, so the position is not kept byte by
 * byte: the line feeds of each buffer are counted once, sixteen bytes
 * at a time,
 * and a column is worked out only where it is needed (the '<' of a
 * refused tag, the '<' of a tag still open at the end of a buffer, the
 * end of a buffer for the next one).  This keeps the scan a small part
 * of ingest's time.
 */

#define NOWHERE ((size_t)-1)

/* The five marks of text, end tags and start tags: < > = " ' */
static const unsigned char is_mark[256] = {
	['"'] = 1, ['\''] = 1, ['='] = 1, ['>'] = 1, ['<'] = 1
};

/*
 * Line feeds and marks found sixteen bytes at a time: with SSE2 (every x86-64) a
 * compare per byte value and a movemask; elsewhere a plain loop, the
 * same answers more slowly.
 */
#if defined(__SSE2__)
#include <emmintrin.h>

/* Line feeds in p[0..n). */
static long count_lf(const unsigned char *p, size_t n)
{
	const __m128i lf = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	size_t i = 0;
	long c = 0;

	while (n - i >= 16) {
		/* A match is -1 in its byte: subtracting counts it, up to
		 * 255 blocks before the byte counters are summed. */
		size_t blocks = (n - i) / 16;
		__m128i acc = zero;

		if (blocks > 255)
			blocks = 255;
		for (; blocks; blocks--, i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(p + i));

			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, lf));
		}
		acc = _mm_sad_epu8(acc, zero);
		c += _mm_cvtsi128_si32(acc) +
		     _mm_cvtsi128_si32(_mm_srli_si128(acc, 8));
	}
	for (; i < n; i++)
		c += p[i] == '\n';
	return c;
}

/* Bit k set when p[k] is one of the characters a start tag, an end tag
 * or text can turn on: < > = " ' (for k < 64). */
static uint64_t marks64(const unsigned char *p)
{
	const __m128i lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
		      eq = _mm_set1_epi8('='), dq = _mm_set1_epi8('"'),
		      sq = _mm_set1_epi8('\'');
	uint64_t bits = 0;

	for (int k = 0; k < 64; k += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + k));
		__m128i m = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(v, lt),
				     _mm_cmpeq_epi8(v, gt)),
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, eq),
						  _mm_cmpeq_epi8(v, dq)),
				     _mm_cmpeq_epi8(v, sq)));

		bits |= (uint64_t)(unsigned)_mm_movemask_epi8(m) << k;
	}
	return bits;
}
#else
static long count_lf(const unsigned char *p, size_t n)
{
	long c = 0;

	for (size_t i = 0; i < n; i++)
		c += p[i] == '\n';
	return c;
}

static uint64_t marks64(const unsigned char *p)
{
	uint64_t bits = 0;

	for (int k = 0; k < 64; k++)
		bits |= (uint64_t)is_mark[p[k]] << k;
	return bits;
}
#endif

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

/* The marks of one 64-byte block of the buffer: bit k for p[base + k]. */
struct marks {
	size_t base;
	uint64_t bits;
	int valid;
};

/* The first mark in p[i..n), or n.  Blocks start at multiples of 64
 * from the buffer's start, so each is classified once. */
static size_t next_mark(struct marks *f, const unsigned char *p, size_t i,
			size_t n)
{
	for (;;) {
		if (f->valid && i - f->base < 64) {
			uint64_t b = f->bits >> (i - f->base);

			if (b)
				return i + (size_t)__builtin_ctzll(b);
			i = f->base + 64;
		}
		if (i >= n)
			return n;
		f->base = i & ~(size_t)63;
		f->valid = 1;
		if (n - f->base >= 64) {
			f->bits = marks64(p + f->base);
		} else {
			f->bits = 0;
			for (size_t k = f->base; k < n; k++)
				f->bits |= (uint64_t)is_mark[p[k]] << (k - f->base);
		}
	}
}

/* Text, end tags, declarations and start tags change state only at a
 * mark; the rest (after '<', comments, CDATA, PIs) goes byte by byte. */
static int at_marks(int state)
{
	return state == S_TEXT || state == S_ETAG || state == S_DECL ||
	       state == S_STAG;
}

/*
 * One buffer; -1 at a start tag over the cap, placed by place_tag().
 * The lexer's state is kept in locals between marks, where the
 * compiler can hold it in registers, and written back for scan_char().
 */
static int lex_narrow(struct tagscan *s, const unsigned char *p, size_t n,
		      size_t *tag_at)
{
	struct marks f = { 0, 0, 0 };
	int state = s->state, quote = s->quote;
	unsigned long attrs = s->attrs;
	size_t i = 0;
	int rc = 0;

	while (i < n) {
		if (at_marks(state)) {
			int c;

			if ((i = next_mark(&f, p, i, n)) == n)
				break;
			c = p[i++];
			if (state == S_TEXT) {
				if (c != '<')
					continue;
				if (i < n && p[i] != '!' && p[i] != '?') {
					/* The common openings, taken here. */
					*tag_at = i - 1;
					state = p[i] == '/' ? S_ETAG : S_STAG;
					attrs = 0;
					quote = 0;
					i++;
					continue;
				}
			} else if (state != S_STAG) {
				if (c == '>')
					state = S_TEXT;
				continue;
			} else if (quote) {
				if (c == quote)
					quote = 0;
				continue;
			} else if (c != '<') {
				/* A start tag's quote, '=' or '>'. */
				if (c == '>')
					state = S_TEXT;
				else if (c != '=')
					quote = c;
				else if (++attrs > s->max_attrs) {
					rc = -1;
					break;
				}
				continue;
			}
			i--;
		}
		/* One character the lexer must see, by scan_char(). */
		s->state = state;
		s->quote = quote;
		s->attrs = attrs;
		if (scan_char(s, p[i] < 0x80 ? p[i] : NON_ASCII)) {
			rc = -1;
			break;
		}
		if (s->state == S_LT && state != S_LT)
			*tag_at = i;
		state = s->state;
		quote = s->quote;
		attrs = s->attrs;
		i++;
	}
	s->state = state;
	s->quote = quote;
	s->attrs = attrs;
	return rc;
}

/* One buffer of single-byte units: the position moves to its end, or
 * on -1 (over the cap) tag_line and tag_col place the refused '<'. */
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

/* Bytes once the unit is known; a wide unit may straddle two calls. */
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
