# shellcheck shell=sh
# lib.sh - a small TAP test library for the command-line tests, after
# git's t/test-lib.sh.  Source it, then:
#   test_expect_success 'what' 'commands'      (body runs under set -e)
#   test_expect_code N 'what' 'commands'       (the last command's status)
#   test_cmp EXPECTED ACTUAL                   (diff -u)
#   test_must_fail CMD ARGS...                 (a refusal, never a crash)
#   test_done
# Each script runs in its own scratch directory ($TRASH), removed at exit.

DIP_ROOT=${DIP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
PATH=$DIP_ROOT/bin:$DIP_ROOT/build/tests/tools:$PATH
FIXTURES=$DIP_ROOT/fixtures
SAMPLES=$DIP_ROOT/../shared/cin_samples
DIPSAMPLE_CONFIG=$DIP_ROOT/config/dipsample.conf
export DIP_ROOT PATH FIXTURES SAMPLES DIPSAMPLE_CONFIG

# A sanitizer finding must end in a signal, so that test_must_fail can tell it
# from a refusal (ASan's default exit status 1 looks like one).
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}abort_on_error=1
UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:abort_on_error=1:print_stacktrace=1
export ASAN_OPTIONS UBSAN_OPTIONS

TRASH=$(mktemp -d "${TMPDIR:-/tmp}/dip-cli.XXXXXX") || exit 1
trap 'rm -rf "$TRASH"' EXIT
cd "$TRASH" || exit 1

test_count=0
test_failed=0

_test_report() {
	test_count=$((test_count + 1))
	if [ "$1" = 0 ]; then
		echo "ok $test_count - $2"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $2"
		sed 's/^/#   /' "$TRASH/.out"
	fi
}

test_expect_success() {
	( set -e; eval "$2" ) >"$TRASH/.out" 2>&1
	_test_report $? "$1"
}

test_expect_code() {
	want=$1
	( eval "$3" ) >"$TRASH/.out" 2>&1
	got=$?
	[ "$got" = "$want" ] || echo "exit status $got, want $want" >>"$TRASH/.out"
	[ "$got" = "$want" ]
	_test_report $? "$2"
}

test_cmp() {
	diff -u "$1" "$2"
}

# test_must_fail CMD ARGS...: succeed only when CMD refuses cleanly.  Exit 0
# is not a refusal; neither is death by a signal (status above 128), nor a
# missing or unrunnable command (127, 126), so a crash never passes as an
# error that was handled.  Like git's, it runs a command, not a shell
# expression: use 'test_must_fail env VAR=x cmd' for an environment.
test_must_fail() {
	_tmf=0
	"$@" || _tmf=$?
	if [ $_tmf = 0 ]; then
		echo >&2 "test_must_fail: command succeeded: $*"
		return 1
	elif [ $_tmf -gt 128 ]; then
		echo >&2 "test_must_fail: died of signal $((_tmf - 128)): $*"
		return 1
	elif [ $_tmf = 127 ] || [ $_tmf = 126 ]; then
		echo >&2 "test_must_fail: could not run: $*"
		return 1
	fi
	return 0
}

# stages_of KIND [LIST]: the programs pipeline/stages (or LIST) names of
# that kind (metric, after-metrics, ...), or the ones the nightly runs
# (KIND "nightly"), in its order.
stages_of() {
	awk -v k="$1" '$1 ~ /^[a-z]/ && ($3 == k || (k == "nightly" && $4 == "yes")) { print $1 }' \
		"${2:-$DIP_ROOT/pipeline/stages}"
}

test_skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

test_done() {
	echo "1..$test_count"
	[ "$test_failed" = 0 ]
	exit $?
}
