/*
 * Code lists: a code is found as given, then in another case; of two
 * rows with the same code the first is the one found.
 */
#include "ingest/codelist.h"
#include "tap.h"

#include <stdlib.h>

int main(void)
{
	char *dir = test_tmpdir();
	struct codelist cl;
	struct dip_err err;
	const struct code *k;

	/* Rows 1 to 4 (file lines 2 to 5): A1 twice, told apart by the
	 * label; b2 in lower case; Zz. */
	free(test_write_file(dir, "t.csv", "code,label,first_year,last_year\n"
			     "A1,first,,\nb2,bee,2020,2024\nA1,second,,\n"
			     "Zz,zed,,\n"));
	plan(8);
	ok(codelist_load(&cl, dir, "t", &err) == 0, "list loads");
	k = codelist_find(&cl, "A1");
	is_string("first", k ? k->label : NULL, "A1: the first of two rows");
	k = codelist_find(&cl, "a1");
	is_string("first", k ? k->label : NULL,
		  "a1: found in another case, still the first row");
	k = codelist_find(&cl, "B2");
	is_string("bee", k ? k->label : NULL, "B2 is b2");
	is_int(2024, k ? k->last_year : 0, "with b2's years");
	k = codelist_find(&cl, "zZ");
	is_string("Zz", k ? k->code : NULL, "zZ is Zz, as the list writes it");
	ok(!codelist_find(&cl, "A") && !codelist_find(&cl, "A1 ") &&
	   !codelist_find(&cl, ""), "a prefix, a trailing space, nothing:"
	   " not codes");
	ok(!codelist_find(&cl, "C3"), "an unknown code");
	codelist_release(&cl);
	free(dir);
	return 0;
}
