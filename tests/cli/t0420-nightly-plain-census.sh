#!/bin/sh
# A plain DfE census return (no Eclipse extension fields) runs the whole
# nightly with the shipped config and publishes: dip-consent leaves out
# the metrics that need the extension and its notes say why, and the
# tracker shows the board's consent measure as Grey, "no data: Eclipse
# extension fields missing", in the tracker, the grid and the index.
# The same for each public sample in ../shared/cin_samples/xml.
. "$(dirname "$0")/lib.sh"

NIGHTLY=$DIP_ROOT/pipeline/nightly
WORDS="no data: Eclipse extension fields missing"
# The shipped measures.csv evidences area A2 with this metric.
CONSENT=consent_closures_without_sm_agreement

# publishes_plain NAME EXPORT...: the nightly publishes; the consent
# measure is a Grey no-data row with the reason in words, everywhere
# the board reads it.
publishes_plain() {
	name=$1
	shift
	"$NIGHTLY" --as-of 2026-11-20 -o "out-$name" "$@" >stdout 2>stderr &&
	test ! -s stdout && test ! -s stderr &&
	test -L "out-$name/latest" &&
	latest=out-$name/latest &&
	grep -q "^extension_missing," "$latest/metrics/consent-notes.csv" &&
	grep -q "^metric_not_computed,$CONSENT: Eclipse extension fields missing," \
		"$latest/metrics/consent-notes.csv" &&
	! grep -q "^$CONSENT," "$latest/metrics/consent.csv" &&
	grep "^A2,.*,$CONSENT," "$latest/areas/tracker.csv" >row &&
	grep -q ",,,,,10,down,,Grey,.*,$WORDS,last_complete_quarter," row &&
	grep -q "$WORDS" "$latest/charts/area-grid.svg" &&
	grep -q "$WORDS" "$latest/charts/index.html" &&
	test -s "$latest/charts/board-pack.pdf"
}

# fixtures/ingest/history: made-up children, plain census 2023-24 to
# 2025-26 (no x: element anywhere).
test_expect_success 'the history fixture has no Eclipse field' '
	! grep -q "<x:" "$FIXTURES"/ingest/history/*.xml
'
test_expect_success 'a plain census file: the shipped nightly publishes' '
	publishes_plain one "$FIXTURES/ingest/history/census-2026.xml"
'
test_expect_success 'three plain census years: the shipped nightly publishes' '
	publishes_plain three "$FIXTURES/ingest/history"
'
test_expect_success 'a measure naming a metric no stage defines is still refused' '
	cp -r "$DIP_ROOT/config" conf &&
	echo "A2,consent_closures_without_sm_agreemnt,all,all,quarter,last_complete_quarter,down,10,5,,," >>conf/improvement/measures.csv &&
	n=$(wc -l <conf/improvement/measures.csv) &&
	test_must_fail "$NIGHTLY" --config conf/dipsample.conf --as-of 2026-11-20 \
		-o out-typo "$FIXTURES/ingest/history/census-2026.xml" 2>err &&
	grep -q "dip-areas failed (status 2): dip-areas: $TRASH/conf/improvement/measures.csv:$n: measure names metric .consent_closures_without_sm_agreemnt., which no stage produced" err
'

if [ -d "$SAMPLES/xml" ]; then
	for f in "$SAMPLES"/xml/*/*.xml; do
		name=$(basename "$f" .xml)
		test_expect_success "public sample $name: the shipped nightly publishes" "
			publishes_plain '$name' '$f'
		"
	done
else
	echo "# no ../shared/cin_samples/xml: public samples skipped"
fi
test_done
