#!/bin/sh
# The export map is checked, before any export is read, against the
# columns the metric stages read (stages/core/schema.c): a map that no
# longer fills one, or fills it with a type the stage cannot read, is a
# configuration error at the map's line naming the column and the stages.
# A column no stage reads stays free to rename or add by config alone.
. "$(dirname "$0")/lib.sh"

EXPORT=$FIXTURES/ingest/basic/case-2027.xml
q="'"

# fresh_map: a copy of the shipped config to break one thing in.
fresh_map() {
	rm -rf conf && cp -r "$DIP_ROOT/config" conf
}
# line_of PATTERN: the map line a grep pattern matches.
line_of() {
	grep -n "$1" conf/export-map.csv | cut -d: -f1
}
# refused_at PATTERN MESSAGE: --check-config refuses the map with exactly
# MESSAGE at the line PATTERN matches.
refused_at() {
	n=$(line_of "$1") &&
	test_must_fail dip-ingest -c conf/dipsample.conf --check-config 2>err &&
	echo "dip-ingest: conf/export-map.csv:$n: $2" >want &&
	test_cmp want err
}

test_expect_success 'the shipped config passes --check-config quietly' '
	dip-ingest --check-config >said 2>err &&
	test_cmp /dev/null said && test_cmp /dev/null err
'

# Renaming team in the map used to pass ingest, and every metric stage
# then showed every team as unknown.
fresh_map
sed -i "s/,episodes,team,string/,episodes,team_name,string/" conf/export-map.csv
test_expect_success 'a map that no longer fills team is refused at the episodes record row' '
	n=$(line_of "^record,Message/Children/Child/CINdetails,") &&
	test_must_fail dip-ingest -c conf/dipsample.conf -o out "$EXPORT" 2>err &&
	echo "dip-ingest: conf/export-map.csv:$n: no field fills column ${q}team${q} of table ${q}episodes${q}, which every metric stage reads" >want &&
	test_cmp want err &&
	test ! -e out
'
test_expect_code 2 'that is a configuration error (exit 2)' '
	dip-ingest -c conf/dipsample.conf -o out "$EXPORT"
'
test_expect_success 'the map is refused before any export is read' '
	test_must_fail dip-ingest -c conf/dipsample.conf -o out no-such-export.xml 2>err &&
	grep -q "no field fills column ${q}team${q}" err &&
	! grep -q no-such-export err
'
test_expect_success '--check-config says the same, reading no export' '
	test_must_fail dip-ingest -c conf/dipsample.conf --check-config 2>err &&
	grep -q "^dip-ingest: conf/export-map.csv:[0-9]*: no field fills column ${q}team${q}" err
'
test_expect_code 2 '--check-config on a bad map: exit 2' '
	dip-ingest -c conf/dipsample.conf --check-config
'

# Renaming birth_date used to pass ingest and fail dip-overdue at night.
fresh_map
sed -i "s/,children,birth_date,date/,children,date_of_birth,date/" conf/export-map.csv
test_expect_success 'a renamed birth_date is refused at the children record row' '
	n=$(line_of "^record,Message/Children/Child,") &&
	test_must_fail dip-ingest -c conf/dipsample.conf -o out "$EXPORT" 2>err &&
	echo "dip-ingest: conf/export-map.csv:$n: no field fills column ${q}birth_date${q} of table ${q}children${q}, which dip-overdue reads" >want &&
	test_cmp want err
'

# Its sibling: the column kept, but no longer a date, so a bad value
# would reach the stage instead of the ingest report.
fresh_map
sed -i "s/,children,birth_date,date/,children,birth_date,string/" conf/export-map.csv
test_expect_success 'a declared date filled as a string is refused at that row' '
	refused_at "/PersonBirthDate," \
		"${q}Message/Children/Child/ChildIdentifiers/PersonBirthDate${q} fills column ${q}birth_date${q} of table ${q}children${q} as string, but dip-overdue reads it as a date"
'

# A record row renamed: the table and its ordinal vanish together.
fresh_map
sed -i "s/,episodes,referral_date,episode_no,/,episodes,referral_date,ep_no,/" conf/export-map.csv
test_expect_success 'a renamed ordinal, a key every stage joins on, is refused' '
	refused_at "^record,Message/Children/Child/CINdetails," \
		"no field fills column ${q}episode_no${q} of table ${q}episodes${q}, which every metric stage reads"
'
fresh_map
sed -i "s/,cp_reviews,/,plan_reviews,/" conf/export-map.csv
test_expect_success 'a table renamed away is refused beside its parent record' '
	refused_at "^record,Message/Children/Child/CINdetails/ChildProtectionPlans," \
		"no record row makes table ${q}cp_reviews${q}, which every metric stage reads"
'

# What no stage reads is the council's to change.
fresh_map
sed -i "s/,episodes,referral_source,code:referral_source/,episodes,source_of_referral,code:referral_source/" conf/export-map.csv
echo "field,Message/Children/Child/CINdetails/x:Locality,episodes,locality,string,," >>conf/export-map.csv
test_expect_success 'a local column no stage reads is renamed or added by config alone' '
	dip-ingest -c conf/dipsample.conf --check-config &&
	dip-ingest -c conf/dipsample.conf -o out "$EXPORT" &&
	head -n 1 out/episodes.csv | grep -q ",source_of_referral,.*,locality$"
'

test_expect_code 2 '--check-config takes no export' '
	dip-ingest --check-config "$EXPORT"
'
test_expect_code 2 '--check-config takes no --output' '
	dip-ingest --check-config -o out2
'
# The documentation's table of the tables the stages read (doc/tables.md)
# was a hand copy and had drifted (columns missing, a table missing); now it
# must be the one declaration printed, row for row.
test_expect_success 'doc/tables.md shows the declared schema, row for row' '
	schema-table >want &&
	sed -n "/^| table | identifying columns |/,/^\$/p" "$DIP_ROOT/doc/tables.md" |
		sed "\$d" >got &&
	test_cmp want got
'
test_done
