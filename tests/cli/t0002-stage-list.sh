#!/bin/sh
# pipeline/stages is the one list of the programs: every program built is
# in it, every entry has its source and its program, and the nightly and
# rerun run the entries it marks, in its order.
. "$(dirname "$0")/lib.sh"

LIST=$DIP_ROOT/pipeline/stages
# The entries: the lines that start with a name.
entries() { awk '$1 ~ /^[a-z]/' "${1:-$LIST}"; }

test_expect_success 'every program in bin/ is in the list' '
	for b in "$DIP_ROOT"/bin/dip-*; do
		n=${b##*/dip-} &&
		entries | awk -v n="$n" "\$1 == n { f = 1 } END { exit !f }" ||
			{ echo "bin/dip-$n is not in pipeline/stages"; exit 1; }
	done
'
test_expect_success 'every entry: six columns, its source, its program' '
	entries | while read -r name src kind night reads carry extra; do
		test -z "$extra" && test -n "$carry" ||
			{ echo "$name: not six columns"; exit 1; }
		test "$src" = "stages/$(echo "$name" | tr - _).c" ||
			{ echo "$name: source $src, not stages/NAME.c with - as _"; exit 1; }
		test -f "$DIP_ROOT/$src" || { echo "$name: no $src"; exit 1; }
		test -x "$DIP_ROOT/bin/dip-$name" || { echo "$name: no bin/dip-$name"; exit 1; }
	done
'
test_expect_success 'every entry: a known kind, nightly, reads and carry' '
	entries | while read -r name src kind night reads carry; do
		case $kind in ingest|metric|after-metrics|tool) ;;
		*) echo "$name: kind $kind"; exit 1 ;; esac
		case $night/$reads in yes/exports|yes/tables|yes/run|no/-) ;;
		*) echo "$name: nightly $night, reads $reads"; exit 1 ;; esac
		case $carry in yes|no) ;; *) echo "$name: carry $carry"; exit 1 ;; esac
		case $kind/$night in tool/yes|ingest/no|metric/no|after-metrics/no)
			echo "$name: a $kind stage with nightly $night"; exit 1 ;; esac
	done
'
test_expect_success 'a metric stage has its bit in schema.h' '
	for s in $(stages_of metric); do
		bit=SCHEMA_$(echo "$s" | tr a-z- A-Z_) &&
		grep -q "^	$bit = 1 << " "$DIP_ROOT/include/dip/schema.h" ||
			{ echo "no $bit in include/dip/schema.h"; exit 1; }
	done
'
test_expect_success 'the Makefile builds the programs of the list' '
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make -s -C "$DIP_ROOT" -pq all 2>/dev/null |
		sed -n "s/^STAGE_BINS := //p" | tr " " "\n" | sort >built &&
	entries | awk "{ print \"bin/dip-\" \$1 }" | sort >listed &&
	test_cmp listed built
'

# A run of the nightly on the ingest fixtures, as of their date.
cp -r "$FIXTURES"/ingest/history ex
cp "$FIXTURES"/ingest/basic/*.xml ex/
test_expect_success 'the nightly runs the stages the list marks, in its order' '
	"$DIP_ROOT/pipeline/nightly" --as-of 2026-11-20 -o out ex &&
	sed -n "s/^[^ ]* start dip-//p" out/latest/log >ran &&
	stages_of nightly >want &&
	test_cmp want ran
'
test_expect_success 'rerun --after ingest runs them again, in the same order' '
	"$DIP_ROOT/pipeline/rerun" --after ingest out/latest &&
	sed -n "s/^[^ ]* rerun \([^ ]*\) as of .*/\1/p" out/latest/log >reran &&
	test_cmp want reran
'
test_expect_success 'rerun --help names them in that order' '
	"$DIP_ROOT/pipeline/rerun" --help >help &&
	echo "Stages, in order: $(echo $(cat want))" >expect &&
	tail -n 1 help | test_cmp expect -
'

# A copy of the scripts and the programs, with a list of its own: the
# scripts follow the list they find beside them.
mkdir tree tree/pipeline
cp -r "$DIP_ROOT/bin" tree/bin
cp "$DIP_ROOT/pipeline/nightly" "$DIP_ROOT/pipeline/rerun" tree/pipeline/
test_expect_success 'a stage dropped from the list is not run' '
	grep -v "^charts " "$LIST" >tree/pipeline/stages &&
	tree/pipeline/nightly --as-of 2026-11-20 -o out2 ex &&
	sed -n "s/^[^ ]* start dip-//p" out2/latest/log >ran &&
	stages_of nightly tree/pipeline/stages >want2 &&
	test_cmp want2 ran &&
	! grep -qx charts ran &&
	test_must_fail tree/pipeline/rerun charts out2/latest 2>err &&
	grep -q "^rerun: no stage .charts. " err
'
test_expect_code 2 'an entry that reads something unknown: no run started' '
	sed "s/^\(areas  *[^ ]*  *[^ ]*  *yes  *\)run /\1tree /" "$LIST" >tree/pipeline/stages &&
	tree/pipeline/nightly --as-of 2026-11-20 -o out3 ex 2>err3
'
test_expect_success '... said in one line, naming the list and the stage' '
	grep -q "^dipsample nightly: .*/tree/pipeline/stages: stage .areas. reads .tree., not exports, tables or run; no run started$" err3 &&
	test ! -e out3
'
test_expect_code 2 'no list beside the scripts or installed: no run started' '
	rm tree/pipeline/stages &&
	tree/pipeline/nightly --as-of 2026-11-20 -o out4 ex 2>err4
'
test_expect_success '... said in one line; rerun refuses too' '
	grep -qx "dipsample nightly: no stage list (pipeline/stages, or share/dipsample/stages when installed); no run started" err4 &&
	test ! -e out4 &&
	test_must_fail tree/pipeline/rerun ingest out/latest 2>err5 &&
	grep -qx "rerun: no stage list (pipeline/stages, or share/dipsample/stages when installed)" err5
'
test_done
