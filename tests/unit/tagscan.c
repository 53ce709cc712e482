/*
 * The start-tag scanner: attributes counted per tag in raw bytes, in any
 * of the code unit widths libxml2 detects, across buffer boundaries, with
 * '=' in quoted values, comments, CDATA and processing instructions not
 * counted.  Counts and positions below are worked by hand from the text.
 */
#include "ingest/tagscan.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* Scan text whole (step 0) or step bytes at a time; the feed result. */
static int scan(const char *text, size_t len, unsigned long cap, size_t step,
		struct tagscan *s)
{
	tagscan_init(s, cap);
	if (!step)
		return tagscan_feed(s, (const unsigned char *)text, len);
	for (size_t i = 0; i < len; i += step) {
		size_t n = len - i < step ? len - i : step;

		if (tagscan_feed(s, (const unsigned char *)text + i, n))
			return -1;
	}
	return 0;
}

static int scan_str(const char *text, unsigned long cap, size_t step,
		    struct tagscan *s)
{
	return scan(text, strlen(text), cap, step, s);
}

/* text as UTF-16 (2) or UCS-4 (4), little or big endian, with a BOM when
 * bom is set; ASCII text only. */
static char *widen(const char *text, int unit, int big, int bom, size_t *len)
{
	size_t n = strlen(text) + (bom ? 1 : 0);
	unsigned char *out = calloc(n, (size_t)unit), *p = out;

	for (size_t i = 0; i < n; i++, p += unit) {
		unsigned long c = bom && i == 0 ? 0xFEFF
				  : (unsigned char)text[i - (bom ? 1 : 0)];

		for (int b = 0; b < unit; b++)
			p[big ? unit - 1 - b : b] =
				(unsigned char)(c >> (8 * b));
	}
	*len = n * (size_t)unit;
	return (char *)out;
}

/*
 * A refused tag after a long run of text, many lines and UTF-8: "<r>"
 * and 5,000 times "x\n" (the first x on line 1, so 5,000 line feeds
 * end on line 5001), then 300,000 'y' and two 'é' (two bytes, one column
 * each), then the tag: its '<' is at line 5001, column 300,003.  Fed
 * whole, and in buffers that split the long line and the tag.  With the
 * tag allowed, the scan ends after "a=1 b=2/></r>" (13 characters) on
 * the tag's second line: line 5002, column 14.
 */
static void long_text(struct tagscan *s)
{
	const size_t lines = 5000, ys = 300000;
	const char *tail = "\xc3\xa9\xc3\xa9<t\na=1 b=2/></r>";
	size_t len = 3 + 2 * lines + ys + strlen(tail), k;
	char *text = malloc(len + 1);
	static const size_t steps[] = { 0, 65536, 7 };
	int rc;

	memcpy(text, "<r>", 3);
	k = 3;
	for (size_t i = 0; i < lines; i++, k += 2)
		memcpy(text + k, "x\n", 2);
	memset(text + k, 'y', ys);
	memcpy(text + k + ys, tail, strlen(tail) + 1);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		rc = scan(text, len, 1, steps[i], s);
		ok(rc == -1 && s->tag_line == 5001 && s->tag_col == 300003,
		   "after 5,000 lines and a 300,000 character line, fed %zu"
		   " bytes at a time: line 5001, column 300003 (got %ld:%ld)",
		   steps[i] ? steps[i] : len, s->tag_line, s->tag_col);
	}
	rc = scan(text, len, 2, 4096, s);
	ok(rc == 0 && s->line == 5002 && s->col == 14, "with the tag allowed,"
	   " the scan ends at line 5002, column 14 (got %ld:%ld)", s->line,
	   s->col);
	free(text);
}

/*
 * The single-byte lexer jumps from mark to mark; the wide one (UCS-4
 * here) reads every unit through the same state machine and is the
 * reference.  Random documents over an alphabet dense in marks, comment,
 * CDATA and PI openers and line feeds, fed whole and in odd buffers,
 * must give the same result, the same refused '<' and the same end
 * position both ways.  The generator is a fixed LCG, so a failure
 * repeats.
 */
static void same_as_reference(void)
{
	static const char alpha[] = "<<>>==\"'!?-[]/CDATa b\n\n";
	static const char *const pieces[] = { "<!--", "-->", "<![CDATA[",
		"]]>", "<?", "?>", "</", "<a ", "x=\"", "\"", "/>" };
	static const size_t steps[] = { 0, 1, 5, 16, 17, 33 };
	unsigned long seed = 12345;
	int bad = 0, docs = 0, refused = 0;

	for (int d = 0; d < 3000 && !bad; d++) {
		char text[400];
		size_t len = 0, target;

		seed = seed * 6364136223846793005ul + 1442695040888963407ul;
		target = 4 + (size_t)(seed >> 33) % 380;
		text[len++] = '<';
		while (len < target) {
			seed = seed * 6364136223846793005ul +
			       1442695040888963407ul;
			if ((seed >> 60) < 3) {
				const char *pc = pieces[(seed >> 40) % 11];

				if (len + strlen(pc) >= sizeof(text))
					break;
				memcpy(text + len, pc, strlen(pc));
				len += strlen(pc);
			} else {
				text[len++] = alpha[(seed >> 33) %
						    (sizeof(alpha) - 1)];
			}
		}
		text[len] = '\0';
		for (unsigned long cap = 1; cap <= 3 && !bad; cap++) {
			struct tagscan ref, got;
			size_t wlen;
			char *w = widen(text, 4, 0, 0, &wlen);
			int want = scan(w, wlen, cap, 0, &ref);

			free(w);
			refused += want != 0;
			for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]);
			     k++) {
				int rc = scan(text, len, cap, steps[k], &got);

				if (rc != want ||
				    (rc && (got.tag_line != ref.tag_line ||
					    got.tag_col != ref.tag_col)) ||
				    (!rc && (got.line != ref.line ||
					     got.col != ref.col ||
					     got.state != ref.state))) {
					diag("differs from the reference: cap %lu,"
					     " step %zu, text: %s", cap,
					     steps[k], text);
					bad = 1;
					break;
				}
			}
		}
		docs++;
	}
	ok(!bad && refused > 300, "%d random documents: the single-byte lexer"
	   " agrees with the unit-by-unit one (%d refusals among them)", docs,
	   refused);
}

int main(void)
{
	struct tagscan s;
	/* Three attributes on <b>, whose < is at line 2, column 4. */
	const char *three = "<?xml version=\"1.0\"?>\n"
			    "<a><b x=\"1\" y='2' z=\"3\"/></a>\n";
	const char *decoys = "<a q=\"=>=\" r='>'>"
			     "<!-- <c d=1 e=2 f=3> -->"
			     "<![CDATA[<c d=1 e=2 f=3>]]>"
			     "<?pi d=1 e=2 f=3?>"
			     "<!---->x=y=z</a>";
	static const struct { int unit, big, bom; const char *name; } wide[] = {
		{ 2, 0, 1, "UTF-16LE with BOM" },
		{ 2, 1, 1, "UTF-16BE with BOM" },
		{ 2, 0, 0, "UTF-16LE without BOM" },
		{ 2, 1, 0, "UTF-16BE without BOM" },
		{ 4, 0, 0, "UCS-4LE" },
		{ 4, 1, 0, "UCS-4BE" },
	};

	plan(21);
	ok(scan_str(three, 3, 0, &s) == 0, "three attributes pass a cap of 3");
	ok(scan_str(three, 2, 0, &s) == -1, "and not a cap of 2");
	ok(s.tag_line == 2 && s.tag_col == 4,
	   "the tag's '<' is given: line 2, column 4 (got %ld:%ld)",
	   s.tag_line, s.tag_col);
	ok(scan_str(three, 2, 1, &s) == -1 && s.tag_line == 2 &&
	   s.tag_col == 4, "the same one byte at a time");
	ok(scan_str(decoys, 2, 0, &s) == 0,
	   "quoted '=' and '>', comments, CDATA, PIs: 2 attributes only");
	ok(scan_str(decoys, 1, 0, &s) == -1, "and those 2 do count");
	ok(scan_str(decoys, 2, 1, &s) == 0, "decoys one byte at a time");
	ok(scan_str("<a\nb=1\nc=2\nd=3>", 2, 0, &s) == -1 && s.tag_line == 1 &&
	   s.tag_col == 1, "attributes over several lines: the tag's line");
	ok(scan_str("<r>\xc3\xa9\xc3\xa9<t a=1 b=2/>", 1, 0, &s) == -1 &&
	   s.tag_col == 6, "UTF-8: two-byte characters are one column each");
	for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++) {
		size_t len;
		char *w = widen(three, wide[i].unit, wide[i].big, wide[i].bom,
				&len);

		ok(scan(w, len, 3, 3, &s) == 0 &&
		   scan(w, len, 2, 3, &s) == -1 && s.tag_line == 2 &&
		   s.tag_col == 4,
		   "%s: 3 attributes counted, fed 3 bytes at a time",
		   wide[i].name);
		free(w);
	}
	ok(scan_str("<a", 0, 0, &s) == 0, "fewer than 4 bytes: nothing to count");
	long_text(&s);
	same_as_reference();
	return 0;
}
