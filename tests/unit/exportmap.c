/*
 * The export map: the shipped map loads and nests tables as the census
 * does; a map that puts a field in the wrong table, uses an unknown type
 * or an undeclared prefix is refused at the line that says so.
 */
#include "ingest/exportmap.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *HEAD = "kind,path,table,column,type,first_year,last_year\n"
	"root,R,,,census,,\nfield,R/H/LEA,header,lea,string,,\n";

static int load_text(const char *dir, const char *codes, const char *body,
		     struct dip_err *err)
{
	char path[4200];
	struct exportmap m;
	FILE *fp;
	int rc;

	snprintf(path, sizeof(path), "%s/map.csv", dir);
	fp = fopen(path, "w");
	fputs(HEAD, fp);
	fputs(body, fp);
	fclose(fp);
	rc = exportmap_load(&m, path, codes, err);
	if (!rc)
		exportmap_release(&m);
	return rc;
}

int main(void)
{
	char *map_path = test_path("config/export-map.csv");
	char *codes = test_path("config/codes");
	char *dir = test_tmpdir();
	struct exportmap m;
	struct dip_err err;
	int ep, as, fa, ch;

	plan(22);
	ok(exportmap_load(&m, map_path, codes, &err) == 0, "shipped map loads");
	ch = map_table_index(&m, "children");
	ep = map_table_index(&m, "episodes");
	as = map_table_index(&m, "assessments");
	fa = map_table_index(&m, "assessment_factors");
	ok(ch >= 0 && ep >= 0 && as >= 0 && fa >= 0, "census tables present");
	is_int(-1, m.table[ch].parent, "children are top level");
	is_int(ch, m.table[ep].parent, "episodes sit in children");
	is_int(ep, m.table[as].parent, "assessments sit in episodes");
	is_int(as, m.table[fa].parent, "factors sit in assessments");
	is_string("referral_date", m.table[ep].col[m.table[ep].key].name,
		  "episodes are keyed by referral date");
	ok(map_col_index(&m, ch, "upn") < 0, "no UPN column anywhere");
	{
		const struct map_node *n = &m.top;
		const char *steps[] = { "Message", "Children", "Child",
					"ChildIdentifiers" };

		for (int i = 0; i < 4 && n; i++)
			n = map_child(n, NULL, steps[i]);
		ok(n && map_child(n, NULL, "UPN") && map_child(n, NULL, "UPN")->ignore,
		   "UPN is mapped as ignored");
		ok(n && map_child(n, NULL, "Sex")->field_col ==
		   map_child(n, NULL, "GenderCurrent")->field_col,
		   "Sex and GenderCurrent fill one column");
	}
	{
		/* map_child_interned() compares addresses, as a parser's
		 * interned names: each array below is one name.  It tries
		 * first the child that came after the one met last; the
		 * answers must be map_child()'s whatever the order. */
		struct map_node *n = &m.top;
		const char *steps[] = { "Message", "Children", "Child",
					"ChildIdentifiers" };
		static char la[] = "LAchildID", dob[] = "PersonBirthDate",
			    sex[] = "Sex", odd[] = "Nickname", ns[] = "urn:x";
		char reused[32];
		const char *order[] = { la, dob, sex, la, dob, sex, sex, la,
					dob, dob, la, sex };
		int same = 1;

		for (int i = 0; i < 4 && n; i++)
			n = map_child(n, NULL, steps[i]);
		map_forget_names(&m.top);
		/* Twice in the export's order, then backwards, repeated
		 * and skipping one. */
		for (size_t i = 0; n && i < sizeof(order) / sizeof(*order); i++)
			same &= map_child_interned(n, NULL, order[i]) ==
				map_child(n, NULL, order[i]);
		ok(n && same, "names in and out of the usual order: the"
		   " same children as by name");
		ok(n && !map_child_interned(n, NULL, odd) &&
		   !map_child_interned(n, NULL, odd) &&
		   map_child_interned(n, NULL, sex) == map_child(n, NULL, "Sex"),
		   "an unknown element: no child, twice, and the next known"
		   " one still found");
		ok(n && !map_child_interned(n, ns, sex),
		   "Sex in another namespace is not Sex");
		/* A new parse may give a name's address to another name. */
		snprintf(reused, sizeof(reused), "Sex");
		ok(n && map_child_interned(n, NULL, reused) ==
		   map_child(n, NULL, "Sex"), "a name at a new address");
		map_forget_names(&m.top);
		snprintf(reused, sizeof(reused), "LAchildID");
		ok(n && map_child_interned(n, NULL, reused) ==
		   map_child(n, NULL, "LAchildID") &&
		   map_child_interned(n, NULL, la) ==
		   map_child(n, NULL, "LAchildID"),
		   "after map_forget_names() an address may name another"
		   " element");
	}
	exportmap_release(&m);

	ok(load_text(dir, codes,
		     "record,R/C,kids,id,,,\nfield,R/C/id,kids,id,string,,\n"
		     "field,R/C/E/when,kids,when,date,,\n"
		     "record,R/C/E,events,eid,event_no,,\n"
		     "field,R/C/E/eid,events,eid,string,,\n", &err) != 0 &&
	   err.line == 6, "a field inside another record's element: line 6");
	ok(load_text(dir, codes,
		     "record,R/C,kids,id,,,\nfield,R/C/id,kids,id,number,,\n",
		     &err) != 0 && err.line == 5, "unknown type: line 5");
	is_string("unknown type 'number'", err.msg, "message names the type");
	ok(load_text(dir, codes,
		     "record,R/C,kids,id,,,\nfield,R/q:id,kids,id,string,,\n",
		     &err) != 0 && err.line == 5, "undeclared prefix: line 5");
	ok(load_text(dir, codes,
		     "record,R/C,kids,id,,,\nfield,R/C/id,kids,id,code:nosuch,,\n",
		     &err) != 0 && strstr(err.file, "nosuch.csv"),
	   "missing code list names its file");
	ok(load_text(dir, codes, "record,R/C,kids,id,,,\n", &err) != 0 &&
	   err.line == 4, "key column never mapped: line 4");
	ok(load_text(dir, codes,
		     "record,R/C,kids,id,,,\nfield,R/C/id,kids,id,string,,\n"
		     "strange,R/C/x,kids,x,string,,\n", &err) != 0 &&
	   err.line == 6, "unknown kind: line 6");
	free(map_path);
	free(codes);
	free(dir);
	return 0;
}
