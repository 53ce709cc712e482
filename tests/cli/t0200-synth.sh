#!/bin/sh
# dip-synth: same options, same bytes; every census file a valid return
# of its year; dip-ingest reads the lot without a reject or a warning.
. "$(dirname "$0")/lib.sh"

test_expect_success 'write five census years and audits' '
	dip-synth -n 600 -s 3 --from 2023 --to 2027 --as-of 2026-11-21 -o a &&
	ls a >got &&
	printf "%s\n" audits.xml census-2023.xml census-2024.xml census-2025.xml census-2026.xml census-2027.xml >want &&
	test_cmp want got
'
test_expect_success 'same seed, same bytes' '
	dip-synth -n 600 -s 3 --from 2023 --to 2027 --as-of 2026-11-21 -o b &&
	for f in a/*; do cmp "$f" "b/${f#a/}" || exit 1; done
'
test_expect_success 'another seed, other data' '
	dip-synth -n 600 -s 4 --from 2023 --to 2027 --as-of 2026-11-21 -o c &&
	! cmp -s a/census-2026.xml c/census-2026.xml
'
test_expect_success 'gzip: the same bytes inside, and the same gzip bytes every time' '
	dip-synth -z -n 600 -s 3 --from 2023 --to 2027 --as-of 2026-11-21 -o z1 &&
	dip-synth -z -n 600 -s 3 --from 2023 --to 2027 --as-of 2026-11-21 -o z2 &&
	for f in z1/*.gz; do cmp "$f" "z2/${f#z1/}" || exit 1; done &&
	gunzip -c z1/census-2025.xml.gz | cmp - a/census-2025.xml
'
test_expect_success 'headers: Year, ReferenceDate and export time per year' '
	grep -h -e "<Year>" -e "<ReferenceDate>" -e "<DateTime>" a/census-*.xml | tr -d " " >got &&
	cat >want <<-\EOT &&
	<Year>2023</Year>
	<ReferenceDate>2023-03-31</ReferenceDate>
	<DateTime>2023-05-10T02:00:00</DateTime>
	<Year>2024</Year>
	<ReferenceDate>2024-03-31</ReferenceDate>
	<DateTime>2024-05-10T02:00:00</DateTime>
	<Year>2025</Year>
	<ReferenceDate>2025-03-31</ReferenceDate>
	<DateTime>2025-05-10T02:00:00</DateTime>
	<Year>2026</Year>
	<ReferenceDate>2026-03-31</ReferenceDate>
	<DateTime>2026-05-10T02:00:00</DateTime>
	<Year>2027</Year>
	<ReferenceDate>2027-03-31</ReferenceDate>
	<DateTime>2026-11-21T02:00:00</DateTime>
	EOT
	test_cmp want got
'
# What ended before a census year began is not in its return, and nothing
# dated after the export is known: every end date lies in the period.
for y in 2023 2024 2025 2026 2027; do
	case $y in 2027) last=2026-11-20 ;; *) last=$y-03-31 ;; esac
	test_expect_success "census-$y.xml: end dates within $((y - 1))-04-01..$last" "
		grep -o -e '<CINclosureDate>[^<]*' -e '<AssessmentAuthorisationDate>[^<]*' \
			-e '<CPPendDate>[^<]*' -e '<CINPlanEndDate>[^<]*' \
			-e '<CPPreviewDate>[^<]*' a/census-$y.xml |
		sed 's/.*>//' | sort >dates &&
		test -s dates &&
		test \"\$(head -n 1 dates)\" '>' '$((y - 1))-03-31' &&
		test ! \"\$(tail -n 1 dates)\" '>' '$last'
	"
done
test_expect_success 'Sex from 2024-25, GenderCurrent before; CINPlanDates and pre-proceedings by year' '
	grep -q "<GenderCurrent>" a/census-2024.xml && ! grep -q "<Sex>" a/census-2024.xml &&
	grep -q "<Sex>" a/census-2025.xml && ! grep -q "<GenderCurrent>" a/census-2025.xml &&
	grep -q "<CINPlanDates>" a/census-2023.xml &&
	! grep -q "<PreProceedingsandFGDM>" a/census-2026.xml
'
test_expect_success 'dip-ingest reads every file: no reject, no warning' '
	dip-ingest -o t a/*.xml &&
	! grep -q -e "^reject," -e "^warning," t/ingest-report.csv
'
test_expect_success 'episodes open across years are merged, not counted twice' '
	sum=0 &&
	for f in a/census-*.xml; do
		dip-ingest -o one "$f" &&
		sum=$((sum + $(wc -l <one/episodes.csv) - 1)) || exit 1
	done &&
	merged=$(($(wc -l <t/episodes.csv) - 1)) &&
	echo "per file $sum, merged $merged" &&
	test "$merged" -lt "$sum" &&
	test "$(cut -d, -f1-3 t/episodes.csv | sort | uniq -d | wc -l)" = 0
'
test_expect_success 'audits refer to children in the census files' '
	cut -d, -f3 t/audits.csv | sed 1d | sort -u >audited &&
	cut -d, -f2 t/children.csv | sed 1d | sort -u >children &&
	test -s audited && test -z "$(comm -23 audited children)"
'
test_expect_success 'every audit was allocated before it was done' '
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		 { n++ } \$c[\"allocated_date\"] != \"\" && \$c[\"allocated_date\"] < \$c[\"audit_date\"] { ok++ }
		 END { print ok + 0, n + 0; exit !(n > 0 && ok == n) }" t/audits.csv
'
test_expect_success 'every action has an owner and a description' '
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		 { n++ } \$c[\"owner\"] != \"\" && \$c[\"description\"] != \"\" { ok++ }
		 END { print ok + 0, n + 0; exit !(n > 0 && ok == n) }" t/audit_actions.csv
'
test_expect_success 'the demo lists show worker, owner and description' '
	dip-audits --as-of 2026-11-21 -o m t &&
	dip-overdue --as-of 2026-11-21 -o m t &&
	for l in m/lists/actions_overdue.csv m/lists/children_assessment_stale.csv; do
		awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
			 { n++ } \$c[\"worker\"] != \"\" { ok++ }
			 END { print FILENAME, ok + 0, n + 0; exit !(n > 0 && ok == n) }" $l || exit 1
	done &&
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		 \$c[\"owner\"] != \"\" && \$c[\"description\"] != \"\" { ok++ }
		 END { exit !(ok > 0) }" m/lists/actions_overdue.csv
'
test_expect_success 'no UPN reaches the tables' '
	grep -q "<UPN>" a/census-2026.xml && ! grep -rq "Z9900" t
'
test_expect_success 'a bad count is a usage error naming the option' '
	test_must_fail dip-synth -n 0 -o x 2>err &&
	head -n 1 err >got &&
	echo "dip-synth: invalid --children '"'"'0'"'"' (1 to 100000000)" >want &&
	test_cmp want got
'
test_expect_code 2 '--from after --to: exit 2' 'dip-synth --from 2026 --to 2024 -o x'
test_done
