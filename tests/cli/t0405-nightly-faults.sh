#!/bin/sh
# The nightly under faults: a board share that is not mounted, config
# read exactly as the stages read it, failed runs that would pile up, a
# stage killed by a signal, an output root it cannot write, a full disk.
. "$(dirname "$0")/lib.sh"

NIGHTLY=$DIP_ROOT/pipeline/nightly
cp -r "$DIP_ROOT/config" conf
mkdir ex
cp "$FIXTURES"/ingest/basic/*.xml ex/
set_key() { sed -i "s#^$1 *[=:].*#$2#" conf/dipsample.conf; }
run() { "$NIGHTLY" --config conf/dipsample.conf --as-of 2026-11-20 "$@"; }

test_expect_success 'a share that is not mounted: published, exit 3, nothing created' '
	set_key delivery_dir "delivery_dir = $TRASH/mnt/board" &&
	mkdir mnt &&
	rc=0 && { run -o out ex 2>err || rc=$?; } &&
	test $rc = 3 && test -s out/latest/charts/board-pack.pdf &&
	test ! -e mnt/board &&
	test $(wc -l <err) = 1 &&
	grep -q "^dipsample nightly: published .*/out/latest but delivery to $TRASH/mnt/board failed: .$TRASH/mnt/board. is not a directory (is the share mounted?); log: " err
'
test_expect_success 'a share that is mounted: delivered' '
	mkdir mnt/board && run -o out ex &&
	test -s mnt/board/board-pack.pdf && test -s mnt/board/index.html
'
test_expect_success 'an inline comment after delivery_dir is a comment, as for the stages' '
	set_key delivery_dir "delivery_dir = $TRASH/mnt/board ; the board share" &&
	rm -f mnt/board/* && run -o out ex &&
	test -s mnt/board/board-pack.pdf &&
	test $(ls mnt | wc -l) = 1
'
test_expect_success 'a relative delivery_dir is relative to the config file, like every path' '
	set_key delivery_dir "delivery_dir = ../mnt/board" &&
	rm -f mnt/board/* && (cd / && "$NIGHTLY" --config "$TRASH/conf/dipsample.conf" \
		--as-of 2026-11-20 -o "$TRASH/out" "$TRASH/ex") &&
	test -s mnt/board/board-pack.pdf
'
test_expect_success '"keep_runs: 1" (a colon, as inih allows) is honoured' '
	set_key delivery_dir "delivery_dir =" &&
	set_key keep_runs "keep_runs: 1" &&
	run -o keep ex && run -o keep ex && run -o keep ex &&
	test $(ls -d keep/run-* | wc -l) = 1 &&
	test "keep/$(readlink keep/latest)" = "$(ls -d keep/run-*)"
'
test_expect_success 'failed runs are pruned before each run: at most keep_failed_runs' '
	set_key keep_runs "keep_runs = 14" &&
	sed -i "/^keep_runs/a keep_failed_runs = 2" conf/dipsample.conf &&
	mkdir bad && printf "<Message><Header>\\n" >bad/broken.xml &&
	for i in 1 2 3 4; do test_must_fail run -o keep bad 2>/dev/null || exit 1; done &&
	test $(grep -L " published as " keep/run-*/log | wc -l) = 2 &&
	test $(grep -l " published as " keep/run-*/log | wc -l) = 1
'
test_expect_success 'keep_failed_runs out of range is refused with its line' '
	sed -i "s/^keep_failed_runs = 2/keep_failed_runs = -1/" conf/dipsample.conf &&
	test_must_fail run -o keep ex 2>err &&
	grep -q "conf/dipsample.conf:[0-9]*: .keep_failed_runs. in section .\\[pipeline\\]. must be a whole number from 0 to 10000, not .-1.$" err &&
	sed -i "s/^keep_failed_runs = -1/keep_failed_runs = 2/" conf/dipsample.conf
'

# A pipeline whose dip-overdue is killed by SIGKILL: the nightly runs
# the programs beside it when dip-ingest is there.
mkdir fake
for p in "$DIP_ROOT"/bin/dip-*; do ln -s "$p" fake/; done
cp "$NIGHTLY" fake/nightly
rm fake/dip-overdue
printf '#!/bin/sh\nkill -9 $$\n' >fake/dip-overdue && chmod +x fake/dip-overdue
test_expect_success 'a stage killed by a signal is named as such' '
	test_must_fail fake/nightly --config conf/dipsample.conf -o killed ex 2>err &&
	test $(wc -l <err) = 1 &&
	grep -q "^dipsample nightly: dip-overdue failed (killed by signal 9): no message; log: " err &&
	grep -q "end dip-overdue killed by signal 9 after" killed/run-*/log &&
	test ! -e killed/latest
'
test_expect_success 'an output root that cannot be written: one clear line, exit 1' '
	touch afile &&
	rc=0 && { run -o afile/out ex 2>err || rc=$?; } &&
	test $rc = 1 && test $(wc -l <err) = 1 &&
	grep -q "^dipsample nightly: cannot write to output root .afile/out.: Not a directory; no run started$" err
'

# A full disk: a tmpfs mounted in a private mount namespace (root only).
if unshare -m sh -c 'mkdir -p t && mount -t tmpfs -o size=256k tmpfs t' 2>/dev/null; then
	full_disk() {
		unshare -m sh -c "
			mount -t tmpfs -o size=$1 tmpfs '$TRASH/disk' &&
			${2:-true} &&
			dd if=/dev/zero of='$TRASH/disk/filler' bs=4k 2>/dev/null
			$3"
	}
	mkdir disk
	test_expect_success 'a full disk before the run: one line saying where' '
		rc=0 && { full_disk 512k "mkdir -p $TRASH/disk/out" \
			"\"$NIGHTLY\" --config conf/dipsample.conf -o $TRASH/disk/out ex" \
			2>err || rc=$?; } &&
		test $rc = 1 && test $(wc -l <err) = 1 &&
		grep -q "^dipsample nightly: cannot start a run in $TRASH/disk/out: No space left on device (no space left on $TRASH/disk); no run started$" err
	'
	# 200 KiB free: ingest fits, a later stage does not.
	test_expect_success 'a disk that fills during a stage: its message kept, and where' '
		rc=0 && { full_disk 4m "" "truncate -s -200k $TRASH/disk/filler &&
			\"$NIGHTLY\" --config conf/dipsample.conf -o $TRASH/disk/out ex" \
			2>err || rc=$?; } &&
		test $rc = 1 && test $(wc -l <err) = 1 &&
		grep -q "^dipsample nightly: dip-[a-z-]* failed (status 3): dip-[a-z-]*: .*No space left on device (no space left on $TRASH/disk); log: " err
	'
else
	echo "# skipping the full-disk tests: no private tmpfs here"
fi
test_expect_success 'a poisoned history in latest: the line names latest'"'"'s file and the remedy' '
	set_key keep_runs "keep_runs = 14" &&
	run -o hist ex &&
	good=$(readlink -f hist/latest/areas/history.csv) &&
	printf "as_of,area\n2026-10-01,\"B1\n" >"$good" &&
	rc=0 && { run -o hist ex 2>err || rc=$?; } &&
	test $rc = 1 && test $(wc -l <err) = 1 &&
	grep -q "^dipsample nightly: dip-areas failed (status 1): dip-areas: $good:2: malformed csv: .*; move the file aside to start a new history; log: " err &&
	mv "$good" "$good.bad" &&
	run -o hist ex && test -s hist/latest/areas/history.csv
'
test_done
