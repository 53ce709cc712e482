#!/bin/sh
# A broken export stops the run with FILE:LINE:COL and replaces nothing.
# Positions are libxml2's: the column is where the parser stands, e.g. the
# '>' that ends a start tag (8 for '<Census>').
. "$(dirname "$0")/lib.sh"

B=$FIXTURES/ingest/basic
cp "$B/case-2027.xml" "$B/audits.xml" .

test_expect_success 'a good run first' '
	dip-ingest -o out case-2027.xml audits.xml &&
	(cd out && sha256sum * >../before.sum)
'
unchanged='(cd out && sha256sum -c --quiet ../before.sum) && test $(ls -A out | wc -l) = 18'

printf '<Message>\n  <Header>\n    <Year>2027\n  </Header>\n</Message>\n' >malformed.xml
test_expect_code 1 'malformed xml: exit 1' 'dip-ingest -o out case-2027.xml malformed.xml'
test_expect_success 'malformed xml: file, line, column and reason' '
	test_must_fail dip-ingest -o out case-2027.xml malformed.xml 2>err &&
	test_cmp - err <<-\EOT
	dip-ingest: malformed.xml:4:12: malformed xml: opening and ending tag mismatch: Year line 3 and Header
	EOT
'
test_expect_success 'malformed xml: nothing replaced' "$unchanged"

gzip -c case-2027.xml | head -c 2000 >truncated.xml.gz
test_expect_success 'truncated gzip is an error, not a short file' '
	test_must_fail dip-ingest -o out truncated.xml.gz 2>err &&
	test_cmp - err <<-\EOT
	dip-ingest: truncated.xml.gz: truncated gzip data: the compressed stream ends early
	EOT
'
test_expect_success 'truncated gzip: nothing replaced' "$unchanged"

{ gzip -c case-2027.xml; echo trailing; } >trailing.xml.gz
test_expect_success 'garbage after a gzip stream is refused' '
	test_must_fail dip-ingest -o out trailing.xml.gz 2>err &&
	grep -q "^dip-ingest: trailing.xml.gz: data after the end of the gzip stream at byte [0-9]*$" err
'

printf '<Census>\n  <Header/>\n</Census>\n' >wrongroot.xml
test_expect_success 'wrong root element' '
	test_must_fail dip-ingest -o out wrongroot.xml 2>err &&
	test_cmp - err <<-\EOT
	dip-ingest: wrongroot.xml:1:8: root element '"'"'Census'"'"' is not an export this map reads (census '"'"'Message'"'"' or audit '"'"'AuditExport'"'"')
	EOT
'
test_expect_code 3 'missing file: exit 3' 'dip-ingest -o out nosuch.xml'
test_expect_success 'missing file: message' '
	test_must_fail dip-ingest -o out nosuch.xml 2>err &&
	test_cmp - err <<-\EOT
	dip-ingest: nosuch.xml: cannot open: No such file or directory
	EOT
'
mkdir adir
test_expect_code 3 'a directory is not an export' 'dip-ingest -o out adir'
: >empty.xml
test_expect_success 'empty file' '
	test_must_fail dip-ingest -o out empty.xml 2>err &&
	test_cmp - err <<-\EOT
	dip-ingest: empty.xml: empty file
	EOT
'
sed '/<ReferenceDate>/d' case-2027.xml >noref.xml
test_expect_success 'no ReferenceDate: the census period cannot be known' '
	test_must_fail dip-ingest -o out noref.xml 2>err &&
	test_cmp - err <<-\EOT
	dip-ingest: noref.xml: no valid '"'"'ReferenceDate'"'"' in the header: the census period cannot be known
	EOT
'
sed '/<LEA>/d' case-2027.xml >nolea.xml
test_expect_success 'no LEA before the first child' '
	test_must_fail dip-ingest -o out nolea.xml 2>err &&
	grep -q "^dip-ingest: nolea.xml:[0-9]*:[0-9]*: no '"'"'LEA'"'"' in the header before the first record: the header must come first$" err
'
test_expect_success 'after all those failures: nothing replaced' "$unchanged"

test_expect_code 3 'an output directory that cannot be made: exit 3' '
	dip-ingest -o /dev/null/out case-2027.xml
'
test_expect_code 2 'no output directory: exit 2' 'dip-ingest case-2027.xml'
test_expect_code 2 'no input files: exit 2' 'dip-ingest -o out'

# 68 records are read (README of the fixture), 2 are rejected: 2.9%.
sed 's/^reject_ratio = .*/reject_ratio = 0.02/' "$DIP_ROOT/config/dipsample.conf" >strict.conf
sed -i "s#^export_map = #export_map = $DIP_ROOT/config/#; s#^codes = #codes = $DIP_ROOT/config/#" strict.conf
test_expect_code 1 'more rejects than reject_ratio: exit 1' '
	dip-ingest -c strict.conf -o out case-2027.xml audits.xml
'
test_expect_success 'reject ratio: says how many and shows them' '
	test_must_fail dip-ingest -c strict.conf -o out case-2027.xml audits.xml 2>err &&
	test_cmp - err <<-\EOT
	dip-ingest: 2 of 68 records rejected (2.9%), more than reject_ratio allows (2.0%); no tables written
	dip-ingest: case-2027.xml:303: Message/Children/Child: '"'"'Child'"'"' has no '"'"'LAchildID'"'"'; dropped
	dip-ingest: case-2027.xml:333: Message/Children/Child/CINdetails/Assessments: '"'"'Assessments'"'"' has no '"'"'AssessmentActualStartDate'"'"'; dropped
	EOT
'
test_expect_success 'reject ratio: nothing replaced' "$unchanged"

printf '[ingest]\nreject_ratio = 0.05\nmax_dpeth = 3\n' >typo.conf
test_expect_success 'a config typo names the file and line' '
	test_must_fail dip-ingest -c typo.conf -o out case-2027.xml 2>err &&
	test_cmp - err <<-\EOT
	dip-ingest: typo.conf:3: unknown key '"'"'max_dpeth'"'"' in section '"'"'[ingest]'"'"'
	EOT
'
# Records keep their file's number in 16 bits, so one run reads at most
# 65,535 exports.  65,536 arguments are refused as a usage error before
# any is opened (none of these exists: opening one would be exit 3).
test_expect_code 2 'more exports than a run can number: exit 2' '
	dip-ingest -o many $(yes nosuch.xml | head -n 65536)
'
test_expect_success 'more exports than a run can number: message, nothing written' '
	test_must_fail dip-ingest -o many $(yes nosuch.xml | head -n 65536) 2>err &&
	head -n 1 err >first &&
	test_cmp - first <<-\EOT &&
	dip-ingest: 65536 export files given; one run reads at most 65535
	EOT
	! test -e many
'
test_expect_success 'no temporary files left behind' '
	! ls -A out | grep -q tmp
'
test_done
