#!/bin/sh
# The public synthetic samples in ../shared/cin_samples/xml, each with
# counts worked out by hand from the file (see its MANIFEST.txt):
# tag counts, less CIN2rows' duplicate plan and review (merged into one),
# less the pr75 child with no LAchildID and everything inside it.
# CIN_Census_2024 (exported 2023-05-23) also has 9 dates in impossible
# orders: DfEX0000001's assessment started 2028-04-28 and was authorised
# 2020-09-19 (before its start, before the 2022-10-06 referral, and
# started after the export); child_fails_assessments was born, referred,
# closed, assessed and authorised after the export (5) and authorised
# 2024-01-27 before its 2024-10-24 referral.
. "$(dirname "$0")/lib.sh"

[ -d "$SAMPLES/xml" ] || test_skip_all "no ../shared/cin_samples/xml"

# file | children episodes assessments factors cp_plans cp_reviews disabilities | warnings rejects
while read -r file ch ep as fa cpp rev dis warn rej; do
	test_expect_success "$file" "
		dip-ingest -o out '$SAMPLES/xml/$file' &&
		for pair in children:$ch episodes:$ep assessments:$as \
		    assessment_factors:$fa cp_plans:$cpp cp_reviews:$rev \
		    disabilities:$dis; do
			t=\${pair%%:*} want=\${pair#*:}
			got=\$((\$(wc -l <out/\$t.csv) - 1))
			[ \"\$got\" = \"\$want\" ] || { echo \"\$t: \$got, want \$want\"; exit 1; }
		done &&
		test \$(grep -c '^warning,' out/ingest-report.csv) = $warn &&
		test \$(grep -c '^reject,' out/ingest-report.csv) = $rej
	"
	rm -rf out
done <<'EOF_TABLE'
data-to-insight_csc-validator-be-cin/CIN_Census_2021.xml 1 1 1 2 1 1 2 1 0
data-to-insight_csc-validator-be-cin/CIN_Census_2021_no_assessment_factors.xml 1 1 1 0 1 1 2 2 0
data-to-insight_csc-validator-be-cin/CIN2rows.xml 1 1 1 0 1 1 2 4 0
data-to-insight_csc-validator-be-cin/CIN_Census_2024.xml 2 2 2 3 1 1 3 16 0
data-to-insight_csc-validator-be-cin/CIN_header_issues_100.xml 1 1 1 2 1 1 2 2 0
SocialFinanceDigitalLabs_liia-tools/cin-2022.xml 1 1 1 2 1 1 2 0 0
SocialFinanceDigitalLabs_liia-tools/cin-2022_cin_census_pipeline.xml 1 1 1 2 1 1 2 0 0
SocialFinanceDigitalLabs_liia-tools/cin-2022_with_errors_pr75.xml 2 2 2 4 2 2 4 6 1
SocialFinanceDigitalLabs_liia-tools/CIN_Census_2021_bad_values_pr55.xml 1 1 1 2 1 1 2 2 0
EOF_TABLE

test_expect_success 'CIN2rows: the duplicated plan is reported, not counted twice' '
	rm -rf out &&
	dip-ingest -o out "$SAMPLES/xml/data-to-insight_csc-validator-be-cin/CIN2rows.xml" &&
	grep -q "^warning,duplicate_record,.*,65,Message/Children/Child/CINdetails/ChildProtectionPlans,DfEX0000001,2022-02-17," out/ingest-report.csv
'
test_expect_success 'CIN_Census_2024: Sex 1 is not a code, RB is not a factor' '
	rm -rf out &&
	dip-ingest -o out "$SAMPLES/xml/data-to-insight_csc-validator-be-cin/CIN_Census_2024.xml" &&
	grep -q "^warning,unknown_code,.*,25,.*/Sex,DfEX0000001,1," out/ingest-report.csv &&
	grep -q "^warning,unknown_code,.*,46,.*/AssessmentFactors,DfEX0000001,RB," out/ingest-report.csv
'
test_expect_success 'CIN_Census_2024: the assessment authorised before it started' '
	rm -rf out &&
	dip-ingest -o out "$SAMPLES/xml/data-to-insight_csc-validator-be-cin/CIN_Census_2024.xml" &&
	grep "^warning,authorised_before_start," out/ingest-report.csv | cut -d, -f4- >got &&
	test_cmp - got <<-\EOT
	41,Message/Children/Child/CINdetails/Assessments,DfEX0000001,2028-04-28/2020-09-19,authorisation 2020-09-19 is before start 2028-04-28,1
	EOT
'
test_expect_success 'pr75: the child with no LAchildID is rejected at its line' '
	rm -rf out &&
	dip-ingest -o out "$SAMPLES/xml/SocialFinanceDigitalLabs_liia-tools/cin-2022_with_errors_pr75.xml" &&
	grep -q "^reject,missing_key,.*,75,Message/Children/Child,,,'"'"'Child'"'"' has no '"'"'LAchildID'"'"'; dropped,1$" out/ingest-report.csv
'
test_done
