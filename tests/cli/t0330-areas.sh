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
test_done
