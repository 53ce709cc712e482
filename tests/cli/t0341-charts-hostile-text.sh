#!/bin/sh
# dip-charts: text from config and exports never runs as gnuplot code
# (fixtures/charts-hostile/README.md), and is still drawn.
. "$(dirname "$0")/lib.sh"

H=$FIXTURES/charts-hostile
cp -r "$H/run" run
# A gnuplot that keeps the script it was given, then runs the real one;
# the drawing is shared among several at once (charts-1.gp, ...).
GNUPLOT=$(command -v gnuplot)
mkdir wrap
cat >wrap/gnuplot <<EOT
#!/bin/sh
cp "\$1" "$TRASH/kept-\$(basename "\$1")"
exec "$GNUPLOT" "\$@"
EOT
chmod +x wrap/gnuplot

test_expect_success 'dip-charts draws the hostile run' '
	PATH="$TRASH/wrap:$PATH" dip-charts --as-of 2026-11-20 -o run run &&
	cat kept-charts-*.gp >charts.gp
'
test_expect_success 'no command ran' '
	test -z "$(find "$TRASH" -name "PWNED*")"
'
test_expect_success 'the script holds no backquote, no system( and no line of its own for the text' '
	test -s charts.gp &&
	! grep -q "\`" charts.gp &&
	! grep -q "system(" charts.gp &&
	! grep -q "^ *!" charts.gp &&
	! grep -q "PWNED-[a-z0-9]*\"" charts.gp
'
test_expect_success 'team names with a line break, quotes and backquotes are on the chart' '
	svg=run/charts/consent-closures-team.svg &&
	grep -qF ">Team !touch PWNED-team<" $svg &&
	grep -qF ">Duty \"A\" \\ !x \`touch PWNED-team2\`<" $svg
'
test_expect_success 'titles and statuses are in the grid as written, line breaks as spaces' '
	svg=run/charts/area-grid.svg &&
	grep -qF ">Green !touch PWNED-status<" $svg &&
	grep -qF ">H2  m_trend: Duty \"A\" \\ !x \`touch PWNED-team2\`<" $svg &&
	grep -qF ">\`touch PWNED-bq\`<" $svg &&
	grep -qF ">H3  Partnership !touch PWNED-title3<" $svg &&
	grep -qF ">Amber !touch PWNED-status3<" $svg
'
test_expect_success 'a target that is not a number draws no target line' '
	! grep -q ">target" run/charts/measure-0-m_trend.svg &&
	grep -q ">target 85<" run/charts/measure-1-m_trend.svg
'
test_expect_success 'comparator geography and source, and the baseline period, drawn as written' '
	svg=run/charts/measure-0-m_trend.svg &&
	grep -qF ">England \"x\" !touch PWNED-geo 2025: 85<" $svg &&
	grep -qF ">comparator: &lt;img src=\"https://example.org/pwned.png\"> \`touch PWNED-source\` \$(touch PWNED-src2)<" $svg &&
	grep -qF ">baseline \`touch PWNED-bp\`: 70 (as reported then)<" $svg &&
	grep -qF ">1/0 + system(\"touch PWNED-target\") | England \"x\" !touch PWNED-geo 85<" run/charts/area-grid.svg &&
	grep -qF "<td>England &quot;x&quot;" run/charts/index.html &&
	grep -qF "!touch PWNED-geo 2025: 85</td>" run/charts/index.html
'
test_expect_success 'a status that is not a known word is no CSS class' '
	grep -q "<td class=\"other\">\`touch PWNED-bq\`</td>" run/charts/index.html &&
	! grep -q "class=\"Green$" run/charts/index.html
'
# The first page of the pack: what changed since the last board.
test_expect_success 'the changes page: activity comment, lead, comparator and flag as written' '
	if command -v pdftotext >/dev/null 2>&1; then
		pdftotext -f 1 -l 1 -layout run/charts/board-pack.pdf page1
	else
		# No poppler here: the page is also drawn as an SVG.
		sed -n "s/.*<text>\\(.*\\)<\\/text>.*/\\1/p" run/charts/changes.svg |
		sed -e "s/&lt;/</g" -e "s/&gt;/>/g" -e "s/&quot;/\"/g" -e "s/&amp;/\&/g" >page1
	fi &&
	grep -qF "lead Lead \"; system(\"touch PWNED-lead\"); x = \"" page1 &&
	grep -qF "board'"'"'s comment: <script>console.error(\"PWNED-html\")</script> !touch PWNED-comment" page1 &&
	grep -qF "comparator England \`touch PWNED-geo\` 2025: 85.7" page1 &&
	grep -qF "board'"'"'s comment: =HYPERLINK(\"http://example.org/x\") & <b>bold</b>" page1 &&
	grep -qF "not updated since 2026-11-01 \`touch PWNED-flag\`" page1 &&
	grep -qF "Comparator source: <img src=\"https://example.org/pwned.png\"> \`touch PWNED-source\`" page1
'
test_expect_success 'index.html: the same text as text, never markup' '
	html=run/charts/index.html &&
	! grep -qi "<script" $html &&
	! grep -q "<img src=\"https:" $html &&
	! grep -q "<b>bold" $html &&
	grep -qF "&lt;script&gt;console.error(&quot;PWNED-html&quot;)&lt;/script&gt;" $html &&
	grep -qF "Comparator source: &lt;img src=&quot;https://example.org/pwned.png&quot;&gt; \`touch PWNED-source\`" $html &&
	grep -qF "=HYPERLINK(&quot;http://example.org/x&quot;) &amp; &lt;b&gt;bold&lt;/b&gt;" $html &&
	grep -qF "lead Lead &quot;; system(&quot;touch PWNED-lead&quot;); x = &quot;" $html
'
test_expect_success 'still no command ran' '
	test -z "$(find "$TRASH" -name "PWNED*")"
'
# End to end: the team of DSA0004, the one consent closure of
# fixtures/hostile-text, is given a line break (legal in an export),
# quotes, a backslash, "!" and backquotes; the nightly draws it.
mkdir ex
cp "$FIXTURES/hostile-text"/*.xml ex/
sed -i 's|<x:Team>-2+3</x:Team>|<x:Team>Duty\&#10;"A" \\ !x `touch PWNED-x`</x:Team>|' ex/case-2027.xml
test_expect_success 'the nightly on an export whose team name holds a line break' '
	grep -qF "<x:Team>Duty&#10;\"A\" \\ !x \`touch PWNED-x\`</x:Team>" ex/case-2027.xml &&
	"$DIP_ROOT/pipeline/nightly" --as-of 2026-11-20 -o out ex &&
	test -z "$(find "$TRASH" -name "PWNED*")" &&
	grep -qF ">Duty \"A\" \\ !x \`touch PWNED-x\`<" out/latest/charts/consent-closures-team.svg
'
test_done
