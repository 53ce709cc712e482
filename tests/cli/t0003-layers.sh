#!/bin/sh
# The layers of HACKING.md, as the #include lines show them: the core
# (stages/core/, include/dip/) leans on no library, and the ingest and
# metric-stage libraries, the synthetic data model and the charts lean
# only on the core and the libraries above them.
. "$(dirname "$0")/lib.sh"

# FOLDER ALLOWED: every library header a file of FOLDER includes is in
# one of the ALLOWED folders (its own included).
leans_only_on() {
	grep -HoE '^#include "[a-z]+/[a-z_]+\.h"' "$DIP_ROOT/$1"/*.[ch] |
	sed 's|^'"$DIP_ROOT"'/||; s|#include "||; s|"$||' >includes &&
	awk -F: -v allowed=" dip $2 " '
		{ split($2, p, "/"); if (index(allowed, " " p[1] " ") == 0) { print; bad = 1 } }
		END { exit bad }' includes
}

# The core names no library header: schema.c declares where each column
# lands in the rows the metric stages load, and those rows are the core's
# (dip/rows.h) for that reason.
test_expect_success 'the core includes no library header' '
	leans_only_on include/dip "" &&
	leans_only_on stages/core ""
'
test_expect_success 'the ingest library leans on the core alone' '
	leans_only_on stages/ingest ingest
'
test_expect_success 'the metric-stage library leans on the core alone' '
	leans_only_on stages/mstage mstage
'
test_expect_success 'the synthetic data model leans on the core alone' '
	leans_only_on stages/synth synth
'
test_expect_success 'the charts lean on the core and the metric-stage library' '
	leans_only_on stages/charts "charts mstage"
'
test_done
