#!/bin/sh
# dip-charts: what the board pack draws, checked through the data files
# and script the stage gives gnuplot (fixtures/charts/README.md): the
# unfinished period hollow and never judged, reference lines, units,
# group order, no-case gaps, small-n bars, titles, palette and footers.
. "$(dirname "$0")/lib.sh"

C=$FIXTURES/charts
cp -r "$C/run" run
# A gnuplot that keeps the work directory (scripts and data), then runs;
# the drawing is shared among several at once, so each keeps its own
# copy (each holds every script and data file, all written before the
# first gnuplot starts), and the tests read the scripts as one.
GNUPLOT=$(command -v gnuplot)
mkdir wrap
cat >wrap/gnuplot <<EOT
#!/bin/sh
cp -r "\$(dirname "\$1")" "$TRASH/work-\$(basename "\$1" .gp)"
exec "$GNUPLOT" "\$@"
EOT
chmod +x wrap/gnuplot
W=work
S=run/charts

test_expect_success 'dip-charts draws the run' '
	PATH="$TRASH/wrap:$PATH" dip-charts --as-of 2026-11-20 -o run run &&
	cp -r work-charts-1 $W &&
	cat $W/charts-*.gp >$W/charts.gp &&
	test -s $W/charts.gp
'
test_expect_success 'a trend: finished months, a gap with no cases, the month to date apart' '
	test_cmp "$C/expected/measure-0-m_rate.dat" $W/measure-0-m_rate.dat
'
test_expect_success 'the month to date is hollow and labelled, the status the judged period'"'"'s' '
	svg=$S/measure-0-m_rate.svg &&
	grep -qF ">to date: not judged<" $svg &&
	grep -qF ">to date<" $svg &&
	grep -qF ">judged Aug-Oct 2026: 85.7 (Green)<" $svg &&
	grep -q "index 0 using 1:7 with points pt 6 " $W/charts.gp
'
test_expect_success 'a month with no cases is a gap labelled "no cases"' '
	grep -qF ">no cases<" $S/measure-0-m_rate.svg
'
test_expect_success 'target, baseline and comparator are labelled reference lines' '
	svg=$S/measure-0-m_rate.svg &&
	grep -qF ">target 80<" $svg &&
	grep -qF ">baseline Apr 2025: 70.0 (as reported then)<" $svg &&
	grep -qF ">England 2025: 86.0<" $svg &&
	grep -qF ">comparator: DfE figure for the fixture<" $svg
'
test_expect_success 'a comparator of another unit is drawn nowhere' '
	! grep -q "Region of children" $S/measure-1-m_rate.svg &&
	! grep -q "Region of children" $S/area-grid.svg &&
	! grep -q "Region of children" $S/index.html &&
	grep -qF ">80 | England 86.0<" $S/area-grid.svg &&
	grep -qF "<td>England 2025: 86.0</td>" $S/index.html
'
test_expect_success 'a ratio is on a ratio axis, not a percent one' '
	svg=$S/measure-2-m_kappa.svg &&
	grep -qF ">ratio<" $svg &&
	! grep -q ">percent" $svg &&
	! awk "/measure.0552.0055m.137kappa.0056png/,/^plot/" $W/charts.gp |
		grep -q "yrange \\[0:110\\]"
'
test_expect_success 'a count of children is on an axis of children' '
	svg=$S/stale-last-assessment-year.svg &&
	grep -qF ">children<" $svg && grep -qF ">146<" $svg &&
	! grep -q "%<" $svg && ! grep -q ">percent" $svg
'
test_expect_success 'age bands in their declared order' '
	test_cmp "$C/expected/overdue-age-band.dat" $W/overdue-age-band.dat &&
	grep -o ">\(unborn\|0-4\|5-9\|10-15\|16+\)<" $S/overdue-age-band.svg >got &&
	printf ">%s<\n" unborn 0-4 5-9 10-15 16+ >want &&
	test_cmp want got
'
test_expect_success 'a small-n bar is marked as a small-n point is' '
	test_cmp "$C/expected/moderation-agreement.dat" $W/moderation-agreement.dat &&
	grep -qF ">small n: read with care<" $S/moderation-agreement.svg &&
	grep -qF ">small n<" $S/moderation-agreement.svg
'
test_expect_success 'a bar with no cases is a gap labelled "no cases", not 0.0%' '
	test_cmp "$C/expected/feedback-obtained.dat" $W/feedback-obtained.dat &&
	grep -qF ">no cases<" $S/feedback-obtained.svg &&
	! grep -qF ">0.0%<" $S/feedback-obtained.svg
'
test_expect_success 'every computed measure the board reads has a chart, titled in words' '
	while read name title; do
		grep -qF ">$title" $S/$name.svg || { echo "$name: no $title"; exit 1; }
	done <<-\EOT
	re-referrals Re-referrals within 12 months, by month<
	cp-reviews-on-time Children on a plan with every review on time, on the as-of date<
	plans-ended-2-years Plans ended that lasted 2 years or more, by month<
	plans-open-2-years Open plans 2 years old or more, on the as-of date<
	s47-to-icpc S47 enquiries leading to an initial conference, by month<
	moderation-agreement Moderation agreeing with the auditor
	reaudits-improved Re-audits graded better than Inadequate, on the as-of date, by interval<
	feedback-obtained Audits with family feedback obtained, by month<
	EOT
'
test_expect_success 'titles are the metrics'"'"' titles, never their ids' '
	grep -qF ">A1: Assessments on time<" $S/measure-0-m_rate.svg &&
	grep -qF "<h3>A1: Assessments on time</h3>" $S/index.html &&
	grep -qF "<td>Assessments on time</td>" $S/index.html &&
	! grep -q ">m_rate<" $S/index.html &&
	! grep -q "m_rate" $S/area-grid.svg
'
# The grid's statuses: each label written on a fill, as "FILL<tab>WORD".
cat >statuses.awk <<\EOT
/fc rgb/ { match($0, /#[0-9A-Fa-f]+/); fill = substr($0, RSTART + 1, 6); next }
fill != "" && /^set label "/ { split($0, q, "\""); print fill "\t" q[2]; fill = "" }
EOT
# Fills closer than 14 in CIE L* (the lightness a greyscale print keeps,
# and what colour-blind readers still tell apart), from sRGB.
cat >lightness.awk <<\EOT
function lin(c) { c /= 255; return c <= 0.04045 ? c / 12.92 : exp(2.4 * log((c + 0.055) / 1.055)) }
function hex(h) { return (index("0123456789ABCDEF", toupper(substr(h, 1, 1))) - 1) * 16 + index("0123456789ABCDEF", toupper(substr(h, 2, 1))) - 1 }
{ y = 0.2126 * lin(hex(substr($1, 1, 2))) + 0.7152 * lin(hex(substr($1, 3, 2))) + 0.0722 * lin(hex(substr($1, 5, 2)))
  L[$1] = 116 * exp(log(y) / 3) - 16 }
END { for (a in L) for (b in L) if (a < b && (L[a] - L[b]) ^ 2 < 14 ^ 2) { print a, L[a], b, L[b]; bad = 1 }
      exit bad }
EOT
test_expect_success 'statuses: words on six fills at least 14 L* apart' '
	awk "/area.0055grid.0056png/,/^plot/" $W/charts.gp | awk -f statuses.awk |
	sort -u >statuses &&
	cut -f2 statuses | sort >words &&
	printf "%s\n" Amber Blue Green Grey "Not started" Red "no measure" |
	sort >want &&
	test_cmp want words &&
	cut -f1 statuses | sort -u >fills &&
	test $(wc -l <fills) = 6 &&
	awk -f lightness.awk fills
'
test_expect_success 'every status is written as a word on the grid' '
	for w in Green Amber Grey Blue Red "Not started"; do
		grep -qF ">$w<" $S/area-grid.svg || exit 1
	done
'
test_expect_success 'every page: the as-of date, its periods and its page number' '
	n=$(ls $S/*.svg | wc -l) && test $n = 14 &&
	test "$(grep -ao "/Type /Page[^s]" $S/board-pack.pdf | wc -l)" = 14 &&
	for f in $S/*.svg; do
		grep -q ">as of 2026-11-20   |   .*   |   page [0-9]* of 14<" $f ||
			{ echo "$f: no footer"; exit 1; }
	done &&
	grep -qF "judged period   |   page 1 of 14<" $S/area-grid.svg &&
	grep -qF "months Jul 2026 to Nov 2026; judged on the rolling 3 months, Aug-Oct 2026   |   page 2 of 14<" $S/measure-0-m_rate.svg
'
test_done
