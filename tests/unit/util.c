/*
 * strbuf_detach() (util.h): the caller gets the text and owns it, the
 * strbuf is left empty and can be used again, and a strbuf that never
 * held anything still hands over a string, never NULL.  list_has():
 * whole items only.  strbuf_add_markup(): the characters markup reads.
 */
#include "dip/util.h"
#include "tap.h"

#include <stdlib.h>

int main(void)
{
	struct strbuf sb;
	char *a, *b;

	plan(12);

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
	return 0;
}
