#!/bin/sh
# The nightly runs the metric stages, which read only the tables and
# write only their own files, at once (one a processor it may run on);
# the log still lists every stage in the order of the stage list, each
# with its own messages, and the first of them in that order to fail is
# the one the run names.
. "$(dirname "$0")/lib.sh"

NIGHTLY=$DIP_ROOT/pipeline/nightly
cp -r "$DIP_ROOT/config" conf
mkdir ex
cp "$FIXTURES"/ingest/basic/*.xml ex/

# fake/: the real programs, but dip-overdue, dip-repeat-cp and
# dip-timeliness are wrappers (made by each test) around the real ones.
mkdir fake
for p in "$DIP_ROOT"/bin/dip-*; do ln -s "$p" fake/; done
cp "$NIGHTLY" fake/nightly
rm fake/dip-overdue fake/dip-repeat-cp fake/dip-timeliness
run() { fake/nightly --config conf/dipsample.conf --as-of 2026-11-20 "$@"; }
# wrap STAGE SCRIPT: fake/dip-STAGE runs SCRIPT (sh), then the real one.
wrap() {
	printf '#!/bin/sh\n%s\nexec "%s" "$@"\n' "$2" "$DIP_ROOT/bin/dip-$1" >fake/dip-$1
	chmod +x fake/dip-$1
}
# dip-overdue waits up to 5 s for dip-repeat-cp (next in the list) to
# start, and says whether it saw it.
wrap overdue "i=0; while [ \$i -lt 50 ] && [ ! -e '$TRASH/started' ]; do sleep 0.1; i=\$((i + 1)); done
[ -e '$TRASH/started' ] && echo together >'$TRASH/seen' || echo alone >'$TRASH/seen'"
wrap repeat-cp "touch '$TRASH/started'"
wrap timeliness ""
stage_order() { sed -n 's/^[0-9T:-]* start \(dip-[a-z-]*\)$/\1/p' "$1"; }
awk '$1 ~ /^[a-z]/ && $4 == "yes" { print "dip-" $1 }' "$DIP_ROOT/pipeline/stages" >want-order

if [ "$(nproc)" -ge 2 ]; then
	test_expect_success 'two processors: the metric stages run at once' '
		rm -f started seen &&
		run -o out ex &&
		test "$(cat seen)" = together
	'
else
	echo "# skipping the test of stages at once: one processor here"
fi
test_expect_success 'one processor (taskset): they run one by one' '
	rm -f started seen &&
	taskset -c 0 fake/nightly --config conf/dipsample.conf --as-of 2026-11-20 -o one ex &&
	test "$(cat seen)" = alone
'
test_expect_success 'the log lists the stages in the order of the list, each start with its end' '
	for l in out/latest/log one/latest/log; do
		test -f $l || continue
		stage_order $l >got && test_cmp want-order got || exit 1
		sed -n "s/^[0-9T:-]* \(start\|end\) \(dip-[a-z-]*\).*/\2/p" $l | uniq -c |
			awk "\$1 != 2 { exit 1 }" || exit 1
	done
'
# More metric stages than processors: the dearest by the last published
# night's log start first (a long one started last would run on alone).
# With no night before, the list's order; then the log's times, set by
# hand below, give the order; the log itself keeps the list's order.
metric="overdue repeat-cp consent timeliness audits"
for m in $metric; do
	rm -f fake/dip-$m
	wrap $m "echo dip-$m >>'$TRASH/launched'"
done
test_expect_success 'one processor, no night before: launched in the list order' '
	rm -f launched &&
	taskset -c 0 fake/nightly --config conf/dipsample.conf --as-of 2026-11-20 -o lpt ex &&
	printf "dip-%s\n" $metric >want &&
	test_cmp want launched
'
test_expect_success 'one processor: the dearest of the last night first' '
	l=lpt/latest/log &&
	sed -i -e "s/end dip-audits status 0 after [0-9]* ms/end dip-audits status 0 after 900 ms/" \
	       -e "s/end dip-consent status 0 after [0-9]* ms/end dip-consent status 0 after 700 ms/" \
	       -e "s/end dip-overdue status 0 after [0-9]* ms/end dip-overdue status 0 after 500 ms/" \
	       -e "s/end dip-timeliness status 0 after [0-9]* ms/end dip-timeliness status 0 after 300 ms/" \
	       -e "s/end dip-repeat-cp status 0 after [0-9]* ms/end dip-repeat-cp status 0 after 100 ms/" $l &&
	test $(grep -c " after [13579]00 ms" $l) = 5 &&
	rm -f launched &&
	taskset -c 0 fake/nightly --config conf/dipsample.conf --as-of 2026-11-20 -o lpt ex &&
	printf "dip-%s\n" audits consent overdue timeliness repeat-cp >want &&
	test_cmp want launched &&
	stage_order lpt/latest/log >got && test_cmp want-order got
'
test_expect_success 'a stage the last night did not time counts as the dearest' '
	l=lpt/latest/log &&
	sed -i -e "s/end dip-audits status 0 after [0-9]* ms/end dip-audits status 0 after 900 ms/" \
	       -e "s/end dip-consent status 0 after [0-9]* ms/end dip-consent status 0 after 700 ms/" \
	       -e "s/end dip-overdue status 0 after [0-9]* ms/end dip-overdue status 0 after 500 ms/" \
	       -e "/end dip-timeliness /d" \
	       -e "s/end dip-repeat-cp status 0 after [0-9]* ms/end dip-repeat-cp status 0 after 100 ms/" $l &&
	rm -f launched &&
	taskset -c 0 fake/nightly --config conf/dipsample.conf --as-of 2026-11-20 -o lpt ex &&
	printf "dip-%s\n" timeliness audits consent overdue repeat-cp >want &&
	test_cmp want launched
'
wrap consent ""
wrap audits ""
# Two metric stages fail, the later one in the list first: the run names
# the earlier (dip-overdue), logs both with their messages, runs nothing
# after the metric stages and publishes nothing.
wrap overdue "sleep 1; echo 'dip-overdue: tables/children.csv: first' >&2; echo 'second line' >&2; exit 3"
wrap timeliness "echo 'dip-timeliness: broken too' >&2; exit 2"
test_expect_success 'two fail at once: the first in the list is named, both logged' '
	test_must_fail run -o out ex 2>err &&
	test $(wc -l <err) = 1 &&
	grep -q "^dipsample nightly: dip-overdue failed (status 3): dip-overdue: tables/children.csv: first; log: " err &&
	l=$(ls -d out/run-* | sort | tail -n 1)/log &&
	grep -q "failed at dip-overdue; latest not moved" $l &&
	grep -q "end dip-overdue status 3 after" $l &&
	grep -q "end dip-timeliness status 2 after" $l &&
	grep -q "end dip-consent status 0 after" $l &&
	! grep -q "start dip-worklist" $l &&
	sed -n "/start dip-overdue/,/end dip-overdue/p" $l >section &&
	grep -q "^dip-overdue: tables/children.csv: first\$" section &&
	grep -q "^second line\$" section &&
	! grep -q timeliness section &&
	sed -n "/start dip-timeliness/,/end dip-timeliness/p" $l | grep -q "^dip-timeliness: broken too\$" &&
	test "$(readlink out/latest)" != "$(basename $(dirname $l))"
'
test_done
