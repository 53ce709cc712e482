#!/bin/sh
# Every stage that writes several files replaces all of them or none.
# Each stage publishes once; then the last file it commits is turned into
# a non-empty directory, which no rename can replace, and the stage runs
# again with inputs that change every file: every other file's rename has
# already succeeded when that one fails.  The run must fail with status 3
# and leave the directory exactly as it was, the same bytes in the same
# files (the same inodes: nothing was replaced by an equal copy), with no
# temporary file, backup or journal left.
. "$(dirname "$0")/lib.sh"

F=$FIXTURES

# snapshot DIR: every entry under DIR, hidden ones too, with its inode
# and, for a file, its SHA-256.
snapshot() {
	(cd "$1" && find . -printf '%p %i %y\n' | sort &&
	 find . -type f -exec sha256sum {} + | sort -k 2)
}
# block FILE: FILE becomes a non-empty directory.
block() {
	rm -f "$1" && mkdir "$1" && : >"$1/keep"
}
# no_hidden DIR: nothing hidden left (temporary files, backups, journals).
no_hidden() {
	find "$1" -name '.*' ! -name . >hidden
	test_cmp /dev/null hidden
}
# fails_cleanly DIR TARGET CMD...: with DIR/TARGET blocked, CMD exits 3
# naming it, and DIR is as it was.
fails_cleanly() {
	d=$1 t=$2
	shift 2
	no_hidden "$d" &&
	block "$d/$t" &&
	snapshot "$d" >before &&
	st=0 &&
	{ "$@" 2>err || st=$?; } &&
	{ test "$st" = 3 || { echo "exit status $st, want 3"; cat err; return 1; }; } &&
	{ grep -q "^dip-[a-z-]*: $d/$t: cannot replace: Is a directory$" err ||
	  { cat err; return 1; }; } &&
	snapshot "$d" >after &&
	test_cmp before after &&
	rm -r "$d/$t"
}

B=$FIXTURES/ingest/basic
test_expect_success 'dip-ingest: the rename of the report fails last' '
	dip-ingest -o out "$B/case-2027.xml" &&
	fails_cleanly out ingest-report.csv \
		dip-ingest -o out "$B/case-2027.xml" "$B/audits.xml"
'
test_expect_success 'dip-ingest: the next run replaces everything' '
	dip-ingest -o out "$B/case-2027.xml" "$B/audits.xml" &&
	no_hidden out && test -s out/ingest-report.csv &&
	grep -q audits.xml out/manifest.csv
'
# A file size limit makes write(2) fail with EFBIG, as a full disk gives
# ENOSPC: a write error, status 3, the reason named, nothing replaced.
test_expect_success 'dip-ingest: a write that fails replaces nothing' '
	dip-ingest -o small "$B/case-2027.xml" &&
	snapshot small >before &&
	st=0 &&
	(trap "" XFSZ; ulimit -f 2; exec dip-ingest -o small "$B/case-2027.xml" "$B/audits.xml") 2>err || st=$? &&
	test "$st" = 3 &&
	grep -q "^dip-ingest: small/.*: write failed: File too large$" err &&
	snapshot small >after &&
	test_cmp before after
'
# A table large enough to pass the output buffer (128 KiB) fails while
# the tables are still being written, not at the commit: the message
# names that table, not the snapshot taken beside it.  3,000 children
# give children.csv about 150 KB and episodes.csv about 230 KB, and
# tables.snap (about 370 KB) is put together only at the end; under a
# limit of 200 blocks (100 KB or 200 KB, as the shell counts them) a
# CSV is the first file a write to fails.
test_expect_success 'dip-ingest: a table that fails mid-write is the one named' '
	dip-synth -n 3000 -s 1 --from 2026 --to 2026 --no-audits -o big-in >/dev/null &&
	dip-ingest -o big "$B/case-2027.xml" &&
	snapshot big >before &&
	st=0 &&
	(trap "" XFSZ; ulimit -f 200; exec dip-ingest -o big big-in/census-2026.xml) 2>err || st=$? &&
	test "$st" = 3 &&
	test $(wc -l <err) = 1 &&
	grep -Eq "^dip-ingest: big/[a-z_]+\.csv: write failed: File too large$" err &&
	snapshot big >after &&
	test_cmp before after
'

stage_tables() {
	case $1 in
	audits) echo "$F/audits/tables" ;;
	*) echo "$F/$1/tables" ;;
	esac
}
# Each metric stage's notes file is its last; another as-of date changes
# every file it writes.
for s in $(stages_of metric); do
	test_expect_success "dip-$s: the rename of its notes fails last" "
		dip-$s --as-of 2026-11-20 -o run-$s '$(stage_tables $s)' &&
		fails_cleanly run-$s metrics/$s-notes.csv \
			dip-$s --as-of 2026-10-20 -o run-$s '$(stage_tables $s)'
	"
done
test_expect_success 'a metric stage leaves the other stages files alone' '
	dip-overdue --as-of 2026-11-20 -o shared "$F/overdue/tables" &&
	dip-consent --as-of 2026-11-20 -o shared "$F/consent/tables" &&
	snapshot shared >before &&
	dip-consent --as-of 2026-11-20 -o shared "$F/consent/tables" &&
	snapshot shared | grep -v consent >after &&
	grep -v consent before | test_cmp - after
'

# dip-worklist on its fixture: another month changes its sample, history
# and page; the notes are renamed last.
W=$FIXTURES/worklist
test_expect_success 'dip-worklist: the rename of its notes fails last' '
	mkdir -p wl/lists && cp "$W/lists/consent_closures.csv" wl/lists/ &&
	dip-overdue -c "$W/worklist.conf" --as-of 2026-12-01 -o wl "$W/tables" &&
	dip-audits -c "$W/worklist.conf" --as-of 2026-12-01 -o wl "$W/tables" &&
	dip-worklist -c "$W/worklist.conf" --as-of 2026-12-01 -o wl "$W/tables" &&
	fails_cleanly wl metrics/worklist-notes.csv \
		dip-worklist -c "$W/worklist.conf" --as-of 2027-01-05 -o wl "$W/tables"
'

A=$FIXTURES/areas
test_expect_success 'dip-areas: the rename of its notes fails last' '
	cp -r "$A/run" areas-run &&
	dip-areas -c "$A/config/dipsample.conf" --as-of 2026-11-20 -o areas-run areas-run &&
	fails_cleanly areas-run metrics/areas-notes.csv \
		dip-areas -c "$A/config/dipsample.conf" --as-of 2026-11-27 -o areas-run areas-run
'

test_expect_success 'dip-charts: the rename of its notes fails last' '
	cp -r "$A/run" charts-run &&
	dip-areas -c "$A/config/dipsample.conf" --as-of 2026-11-20 -o charts-run charts-run &&
	dip-charts --as-of 2026-11-20 -o charts-run charts-run &&
	test -s charts-run/charts/board-pack.pdf &&
	fails_cleanly charts-run metrics/charts-notes.csv \
		dip-charts --as-of 2026-11-27 -o charts-run charts-run
'

test_expect_success 'dip-synth: the rename of the audit export fails last' '
	dip-synth -n 40 -s 1 --from 2025 --to 2026 -o synth &&
	fails_cleanly synth audits.xml \
		dip-synth -n 40 -s 2 --from 2025 --to 2026 -o synth
'
test_done
