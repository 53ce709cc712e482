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

	plan(17);
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
