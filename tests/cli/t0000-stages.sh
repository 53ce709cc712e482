#!/bin/sh
# Every stage honours the common command-line contract (doc/man/, and
# doc/ingest.md "Exit status").
. "$(dirname "$0")/lib.sh"

# The refusal helper itself: a clean non-zero exit passes; success, a signal
# and a command that cannot run do not.
test_expect_success 'test_must_fail accepts a clean refusal' '
	test_must_fail sh -c "exit 2"
'
test_expect_success 'test_must_fail rejects success, signals and unrunnable commands' '
	! test_must_fail true 2>/dev/null &&
	! test_must_fail sh -c "kill -SEGV \$\$" 2>/dev/null &&
	! test_must_fail sh -c "kill -ABRT \$\$" 2>/dev/null &&
	! test_must_fail ./no-such-command 2>/dev/null
'

for bin in "$DIP_ROOT"/bin/dip-*; do
	name=$(basename "$bin")
	test_expect_success "$name --help: usage on stdout, nothing on stderr" "
		$name --help >out 2>err &&
		grep -q '^Usage: $name ' out &&
		test ! -s err
	"
	test_expect_success "$name --version names the product" "
		$name --version >out &&
		grep -q '^$name (dipsample) [0-9]' out
	"
	test_expect_code 2 "$name with a bad option exits 2" "
		$name --no-such-option 2>err >out
	"
	test_expect_success "$name bad option: says how to get help" "
		test_must_fail $name --no-such-option 2>err &&
		grep -q \"^Try '$name --help' for more information.\$\" err
	"
	test_expect_success "$name --help to a full disk fails" "
		test_must_fail $name --help >/dev/full 2>err &&
		grep -q 'write error on standard output' err
	"
done
test_done
