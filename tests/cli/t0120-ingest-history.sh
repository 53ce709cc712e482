#!/bin/sh
# Several census years merge into one history, whatever their order
# (fixtures/ingest/history/README.md works the expected tables out).
. "$(dirname "$0")/lib.sh"

H=$FIXTURES/ingest/history
TABLES="children episodes assessments assessment_factors section47s cp_plans cp_reviews cin_plans"

n=0
for order in "census-2024.xml census-2025.xml census-2026.xml" \
	     "census-2026.xml census-2024.xml census-2025.xml" \
	     "census-2025.xml census-2026.xml census-2024.xml"; do
	n=$((n + 1))
	test_expect_success "order $n ($order): merged tables as worked out" "
		(cd '$H' && dip-ingest -o '$TRASH/o$n' $order) &&
		for t in $TABLES; do test_cmp '$H/expected/'\$t.csv o$n/\$t.csv || exit 1; done
	"
	test_expect_success "order $n: the two losing values are reported" "
		grep '^superseded,' o$n/ingest-report.csv | cut -d, -f3,5,6,7 >got &&
		test_cmp - got <<-\EOT
		census-2024.xml,Message/Children/Child/ChildCharacteristics/Ethnicity,HIS0001,WOTH
		census-2024.xml,Message/Children/Child/CINdetails/ChildProtectionPlans/LatestCategoryOfAbuse,HIS0001,NEG
		EOT
	"
	test_expect_success "order $n: the manifest counts them against census-2024.xml" "
		grep -q '^source,census-2024.xml,.*,2\$' o$n/manifest.csv &&
		grep -q '^source,census-2025.xml,.*,0\$' o$n/manifest.csv &&
		grep -q '^source,census-2026.xml,.*,0\$' o$n/manifest.csv
	"
done
test_expect_success 'equal export times: the later file on the command line wins' '
	sed "s/2024-05-10T02:00:00/2025-05-12T02:00:00/" "$H/census-2024.xml" >a.xml &&
	cp "$H/census-2025.xml" b.xml &&
	dip-ingest -o ab a.xml b.xml && dip-ingest -o ba b.xml a.xml &&
	grep -q "^999,HIS0001,.*,WBRI,$" ab/children.csv &&
	grep -q "^999,HIS0001,.*,WOTH,$" ba/children.csv
'
test_done
