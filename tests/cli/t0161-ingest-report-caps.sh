#!/bin/sh
# The report lists the first examples of each check at each path and one
# summary row for the rest, so it stays small whatever an export holds
# (fixtures/ingest/flood/README.md works the expected rows out).
. "$(dirname "$0")/lib.sh"

X=$FIXTURES/ingest/flood
cp "$X/codes.xml" .
cp -r "$DIP_ROOT/config" conf

# The census header of codes.xml (lines 1-6, up to <Children>), for the
# large inputs made here.
head6() { sed -n 1,6p codes.xml; }
tail2() { printf '</Children>\n</Message>\n'; }
# An export of one child, FL01, whose record holds what "$@" prints.
one_child() {
	head6
	printf '<Child><ChildIdentifiers><LAchildID>FL01</LAchildID></ChildIdentifiers>'
	"$@"
	printf '</Child>\n'
	tail2
}
# Rows of severity $2 for file $1 in the report, and the manifest's count.
rows() { grep -c "^$2,[a-z_]*,$1," out/ingest-report.csv; }
manifest() {
	col=$(case $2 in warning) echo 12 ;; reject) echo 13 ;; *) echo 14 ;; esac)
	grep "^source,$1," out/manifest.csv | cut -d, -f"$col"
}

test_expect_success 'first five of each check and path, then one summary row' '
	dip-ingest -o out codes.xml &&
	test_cmp "$X/expected/ingest-report.csv" out/ingest-report.csv
'
test_expect_success 'the manifest counts the rows, summary rows included' '
	test "$(manifest codes.xml warning)" = 12 &&
	test "$(rows codes.xml warning)" = 12 &&
	test "$(manifest codes.xml reject)" = 0
'
test_expect_success 'the count column sums to every occurrence' '
	test "$(awk -F, "NR > 1 { s += \$NF } END { print s }" out/ingest-report.csv)" = 16
'
test_expect_success 'report_examples sets how many are listed' '
	printf "[ingest]\nreport_examples = 2\n" >>conf/dipsample.conf &&
	rm -rf out && dip-ingest -c conf/dipsample.conf -o out codes.xml &&
	test_cmp "$X/expected/ingest-report-examples-2.csv" out/ingest-report.csv &&
	test "$(manifest codes.xml warning)" = 6
'
n=$(wc -l <conf/dipsample.conf)
for bad in 0 101 -1 five 5x ""; do
	test_expect_success "report_examples = '$bad' is refused at its line" "
		sed '\$s/.*/report_examples = $bad/' conf/dipsample.conf >bad.conf &&
		test_must_fail dip-ingest -c bad.conf -o c codes.xml 2>err &&
		echo \"dip-ingest: bad.conf:$n: 'report_examples' in section '[ingest]' must be a whole number from 1 to 100, not '$bad'\" >want &&
		test_cmp want err && test ! -e c
	"
done
test_expect_success "report_paths = 1001 is refused at its line" "
	sed '\$s/.*/report_paths = 1001/' conf/dipsample.conf >bad.conf &&
	test_must_fail dip-ingest -c bad.conf -o c codes.xml 2>err &&
	echo \"dip-ingest: bad.conf:$n: 'report_paths' in section '[ingest]' must be a whole number from 1 to 1000, not '1001'\" >want &&
	test_cmp want err
"

# 200,000 unknown elements: 800 KB of XML, a few KB of gzip.
one_child sh -c "yes '<a/>' | head -n 200000 | tr -d '\n'" | gzip -c >flood.xml.gz
test_expect_success 'an unknown-element flood is 5 rows and a summary, still a success' '
	rm -rf out && dip-ingest -o out flood.xml.gz &&
	test "$(wc -l <out/ingest-report.csv)" = 7 &&
	test "$(grep -c "^warning,unknown_element,flood.xml.gz,7,Message/Children/Child/a,FL01,,element '"'"'a'"'"' is not in the export map; ignored,1\$" out/ingest-report.csv)" = 5 &&
	tail -n 1 out/ingest-report.csv >got &&
	echo "warning,unknown_element,flood.xml.gz,,Message/Children/Child/a,,,\"199995 more like this at this path in this file, not listed one by one (report_examples is 5)\",199995" >want &&
	test_cmp want got &&
	test "$(manifest flood.xml.gz warning)" = 6 &&
	test "$(manifest flood.xml.gz reject)" = 0 &&
	test "$(wc -l <out/children.csv)" = 2
'

{
	head6
	awk "BEGIN { for (i = 1; i <= 50000; i++) printf \"<Child><ChildIdentifiers><LAchildID>C%05d</LAchildID></ChildIdentifiers><ChildCharacteristics><Ethnicity>ZZZZ</Ethnicity></ChildCharacteristics></Child>\\n\", i }"
	tail2
} >codes50k.xml
test_expect_success '50,000 unknown codes are 5 rows and a summary' '
	rm -rf out && dip-ingest -o out codes50k.xml &&
	test "$(wc -l <out/ingest-report.csv)" = 7 &&
	grep "^warning,unknown_code,codes50k.xml,[0-9]" out/ingest-report.csv | cut -d, -f4,6 >got &&
	printf "7,C00001\n8,C00002\n9,C00003\n10,C00004\n11,C00005\n" >want &&
	test_cmp want got &&
	tail -n 1 out/ingest-report.csv | grep -q ",\"49995 more like this at this path in this file, not listed one by one (report_examples is 5)\",49995\$" &&
	test "$(wc -l <out/children.csv)" = 50001
'

one_child awk "BEGIN { for (i = 1; i <= 300; i++) printf \"<u%d/>\", i }" >paths.xml
test_expect_success 'a flood over 300 paths: 100 paths, then 5 more and a summary' '
	rm -rf out && dip-ingest -o out paths.xml &&
	test "$(wc -l <out/ingest-report.csv)" = 107 &&
	sed -n "2,106p" out/ingest-report.csv | cut -d, -f5 >got &&
	awk "BEGIN { for (i = 1; i <= 105; i++) print \"Message/Children/Child/u\" i }" >want &&
	test_cmp want got &&
	tail -n 1 out/ingest-report.csv >got &&
	echo "warning,unknown_element,paths.xml,,,,,\"195 more like this at other paths in this file, not listed one by one (report_paths is 100)\",195" >want &&
	test_cmp want got &&
	test "$(awk -F, "NR > 1 { s += \$NF } END { print s }" out/ingest-report.csv)" = 300 &&
	test "$(manifest paths.xml warning)" = 106
'

x200=$(printf "%200s" "" | tr " " x)
x499=$(printf "%499s" "" | tr " " x)
{
	head6
	printf '<Child><ChildIdentifiers><LAchildID>FL01</LAchildID><PersonBirthDate>'
	printf "%60000s" "" | tr " " x
	printf '</PersonBirthDate></ChildIdentifiers></Child>\n'
	tail2
} >big.xml
test_expect_success 'a 60,000-byte value is cut in the value and the reason' "
	rm -rf out && dip-ingest -o out big.xml &&
	echo \"warning,invalid_date,big.xml,7,Message/Children/Child/ChildIdentifiers/PersonBirthDate,FL01,$x200...,'$x499...,1\" >want &&
	sed -n 2p out/ingest-report.csv >got &&
	test_cmp want got
"
test_done
