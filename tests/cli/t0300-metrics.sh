#!/bin/sh
# The dip-sample stages against their hand-worked fixtures
# (fixtures/{overdue,repeat-cp,consent}/README.md), and on bad input.
. "$(dirname "$0")/lib.sh"

F=$FIXTURES
AS_OF="--as-of 2026-11-20"

# rows_present EXPECTED ACTUAL: every expected line appears exactly.
rows_present() {
	test -s "$2" || { echo "no file $2"; return 1; }
	grep -vxF -f "$2" "$1" >missing || true
	if [ -s missing ]; then echo "missing rows:"; cat missing; return 1; fi
}

for s in overdue repeat-cp consent; do
	test_expect_success "dip-$s on its fixture" "
		dip-$s $AS_OF -o run '$F/$s/tables'
	"
done

test_expect_success 'overdue: the as-of rows are exactly the worked ones' '
	rows_present "$F/overdue/expected/as_of-rows.csv" run/metrics/overdue.csv &&
	grep ",as_of," run/metrics/overdue.csv >got &&
	test_cmp "$F/overdue/expected/as_of-rows.csv" got
'
test_expect_success 'overdue: period rows across Easter and the trend window' '
	rows_present "$F/overdue/expected/period-rows.csv" run/metrics/overdue.csv
'
for l in assessments_open_overdue assessments_late_from_start \
	 assessments_late_from_referral children_assessment_stale; do
	test_expect_success "overdue: list $l" "
		test_cmp '$F/overdue/expected/$l.csv' run/lists/$l.csv
	"
done
test_expect_success 'repeat-cp: rows and list as worked' '
	rows_present "$F/repeat-cp/expected/rows.csv" run/metrics/repeat-cp.csv &&
	test_cmp "$F/repeat-cp/expected/repeat_cpp_24m.csv" run/lists/repeat_cpp_24m.csv
'
test_expect_success 'consent: rows, list and notes as worked' '
	rows_present "$F/consent/expected/rows.csv" run/metrics/consent.csv &&
	test_cmp "$F/consent/expected/consent_closures.csv" run/lists/consent_closures.csv &&
	test_cmp "$F/consent/expected/consent-notes.csv" run/metrics/consent-notes.csv
'
test_expect_success 'the header is exactly SPEC 6' '
	for f in run/metrics/overdue.csv run/metrics/repeat-cp.csv run/metrics/consent.csv; do
		head -n 1 "$f" | grep -qx "metric,unit,period_type,period_start,period_end,breakdown,group,numerator,denominator,value,ci_low,ci_high,small_n" || exit 1
	done
'
test_expect_success '13 months, the quarters they touch and the year to date' '
	grep "^assessments_late_from_start,.*,all,all," run/metrics/overdue.csv |
		grep -v "^[^,]*,[^,]*,rolling_" | cut -d, -f3,4,5 >got &&
	cat >want <<-\EOT &&
	month,2025-11-01,2025-11-30
	month,2025-12-01,2025-12-31
	month,2026-01-01,2026-01-31
	month,2026-02-01,2026-02-28
	month,2026-03-01,2026-03-31
	month,2026-04-01,2026-04-30
	month,2026-05-01,2026-05-31
	month,2026-06-01,2026-06-30
	month,2026-07-01,2026-07-31
	month,2026-08-01,2026-08-31
	month,2026-09-01,2026-09-30
	month,2026-10-01,2026-10-31
	month,2026-11-01,2026-11-20
	quarter,2025-10-01,2025-12-31
	quarter,2026-01-01,2026-03-31
	quarter,2026-04-01,2026-06-30
	quarter,2026-07-01,2026-09-30
	quarter,2026-10-01,2026-11-20
	year,2026-04-01,2026-11-20
	EOT
	test_cmp want got
'
test_expect_success 'lists are owner-only, metrics are not' '
	test "$(stat -c %a run/lists/children_assessment_stale.csv)" = 600 &&
	test "$(stat -c %a run/metrics/overdue.csv)" = 644
'
test_expect_success 'same inputs, byte-identical outputs' '
	for s in overdue repeat-cp consent; do
		dip-$s $AS_OF -o again "$F/$s/tables" || exit 1
	done &&
	(cd run && find . -type f | sort | xargs sha256sum) >a &&
	(cd again && find . -type f | sort | xargs sha256sum) >b &&
	test_cmp a b
'
test_expect_success 'without the Eclipse extension: consent says so, no zeros' '
	cp -r "$F/consent/tables" plain &&
	awk -F, -v OFS=, "NR > 1 { \$11 = \$12 = \$13 = \$14 = \"\" } { print }" \
		"$F/consent/tables/episodes.csv" | sed "s/\"Parent declined \"//" >plain/episodes.csv &&
	head -n 1 "$F/consent/tables/closure_agreements.csv" >plain/closure_agreements.csv &&
	dip-consent $AS_OF -o bare plain &&
	! grep -q "^consent_closures" bare/metrics/consent.csv &&
	grep -q "^closures,closures,year,2026-04-01,2026-11-20,all,all,6," bare/metrics/consent.csv &&
	grep -q "^extension_missing," bare/metrics/consent-notes.csv &&
	for m in consent_closures consent_closures_after_s47_or_assessment \
		 consent_closures_without_sm_agreement; do
		grep -qx "metric_not_computed,$m: Eclipse extension fields missing,1" \
			bare/metrics/consent-notes.csv || exit 1
	done &&
	! grep -q "^metric_not_computed,closures:" bare/metrics/consent-notes.csv &&
	dip-overdue $AS_OF -o bare plain &&
	! grep -q ",team," bare/metrics/overdue.csv &&
	grep -q "^extension_missing," bare/metrics/overdue-notes.csv
'
test_expect_success 'no --as-of: today, and still writes' '
	dip-overdue -o today "$F/overdue/tables" &&
	grep -q ",as_of,$(date +%Y-%m-%d)," today/metrics/overdue.csv
'

# Bad input: a clear error, exit 1, nothing replaced.
(cd run && find . -type f | sort | xargs sha256sum) >before.sum
unchanged='(cd run && sha256sum -c --quiet ../before.sum)'
cp -r "$F/overdue/tables" broken
rm broken/episodes.csv
test_expect_success 'a missing table names the file' '
	test_must_fail dip-overdue $AS_OF -o run broken 2>err &&
	test_cmp - err <<-\EOT
	dip-overdue: broken/episodes.csv: cannot open: No such file or directory
	EOT
'
test_expect_code 3 'a missing table: exit 3' 'dip-overdue $AS_OF -o run broken'
cp "$F/overdue/tables/episodes.csv" broken/
sed -i "3s/2026-09-18/2026-09-31/" broken/episodes.csv
test_expect_success 'a bad date names the file, line and column' '
	test_must_fail dip-overdue $AS_OF -o run broken 2>err &&
	test_cmp - err <<-\EOT
	dip-overdue: broken/episodes.csv:3: invalid date '"'"'2026-09-31'"'"' in column '"'"'referral_date'"'"'
	EOT
'
test_expect_code 1 'a bad date: exit 1' 'dip-overdue $AS_OF -o run broken'
cut -d, -f1-3,5- "$F/overdue/tables/episodes.csv" >broken/episodes.csv
test_expect_success 'a missing column is named' '
	test_must_fail dip-overdue $AS_OF -o run broken 2>err &&
	test_cmp - err <<-\EOT
	dip-overdue: broken/episodes.csv:1: missing column '"'"'referral_date'"'"'
	EOT
'
# dip-repeat-cp reads no referral date (schema.c): a table without one is
# not its concern, and it reads the rest as before.
test_expect_success 'a stage does not need a column it does not read' '
	dip-repeat-cp $AS_OF -o other broken 2>err &&
	test ! -s err &&
	test -s other/metrics/repeat-cp.csv
'
cp "$F/overdue/tables/episodes.csv" broken/
{ cat "$F/overdue/tables/assessments.csv"; echo "999,NOBODY,1,1,2026-01-01,,,"; } >broken/assessments.csv
test_expect_success 'a row whose parent is missing is named' '
	test_must_fail dip-consent $AS_OF -o run broken 2>err &&
	test_cmp - err <<-\EOT
	dip-consent: broken/assessments.csv:17: no episode for this row
	EOT
'
test_expect_success 'after the failures, nothing replaced' "$unchanged"
test_expect_code 2 'bad --as-of: exit 2' 'dip-overdue --as-of 2026-02-30 -o run "$F/overdue/tables"'
test_done
