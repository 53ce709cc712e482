#!/bin/sh
# The nightly pipeline: publish only whole runs, keep the last good one
# when a stage fails, one run at a time, atomic files, reruns, retention
# and delivery.
. "$(dirname "$0")/lib.sh"

NIGHTLY=$DIP_ROOT/pipeline/nightly
q="'"
RERUN=$DIP_ROOT/pipeline/rerun
cp -r "$DIP_ROOT/config" conf
sed -i "s#^keep_runs = .*#keep_runs = 2#; s#^delivery_dir =.*#delivery_dir = $TRASH/share#" conf/dipsample.conf
mkdir ex share
cp "$FIXTURES"/ingest/history/*.xml "$FIXTURES"/ingest/basic/*.xml ex/
run() { "$NIGHTLY" --config conf/dipsample.conf --as-of 2026-11-20 -o out "$@"; }
tree_sum() { (cd "$1" && find . -type f | sort | xargs sha256sum); }

test_expect_success 'a full nightly run: quiet, published, every part there' '
	run ex >stdout 2>stderr &&
	test ! -s stdout && test ! -s stderr &&
	test -L out/latest &&
	for d in tables metrics lists areas charts; do test -d out/latest/$d || exit 1; done &&
	test -s out/latest/charts/board-pack.pdf &&
	test -s out/latest/areas/tracker.csv &&
	grep -q "end dip-charts status 0" out/latest/log &&
	grep -q "published as" out/latest/log
'
test_expect_success 'the log times every stage' '
	test $(grep -c "^20[0-9-]*T[0-9:]* start dip-" out/latest/log) = 9 &&
	test $(grep -c "^20[0-9-]*T[0-9:]* end dip-.* status 0 after [0-9]* ms\(, peak [0-9]* MB\)\{0,1\}$" out/latest/log) = 9
'
test_expect_success 'delivery: the board pack and index on the share' '
	test -s share/board-pack.pdf && test -s share/index.html &&
	! ls -A share | grep -q part
'
tree_sum out/latest >good.sum
good=$(readlink out/latest)
cp share/board-pack.pdf delivered.pdf

printf '<Message><Header>\n' >ex/zz-broken.xml
test_expect_code 1 'a broken export: exit 1' 'run ex 2>err'
test_expect_success 'a broken export: one line naming the stage, the file and the log' '
	run ex 2>err || true
	test $(wc -l <err) = 1 &&
	grep -q "^dipsample nightly: dip-ingest failed (status 1): dip-ingest: .*zz-broken.xml:[0-9]*:[0-9]*: malformed xml: .*; log: .*/run-.*/log$" err
'
test_expect_success 'a broken export: latest untouched and byte-identical' '
	test "$(readlink out/latest)" = "$good" &&
	tree_sum out/latest >now.sum &&
	test_cmp good.sum now.sum
'
test_expect_success 'a broken export: the failed run is kept to look at, nothing delivered' '
	ls -d out/run-* | grep -v "$good" | head -n 1 >failed &&
	grep -q "failed at dip-ingest" "$(cat failed)/log" &&
	cmp delivered.pdf share/board-pack.pdf
'
rm ex/zz-broken.xml

test_expect_code 75 'a second run while one holds the lock is refused' '
	flock out/.lock sleep 3 & sleep 0.5
	run ex 2>err
'
test_expect_success '... saying why' '
	grep -q "^dipsample nightly: another run holds .*/.lock; not started$" err
'
wait

test_expect_success 'rerun one stage: only its own files are replaced' '
	flock out/.lock true &&
	stat -c "%i %n" $(find out/latest/ -type f | sort) >before &&
	"$RERUN" consent out/latest &&
	stat -c "%i %n" $(find out/latest/ -type f | sort) >after &&
	diff before after | grep "^[<>]" | sed "s/^[<>] [0-9]* //" | sort -u >changed &&
	cat >want <<-\EOT &&
	out/latest/lists/consent_closures.csv
	out/latest/metrics/consent-defs.csv
	out/latest/metrics/consent-notes.csv
	out/latest/metrics/consent.csv
	EOT
	test_cmp want changed
'
test_expect_success 'rerun from elsewhere re-reads the exports the run was given' '
	(cd / && "$RERUN" ingest "$TRASH/out/latest") &&
	grep -q "^/.*/ex/case-2027.xml$" out/latest/exports &&
	tail -n 1 out/latest/log | grep -q " rerun ingest status 0$"
'
test_expect_success 'a rerun that fails says so, logs it and keeps the old outputs' '
	cp out/latest/metrics/consent.csv consent.before &&
	rc=0 && { "$RERUN" --as-of 2026-13-01 consent out/latest 2>err || rc=$?; } &&
	test $rc = 2 && grep -q "^dip-consent: invalid --as-of" err &&
	tail -n 1 out/latest/log | grep -q " rerun consent status 2$" &&
	test_cmp consent.before out/latest/metrics/consent.csv
'
test_expect_code 2 'rerun: an option after STAGE is refused, not ignored' '
	"$RERUN" consent out/latest --as-of 2026-01-01
'
# A wrong run directory used to end in bash's own "cd:" or "cat:" message
# and exit 1, the status of bad input.
test_expect_success 'rerun: a run directory that is not there is named, exit 2' '
	rc=0 && { "$RERUN" consent no/such/run 2>err || rc=$?; } &&
	test $rc = 2 &&
	echo "rerun: ${q}no/such/run${q}: no such run directory" >want &&
	test_cmp want err
'
test_expect_success 'rerun: a directory that is not a run needs --as-of, exit 2' '
	mkdir -p notarun &&
	rc=0 && { "$RERUN" consent notarun 2>err || rc=$?; } &&
	test $rc = 2 &&
	echo "rerun: ${q}notarun${q}: not a run directory (no as_of); give --as-of" >want &&
	test_cmp want err
'
test_expect_success 'retention keeps the newest published runs (and the two failed ones) and never the published one' '
	flock out/.lock true &&
	run ex && run ex &&
	test $(grep -l " published as " out/run-*/log | wc -l) = 2 &&
	test $(grep -L " published as " out/run-*/log | wc -l) = 2 &&
	ls -d out/run-* | sort | tail -n 1 >newest &&
	test "out/$(readlink out/latest)" = "$(cat newest)"
'

# SIGKILL while dip-ingest writes: every table a reader can see is the
# old one or the new one, whole.
test_expect_success 'a stage killed mid-write leaves no partial table' '
	dip-synth -n 40000 --from 2026 --to 2026 --no-audits -o big &&
	dip-ingest -o t_old "$FIXTURES/ingest/basic/case-2027.xml" &&
	dip-ingest -o t_new big/census-2026.xml &&
	for delay in 0.1 0.2 0.3 0.4 0.5 0.6 0.7; do
		rm -rf t && cp -r t_old t &&
		{ dip-ingest -o t big/census-2026.xml & pid=$!; } &&
		sleep $delay; kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
		for f in t/*.csv; do
			b=$(basename "$f")
			cmp -s "$f" "t_old/$b" || cmp -s "$f" "t_new/$b" ||
				{ echo "$b is neither old nor new after $delay s"; exit 1; }
		done
	done
'
test_expect_success 'a delivery that fails: published, exit 3, one line saying so' '
	cp -r conf shareconf && touch notadir &&
	sed -i "s#^delivery_dir = .*#delivery_dir = $TRASH/notadir#" shareconf/dipsample.conf &&
	rc=0 && { "$NIGHTLY" --config shareconf/dipsample.conf -o out3 ex 2>err || rc=$?; } &&
	test $rc = 3 && test -s out3/latest/charts/board-pack.pdf &&
	test $(wc -l <err) = 1 &&
	grep -q "^dipsample nightly: published .*/out3/latest but delivery to .*/notadir failed: .*; log: " err
'
test_expect_code 2 'usage: no output root' '"$NIGHTLY" ex'
test_expect_success 'a bad keep_runs is refused, naming the file and line, before any run' '
	cp -r conf badconf &&
	sed -i "s/^keep_runs = .*/keep_runs = 0/" badconf/dipsample.conf &&
	rc=0 && { "$NIGHTLY" --config badconf/dipsample.conf -o out2 ex 2>err || rc=$?; } &&
	test $rc = 2 && test ! -e out2 &&
	grep -q "^dipsample nightly: configuration refused, no run started: dip-config: .*badconf/dipsample.conf:[0-9][0-9]*: .keep_runs. in section .\[pipeline\]. must be a whole number from 1 to 10000, not .0.$" err
'
test_done
