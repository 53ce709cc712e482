#!/bin/sh
# Every manual page in doc/man formats without a warning: mandoc's lint
# (style included: man(7) misuse, lines over 80 bytes) and groff with all
# warnings, as man(1) would format it.
. "$(dirname "$0")/lib.sh"

command -v mandoc >/dev/null ||
	test_skip_all "no mandoc (make check-deps installs it as root)"
command -v groff >/dev/null ||
	test_skip_all "no groff (groff-base; make check-deps installs it as root)"

for page in "$DIP_ROOT"/doc/man/*.[15]; do
	name=$(basename "$page")
	test_expect_success "$name: mandoc -Tlint finds nothing" "
		mandoc -Tlint '$page' >lint 2>&1 || true
		test_cmp /dev/null lint
	"
	test_expect_success "$name: groff -man -ww finds nothing" "
		groff -man -Tutf8 -ww -z '$page' >lint 2>&1 &&
		test_cmp /dev/null lint
	"
done

# The lint itself: a page with a fault is reported.
test_expect_success 'a page with a fault fails the lint' '
	sed "s/^\\.SH OPTIONS\$/.SH/" "$DIP_ROOT/doc/man/dip-synth.1" >bad.1 &&
	mandoc -Tlint bad.1 >lint 2>&1 || true
	test -s lint
'
test_done
