/*
 * strbuf_detach() (util.h): the caller gets the text and owns it, the
 * strbuf is left empty and can be used again, and a strbuf that never
 * held anything still hands over a string, never NULL.  list_has():
 * whole items only.  strbuf_add_markup(): the characters markup reads.
 * is_blank(): space, tab, CR and LF only, at any length and position
 * (it reads eight bytes at a time).
 */
#include "dip/util.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* is_blank() on every length to 24 and every position of one other
 * byte in a run of white space: 1 only when that byte is white space. */
static int blank_everywhere(void)
{
	/* White space, then bytes a word test could mistake for it: NUL,
	 * vertical tab and form feed, the white space bytes with the top
	 * bit set, and neighbours of space and line feed. */
	static const unsigned char other[] = { ' ', '\t', '\r', '\n', 0, 0x0b,
		0x0c, 0xa0, 0x8a, 0x89, 0x8d, 0x21, 0x1f, 0x2a, 0x0e, 'x' };
	/* Runs of all four, and the usual line feed and indentation. */
	static const char *fill[] = { "\n \t\r\n \t\r", "\n       " };
	char s[32];

	for (size_t f = 0; f < 2; f++)
		for (size_t n = 1; n <= 24; n++)
			for (size_t at = 0; at < n; at++)
				for (size_t k = 0; k < sizeof(other); k++) {
					for (size_t i = 0; i < n; i++)
						s[i] = i ? fill[f][i % 8] : '\n';
					s[at] = (char)other[k];
					if (is_blank(s, n) != (k < 4))
						return 0;
				}
	return is_blank("", 0) && is_blank("\n        ", 9) &&
	       !is_blank("\n       <", 9);
}

int main(void)
{
	struct strbuf sb;
	char *a, *b;

	plan(13);

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/%d", "dir", 7);
	a = strbuf_detach(&sb);
	is_string("dir/7", a, "the text is handed over");
	ok(sb.buf == NULL && sb.len == 0 && sb.cap == 0,
	   "the strbuf is left empty");
	strbuf_adds(&sb, "again");
	is_string("dir/7", a, "using the strbuf again leaves the text alone");
	is_string("again", sb.buf, "and the strbuf holds the new text");
	strbuf_release(&sb);

	b = strbuf_detach(&sb);
	is_string("", b, "an empty strbuf hands over an empty string");
	free(a);
	free(b);

	ok(list_has("review:Team A; theme:neglect", ";", "; ",
		    "theme:neglect", 13), "the last item of a list");
	ok(list_has("service_area, team", ", ", ", ", "team", 4),
	   "an item after a comma and a space");
	ok(!list_has("service_area, team", ", ", ", ", "tea", 3),
	   "a prefix of an item is not an item");
	ok(!list_has("review:Team A", ";", "; ", "review:Team", 11),
	   "an item ends only at its separator");
	ok(!list_has(NULL, ";", "; ", "x", 1), "a NULL list has no items");

	strbuf_init(&sb);
	strbuf_add_markup(&sb, "a<b & \"c\">", 0);
	is_string("a&lt;b &amp; \"c\"&gt;", sb.buf, "text: & < > only");
	strbuf_reset(&sb);
	strbuf_add_markup(&sb, "\"x\"", 1);
	is_string("&quot;x&quot;", sb.buf, "an attribute: quotes too");
	strbuf_release(&sb);
	ok(blank_everywhere(), "is_blank: white space only, at every length"
	   " and position");
	return 0;
}
