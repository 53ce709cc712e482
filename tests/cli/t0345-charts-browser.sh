#!/bin/sh
# dip-charts' index.html as a reader opens it: in a real headless browser
# (Debian's chromium, driven by tests/tools/browser-check over its
# DevTools protocol), every image loads, nothing is asked of anything
# outside the run's charts folder (name resolution leads nowhere, and
# every request is checked), and the console stays free of errors.  A
# screenshot of the top of the page is kept for the test log.
. "$(dirname "$0")/lib.sh"

CHECK=$DIP_ROOT/tests/tools/browser-check
CHROMIUM=$(command -v chromium || command -v chromium-browser) ||
	test_skip_all "no chromium (make check-deps installs it as root)"
command -v python3 >/dev/null 2>&1 ||
	test_skip_all "no python3 to drive the browser"
# A browser that is there but cannot start here (no /dev/shm, a broken
# install) is a skip too, with its reason; anything after this is a test.
mkdir probe
printf '<!DOCTYPE html><title>probe</title><p>probe</p>\n' >probe/index.html
rc=0
python3 "$CHECK" "$CHROMIUM" probe/index.html probe/shot.png >probe/out 2>probe/err || rc=$?
[ $rc = 2 ] && test_skip_all "chromium cannot run here: $(head -n 1 probe/err)"

SHOTS=$DIP_ROOT/build/test-logs
mkdir -p "$SHOTS"

# The checker itself: each fault it promises to find, found.
mkdir bad
cat >bad/index.html <<\EOT
<!DOCTYPE html><html><head><meta charset="utf-8"><title>bad</title>
<link rel="stylesheet" href="../outside.css"></head><body>
<img src="missing.png" alt="gone"><img src="https://example.org/x.png" alt="far">
<script>console.error("boom");</script></body></html>
EOT
test_expect_success 'the checker finds a missing image, an outside request and a console error' '
	test_must_fail python3 "$CHECK" "$CHROMIUM" bad/index.html bad.png >out &&
	grep -qx "request: https://example.org/x.png" out &&
	grep -qx "request: file://$TRASH/outside.css" out &&
	grep -qx "image: missing.png" out &&
	grep -qx "image: https://example.org/x.png" out &&
	grep -qx "console: error: boom" out
'

# open NAME RUN: check RUN/charts/index.html, keeping the screenshot.
open_index() {
	python3 "$CHECK" "$CHROMIUM" "$2/charts/index.html" "$SHOTS/$1.png" >out
}

cp -r "$FIXTURES/areas/run" run
dip-areas -c "$FIXTURES/areas/config/dipsample.conf" --as-of 2026-12-03 -o run run
dip-audits --as-of 2026-01-30 -o run "$FIXTURES/audits/tables"
dip-charts --as-of 2026-12-03 -o run run

test_expect_success 'the board fixture: every image loads, nothing outside, no console error' '
	open_index t0345-board run &&
	grep -q "^# [1-9][0-9]* images, 0 faults$" out
'
echo "# screenshot: $SHOTS/t0345-board.png"
cp -r "$FIXTURES/charts-hostile/run" hostile
dip-charts --as-of 2026-11-20 -o hostile hostile
test_expect_success 'hostile text: the page still loads whole, no script runs' '
	open_index t0345-hostile hostile &&
	grep -q "^# [1-9][0-9]* images, 0 faults$" out
'
echo "# screenshot: $SHOTS/t0345-hostile.png"
test_done
