#!/bin/sh
# The nightly checks its config (dip-ingest --check-config) before it
# starts a run: a map that lost a column a stage needs stops it at once,
# at the map's line, with no run directory made and latest untouched.
. "$(dirname "$0")/lib.sh"

NIGHTLY=$DIP_ROOT/pipeline/nightly
q="'"
cp -r "$DIP_ROOT/config" conf
mkdir ex
cp "$FIXTURES"/ingest/basic/case-2027.xml ex/
run() { "$NIGHTLY" --config conf/dipsample.conf --as-of 2026-11-20 -o out "$@"; }

test_expect_success 'a good config: the run publishes' '
	run ex && test -L out/latest
'
good=$(readlink out/latest)
sed -i "s/,episodes,team,string/,episodes,team_name,string/" conf/export-map.csv
test_expect_success 'a map without team: one line naming the map line, no run started' '
	n=$(grep -n "^record,Message/Children/Child/CINdetails," conf/export-map.csv | cut -d: -f1) &&
	test_must_fail run ex 2>err &&
	echo "dipsample nightly: configuration refused, no run started: dip-ingest: $TRASH/conf/export-map.csv:$n: no field fills column ${q}team${q} of table ${q}episodes${q}, which every metric stage reads" >want &&
	test_cmp want err &&
	test $(ls -d out/run-* | wc -l) = 1 &&
	test "$(readlink out/latest)" = "$good"
'
test_expect_code 2 'that is exit 2, a configuration error' 'run ex'
test_done
