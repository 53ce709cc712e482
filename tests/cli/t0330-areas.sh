#!/bin/sh
# dip-areas: the tracker and the changes since the last board worked by
# hand (fixtures/areas/README.md), its history kept without duplicates,
# and a bad measure or comparator refused.
. "$(dirname "$0")/lib.sh"

A=$FIXTURES/areas
CONF="-c $A/config/dipsample.conf"
cp -r "$A/run" run

test_expect_success 'the tracker as worked by hand' '
	dip-areas $CONF --as-of 2026-12-03 -o run run &&
	test_cmp "$A/expected/tracker.csv" run/areas/tracker.csv
'
test_expect_success 'the changes since the previous board as worked by hand' '
	test_cmp "$A/expected/changes.csv" run/areas/changes.csv
'
test_expect_success 'the partial month never sets the status' '
	grep -q "^B1,Timely assessments,m_green,all,all,month,2026-11-01,90.0,.*,Green,.*,2026-12-01,2026-12-03,50.0,10," run/areas/tracker.csv
'
test_expect_success 'history: the earlier rows kept, one row per tracker row added' '
	test $(($(wc -l <run/areas/history.csv) - 1)) = 15 &&
	test $(grep -c "^2026-12-03," run/areas/history.csv) = 8 &&
	test $(grep -c "^2026-11-20," run/areas/history.csv) = 5
'
test_expect_success 'a rerun for the same date replaces its rows' '
	cp run/areas/history.csv before.csv &&
	dip-areas $CONF --as-of 2026-12-03 -o run run &&
	test_cmp before.csv run/areas/history.csv
'
test_expect_success 'another date adds its rows and keeps the first' '
	dip-areas $CONF --as-of 2026-12-10 -o run run &&
	test $(grep -c "^2026-12-03," run/areas/history.csv) = 8 &&
	test $(grep -c "^2026-12-10," run/areas/history.csv) = 8 &&
	dip-areas $CONF --as-of 2026-12-03 -o run run &&
	test $(grep -c "^2026-12-03," run/areas/history.csv) = 8 &&
	test $(($(wc -l <run/areas/history.csv) - 1)) = 23
'
test_expect_success 'a history of the old layout is read by column name' '
	rm -rf old && cp -r "$A/run" old &&
	printf "%s\\n" "as_of,area,title,metric,breakdown,group,period_type,period_start,latest_value,n,baseline,target,direction,trend_3m,impact_status,activity_status,activity_date,lead,tolerance,small_n" \
		"2024-11-05,B1,Timely assessments,m_within,all,all,month,2024-10-01,61.0,100,,85,up,,Red,,,,5,0" >old/areas/history.csv &&
	dip-areas $CONF --as-of 2026-12-03 -o old old &&
	grep -q "^B1,Timely assessments,m_within,all,all,month,2026-11-01,82.0,100,61.0," old/areas/tracker.csv &&
	grep -q "^2024-11-05,B1,Timely assessments,m_within,all,all,month,2024-10-01,61.0,100,,85,up,,Red,,,,5,0,,,,,,,,,,,,,,,,,,\$" old/areas/history.csv
'
test_expect_success 'a measure naming a metric no stage wrote is refused at its line' '
	cp -r "$A/config" conf &&
	echo "B3,m_nowhere,all,all,month,last_complete_month,up,1,1,,," >>conf/improvement/measures.csv &&
	sed -i "s#^bank_holidays = .*#bank_holidays = $DIP_ROOT/config/bank-holidays.csv#" conf/dipsample.conf &&
	cp run/areas/tracker.csv tracker.before &&
	test_must_fail dip-areas -c conf/dipsample.conf --as-of 2026-12-03 -o run run 2>err &&
	test_cmp - err <<-\EOT &&
	dip-areas: conf/improvement/measures.csv:9: measure names metric '"'"'m_nowhere'"'"', which no stage produced
	EOT
	test_cmp tracker.before run/areas/tracker.csv
'
test_expect_code 2 'that is a configuration error (exit 2)' '
	dip-areas -c conf/dipsample.conf --as-of 2026-12-03 -o run run
'
# A measure's direction, target and tolerance are read strictly: a
# target of "nan" or "85%" would otherwise become 0 and turn every
# status Green or Red without a word.
for bad in "direction:B3,m_green,all,all,month,last_complete_month,upward,10,5,,,:direction must be 'up' or 'down', not 'upward'" \
	   "target:B3,m_green,all,all,month,last_complete_month,up,nan,5,,,:target must be a number of 0 or more, not 'nan'" \
	   "target %:B3,m_green,all,all,month,last_complete_month,up,85%,5,,,:target must be a number of 0 or more, not '85%'" \
	   "tolerance:B3,m_green,all,all,month,last_complete_month,up,85,-5,,,:tolerance must be a number of 0 or more, not '-5'" \
	   "judged period:B3,m_green,all,all,month,month,up,85,5,,,:judged_period must be last_complete_month, last_complete_quarter, year_to_date, rolling_3m, rolling_6m, rolling_12m or as_of, not 'month'" \
	   "baseline period:B3,m_green,all,all,month,last_complete_month,up,85,5,2024-13-01,,:baseline_period must be a date (YYYY-MM-DD), not '2024-13-01'" \
	   "baseline value:B3,m_green,all,all,month,last_complete_month,up,85,5,,about 80,:baseline_value must be a number of 0 or more, not 'about 80'" \
	   "comparator:B3,m_green,all,all,month,last_complete_month,up,85,5,,,Wales:comparators.csv has no 'Wales' figure for metric 'm_green'"
do
	what=${bad%%:*}; rest=${bad#*:}; line=${rest%%:*}; msg=${rest#*:}
	test_expect_success "a measure with a bad $what is refused at its line" "
		rm -rf conf2 && cp -r conf conf2 &&
		sed -i '\$d' conf2/improvement/measures.csv &&
		printf '%s\\n' '$line' >>conf2/improvement/measures.csv &&
		cp run/areas/tracker.csv tracker.before &&
		test_must_fail dip-areas -c conf2/dipsample.conf --as-of 2026-12-03 -o run run 2>err &&
		printf '%s\\n' \"dip-areas: conf2/improvement/measures.csv:9: \$msg\" >want &&
		test_cmp want err &&
		test_cmp tracker.before run/areas/tracker.csv
	"
done
# A comparator is a published fact: its unit must be the metric's (a
# rate of children is not a rate of episodes), its value its counts'
# percentage, and it must say where it came from.
for bad in "unit:m_green,2025,England,children,,,85.7,a source:comparator counts 'children' but metric 'm_green' counts 'cases'" \
	   "value:m_green,2025,England,cases,857,1000,87.5,a source:value '87.5' is not 857 of 1000, to one decimal and counts to 10" \
	   "year:m_green,25,England,cases,,,85.7,a source:year must be a reporting year such as 2025, not '25'" \
	   "source:m_green,2025,England,cases,,,85.7,:a comparator needs a metric, a geography and a source"
do
	what=${bad%%:*}; rest=${bad#*:}; line=${rest%%:*}; msg=${rest#*:}
	test_expect_success "a comparator with a bad $what is refused at its line" "
		rm -rf conf3 && cp -r conf conf3 &&
		sed -i '\$d' conf3/improvement/measures.csv &&
		printf '%s\\n' '$line' >>conf3/comparators.csv &&
		cp run/areas/tracker.csv tracker.before &&
		test_must_fail dip-areas -c conf3/dipsample.conf --as-of 2026-12-03 -o run run 2>err &&
		printf '%s\\n' \"dip-areas: conf3/comparators.csv:6: \$msg\" >want &&
		test_cmp want err &&
		test_cmp tracker.before run/areas/tracker.csv
	"
done
test_expect_success 'a board date that is not a date is refused at its line' '
	rm -rf conf4 && cp -r conf conf4 &&
	sed -i "\$d" conf4/improvement/measures.csv &&
	echo "2026-11-31" >>conf4/improvement/board-dates.csv &&
	test_must_fail dip-areas -c conf4/dipsample.conf --as-of 2026-12-03 -o run run 2>err &&
	test_cmp - err <<-\EOT
	dip-areas: conf4/improvement/board-dates.csv:5: a board date must be a date (YYYY-MM-DD), not '"'"'2026-11-31'"'"'
	EOT
'
test_expect_success 'a metrics file with a value that is not a number is refused at its line' '
	rm -rf run2 && cp -r run run2 &&
	f=$(ls run2/metrics/*.csv | grep -v notes | head -n 1) &&
	awk -F, -v OFS=, "NR == 2 { \$10 = \"12.5abc\" } { print }" "$f" >tmp && mv tmp "$f" &&
	test_must_fail dip-areas $CONF --as-of 2026-12-03 -o run2 run2 2>err &&
	grep -q "^dip-areas: $f:2: .value. is not a number: .12.5abc.\$" err
'
# Alt+Enter in a spreadsheet cell writes a line break inside a quoted
# field; a title or status goes on one-line chart labels, so it is
# refused at the line that the break ends.
test_expect_success 'a status holding a line break is refused at its line' '
	rm -rf conf3 && cp -r conf conf3 && sed -i "\$d" conf3/improvement/measures.csv &&
	printf "%s\n" "B2,2026-10-01,\"Amber" "!touch PWNED\",Lead,none" \
		>>conf3/improvement/activity.csv &&
	cp run/areas/tracker.csv tracker.before &&
	test_must_fail dip-areas -c conf3/dipsample.conf --as-of 2026-11-20 -o run run 2>err &&
	test_cmp - err <<-\EOT &&
	dip-areas: conf3/improvement/activity.csv:6: '"'"'status'"'"' holds a line break (Alt+Enter in a cell); keep it on one line
	EOT
	test_cmp tracker.before run/areas/tracker.csv
'
test_expect_success 'a title holding a line break is refused at its line' '
	rm -rf conf3 && cp -r conf conf3 && sed -i "\$d" conf3/improvement/measures.csv &&
	printf "%s\n" "B4,\"Safe" "closures\",Help and protection" \
		>>conf3/improvement/areas.csv &&
	test_must_fail dip-areas -c conf3/dipsample.conf --as-of 2026-11-20 -o run run 2>err &&
	test_cmp - err <<-\EOT
	dip-areas: conf3/improvement/areas.csv:5: '"'"'title'"'"' holds a line break (Alt+Enter in a cell); keep it on one line
	EOT
'
test_expect_code 2 'that is a configuration error (exit 2)' '
	dip-areas -c conf3/dipsample.conf --as-of 2026-11-20 -o run run
'
test_expect_success 'a lead holding a tab is refused at its line' '
	rm -rf conf3 && cp -r conf conf3 && sed -i "\$d" conf3/improvement/measures.csv &&
	printf "B2,2026-10-01,Amber,Lead\tname,none\n" >>conf3/improvement/activity.csv &&
	test_must_fail dip-areas -c conf3/dipsample.conf --as-of 2026-11-20 -o run run 2>err &&
	test_cmp - err <<-\EOT
	dip-areas: conf3/improvement/activity.csv:6: '"'"'lead'"'"' holds control character 0x09; remove it
	EOT
'
# The history carried from the last run: read by column name, refused
# with its line and the remedy when it cannot be read, never silently
# dropped, and a failure never reported as "write failed".
hist_run() {
	rm -rf "$1" && cp -r "$A/run" "$1" && mkdir -p "$1/areas" &&
	cat >"$1/areas/history.csv"
}
test_expect_success 'a history from an older version is carried by column name' '
	hist_run h1 <<-\EOT &&
	as_of,area,metric,latest_value,retired_column
	2026-10-01,B1,m_green,81.0,x
	EOT
	dip-areas $CONF --as-of 2026-11-20 -o h1 h1 &&
	grep -q "^2026-10-01,B1,,m_green,,,,,81.0,,*\$" h1/areas/history.csv &&
	grep -x "history_column_dropped,retired_column,1" h1/metrics/areas-notes.csv &&
	test $(grep -c "^2026-11-20," h1/areas/history.csv) = 8
'
test_expect_success 'a malformed history is refused at its line, with the remedy, exit 1' '
	printf "as_of,area\n2026-10-01,B1\n2026-10-02,\"B1\n" | hist_run h2 &&
	rc=0 && { dip-areas $CONF --as-of 2026-11-20 -o h2 h2 2>err || rc=$?; } &&
	test $rc = 1 &&
	grep -qx "dip-areas: h2/areas/history.csv:3: malformed csv: .*; move the file aside to start a new history" err &&
	! grep -q "write failed" err &&
	test ! -e h2/areas/tracker.csv
'
# A write that fails before the commit (a long history, a file size
# limit: EFBIG, as a full disk gives ENOSPC) names its file and reason,
# exit 3, and replaces nothing.  A history of 20,000 rows (540 KB) is
# written again whole, well past the limit of 200 blocks; before, this
# said only "RUN: write failed".
test_expect_success 'a write that fails on the way is named by its file, nothing replaced' '
	{ echo as_of,area,metric,latest_value &&
	  i=0 && while [ $i -lt 20000 ]; do
		echo 2026-10-01,B1,m_green,81.0; i=$((i + 1)); done; } | hist_run h9 &&
	cp h9/areas/history.csv history.before &&
	rc=0 &&
	{ (trap "" XFSZ; ulimit -f 200; exec dip-areas $CONF --as-of 2026-11-20 -o h9 h9) 2>err ||
	  rc=$?; } &&
	test $rc = 3 &&
	test_cmp - err <<-\EOT &&
	dip-areas: h9/areas/history.csv: write failed: File too large
	EOT
	cmp history.before h9/areas/history.csv &&
	test ! -e h9/areas/tracker.csv
'
test_expect_success 'a history whose as_of column was renamed is refused, not dropped' '
	printf "date,area\n2026-10-01,B1\n" | hist_run h3 &&
	test_must_fail dip-areas $CONF --as-of 2026-11-20 -o h3 h3 2>err &&
	test_cmp - err <<-\EOT
	dip-areas: h3/areas/history.csv:1: no '"'"'as_of'"'"' column, so its rows cannot be dated; move the file aside to start a new history
	EOT
'
test_expect_success 'a history row with a bad date is refused at its line' '
	printf "as_of,area\n2026-10-01,B1\n2026-13-01,B1\n" | hist_run h4 &&
	test_must_fail dip-areas $CONF --as-of 2026-11-20 -o h4 h4 2>err &&
	test_cmp - err <<-\EOT
	dip-areas: h4/areas/history.csv:3: invalid as_of date '"'"'2026-13-01'"'"'; move the file aside to start a new history
	EOT
'

# A metric its stage could not compute from this data (a plain census
# file: no Eclipse fields) is not a typo: its stage's notes name it, and
# the measure is Grey with the reason in words, never a refusal.
test_expect_success 'a metric a stage left out, with its reason: a Grey no-data row' '
	rm -rf conf3 run3 && cp -r conf conf3 && cp -r run run3 &&
	sed -i "\$d" conf3/improvement/measures.csv &&
	echo "B3,m_nodata,all,all,month,last_complete_month,down,5,2,,," >>conf3/improvement/measures.csv &&
	printf "%s\n" "note,value,count" \
		"metric_not_computed,m_nodata: Eclipse extension fields missing,1" \
		>run3/metrics/test-notes.csv &&
	dip-areas -c conf3/dipsample.conf --as-of 2026-11-20 -o run3 run3 &&
	grep "^B3," run3/areas/tracker.csv >got &&
	echo "B3,Supervision,m_nodata,all,all,month,,,,,5,down,,Grey,,,,2,,no data: Eclipse extension fields missing,last_complete_month,,,,,,,,,,,,,,,no activity status," >want &&
	test_cmp want got &&
	grep -q "^2026-11-20,B3,Supervision,m_nodata,.*,Grey,.*,no data: Eclipse extension fields missing,last_complete_month," run3/areas/history.csv
'
test_expect_success 'a history written before the note column is carried on, the note empty' '
	rm -rf run4 && cp -r run run4 && mkdir -p run4/areas &&
	printf "%s\n" "as_of,area,title,metric,breakdown,group,period_type,period_start,latest_value,n,baseline,target,direction,trend_3m,impact_status,activity_status,activity_date,lead,tolerance,small_n" \
		"2026-10-20,B3,Supervision,,,,,,,,,,,,no measure,,,,," >run4/areas/history.csv &&
	dip-areas $CONF --as-of 2026-11-20 -o run4 run4 &&
	head -n 1 run4/areas/history.csv | grep -q ",small_n,note,judged_period," &&
	grep -qx "2026-10-20,B3,Supervision,,,,,,,,,,,,no measure,,,,,,*" run4/areas/history.csv
'
test_expect_success 'a comment or a comparator geography holding a line break is refused at its line' '
	rm -rf conf3 && cp -r conf conf3 && sed -i "\$d" conf3/improvement/measures.csv &&
	printf "B2,2026-10-01,Amber,Lead,\"first line\nsecond line\"\n" \
		>>conf3/improvement/activity.csv &&
	test_must_fail dip-areas -c conf3/dipsample.conf --as-of 2026-12-03 -o run run 2>err &&
	test_cmp - err <<-\EOT &&
	dip-areas: conf3/improvement/activity.csv:6: '"'"'comment'"'"' holds a line break (Alt+Enter in a cell); keep it on one line
	EOT
	rm -rf conf3 && cp -r conf conf3 && sed -i "\$d" conf3/improvement/measures.csv &&
	printf "m_green,2025,\"South\nEast\",cases,,,80.0,a source\n" >>conf3/comparators.csv &&
	test_must_fail dip-areas -c conf3/dipsample.conf --as-of 2026-12-03 -o run run 2>err &&
	test_cmp - err <<-\EOT
	dip-areas: conf3/comparators.csv:6: '"'"'geography'"'"' holds a line break (Alt+Enter in a cell); keep it on one line
	EOT
'
test_done
