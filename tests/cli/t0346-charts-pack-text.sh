#!/bin/sh
# The board pack as the board reads it: the text of board-pack.pdf
# (pdftotext, from poppler-utils) and index.html.  The first page answers
# "what changed since the last board?": each headline figure, with its
# period and comparator, is on it and is the figure of the metrics CSV
# and comparators.csv it comes from; the points worked by hand in
# fixtures/areas/README.md ("The board pack") are on it.  The audit
# quarter table is checked against metrics/audits.csv and the quarters
# worked by hand in fixtures/audits/README.md.
. "$(dirname "$0")/lib.sh"

command -v pdftotext >/dev/null 2>&1 ||
	test_skip_all "no pdftotext (poppler-utils; make check-deps installs it as root)"

A=$FIXTURES/areas
cp -r "$A/run" run
dip-areas -c "$A/config/dipsample.conf" --as-of 2026-12-03 -o run run
dip-audits --as-of 2026-01-30 -o run "$FIXTURES/audits/tables"

# tsv FILE: a CSV file as tab-separated lines, read by the product's own
# strict reader (csvcells), so that quoted commas stay in their cell.
tsv() {
	csvcells "$1" | awk -F'\t' '{
		n = split($1, a, ":"); c = a[n]
		if (c == 1 && NR > 1) print row
		row = c == 1 ? $2 : row "\t" $2
	} END { print row }'
}
# col FILE NAME...: the named columns of a tsv file, tab-separated,
# without the header.
col() {
	f=$1; shift
	awk -F'\t' -v names="$*" 'BEGIN { OFS = "\t"; n = split(names, want, " ") }
		NR == 1 { for (i = 1; i <= NF; i++) at[$i] = i; next }
		{ line = ""; for (k = 1; k <= n; k++)
			line = line (k > 1 ? "\t" : "") $(at[want[k]]); print line }' "$f"
}

test_expect_success 'dip-charts draws the board fixture' '
	dip-charts --as-of 2026-12-03 -o run run &&
	pdftotext -layout run/charts/board-pack.pdf pack.txt &&
	pdftotext -layout -f 1 -l 1 run/charts/board-pack.pdf page1 &&
	tsv run/areas/tracker.csv >tracker.tsv &&
	cat run/metrics/*.csv | grep -v "^metric," | { echo "metric,unit,period_type,period_start,period_end,breakdown,group,numerator,denominator,value,ci_low,ci_high,small_n"; cat; } >all.csv &&
	tsv all.csv >metrics.tsv &&
	tsv "$A/config/comparators.csv" >comparators.tsv
'
test_expect_success 'the first page is what changed since the last board' '
	grep -q "What changed since the last board: as of 2026-12-03" page1 &&
	grep -q "at the last board" page1 &&
	grep -q "21 Nov 2026 (figures of 20 Nov 2026)" page1
'
# The period a judged figure covers, in the page's words.
label() {
	case $2 in
	last_complete_month) date -d "$1" "+%b %Y" ;;
	last_complete_quarter) echo "$(date -d "$1" +%b)-$(date -d "$1 +2 months" "+%b %Y")" ;;
	as_of) date -d "$1" "+on %-d %b %Y" ;;
	*) echo "unknown judged period $2" >&2; return 1 ;;
	esac
}
test_expect_success 'each headline figure and its period: the metrics CSV, on page 1 and in index.html' '
	col tracker.tsv metric breakdown group judged_period period_start latest_value >rows &&
	test -s rows && checked=0 &&
	while IFS="	" read -r metric bd grp judged start value; do
		[ -n "$value" ] || continue
		ptype=$(echo "$judged" | sed -e s/last_complete_// -e s/year_to_date/year/)
		# The figure is the metrics file s, for that period.
		m=$(col metrics.tsv metric period_type period_start breakdown group value |
			awk -F"\t" -v m="$metric" -v p="$ptype" -v s="$start" -v b="$bd" -v g="$grp" \
			"\$1 == m && \$2 == p && \$3 == s && \$4 == b && \$5 == g { print \$6 }")
		test "$m" = "$value" || { echo "$metric $grp $start: tracker $value, metrics $m"; exit 1; }
		l=$(label "$start" "$judged")
		name=$metric; [ "$bd" = all ] || name="$metric: $grp"
		v=$(echo "$value" | sed "s/[.]/[.]/")
		grep -E "^ +$name +.* $v%? \\($l\\)" page1 ||
			{ echo "page 1 lacks $name $value ($l)"; exit 1; }
		grep -qE ">$v%? \\($l\\)<" run/charts/index.html ||
			{ echo "index.html lacks $name $value ($l)"; exit 1; }
		checked=$((checked + 1))
	done <rows &&
	test $checked = 6
'
test_expect_success 'each comparator: the latest year of comparators.csv, on page 1 and in index.html' '
	col tracker.tsv metric comparator_value comparator_geography comparator_year >rows &&
	checked=0 &&
	while IFS="	" read -r metric value geo year; do
		[ -n "$value" ] || continue
		latest=$(col comparators.tsv metric geography year value |
			awk -F"\t" -v m="$metric" -v g="$geo" \
			"\$1 == m && \$2 == g && \$3 > y { y = \$3; v = \$4 } END { print y, v }")
		test "$latest" = "$year $value" ||
			{ echo "$metric: tracker $year $value, comparators.csv $latest"; exit 1; }
		grep -qF "comparator $geo $year: $value%" page1 &&
		grep -qF "<td>$geo $year: $value%</td>" run/charts/index.html
		checked=$((checked + 1))
	done <rows &&
	test $checked = 1
'
# fixtures/areas/README.md, "The board pack": the four points by hand.
test_expect_success 'a part month that would be Red: shown to date, never judged; November judged Green' '
	grep -A3 "^ *m_green  " page1 >m_green &&
	grep -q "90[.]0% (Nov 2026) .*impact: Green" m_green &&
	grep -qF "to date (1 Dec 2026 to 3 Dec 2026) 50.0%, not judged" m_green &&
	grep -qF "<td>to date (1 Dec 2026 to 3 Dec 2026) 50.0%, not judged</td>" run/charts/index.html
'
test_expect_success 'a baseline two years back, from the history' '
	grep -A3 "^ *m_within  " page1 | grep -qF "baseline 61.0% (Oct 2024)" &&
	grep -qF "<td>baseline 61.0% (Oct 2024)</td>" run/charts/index.html
'
test_expect_success 'the comparator beside the measure' '
	grep -A3 "^ *m_green  " page1 | grep -qF "comparator England 2025: 85.7%" &&
	grep -qF "Comparator source: synthetic figure for the fixture: the latest year" page1
'
test_expect_success 'an activity status out of date is flagged, with its date and lead' '
	grep "^ *B2  *Safe closures" page1 >b2 &&
	grep -qF "set 15 Sep 2026, lead Service manager; not updated since 2026-09-15" b2 &&
	grep -q "activity: Red" b2 &&
	grep -qF "board'"'"'s comment: consent workshop not yet held" page1 &&
	grep -qF "<td class=\"flag\">not updated since 2026-09-15</td>" run/charts/index.html &&
	grep -qF "<td>consent workshop not yet held</td>" run/charts/index.html
'
test_expect_success 'changes with arrows and words, then and now, beyond the interval or not' '
	grep -q "^ *m_green  .*89[.]0% (Oct 2026) Green .*90[.]0% (Nov 2026) .*↑ up, better  *no " page1 &&
	grep -q "^ *m_within  .*95[.]0% (Oct 2026) Green .*82[.]0% (Nov 2026) .*↓ down, worse  *yes " page1 &&
	grep -q "^ *m_improving  .*no figure then .*70[.]0% (Nov 2026) " page1
'
test_expect_success 'index.html opens with the changes, before the tracker' '
	c=$(grep -n "<h2>What changed since the last board (21 Nov 2026)</h2>" run/charts/index.html | cut -d: -f1) &&
	t=$(grep -n "<h2>Improvement plan tracker</h2>" run/charts/index.html | cut -d: -f1) &&
	test -n "$c" && test "$c" -lt "$t"
'

# The audit quarter table (fixtures/audits/README.md, "By quarter").
test_expect_success 'the quarter table is a page of the pack' '
	awk "BEGIN { RS = \"\\f\" } /Audit programme by quarter, as of 2026-12-03/" pack.txt >quarters &&
	test -s quarters
'
test_expect_success 'its quarters, their counts and shares: those of metrics/audits.csv' '
	tsv run/metrics/audits.csv >audits.tsv &&
	for m in audits_completed audits_grade_outstanding audits_grade_good \
		 audits_grade_ri audits_grade_inadequate audits_moderated moderation_agreement; do
		col audits.tsv metric period_type breakdown period_start period_end numerator value |
		awk -F"\t" -v m=$m "\$1 == m && \$2 == \"quarter\" && \$3 == \"all\"" >q.$m || exit 1
		test $(wc -l <q.$m) = 5 || exit 1
	done &&
	cells() {
		while IFS="	" read -r _ _ _ start end num value; do
			if [ $1 = count ]; then echo "$num"
			elif [ -z "$value" ]; then echo -
			else echo "$value% ($num)"; fi
		done <q.$2 | head -n 4 | tr "\n" "|"
	}
	for m in audits_completed:count:"Audits completed" \
		 audits_grade_outstanding:pct:"Outstanding (% of graded)" \
		 audits_grade_good:pct:"Good" audits_grade_ri:pct:"Requires improvement" \
		 audits_grade_inadequate:pct:"Inadequate" \
		 audits_moderated:pct:"Moderated (% of audits)"; do
		id=${m%%:*}; rest=${m#*:}; kind=${rest%%:*}; label=${rest#*:}
		want=$(cells $kind $id)
		got=$(grep "^$label  " quarters | sed -e "s/^$label  *//" -e "s/  \\+/|/g" |
			cut -d"|" -f1-4)"|"
		test "$got" = "$want" || { echo "$label: page $got, metrics $want"; exit 1; }
	done
'
test_expect_success 'by hand: Oct-Dec 2025 on Jul-Sep 2025, January to date, re-audits' '
	grep -q "Q3 25-26 on Q2 25-26" quarters &&
	grep -q "Q4 2025-26 to date" quarters &&
	grep -q "to 30 Jan 2026" quarters &&
	grep -q "^Audits completed  *2  *2  *3  *20  *↑ up  *0$" quarters &&
	grep -q "^Outstanding (% of graded) .* 0[.]0% (0)  *→ level  *-$" quarters &&
	grep -q "^Good .* 0[.]0% (0)  *52[.]6% (10)  *↑ up  *-$" quarters &&
	grep -q "^Requires improvement .* 0[.]0% (0)  *36[.]8% (7)  *↑ up  *-$" quarters &&
	grep -q "^Inadequate .* 100[.]0% (3)  *10[.]5% (2)  *↓ down  *-$" quarters &&
	grep -q "^Moderated (% of audits) .* 0[.]0% (0)  *50[.]0% (10)  *↑ up  *-$" quarters &&
	grep -q "^Grade agreed (% of moderated)  *-  *-  *-  *70[.]0% (7)  *-$" quarters &&
	grep -qF "Re-audits as of 30 Jan 2026: 5 due, 2 done (40.0%); re-audits improved: 1 of 2 (50.0%)" quarters &&
	grep -qF "<th>Q3 2025-26<br>Oct-Dec 2025</th>" run/charts/index.html &&
	grep -qF "<td>52.6% (10)</td>" run/charts/index.html
'
test_done
