#!/bin/sh
# dip-ingest on the hand-worked fixture (fixtures/ingest/basic/README.md).
. "$(dirname "$0")/lib.sh"

B=$FIXTURES/ingest/basic
TABLES="children disabilities care_periods episodes closure_agreements assessments
	assessment_factors cin_plans section47s cp_plans cp_reviews
	pre_proceedings audits audit_domains audit_actions"

test_expect_success 'ingest the fixture' '
	(cd "$B" && dip-ingest -o "$TRASH/out" case-2027.xml audits.xml)
'
for t in $TABLES ingest-report; do
	test_expect_success "$t.csv is as worked out by hand" "
		test_cmp '$B/expected/$t.csv' out/$t.csv
	"
done

test_expect_success 'manifest: size and sha256 of each source' '
	for f in case-2027.xml audits.xml; do
		sum=$(sha256sum "$B/$f" | cut -d" " -f1)
		size=$(stat -c %s "$B/$f")
		grep -q "^source,$f,$size,$sum," out/manifest.csv || exit 1
	done
'
test_expect_success 'manifest: header facts of the census file' '
	grep -q "^source,case-2027.xml,[0-9]*,[0-9a-f]*,census,none,999,2027,2027-03-31,2026-11-21T02:00:00,11,10,2,0$" out/manifest.csv
'
test_expect_success 'manifest: audit file' '
	grep -q "^source,audits.xml,[0-9]*,[0-9a-f]*,audit,none,999,,,2026-11-21T03:00:00,3,1,0,0$" out/manifest.csv
'
test_expect_success 'manifest: rows per table match the tables' '
	for t in $TABLES; do
		n=$(($(wc -l <out/$t.csv) - 1))
		grep -q "^table,$t.csv,,,,,,,,,$n,,,$" out/manifest.csv || exit 1
	done
'
test_expect_success 'no UPN or FormerUPN value in any output' '
	! grep -r -e A999000000001 -e B999000000002 -i -e upn, out
'
test_expect_success 'child-level tables are owner-only, the manifest is not' '
	test "$(stat -c %a out/children.csv)" = 600 &&
	test "$(stat -c %a out/ingest-report.csv)" = 600 &&
	test "$(stat -c %a out/manifest.csv)" = 644
'
test_expect_success 'gzip is recognised by content, not by name' '
	gzip -c "$B/case-2027.xml" >case.xml &&
	cp "$B/audits.xml" . &&
	dip-ingest -o gz case.xml audits.xml &&
	for t in $TABLES; do test_cmp out/$t.csv gz/$t.csv || exit 1; done &&
	grep -q "^source,case.xml,[0-9]*,[0-9a-f]*,census,gzip," gz/manifest.csv
'
test_expect_success 'the same export twice counts nothing twice' '
	(cd "$B" && dip-ingest -o "$TRASH/twice" case-2027.xml case-2027.xml) &&
	for t in children episodes assessments assessment_factors cp_plans cp_reviews; do
		test_cmp out/$t.csv twice/$t.csv || exit 1
	done
'
test_expect_success '--verbose prints a summary line and the phase times' '
	(cd "$B" && dip-ingest -v -o "$TRASH/v" case-2027.xml audits.xml) 2>err &&
	head -n 1 err >summary &&
	test_cmp - summary <<-\EOT &&
	dip-ingest: 2 files, 14 records kept, 11 warnings, 2 rejects, 0 values superseded
	EOT
	test $(wc -l <err) = 2 &&
	grep -Eq "^dip-ingest: read [0-9]+\.[0-9]{3} s, checks [0-9]+\.[0-9]{3} s, write [0-9]+\.[0-9]{3} s; [0-9]+\.[0-9]{3} s of processor time$" err
'
test_done
