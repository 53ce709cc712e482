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
test_done
