#!/bin/sh
# Repeated blocks (fixtures/ingest/blocks/README.md): every closure
# agreement is a row of its own, a field given twice in one record is
# reported and, when the values differ, left empty; no figure depends on
# the order of elements.
. "$(dirname "$0")/lib.sh"

B=$FIXTURES/ingest/blocks

test_expect_success 'ingest the fixture' '
	(cd "$B" && dip-ingest -o "$TRASH/out" census-2024.xml census-2026.xml)
'
for t in children episodes closure_agreements ingest-report; do
	test_expect_success "$t.csv is as worked out by hand" "
		test_cmp '$B/expected/$t.csv' out/$t.csv
	"
done
test_expect_success 'the two orders of the same blocks give the same rows' '
	grep "^999,BLK01," out/closure_agreements.csv | sed "s/BLK01/X/" >one &&
	grep "^999,BLK02," out/closure_agreements.csv | sed "s/BLK02/X/" >two &&
	test -s one &&
	test_cmp one two
'
test_expect_success 'swapping the blocks in the export changes no table' '
	awk "NR >= 35 && NR <= 42 { b[NR] = \$0; if (NR < 42) next;
		for (i = 39; i <= 42; i++) print b[i];
		for (i = 35; i <= 38; i++) print b[i]; next } { print }" \
		"$B/census-2026.xml" >census-2026.xml &&
	sed -n 35,36p census-2026.xml | grep -q "<x:Role>SM</x:Role>" &&
	sed -n 37p census-2026.xml | grep -q "2025-11-09" &&
	cp "$B/census-2024.xml" . &&
	dip-ingest -o swapped census-2024.xml census-2026.xml &&
	for t in children episodes closure_agreements; do
		test_cmp out/$t.csv swapped/$t.csv || exit 1
	done
'
test_expect_success 'the files in either order give the same tables' '
	(cd "$B" && dip-ingest -o "$TRASH/rev" census-2026.xml census-2024.xml) &&
	for t in children episodes closure_agreements; do
		test_cmp out/$t.csv rev/$t.csv || exit 1
	done
'
test_expect_success 'consent: any SM block on or before closure, never a stitched one' '
	dip-consent --as-of 2026-03-31 -o run out &&
	test_cmp "$B/expected/consent_closures.csv" run/lists/consent_closures.csv &&
	grep -q "^consent_closures_without_sm_agreement,closures,month,2025-11-01,2025-11-30,all,all,2,5,40.0,11.8,76.9,1$" run/metrics/consent.csv
'
test_expect_success 'a map with a keyless record outside any record is refused' '
	cp -r "$DIP_ROOT/config" conf &&
	echo "record,Message/x:Note,notes,,note_no,," >>conf/export-map.csv &&
	echo "field,Message/x:Note/x:Text,notes,text,string,," >>conf/export-map.csv &&
	n=$(($(wc -l <conf/export-map.csv) - 1)) &&
	test_must_fail dip-ingest -c conf/dipsample.conf -o bad "$B/census-2026.xml" 2>err &&
	echo "dip-ingest: conf/export-map.csv:$n: table '"'"'notes'"'"' has no key column, so it must lie inside another record" >want &&
	test_cmp want err
'
test_expect_success 'a keyless record needs an ordinal' '
	cp -r "$DIP_ROOT/config" conf2 &&
	sed -i "s#^record,\(.*x:ClosureAgreement\),closure_agreements,,agreement_no,,#record,\1,closure_agreements,,,,#" conf2/export-map.csv &&
	n=$(grep -n "^record,.*x:ClosureAgreement," conf2/export-map.csv | cut -d: -f1) &&
	test_must_fail dip-ingest -c conf2/dipsample.conf -o bad "$B/census-2026.xml" 2>err &&
	grep -q "^dip-ingest: conf2/export-map.csv:$n: record .* has no key column, so it needs an ordinal column" err
'
test_expect_success 'a path mapped twice to a typed column is refused' '
	cp -r "$DIP_ROOT/config" conf3 &&
	echo "field,Message/Children/Child/ChildIdentifiers/Sex,children,sex2,code:sex,," >>conf3/export-map.csv &&
	test_must_fail dip-ingest -c conf3/dipsample.conf -o bad "$B/census-2026.xml" 2>err &&
	grep -q "is mapped twice (a second row may only keep its text as given" err
'
test_expect_success 'two different LEAs in one header: refused, and says why' '
	sed "s#<LEA>999</LEA>#<LEA>999</LEA><LEA>998</LEA>#" "$B/census-2024.xml" >two-leas.xml &&
	test_must_fail dip-ingest -o bad two-leas.xml 2>err &&
	grep -q "^dip-ingest: two-leas.xml:[0-9]*:[0-9]*: '"'"'LEA'"'"' is given twice in the header with different values" err &&
	test ! -e bad/children.csv
'
test_expect_success 'the same LEA twice is only reported' '
	sed "s#<LEA>999</LEA>#<LEA>999</LEA><LEA>999</LEA>#" "$B/census-2024.xml" >same-lea.xml &&
	dip-ingest -o ok same-lea.xml &&
	grep -q "^warning,repeated_element,same-lea.xml,12,Message/Header/Source/LEA,,999,\"given twice, both times '"'"'999'"'"'; kept once\",1$" ok/ingest-report.csv
'
test_done
