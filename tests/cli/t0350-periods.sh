#!/bin/sh
# A period's rows do not depend on the as-of date that produced them: every
# stage, run at two as-of dates over the same tables, writes the same rows
# for every period complete on both dates (the earliest quarter, which
# starts before the first trend month, included).
. "$(dirname "$0")/lib.sh"

F=$FIXTURES
A=2025-12-20
B=2026-03-31
STAGES=$(stages_of metric)

# complete_rows FIRST_AS_OF CSV...: the rows of every period that ended
# before FIRST_AS_OF (so complete on both dates), sorted.
complete_rows() {
	cut_off=$1; shift
	cat "$@" |
		awk -F, -v c="$cut_off" '($3 == "month" || $3 == "quarter" || $3 == "year") && $5 < c' |
		sort
}

test_expect_success 'the tables: four census years of 400 synthetic children' '
	dip-synth -n 400 --from 2023 --to 2026 --as-of $B -o ex &&
	dip-ingest -o tables ex/*
'
for s in $STAGES; do
	test_expect_success "dip-$s as of $A and as of $B" "
		dip-$s --as-of $A -o a tables &&
		dip-$s --as-of $B -o b tables
	"
done
test_expect_success 'the shared complete periods include a quarter before the first trend month' '
	grep -q "^closures,closures,quarter,2025-01-01,2025-03-31,all,all," b/metrics/consent.csv &&
	! grep -q "^closures,closures,month,2025-02-01," b/metrics/consent.csv
'
# shared A_CSV B_CSV: the periods (type, start, end) complete on both dates.
shared() {
	complete_rows $A "$1" | cut -d, -f3-5 | sort -u >pa
	complete_rows $A "$2" | cut -d, -f3-5 | sort -u >pb
	comm -12 pa pb
}
# only PERIODS CSV: the complete rows of CSV in those periods.
only() {
	complete_rows $A "$2" |
		awk -F, 'NR == FNR { want[$0] = 1; next } ($3 FS $4 FS $5) in want' "$1" -
}
for s in $STAGES; do
	test_expect_success "dip-$s: every complete period the same on both dates" "
		shared a/metrics/$s.csv b/metrics/$s.csv >periods &&
		grep -q '^quarter,2025-01-01,2025-03-31$' periods &&
		only periods a/metrics/$s.csv >rows-a &&
		only periods b/metrics/$s.csv >rows-b &&
		test -s rows-a &&
		test_cmp rows-a rows-b
	"
done

# The hand-worked case (fixtures/consent/README.md): CN09, closed with "No
# consent" on 16 October 2025, falls in the first quarter of the run as of
# 2026-11-20 but before its first trend month; with CN10-CN12, closed in
# November, the quarter holds 4 consent closures.
test_expect_success 'consent: the quarter holding CN09 reads the same as of 2025-12-31 and 2026-11-20' '
	dip-consent --as-of 2025-12-31 -o early "$F/consent/tables" &&
	dip-consent --as-of 2026-11-20 -o late "$F/consent/tables" &&
	grep ",quarter,2025-10-01,2025-12-31," early/metrics/consent.csv >q-early &&
	grep ",quarter,2025-10-01,2025-12-31," late/metrics/consent.csv >q-late &&
	grep -q "^consent_closures,closures,quarter,2025-10-01,2025-12-31,all,all,4,4," q-late &&
	test_cmp q-early q-late
'
test_done
