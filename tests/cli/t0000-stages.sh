#!/bin/sh
# Every stage honours the common command-line contract (README "Stages").
. "$(dirname "$0")/lib.sh"

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
		! $name --no-such-option 2>err &&
		grep -q \"^Try '$name --help' for more information.\$\" err
	"
	test_expect_success "$name --help to a full disk fails" "
		! $name --help >/dev/full 2>err &&
		grep -q 'write error on standard output' err
	"
done
test_done
