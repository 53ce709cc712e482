#!/bin/sh
# dip-charts: every chart a valid PNG and SVG of the expected size, the
# board pack a PDF with a page per chart, a static index, and a missing
# gnuplot refused without touching the charts already there.
. "$(dirname "$0")/lib.sh"

cp -r "$FIXTURES/areas/run" run
dip-areas -c "$FIXTURES/areas/config/dipsample.conf" --as-of 2026-11-20 -o run run
dip-audits --as-of 2026-01-30 -o run "$FIXTURES/audits/tables"

CHARTS="area-grid measure-0-m_green measure-1-m_within measure-2-m_improving
measure-3-m_falling measure-5-m_small audit-grades-month audit-grades-service-area
moderation-agreement reaudits-improved feedback-obtained"
# Pages of text: in index.html as tables, not images.
TABLES="changes audit-quarters"

test_expect_success 'dip-charts draws the run' '
	dip-charts --as-of 2026-11-20 -o run run
'
test_expect_success 'exactly the expected files, no work directory left' '
	{ for c in $CHARTS $TABLES; do echo $c.png; echo $c.svg; done
	  echo board-pack.pdf; echo index.html; } | sort >want &&
	ls -A run/charts | sort >got &&
	test_cmp want got
'
test_expect_success 'every PNG is a 1200 x 700 PNG' '
	for c in $CHARTS $TABLES; do
		f=run/charts/$c.png
		test "$(head -c 8 $f | od -An -tx1 | tr -d " \n")" = 89504e470d0a1a0a || exit 1
		test "$(od -An -tu4 --endian=big -j16 -N8 $f | tr -s " ")" = " 1200 700" || exit 1
	done
'
test_expect_success 'every SVG is a 1200 x 700 SVG' '
	for c in $CHARTS $TABLES; do
		grep -q "<svg" run/charts/$c.svg &&
		grep -q "width=\"1200\" height=\"700\"" run/charts/$c.svg || exit 1
	done
'
test_expect_success 'the board pack is a PDF with a page per chart' '
	test "$(head -c 5 run/charts/board-pack.pdf)" = "%PDF-" &&
	test "$(grep -ao "/Type /Page[^s]" run/charts/board-pack.pdf | wc -l)" = 13
'
test_expect_success 'index.html: no scripts, nothing external, every chart, the tracker' '
	! grep -qi -e "<script" -e "http:" -e "https:" run/charts/index.html &&
	for c in $CHARTS; do grep -q "src=\"$c.png\"" run/charts/index.html || exit 1; done &&
	for c in $TABLES; do ! grep -q "src=\"$c.png\"" run/charts/index.html || exit 1; done &&
	grep -q "<table class=\"changes\">" run/charts/index.html &&
	grep -q "<table class=\"quarters\">" run/charts/index.html &&
	grep -q "<td class=\"Green\">Green</td>" run/charts/index.html &&
	grep -q "<td class=\"Grey\">Grey</td>" run/charts/index.html
'
test_expect_success 'without gnuplot: a clear error and the charts untouched' '
	(cd run/charts && sha256sum * >../../before.sum) &&
	bin=$(command -v dip-charts) &&
	test_must_fail env PATH=/nonexistent "$bin" --as-of 2026-11-20 -o run run 2>err &&
	test_cmp - err <<-\EOT &&
	dip-charts: gnuplot: cannot run: No such file or directory (install gnuplot-nox)
	EOT
	(cd run/charts && sha256sum -c --quiet ../../before.sum) &&
	test -z "$(ls -A run/charts | grep work)"
'
test_expect_code 3 'without gnuplot: exit 3' '
	PATH=/nonexistent "$(command -v dip-charts)" --as-of 2026-11-20 -o run run
'
# fixtures/overdue/README.md: the stale children are a count (3 of 12), so
# the by-year chart counts children rather than giving percentages.
test_expect_success 'the stale chart counts children by year of the last assessment' '
	mkdir stale &&
	dip-overdue --as-of 2026-11-20 -o stale "$FIXTURES/overdue/tables" &&
	dip-charts --as-of 2026-11-20 -o stale stale &&
	svg=stale/charts/stale-last-assessment-year.svg &&
	grep -q ">children<" $svg && ! grep -q ">percent<" $svg &&
	grep -q ">assessment_in_progress<" $svg
'
# Small multiples, on Herefordshire's Q1 2024-25 (fixtures/audits-herefordshire/
# README.md): a panel per domain with its months along the axis, a panel per
# service area with its quarters.  The one domain, Seeing and hearing the
# child, had 31, 30 and 16 audits graded in April, May and June; the
# audits of each month are one service area (April CIN, May CP, June CIC),
# so each service area's Q1 panel has one bar of that month's n.
test_expect_success 'grades by domain x month and by service area: a small panel each' '
	mkdir hf &&
	dip-audits --as-of 2024-06-30 -o hf "$FIXTURES/audits-herefordshire/tables" &&
	dip-charts --as-of 2024-06-30 -o hf hf &&
	svg=hf/charts/audit-grades-domain-month.svg &&
	grep -q ">Seeing and hearing the child<" $svg &&
	for t in "Apr 24" "May 24" "Jun 24" n=31 n=30 n=16; do
		grep -q ">$t<" $svg || { echo "no $t"; exit 1; }
	done &&
	svg=hf/charts/audit-grades-service-area.svg &&
	for t in CIN CP CIC "Q1 24-25" n=31 n=30 n=16; do
		grep -q ">$t<" $svg || { echo "no $t"; exit 1; }
	done &&
	test $(grep -c ">Q1 24-25<" $svg) = 3 &&
	test $(grep -c ">Outstanding<" $svg) = 1
'
# gnuplot exits 0 after a failed write and leaves a short file: one
# that does, without a full disk (an I/O error, say), is a write error
# too, and nothing is published.  Only the gnuplot drawing the pack
# cuts it short: another may finish first, while the pack is drawn.
mkdir short tmp
cat >short/gnuplot <<EOT
#!/bin/sh
"$(command -v gnuplot)" "\$@" || exit
grep -q board.0055pack "\$1" || exit 0
f=\$(dirname "\$1")/board-pack.pdf
head -c 1000 "\$f" >"\$f.x" && mv "\$f.x" "\$f"
EOT
chmod +x short/gnuplot
test_expect_success 'a short file from gnuplot: refused, the charts untouched' '
	(cd run/charts && sha256sum * >../../before.sum) &&
	rc=0 && { TMPDIR="$TRASH/tmp" PATH="$TRASH/short:$PATH" \
		dip-charts --as-of 2026-11-20 -o run run 2>err || rc=$?; } &&
	test $rc = 3 &&
	grep -q "^dip-charts: $TRASH/tmp/dip-charts-[A-Za-z0-9]*/board-pack.pdf: gnuplot left it incomplete: a write failed\$" err &&
	(cd run/charts && sha256sum -c --quiet ../../before.sum) &&
	test -z "$(ls -A tmp)"
'
# The drawing is shared among one gnuplot a processor (at most 8): the
# same charts come out of one gnuplot or several, and one that fails
# fails the stage, naming its script, once every other has finished.
GNUPLOT=$(command -v gnuplot)
mkdir count
cat >count/gnuplot <<EOT
#!/bin/sh
echo "\$1" >>"$TRASH/scripts"
exec "$GNUPLOT" "\$@"
EOT
chmod +x count/gnuplot
test_expect_success 'one gnuplot or several: the same charts' '
	cp -r run one && cp -r run several && rm -f scripts &&
	PATH="$TRASH/count:$PATH" taskset -c 0 dip-charts --as-of 2026-11-20 -o one one &&
	test $(wc -l <scripts) = 1 &&
	rm scripts &&
	PATH="$TRASH/count:$PATH" dip-charts --as-of 2026-11-20 -o several several &&
	n=$(nproc) && test $(wc -l <scripts) = $((n > 8 ? 8 : n)) &&
	for f in one/charts/*; do
		b=${f#one/charts/} &&
		case $b in
		*.pdf) grep -av CreationDate $f >a && grep -av CreationDate several/charts/$b >b &&
		       cmp a b ;;
		*) cmp $f several/charts/$b ;;
		esac || exit 1
	done &&
	test "$(ls one/charts)" = "$(ls several/charts)"
'
mkdir fail
cat >fail/gnuplot <<EOT
#!/bin/sh
if grep -q board.0055pack "\$1"; then echo "cannot draw the pack" >&2; exit 1; fi
"$GNUPLOT" "\$@" && sleep 1 && touch "$TRASH/done-\$(basename "\$1")"
EOT
chmod +x fail/gnuplot
test_expect_success 'one gnuplot of several fails: refused, the others waited for, nothing published' '
	(cd run/charts && sha256sum * >../../before.sum) &&
	rm -f done-* &&
	rc=0 && { TMPDIR="$TRASH/tmp" PATH="$TRASH/fail:$PATH" \
		dip-charts --as-of 2026-11-20 -o run run 2>err || rc=$?; } &&
	test $rc = 4 &&
	grep -q "^dip-charts: $TRASH/tmp/dip-charts-[A-Za-z0-9]*/charts-[0-9]*.gp: gnuplot failed (exit 1): cannot draw the pack\$" err &&
	n=$(nproc) && test $(ls done-* 2>/dev/null | wc -l) = $(((n > 8 ? 8 : n) - 1)) &&
	(cd run/charts && sha256sum -c --quiet ../../before.sum) &&
	test -z "$(ls -A tmp)"
'
# A full disk: a tmpfs in a private mount namespace (root only), filled
# but for FREE bytes, holding either the work directory ($TMPDIR), where
# gnuplot draws (it exits 0 after its writes fail, so only the short
# files it leaves may show it), or the output root.
if unshare -m sh -c 'mkdir -p t && mount -t tmpfs -o size=256k tmpfs t' 2>/dev/null; then
	mkdir disk
	# on_full_disk FREE TMPDIR OUTPUT_ROOT
	on_full_disk() {
		unshare -m sh -c "
			mount -t tmpfs -o size=2m tmpfs '$TRASH/disk' &&
			mkdir '$TRASH/disk/tmp' &&
			dd if=/dev/zero of='$TRASH/disk/filler' bs=4k 2>/dev/null
			truncate -s -$1 '$TRASH/disk/filler' &&
			TMPDIR='$2' dip-charts --as-of 2026-11-20 -o '$3' '$TRASH/run' 2>'$TRASH/err'
			echo \$? >'$TRASH/rc'
			{ ls -A '$3/charts'; ls -A '$2'; } >'$TRASH/left' 2>/dev/null"
	}
	for free in 120k 16k; do
		test_expect_success "work directory on a disk with $free free: exit 3, no space left, nothing left" "
			rm -rf out && on_full_disk $free '$TRASH/disk/tmp' '$TRASH/out' &&
			test \$(cat rc) = 3 &&
			test \$(wc -l <err) = 1 &&
			grep -q '^dip-charts: $TRASH/disk/tmp/dip-charts-[A-Za-z0-9]*/[a-z0-9_.-]*: .*No space left on device\$' err &&
			test ! -s left
		"
	done
	test_expect_success 'output root on a full disk: exit 3, no space left, nothing left' "
		on_full_disk 16k '$TRASH/tmp' '$TRASH/disk/out' &&
		test \$(cat rc) = 3 &&
		test \$(wc -l <err) = 1 &&
		grep -q '^dip-charts: .*No space left on device\$' err &&
		test ! -s left
	"
else
	echo "# skipping the full-disk tests: no private tmpfs here"
fi
test_done
