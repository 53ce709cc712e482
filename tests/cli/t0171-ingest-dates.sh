#!/bin/sh
# Dates in impossible orders: dip-ingest reports each one and keeps the
# record; every metric stage leaves it out of what it measures and counts
# it in its notes (fixtures/ingest/dates/README.md works it all out).
. "$(dirname "$0")/lib.sh"

D=$FIXTURES/ingest/dates
STAGES=$(stages_of metric)

test_expect_success 'ingest the fixture' '
	(cd "$D" && dip-ingest -o "$TRASH/tables" census-2022.xml audits.xml)
'
test_expect_success 'every impossible order is reported with file, line, child, both dates and check id' '
	test_cmp "$D/expected/ingest-report.csv" tables/ingest-report.csv
'
# value TABLE ROW-PREFIX COLUMN: the named column of the row starting so.
value() {
	awk -F, -v want="$3" -v key="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) c = i; next }
		index($0, key) == 1 { print $c }' "tables/$1.csv"
}
test_expect_success 'the records are kept as they were' '
	test "$(value assessments 999,DT01,1,1, start_date)" = 2028-04-28 &&
	test "$(value assessments 999,DT01,1,1, authorisation_date)" = 2020-09-19 &&
	test "$(value episodes 999,DT06,1, closure_date)" = 2020-11-20 &&
	test "$(value cin_plans 999,DT07,1,1, end_date)" = 2021-06-01 &&
	test "$(value cp_plans 999,DT08,1,1, end_date)" = 2020-05-15 &&
	test "$(value cp_reviews 999,DT10,1,1,2020-09-20 review_date)" = 2020-09-20 &&
	test "$(value children 999,DT13, death_date)" = 2014-01-01 &&
	test "$(value audits 999,AUD-01, moderation_date)" = 2020-10-10 &&
	test "$(value audit_actions 999,AUD-04,1, completed_date)" = 2020-10-30
'
for s in $STAGES; do
	test_expect_success "dip-$s leaves them out: the worked rows" "
		dip-$s --as-of 2021-03-31 -o run tables &&
		{ grep -vxF -f run/metrics/$s.csv '$D/expected/$s-rows.csv' >missing || true; } &&
		test_cmp /dev/null missing
	"
	test_expect_success "dip-$s counts them in its notes, with the metrics" "
		test_cmp '$D/expected/$s-notes.csv' run/metrics/$s-notes.csv
	"
done
test_expect_success 'no negative duration in the quartiles or the lists' '
	{ grep ",statistic," run/metrics/timeliness.csv; cat run/lists/*.csv; } >durations &&
	test_must_fail grep ",-[0-9]" durations
'
test_done
