#!/bin/sh
# Rolling periods: every proportion gets rolling_3m, rolling_6m and
# rolling_12m rows summed from its month rows.  Worked by hand for an as-of
# date of 2026-11-29 and 13 trend months (December 2025 is month 2 of
# the window, so November 2025 is month 1):
#   rolling_3m  ends with trend months 3..13: 11 rows, the first
#               2025-11-01..2026-01-31, the last 2026-09-01..2026-11-29
#               (November 2026 to date);
#   rolling_6m  ends with months 6..13: 8 rows;
#   rolling_12m ends with months 12 and 13: 2025-11-01..2026-10-31 and
#               2025-12-01..2026-11-29.
# A rolling_3m period that is a financial quarter must hold exactly the
# counts the stage wrote for that quarter, which it counted from the
# records themselves: the cross-check that a month sum is the period's
# count (no record is counted in two months).
. "$(dirname "$0")/lib.sh"

STAGES="overdue repeat-cp consent timeliness audits"

test_expect_success 'the tables and every metric stage as of 2026-11-29' '
	dip-synth -n 300 --from 2024 --to 2026 --as-of 2026-11-29 -o ex &&
	dip-ingest -o tables ex/* &&
	for s in $STAGES; do dip-$s --as-of 2026-11-29 -o run tables || return 1; done
'
test_expect_success 'rolling periods of a proportion, as worked by hand' '
	grep "^icpc_within_15wd,[^,]*,rolling_" run/metrics/timeliness.csv |
		grep ",all,all," | cut -d, -f3-5 >got &&
	{
		for m in 11 12; do echo "rolling_3m,2025-$m-01,"; done
		for m in 01 02 03 04 05 06 07 08 09; do echo "rolling_3m,2026-$m-01,"; done
	} >want-starts &&
	grep "^rolling_3m," got | cut -d, -f1-2 | sed "s/\$/,/" >got-starts &&
	test_cmp want-starts got-starts &&
	grep -q "^rolling_3m,2025-11-01,2026-01-31\$" got &&
	grep -q "^rolling_3m,2026-09-01,2026-11-29\$" got &&
	test $(grep -c "^rolling_6m," got) = 8 &&
	grep -q "^rolling_6m,2026-06-01,2026-11-29\$" got &&
	test $(grep -c "^rolling_12m," got) = 2 &&
	grep -q "^rolling_12m,2025-11-01,2026-10-31\$" got &&
	grep -q "^rolling_12m,2025-12-01,2026-11-29\$" got
'
test_expect_success 'only proportions have rolling rows (not counts, kappa or medians)' '
	cat run/metrics/*.csv | awk -F, "\$3 ~ /^rolling_/ && (\$9 == \"\" || \$1 ~ /kappa|median/)" >odd &&
	test_cmp /dev/null odd &&
	! grep -q "^children_assessment_stale,[^,]*,rolling" run/metrics/overdue.csv
'
test_expect_success 'a rolling quarter holds exactly the counts of that quarter' '
	cat run/metrics/*.csv |
		awk -F, "
			\$3 == \"quarter\" { q[\$1 FS \$4 FS \$5 FS \$6 FS \$7] = \$8 FS \$9 }
			\$3 == \"rolling_3m\" { r[\$1 FS \$4 FS \$5 FS \$6 FS \$7] = \$8 FS \$9 }
			END { for (k in r) if (k in q) { n++; if (q[k] != r[k]) print k, q[k], r[k] }
			      print n \" compared\" }" >cmp &&
	test "$(tail -n 1 cmp)" != "0 compared" &&
	sed -n "\$!p" cmp >diffs &&
	test_cmp /dev/null diffs
'
test_done
