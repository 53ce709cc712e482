#!/bin/sh
# The export map is data: a council's new local field needs a config row,
# not a recompile; a broken map is refused at its line.
. "$(dirname "$0")/lib.sh"

cp -r "$DIP_ROOT/config" conf
sed 's#<x:Team>CP Team</x:Team>#<x:Team>CP Team</x:Team><x:Locality>North</x:Locality>#' \
	"$FIXTURES/ingest/basic/case-2027.xml" >case.xml

test_expect_success 'without a map row the new element is reported as unknown' '
	dip-ingest -c conf/dipsample.conf -o before case.xml &&
	grep -q "^warning,unknown_element,case.xml,[0-9]*,Message/Children/Child/CINdetails/x:Locality,DSA0002,North," before/ingest-report.csv &&
	! grep -q locality before/episodes.csv
'
test_expect_success 'one config row adds the column' '
	echo "field,Message/Children/Child/CINdetails/x:Locality,episodes,locality,string,," >>conf/export-map.csv &&
	dip-ingest -c conf/dipsample.conf -o after case.xml &&
	head -n 1 after/episodes.csv | grep -q ",local_closure_reason,locality$" &&
	grep -q "^999,DSA0002,1,.*,North$" after/episodes.csv &&
	grep -q "^999,DSA0001,1,.*,$" after/episodes.csv &&
	! grep -q Locality after/ingest-report.csv
'
test_expect_success 'a code list is data too: a new code needs no recompile' '
	dip-ingest -c conf/dipsample.conf -o a "$FIXTURES/ingest/basic/audits.xml" &&
	grep -q "^warning,unknown_code,.*,EXCELLENT," a/ingest-report.csv &&
	echo "EXCELLENT,Excellent (local grade),," >>conf/codes/grade.csv &&
	dip-ingest -c conf/dipsample.conf -o b "$FIXTURES/ingest/basic/audits.xml" &&
	! grep -q EXCELLENT b/ingest-report.csv
'
test_expect_success 'a field placed in the wrong table is refused at its line' '
	echo "field,Message/Children/Child/CINdetails/x:Area,children,area,string,," >>conf/export-map.csv &&
	n=$(wc -l <conf/export-map.csv) &&
	test_must_fail dip-ingest -c conf/dipsample.conf -o c case.xml 2>err &&
	echo "dip-ingest: conf/export-map.csv:$n: '"'"'Message/Children/Child/CINdetails/x:Area'"'"' lies inside table '"'"'episodes'"'"', not in table '"'"'children'"'"'" >want &&
	test_cmp want err
'
test_expect_code 2 'a broken map is a configuration error (exit 2)' '
	dip-ingest -c conf/dipsample.conf -o c case.xml
'
test_done
