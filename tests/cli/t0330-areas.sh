#!/bin/sh
# dip-areas: the tracker worked by hand (fixtures/areas/README.md), its
# history kept without duplicates, and a bad measure refused.
. "$(dirname "$0")/lib.sh"

A=$FIXTURES/areas
CONF="-c $A/config/dipsample.conf"
cp -r "$A/run" run

test_expect_success 'the tracker as worked by hand' '
	dip-areas $CONF --as-of 2026-11-20 -o run run &&
	test_cmp "$A/expected/tracker.csv" run/areas/tracker.csv
'
test_expect_success 'history: one row per tracker row, stamped with the as-of date' '
	test $(($(wc -l <run/areas/history.csv) - 1)) = 8 &&
	test $(grep -c "^2026-11-20," run/areas/history.csv) = 8
'
test_expect_success 'a rerun for the same date replaces its rows' '
	cp run/areas/history.csv before.csv &&
	dip-areas $CONF --as-of 2026-11-20 -o run run &&
	test_cmp before.csv run/areas/history.csv
'
test_expect_success 'another date adds its rows and keeps the first' '
	dip-areas $CONF --as-of 2026-11-27 -o run run &&
	test $(grep -c "^2026-11-20," run/areas/history.csv) = 8 &&
	test $(grep -c "^2026-11-27," run/areas/history.csv) = 8 &&
	dip-areas $CONF --as-of 2026-11-20 -o run run &&
	test $(grep -c "^2026-11-20," run/areas/history.csv) = 8 &&
	test $(($(wc -l <run/areas/history.csv) - 1)) = 16
'
test_expect_success 'a measure naming a metric no stage wrote is refused at its line' '
	cp -r "$A/config" conf &&
	echo "B3,m_nowhere,all,all,month,up,1,1," >>conf/improvement/measures.csv &&
	sed -i "s#^bank_holidays = .*#bank_holidays = $DIP_ROOT/config/bank-holidays.csv#" conf/dipsample.conf &&
	cp run/areas/tracker.csv tracker.before &&
	test_must_fail dip-areas -c conf/dipsample.conf --as-of 2026-11-20 -o run run 2>err &&
	test_cmp - err <<-\EOT &&
	dip-areas: conf/improvement/measures.csv:9: measure names metric '"'"'m_nowhere'"'"', which no stage produced
	EOT
	test_cmp tracker.before run/areas/tracker.csv
'
test_expect_code 2 'that is a configuration error (exit 2)' '
	dip-areas -c conf/dipsample.conf --as-of 2026-11-20 -o run run
'
# A measure's direction, target and tolerance are read strictly: a
# target of "nan" or "85%" would otherwise become 0 and turn every
# status Green or Red without a word.
for bad in "direction:B3,m_green,all,all,month,upward,10,5,:direction must be 'up' or 'down', not 'upward'" \
	   "target:B3,m_green,all,all,month,up,nan,5,:target must be a number of 0 or more, not 'nan'" \
	   "target %:B3,m_green,all,all,month,up,85%,5,:target must be a number of 0 or more, not '85%'" \
	   "tolerance:B3,m_green,all,all,month,up,85,-5,:tolerance must be a number of 0 or more, not '-5'"
do
	what=${bad%%:*}; rest=${bad#*:}; line=${rest%%:*}; msg=${rest#*:}
	test_expect_success "a measure with a bad $what is refused at its line" "
		rm -rf conf2 && cp -r conf conf2 &&
		sed -i '\$d' conf2/improvement/measures.csv &&
		printf '%s\\n' '$line' >>conf2/improvement/measures.csv &&
		cp run/areas/tracker.csv tracker.before &&
		test_must_fail dip-areas -c conf2/dipsample.conf --as-of 2026-11-20 -o run run 2>err &&
		printf '%s\\n' \"dip-areas: conf2/improvement/measures.csv:9: \$msg\" >want &&
		test_cmp want err &&
		test_cmp tracker.before run/areas/tracker.csv
	"
done
test_expect_success 'a metrics file with a value that is not a number is refused at its line' '
	rm -rf run2 && cp -r run run2 &&
	f=$(ls run2/metrics/*.csv | grep -v notes | head -n 1) &&
	awk -F, -v OFS=, "NR == 2 { \$10 = \"12.5abc\" } { print }" "$f" >tmp && mv tmp "$f" &&
	test_must_fail dip-areas $CONF --as-of 2026-11-20 -o run2 run2 2>err &&
	grep -q "^dip-areas: $f:2: .value. is not a number: .12.5abc.\$" err
'
# Alt+Enter in a spreadsheet cell writes a line break inside a quoted
# field; a title or status goes on one-line chart labels, so it is
# refused at the line that the break ends.
test_expect_success 'a status holding a line break is refused at its line' '
	rm -rf conf3 && cp -r conf conf3 && sed -i "\$d" conf3/improvement/measures.csv &&
	printf "%s\n" "B2,2026-10-01,\"Amber" "!touch PWNED\",Lead,none" \
		>>conf3/improvement/activity.csv &&
	cp run/areas/tracker.csv tracker.before &&
	test_must_fail dip-areas -c conf3/dipsample.conf --as-of 2026-11-20 -o run run 2>err &&
	test_cmp - err <<-\EOT &&
	dip-areas: conf3/improvement/activity.csv:6: '"'"'status'"'"' holds a line break (Alt+Enter in a cell); keep it on one line
	EOT
	test_cmp tracker.before run/areas/tracker.csv
'
test_expect_success 'a title holding a line break is refused at its line' '
	rm -rf conf3 && cp -r conf conf3 && sed -i "\$d" conf3/improvement/measures.csv &&
	printf "%s\n" "B4,\"Safe" "closures\",Help and protection" \
		>>conf3/improvement/areas.csv &&
	test_must_fail dip-areas -c conf3/dipsample.conf --as-of 2026-11-20 -o run run 2>err &&
	test_cmp - err <<-\EOT
	dip-areas: conf3/improvement/areas.csv:5: '"'"'title'"'"' holds a line break (Alt+Enter in a cell); keep it on one line
	EOT
'
test_expect_code 2 'that is a configuration error (exit 2)' '
	dip-areas -c conf3/dipsample.conf --as-of 2026-11-20 -o run run
'
test_expect_success 'a lead holding a tab is refused at its line' '
	rm -rf conf3 && cp -r conf conf3 && sed -i "\$d" conf3/improvement/measures.csv &&
	printf "B2,2026-10-01,Amber,Lead\tname,none\n" >>conf3/improvement/activity.csv &&
	test_must_fail dip-areas -c conf3/dipsample.conf --as-of 2026-11-20 -o run run 2>err &&
	test_cmp - err <<-\EOT
	dip-areas: conf3/improvement/activity.csv:6: '"'"'lead'"'"' holds control character 0x09; remove it
	EOT
'
test_done
