#!/bin/sh
# dip-timeliness against its hand-worked fixture (fixtures/timeliness/README.md).
. "$(dirname "$0")/lib.sh"

T=$FIXTURES/timeliness

test_expect_success 'dip-timeliness on its fixture' '
	dip-timeliness --as-of 2026-11-20 -o run "$T/tables"
'
test_expect_success 'every worked row is there, exactly' '
	test -s run/metrics/timeliness.csv &&
	{ grep -vxF -f run/metrics/timeliness.csv "$T/expected/rows.csv" >missing || true; } &&
	test_cmp /dev/null missing
'
for l in icpc_within_15wd cpp_reviews_on_time cpp_open_2y_plus re_referrals_12m; do
	test_expect_success "list $l" "
		test_cmp '$T/expected/$l.csv' run/lists/$l.csv
	"
done
test_expect_success 'the notes say when 12 months back cannot be seen' '
	grep -q "^history_incomplete,re-referrals: the data cannot see 12 months" run/metrics/timeliness-notes.csv
'
test_expect_success 'a conference dated before its S47 is in the notes and in no band' '
	grep -qxF "icpc_before_s47,\"conferences dated before their section 47, left out of icpc_within_15wd\",1" run/metrics/timeliness-notes.csv &&
	! grep -q "before_s47" run/metrics/timeliness.csv
'
test_expect_success 'the as-of rows are only the snapshot measures' '
	grep ",as_of," run/metrics/timeliness.csv | cut -d, -f1 | sort -u >got &&
	printf "%s\n" cpp_open_18m_plus cpp_open_2y_plus cpp_reviews_on_time >want &&
	test_cmp want got
'
test_expect_success 'a reviews table with an unknown plan is refused' '
	cp -r "$T/tables" bad &&
	echo "999,TL12,1,9,2026-09-01" >>bad/cp_reviews.csv &&
	test_must_fail dip-timeliness --as-of 2026-11-20 -o run bad 2>err &&
	test_cmp - err <<-\EOT
	dip-timeliness: bad/cp_reviews.csv:14: no plan for this row
	EOT
'
test_done
