#!/bin/sh
# Many records with the same key merge into one history, in key order,
# however many there are (fixtures/ingest/merge/README.md).  Speed is
# measured by make bench, not here.
. "$(dirname "$0")/lib.sh"

X=$FIXTURES/ingest/merge
cp "$X/same-key.xml" .

test_expect_success 'one child in 20 records: the merged history worked out by hand' '
	dip-ingest -o out same-key.xml &&
	for t in children episodes assessments ingest-report; do
		test_cmp "$X/expected/$t.csv" out/$t.csv || exit 1
	done
'

sh "$X/same-key.sh" 2000 dates >dates
# episode_no,referral_date and episode_no,assessment_no,start_date.
awk '{ print NR "," $0 }' dates >want-episodes
awk '{ print NR ",1," $0 }' dates >want-assessments
for mode in records episodes; do
	test_expect_success "2,000 episodes given as $mode, newest first: in date order" "
		sh '$X/same-key.sh' 2000 $mode >$mode.xml &&
		rm -rf out && dip-ingest -o out $mode.xml &&
		test \$(wc -l <out/children.csv) = 2 &&
		sed 1d out/episodes.csv | cut -d, -f3,4 >got &&
		test_cmp want-episodes got &&
		sed 1d out/assessments.csv | cut -d, -f3-5 >got &&
		test_cmp want-assessments got
	"
done
test_expect_success '2,000 records of one child: 1,999 duplicates, 5 listed' '
	dip-ingest -o out records.xml &&
	test $(grep -c "^warning,duplicate_record,records.xml,[0-9]" out/ingest-report.csv) = 5 &&
	grep -q "^warning,duplicate_record,records.xml,,Message/Children/Child,,,\"1994 more like this at this path in this file, not listed one by one (report_examples is 5)\",1994\$" out/ingest-report.csv
'
# Blocks without a key (closure agreements) are one block when every value
# is the same: 40 in one episode, newest first, then the same 40 again in a
# second record of the child.
awk 'BEGIN { for (i = 40; i >= 1; i--) print (i <= 31 ? sprintf("2020-01-%02d", i) : sprintf("2020-02-%02d", i - 31)) }' >days
blocks() {
	printf '<Child><ChildIdentifiers><LAchildID>MRG01</LAchildID></ChildIdentifiers><CINdetails><CINreferralDate>2020-01-01</CINreferralDate>'
	while read -r d; do
		printf '<x:ClosureAgreement><x:Date>%s</x:Date><x:Role>SM</x:Role></x:ClosureAgreement>' "$d"
	done <days
	printf '</CINdetails></Child>\n'
}
{ sed -n 1,6p same-key.xml; blocks; blocks; printf '</Children>\n</Message>\n'; } >blocks.xml
test_expect_success '40 keyless blocks given twice: 40 rows in date order' '
	rm -rf out && dip-ingest -o out blocks.xml &&
	sort days | awk "{ print \"999,MRG01,1,\" NR \",\" \$0 \",SM\" }" >want &&
	sed 1d out/closure_agreements.csv >got &&
	test_cmp want got &&
	grep "^warning,duplicate_value," out/ingest-report.csv |
		awk -F, "{ print \$4 \",\" \$5 \",\" \$NF }" >got &&
	p=Message/Children/Child/CINdetails/x:ClosureAgreement &&
	printf "8,$p,1\n8,$p,1\n8,$p,1\n8,$p,1\n8,$p,1\n,$p,35\n" >want &&
	test_cmp want got
'
test_done
