#!/bin/sh
# tables.snap: dip-ingest writes it with the tables and records it in the
# manifest; the metric stages compute the same values from it as from
# the CSVs; a damaged or stale one is never used, the stage reads the
# CSVs and says why (doc/tables.md, "The tables the stages read").
. "$(dirname "$0")/lib.sh"

STAGES="overdue repeat-cp consent timeliness audits worklist"
AS_OF="--as-of 2026-11-20"

# run_all TABLES OUT: every metric stage on TABLES into OUT, stderr in
# OUT.err.
run_all() {
	for s in $STAGES; do
		dip-$s $AS_OF -o "$2" "$1" 2>>"$2.err" || return 1
	done
}

# both_ways NAME TABLES: the stages on TABLES, then on a copy without the
# snapshot; every metric, list and note the same, and nothing said.
both_ways() {
	rm -rf "$1-csv" "$1-snap" "$1-snap.err" "$1-csv.err"
	mkdir "$1-csv" &&
	cp "$2"/*.csv "$1-csv/" &&
	test -s "$2/tables.snap" &&
	run_all "$2" "$1-snap" &&
	run_all "$1-csv" "$1-csv-run" &&
	diff -r "$1-snap" "$1-csv-run" &&
	test ! -s "$1-snap.err" && test ! -s "$1-csv-run.err"
}

test_expect_success 'synthetic census and audits: the same values both ways' '
	dip-synth -n 1500 -s 7 --from 2024 --to 2026 -o synth &&
	dip-ingest -o syn synth/census-2024.xml synth/census-2025.xml \
		synth/census-2026.xml synth/audits.xml &&
	both_ways syn syn
'
for fx in basic dates history blocks; do
	test_expect_success "fixture ingest/$fx: the same values both ways" "
		dip-ingest -o fx-$fx \$(ls '$FIXTURES/ingest/$fx'/*.xml | sort) &&
		both_ways fx-$fx fx-$fx
	"
done
test_expect_success 'fixture hostile-text: the same values both ways' '
	dip-ingest -o ht "$FIXTURES/hostile-text/case-2027.xml" \
		"$FIXTURES/hostile-text/audits.xml" &&
	both_ways ht ht
'

test_expect_success 'the manifest records the snapshot: its size' '
	size=$(stat -c %s syn/tables.snap) &&
	grep -x "snapshot,tables.snap,$size,,,,,,,,,,," syn/manifest.csv
'
test_expect_success 'the same exports give the same manifest and tables' '
	dip-ingest -o syn2 synth/census-2024.xml synth/census-2025.xml \
		synth/census-2026.xml synth/audits.xml &&
	for f in syn/*.csv; do cmp "$f" "syn2/${f#syn/}"; done
'
test_expect_success 'the snapshot holds personal data: owner only' '
	test "$(stat -c %a syn/tables.snap)" = 600
'

# Tables of the synthetic exports to damage (written by dip-ingest, so
# the CSVs are the very files the snapshot names), with dip-overdue's
# outputs from the CSVs alone to compare with.
fresh() {
	rm -rf t t-run t-ref t-before &&
	dip-ingest -o t synth/census-2024.xml synth/census-2025.xml \
		synth/census-2026.xml synth/audits.xml
}
reference() {
	mkdir -p t-csv && cp t/*.csv t-csv/ &&
	dip-overdue $AS_OF -o t-ref t-csv && rm -rf t-csv
}
# overdue_falls_back WHY: dip-overdue says WHY on stderr and in its
# notes, and computes what the CSVs give.
overdue_falls_back() {
	reference &&
	dip-overdue $AS_OF -o t-run t 2>err &&
	printf "dip-overdue: t: %s; read the CSV tables instead\n" "$1" >want &&
	test_cmp want err &&
	grep -qxF "tables_read_from_csv,$1,1" t-run/metrics/overdue-notes.csv &&
	grep -vxF "tables_read_from_csv,$1,1" t-run/metrics/overdue-notes.csv >notes &&
	test_cmp t-ref/metrics/overdue-notes.csv notes &&
	diff -r -x overdue-notes.csv t-ref t-run
}
# poke OFFSET BYTE: write one byte into t/tables.snap, in place.
poke() {
	perl -e 'open(F, "+<", $ARGV[0]) or die; seek(F, $ARGV[1], 0);
		print F chr($ARGV[2]); close F' t/tables.snap "$1" "$2"
}
# peek OFFSET TEMPLATE LENGTH: a field of t/tables.snap (perl unpack).
peek() {
	perl -e 'open(F, "<", $ARGV[0]) or die; seek(F, $ARGV[1], 0);
		read(F, $b, $ARGV[3]); print unpack($ARGV[2], $b), "\n"' \
		t/tables.snap "$1" "$2" "$3"
}
# The directory: 64-byte header, then 736 bytes a table in schema order
# without the manifest (children, care_periods, episodes…); a table's
# first row is at byte 56 of its entry.
EPISODES=$((64 + 2 * 736))
ASSESSMENTS=$((64 + 4 * 736))

test_expect_success 'an episode edited by hand: the CSVs are read, and it says so' '
	fresh &&
	sed -i "2s/\$/ /" t/episodes.csv &&
	overdue_falls_back "episodes.csv has changed since tables.snap was written"
'
test_expect_success 'an edit of the same size: the CSV is read all the same' '
	fresh &&
	perl -i -pe "s/2025-/2024-/ if \$. == 2" t/episodes.csv &&
	test "$(stat -c %s t/episodes.csv)" = "$(stat -c %s syn/episodes.csv)" &&
	overdue_falls_back "episodes.csv has changed since tables.snap was written"
'
test_expect_success 'a table the stage does not read may change' '
	fresh &&
	echo "999,X,1,2026-01-01,,,,,,,,,,,,,," >>t/audits.csv &&
	dip-overdue $AS_OF -o t-run t 2>err &&
	test ! -s err &&
	! grep -q tables_read_from_csv t-run/metrics/overdue-notes.csv
'
test_expect_success 'a copied tables directory (new files, same bytes): the snapshot is used' '
	rm -rf t t-run && cp -r syn t && touch t/*.csv &&
	dip-overdue $AS_OF -o t-run t 2>err &&
	test ! -s err &&
	! grep -q tables_read_from_csv t-run/metrics/overdue-notes.csv
'
# Same size, same inode, the old time put back: the stage takes the CSV
# for the one the snapshot was made from (as make and git's index do),
# so this shows which one it read: the values of the snapshot.
test_expect_success 'an unchanged CSV is not read at all: the snapshot gives the values' '
	fresh &&
	dip-overdue $AS_OF -o t-before t &&
	touch -r t/episodes.csv stamp &&
	perl -e "open(F, \"+<\", \"t/episodes.csv\") or die; seek(F, 0, 2);
		seek(F, tell(F) - 11, 0); print F \"2099-01-01\"; close F" &&
	touch -r stamp t/episodes.csv &&
	dip-overdue $AS_OF -o t-run t 2>err && test ! -s err &&
	diff -r t-before t-run
'
test_expect_success 'a truncated snapshot' '
	fresh && size=$(stat -c %s t/tables.snap) &&
	head -c 9000 t/tables.snap >cut && cat cut >t/tables.snap &&
	overdue_falls_back "tables.snap is damaged: 9000 bytes where its header says $size"
'
test_expect_success 'a snapshot shorter than its header' '
	fresh && head -c 10 t/tables.snap >cut && cat cut >t/tables.snap &&
	overdue_falls_back "tables.snap is damaged: 10 bytes: shorter than its header"
'
test_expect_success 'an empty snapshot' '
	fresh && : >t/tables.snap &&
	overdue_falls_back "tables.snap is damaged: 0 bytes: shorter than its header"
'
test_expect_success 'not a snapshot at all' '
	fresh && cp syn/episodes.csv t/tables.snap &&
	overdue_falls_back "tables.snap is not a snapshot of tables"
'
test_expect_success 'another format version' '
	fresh && poke 8 2 &&
	overdue_falls_back "tables.snap is format 2; this build reads format 1"
'
test_expect_success 'a bit flipped in the directory' '
	fresh && poke $((EPISODES + 40)) 255 &&
	overdue_falls_back "tables.snap is damaged: the checksum of its header does not match"
'
test_expect_success 'a bit flipped in the strings' '
	fresh && pool=$(peek 32 Q\< 8) &&
	poke $((pool + 3)) 1 &&
	overdue_falls_back "tables.snap is damaged: the checksum of its strings does not match"
'
test_expect_success 'a bit flipped in the episodes' '
	fresh && at=$(peek $((EPISODES + 56)) Q\< 8) &&
	poke $((at + 5)) 123 &&
	overdue_falls_back "tables.snap is damaged: the checksum of table '"'"'episodes'"'"' does not match"
'
test_expect_success 'a damaged table the stage does not read is not its concern' '
	fresh && at=$(peek $((ASSESSMENTS + 56)) Q\< 8) &&
	poke $((at + 5)) 123 &&
	dip-audits $AS_OF -o t-run t 2>err && test ! -s err
'
# Behind good checksums (a file made to pass them): every value is still
# checked.  snapedit row TABLE FIELD TEMPLATE VALUE sets a field of the
# table's first row (FIELD a column, or "parent"); snapedit dir TABLE
# OFFSET TEMPLATE VALUE a field of its directory entry; VALUE "poolend"
# is the length of the string pool.  Then every checksum is made right
# again.
cat >snapedit.pl <<'PERL'
use strict;
use Compress::Zlib;
my ($file, $what, $table, $field, $tmpl, $value) = @ARGV;
open(my $f, "+<", $file) or die "$file: $!";
binmode $f;
my $b = do { local $/; <$f> };
my $ntable = unpack("V", substr($b, 16, 4));
my ($pool_off, $pool_len) = unpack("Q<Q<", substr($b, 32, 16));
$value = $pool_len if $value eq "poolend";
for my $i (0 .. $ntable - 1) {
	my $e = 64 + $i * 736;
	next unless unpack("Z32", substr($b, $e, 32)) eq $table;
	if ($what eq "dir") {
		substr($b, $e + $field, length(pack($tmpl, $value))) = pack($tmpl, $value);
		next;
	}
	my $off = unpack("Q<", substr($b, $e + 56, 8));
	my $at = $field eq "parent" ? 0 : undef;
	for my $c (0 .. unpack("V", substr($b, $e + 40, 4)) - 1) {
		my $ce = $e + 96 + $c * 40;
		$at = unpack("V", substr($b, $ce + 36, 4))
			if unpack("Z32", substr($b, $ce, 32)) eq $field;
	}
	die "no field $field" unless defined $at;
	substr($b, $off + $at, length(pack($tmpl, $value))) = pack($tmpl, $value);
}
for my $i (0 .. $ntable - 1) {
	my $e = 64 + $i * 736;
	my ($status, $flags, $ncol, $size, $nrow, $off) =
		unpack("VVVVQ<Q<", substr($b, $e + 32, 32));
	next if $status || $off + $nrow * $size > length($b);
	substr($b, $e + 64, 4) = pack("V", crc32(substr($b, $off, $nrow * $size)));
}
substr($b, 48, 4) = pack("V", crc32(substr($b, $pool_off, $pool_len)));
substr($b, 20, 4) = pack("V", 0);
substr($b, 20, 4) = pack("V", crc32(substr($b, 0, 64 + $ntable * 736)));
seek($f, 0, 0);
print $f $b;
close $f;
PERL
snapedit() {
	perl snapedit.pl t/tables.snap "$@"
}
test_expect_success 'resealing alone changes nothing (the edits below are the only fault)' '
	fresh && snapedit row episodes parent V 0 &&
	dip-overdue $AS_OF -o t-run t 2>err && test ! -s err
'
test_expect_success 'a row whose parent does not exist' '
	fresh && snapedit row episodes parent V 4294967295 &&
	overdue_falls_back "tables.snap is damaged: a row without its parent in table '"'"'episodes'"'"'"
'
test_expect_success 'a text past the end of the strings' '
	fresh && snapedit row children la_child_id V poolend &&
	overdue_falls_back "tables.snap is damaged: a value out of range in table '"'"'children'"'"'"
'
test_expect_success 'a date past the year 9999' '
	fresh && snapedit row episodes referral_date l 2147483647 &&
	overdue_falls_back "tables.snap is damaged: a value out of range in table '"'"'episodes'"'"'"
'
test_expect_success 'a flag that is neither 0 nor 1' '
	fresh && snapedit row episodes referral_nfa c 7 &&
	overdue_falls_back "tables.snap is damaged: a value out of range in table '"'"'episodes'"'"'"
'
test_expect_success 'more rows than the file holds' '
	fresh && snapedit dir episodes 48 Q\< 1000000000000 &&
	overdue_falls_back "tables.snap is damaged: table '"'"'episodes'"'"' is out of bounds"
'
test_expect_success 'a column of another type than this build reads' '
	fresh && snapedit dir episodes $((96 + 32)) V 0 &&
	overdue_falls_back "tables.snap has no column '"'"'episode_no'"'"' of table '"'"'episodes'"'"' as this build reads it"
'
test_expect_success 'a table the writer could not hold' '
	fresh && snapedit dir care_periods 32 V 1 &&
	overdue_falls_back "tables.snap does not hold table '"'"'care_periods'"'"': a value the stages cannot read"
'
test_expect_success 'a snapshot that is a directory' '
	fresh && rm t/tables.snap && mkdir t/tables.snap &&
	overdue_falls_back "tables.snap is not a regular file"
'
test_expect_success 'no snapshot: the CSVs, and nothing to say' '
	fresh && rm t/tables.snap &&
	dip-overdue $AS_OF -o t-run t 2>err && test ! -s err &&
	! grep -q tables_read_from_csv t-run/metrics/overdue-notes.csv
'
test_expect_success 'a failed ingest leaves the old snapshot with the old tables' '
	fresh && sum=$(sha256sum t/tables.snap) &&
	printf "<Message>\n" >bad.xml &&
	test_must_fail dip-ingest -o t bad.xml &&
	test "$(sha256sum t/tables.snap)" = "$sum" &&
	dip-overdue $AS_OF -o t-run t 2>err && test ! -s err
'

test_done
