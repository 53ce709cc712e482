/*
 * strbuf_detach() (util.h): the caller gets the text and owns it, the
 * strbuf is left empty and can be used again, and a strbuf that never
 * held anything still hands over a string, never NULL.
 */
#include "dip/util.h"
#include "tap.h"

#include <stdlib.h>

int main(void)
{
	struct strbuf sb;
	char *a, *b;

	plan(5);

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
	return 0;
}
