#!/bin/sh
# The map loader refuses records nested deeper than a row can identify,
# rather than the writer overflowing (fixtures/ingest/deep-map/README.md).
. "$(dirname "$0")/lib.sh"

X=$FIXTURES/ingest/deep-map
for d in 16 8; do
	mkdir c$d && cp -r "$DIP_ROOT/config/." c$d/ &&
	cat "$X/records-$d.csv" >>c$d/export-map.csv
done
n=$(wc -l <"$DIP_ROOT/config/export-map.csv")
deep=Message/Children/Child/x:L/x:L/x:L/x:L/x:L/x:L/x:L/x:L

test_expect_success 'records nested 16 deep: refused at the first level too deep' "
	test_must_fail dip-ingest -c c16/dipsample.conf -o out '$X/nested-8.xml' 2>err &&
	echo \"dip-ingest: c16/export-map.csv:$((n + 15)): record '$deep' of table 'l9' is nested 9 records deep; at most 8 can be written\" >want &&
	test_cmp want err &&
	test ! -e out
"
test_expect_code 2 'a map nested too deep is a configuration error (exit 2)' "
	dip-ingest -c c16/dipsample.conf -o out '$X/nested-8.xml'
"
test_expect_success 'records nested 8 deep are written with every ordinal' "
	dip-ingest -c c8/dipsample.conf -o out '$X/nested-8.xml' &&
	test_cmp '$X/expected/l8.csv' out/l8.csv
"
test_done
