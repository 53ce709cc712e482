#!/bin/sh
# Files people open in a spreadsheet cannot start a formula; the tables
# for machines keep the export's text exactly (fixtures/hostile-text).
. "$(dirname "$0")/lib.sh"

F=$FIXTURES/hostile-text

test_expect_success 'the nightly runs on exports full of formula-like text' '
	"$DIP_ROOT/pipeline/nightly" --as-of 2026-11-20 -o out "$F" &&
	test -d out/latest/lists
'
test_expect_success 'every list of every stage is owner-only' '
	ls out/latest/lists/*.csv >lists &&
	test $(wc -l <lists) = 14 &&
	find out/latest/lists -name "*.csv" ! -perm 600 >loose &&
	test_cmp /dev/null loose
'
test_expect_success 'tables keep the text exactly' '
	csvcells out/latest/tables/episodes.csv | cut -f 2 >cells &&
	grep -qxF "=HYPERLINK(\"http://x.invalid/?q=1\",\"Open file\")" cells &&
	grep -qxF "+cmd|'"'"' /C calc'"'"'!A0" cells &&
	grep -qxF "'"'"'=already guarded" cells &&
	grep -qxF "=1+1" cells
'
# A cell that starts a formula: = + @ tab CR, or - not followed by a
# plain number.
formula_cells() {
	awk -F "\t" '
		$2 ~ /^[=+@]/ || $2 ~ /^\\[tr]/ { print; next }
		$2 ~ /^-/ && $2 !~ /^-[0-9]+(\.[0-9]+)?$/ { print }
	'
}
test_expect_success 'no cell people open can start a formula' '
	csvcells out/latest/lists/*.csv out/latest/metrics/*.csv \
		out/latest/areas/*.csv out/latest/tables/manifest.csv \
		out/latest/tables/ingest-report.csv >all &&
	test -s all &&
	formula_cells <all >bad &&
	test_cmp /dev/null bad
'
test_expect_success 'the hostile text is there, guarded' '
	cut -f 2 all >cells &&
	grep -qxF "'"'"'=HYPERLINK(\"http://x.invalid/?q=1\",\"Open file\")" cells &&
	grep -qxF "'"'"'=1+1" cells &&
	grep -qxF "'"'"'@x" cells
'
# The values of a list's column, by its name (csvcells: FILE:ROW:COL TAB value).
column() {
	csvcells "$1" | awk -F "\t" -v name="$2" '
		{ split($1, p, ":"); row = p[2]; col = p[3] }
		row == 1 && $2 == name { want = col }
		row > 1 && col == want { print $2 }
	'
}
test_expect_success 'a list row carries the worker, owner and description, guarded' '
	L=out/latest/lists/actions_overdue.csv &&
	test "$(column $L la_child_id)" = DSA0001 &&
	test "$(column $L worker)" = "'"'"'+cmd|'"'"' /C calc'"'"'!A0" &&
	test "$(column $L team)" = "'"'"'=HYPERLINK(\"http://x.invalid/?q=1\",\"Open file\")" &&
	test "$(column $L owner)" = "'"'"'=cmd|'"'"' /C calc'"'"'!A0" &&
	test "$(column $L description)" = "'"'"'@SUM(1)+2"
'
test_expect_success 'the check itself finds a formula' '
	printf "x\t=1+1\ny\t-1.5\nz\t-2+3\nw\t\\\\tq\n" | formula_cells >found &&
	test $(wc -l <found) = 3
'
test_done
