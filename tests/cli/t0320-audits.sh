#!/bin/sh
# dip-audits: Herefordshire's Q1 2024-25 tables reproduced, and a fixture
# worked by hand (fixtures/audits*/README.md).
. "$(dirname "$0")/lib.sh"

H=$FIXTURES/audits-herefordshire
A=$FIXTURES/audits

test_expect_success 'Herefordshire Q1: dip-audits runs' '
	dip-audits --as-of 2024-06-30 -o h "$H/tables"
'
test_expect_success 'Herefordshire Q1: the counts and percentages the report prints' '
	{ echo "metric,period_type,period_start,period_end,breakdown,group,numerator,denominator,percent"
	  awk -F, "NR > 1 { p = (\$9 == \"\") ? \"\" : sprintf(\"%.0f\", \$10);
		print \$1\",\"\$3\",\"\$4\",\"\$5\",\"\$6\",\"\$7\",\"\$8\",\"\$9\",\"p }" h/metrics/audits.csv
	} >got &&
	{ grep -vxF -f got "$H/expected/report.csv" >missing || true; } &&
	test_cmp /dev/null missing
'
test_expect_success 'Herefordshire Q1: the domain figures to one decimal' '
	awk -F, "\$3 == \"month\" && \$6 == \"domain\" { print \$1\",\"\$4\",\"\$7\",\"\$10 }" h/metrics/audits.csv >got &&
	{ grep -vxF -f got "$H/expected/domain-one-decimal.csv" >missing || true; } &&
	test_cmp /dev/null missing
'
test_expect_success 'worked fixture: dip-audits runs' '
	dip-audits --as-of 2026-01-30 -o a "$A/tables"
'
test_expect_success 'worked fixture: grades, moderation, kappa, re-audits, feedback, actions' '
	test -s a/metrics/audits.csv &&
	{ grep -vxF -f a/metrics/audits.csv "$A/expected/rows.csv" >missing || true; } &&
	test_cmp /dev/null missing
'
for l in children_repeat_inadequate actions_overdue reaudits_due; do
	test_expect_success "worked fixture: list $l" "
		test_cmp '$A/expected/$l.csv' a/lists/$l.csv
	"
done
test_expect_success 'bad input is named in the notes, not counted' '
	test_cmp "$A/expected/audits-notes.csv" a/metrics/audits-notes.csv
'
test_expect_success 'kappa has no interval and three decimals' '
	grep -q "^moderation_kappa,ratio,year,2025-04-01,2026-01-30,all,all,7,10,0.516,,,0$" a/metrics/audits.csv
'
# fixtures/audits/README.md, "Another council's timescales": every audit
# timescale comes from config.
test_expect_success 'another council: re-audits at 1 and 3 months, other timescales' '
	dip-audits -c "$A/policy/dipsample.conf" --as-of 2026-01-30 -o p "$A/tables" &&
	{ grep -vxF -f p/metrics/audits.csv "$A/expected/policy-rows.csv" >missing || true; } &&
	test_cmp /dev/null missing &&
	test_cmp "$A/expected/policy-reaudits_due.csv" p/lists/reaudits_due.csv
'
# fixtures/audits/README.md, "The lists": two more overdue actions, on
# children whose ids sort the other way round from the due dates.
test_expect_success 'actions_overdue: the most overdue first, with owner and description' '
	cp -r "$A/tables" more &&
	cat >>more/audit_actions.csv <<-\EOT &&
	999,AUD-C,1,X6,2025-11-03,2025-11-10,,SW-AU17-1,Hold a strategy discussion
	999,AUD-A,1,X7,2026-01-05,,,,
	EOT
	dip-audits --as-of 2026-01-30 -o more-out more &&
	test_cmp "$A/expected/more-actions_overdue.csv" more-out/lists/actions_overdue.csv
'
horizon_conf() {
	printf "[paths]\nbank_holidays = %s\n[audits]\nreaudit_horizon_days = %s\n" \
		"$DIP_ROOT/config/bank-holidays.csv" "$1"
}
test_expect_success 'reaudit_horizon_days = 0: only the re-audits already due' '
	horizon_conf 0 >h0.conf &&
	dip-audits -c h0.conf --as-of 2026-01-30 -o h0 "$A/tables" &&
	grep -v ",coming_due," "$A/expected/reaudits_due.csv" >want &&
	test_cmp want h0/lists/reaudits_due.csv
'
test_expect_success 'reaudit_horizon_days out of its range is refused with its line' '
	horizon_conf 367 >h367.conf &&
	test_must_fail dip-audits -c h367.conf --as-of 2026-01-30 -o h0 "$A/tables" 2>err &&
	test_cmp - err <<-\EOT
	dip-audits: h367.conf:4: '"'"'reaudit_horizon_days'"'"' in section '"'"'[audits]'"'"' must be a whole number from 0 to 366, not '"'"'367'"'"'
	EOT
'
test_expect_success 'a bad audit timescale is refused with its file and line' '
	sed "s/^reaudit_months = 1, 3/reaudit_months = 3, 1/" "$A/policy/dipsample.conf" >bad.conf &&
	test_must_fail dip-audits -c bad.conf --as-of 2026-01-30 -o p "$A/tables" 2>err &&
	test_cmp - err <<-\EOT
	dip-audits: bad.conf:9: '"'"'reaudit_months'"'"' in section '"'"'[audits]'"'"' must be a list of whole numbers from 1 to 120, each larger than the last, not '"'"'3, 1'"'"'
	EOT
'
test_expect_success 'an action of an unknown audit is refused with its line' '
	cp -r "$A/tables" bad &&
	echo "999,AUD-NONE,1,X9,2025-12-01,,,," >>bad/audit_actions.csv &&
	test_must_fail dip-audits --as-of 2026-01-30 -o a bad 2>err &&
	test_cmp - err <<-\EOT
	dip-audits: bad/audit_actions.csv:7: no audit for this row
	EOT
'
test_done
