#!/bin/sh
# The manual pages in doc/man agree with the programs: a page for every
# program in bin/ and for each pipeline script (under its installed name),
# the options of --help and of the page's OPTIONS the same, the exit
# statuses of --help in EXIT STATUS and no others, every key of
# `dip-config keys` in dipsample.conf(5) with its default and range and no
# key it does not know.  t0601 lints the pages.
. "$(dirname "$0")/lib.sh"

MAN=$DIP_ROOT/doc/man

# NAME PROGRAM, one a line: every program a user runs.
programs() {
	for b in "$DIP_ROOT"/bin/dip-*; do
		echo "$(basename "$b") $b"
	done
	echo "dipsample-nightly $DIP_ROOT/pipeline/nightly"
	echo "dipsample-rerun $DIP_ROOT/pipeline/rerun"
}

# The roff source as plain text: \- is a hyphen, font changes go.
roff_text() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g' "$1"
}

# section PAGE NAME: the source lines of one .SH section.
section() {
	roff_text "$1" | awk -v want="$2" '
		/^\.SH / { s = $0; sub(/^\.SH +/, "", s); gsub(/"/, "", s)
			   p = (s == want); next }
		p'
}

# tags PAGE NAME: the tag line of each .TP item of a section.
tags() {
	section "$1" "$2" | awk 'tag { print; tag = 0 } /^\.TP/ { tag = 1 }'
}

# Every option named on a line: -x and --long-name.
option_words() {
	grep -oE -- '(^|[ ,[])--?[A-Za-z][A-Za-z-]*' | sed 's/^[ ,[]*//' | sort -u
}

help_options() {
	"$1" --help | sed -n 's/^ \{1,\}\(-.*\)$/\1/p' | sed 's/  .*//' |
		option_words
}

# The statuses "Exit status:" lists: a number after the colon, a
# semicolon or a parenthesis, or at the start of a line of the paragraph.
help_codes() {
	"$1" --help | awk '
		/Exit status:/ { p = 1; sub(/.*Exit status:/, "") }
		p && /^$/ { exit }
		p' | grep -oE '(^ *|[:;(] *)[0-9]+ ' | grep -oE '[0-9]+' | sort -un
}

man_codes() {
	tags "$1" "EXIT STATUS" | sed -n 's/^\.B \([0-9][0-9]*\)$/\1/p' | sort -un
}

# check_options NAME PROGRAM PAGE: the same options in both.
check_options() {
	help_options "$2" >help.opts &&
	tags "$3" OPTIONS | option_words >man.opts &&
	test -s help.opts && test_cmp help.opts man.opts
}

check_codes() {
	help_codes "$2" >help.codes &&
	man_codes "$3" >man.codes &&
	test -s help.codes && test_cmp help.codes man.codes
}

programs >progs
while read -r name prog; do
	page=$MAN/$name.1
	test_expect_success "$name: a page, with every section" "
		test -f '$page' &&
		for s in NAME SYNOPSIS DESCRIPTION OPTIONS 'EXIT STATUS' \
			 ENVIRONMENT FILES EXAMPLES 'SEE ALSO'; do
			grep -Eq \"^\\.SH \\\"?\$s\\\"?\$\" '$page' ||
				{ echo \"no section \$s\"; exit 1; }
		done &&
		section '$page' ENVIRONMENT | grep -q DIPSAMPLE_CONFIG
	"
	test_expect_success "$name: OPTIONS has the options of --help, no more" "
		check_options $name '$prog' '$page'
	"
	test_expect_success "$name: EXIT STATUS has the statuses of --help, no more" "
		check_codes $name '$prog' '$page'
	"
done <progs

test_expect_success 'every page is one of a program or dipsample.conf(5)' '
	cut -d " " -f 1 progs | sed "s/\$/.1/" >want &&
	echo dipsample.conf.5 >>want &&
	(cd "$MAN" && ls) >got &&
	sort want >want.s && sort got >got.s &&
	test_cmp want.s got.s
'

# The check itself: a page that lost an option, or a status, fails it.
test_expect_success 'a page missing an option or a status fails the check' '
	sed "/^\\\\fB\\\\-\\\\-as\\\\-of/d" "$MAN/dip-overdue.1" >short.1 &&
	! grep -q "as\\\\-of\\\\fR=" short.1 &&
	test_must_fail check_options dip-overdue dip-overdue short.1 &&
	grep -v "^.B 75\$" "$MAN/dipsample-nightly.1" >short.1 &&
	test_must_fail check_codes dipsample-nightly \
		"$DIP_ROOT/pipeline/nightly" short.1
'

# dipsample.conf(5): under KEYS, ".SS [section]" then ".TP" items
# "key = default", the range in the item's text, and the kind where it
# changes what may be written: a decimal, a list, a map of names to
# numbers, a choice of words, a list of names.  This page is where the
# keys are documented (the README links it), so it is held to them whole.
test_expect_success 'dipsample.conf(5) has every key, its default, range and kind' '
	dip-config keys >keys.csv && csvcells keys.csv >cells &&
	awk -F "\t" "
		{ split(\$1, p, \":\"); row = p[2]; col = p[3] }
		row > 1 { v[row, col] = \$2; if (row > n) n = row }
		END { for (r = 2; r <= n; r++)
			print v[r, 1] \" \" v[r, 2] \" = \" v[r, 3] \"|\" \
			      (v[r, 5] == \"\" ? \"\" : v[r, 5] \" to \" v[r, 6]) \
			      \"|\" v[r, 4] }
	" cells | sed "s/ = |/ =|/" | sort >want &&
	section "$MAN/dipsample.conf.5" KEYS | awk "
		function flush() { if (item != \"\") print item \"|\" body; item = \"\" }
		/^\\.SS / { flush(); s = \$2; gsub(/[][\"]/, \"\", s); next }
		/^\\.TP/ { flush(); tag = 1; next }
		/^\\.(SH|PP)/ { flush(); next }
		tag { item = s \" \" \$0; body = \"\"; tag = 0; next }
		item != \"\" { body = body \" \" \$0 }
		END { flush() }
	" | sed "s/ *\$//" >items &&
	cut -d "|" -f 1 items | sort >got &&
	cut -d "|" -f 1 want | sort >want.keys &&
	test_cmp want.keys got &&
	while IFS="|" read -r key range kind; do
		body=$(grep -F "$key|" items) &&
		case $kind in
		decimal) echo "$body" | grep -q "decimal" ;;
		"count list") echo "$body" | grep -qF "$range each, increasing" ;;
		"count map") echo "$body" | grep -q "N items.*(N $range)" ;;
		"text list") echo "$body" | grep -q "separated by commas" ;;
		"one of "*) for w in $(echo "${kind#one of }" | tr -d ,); do
				echo "$body" | grep -qw "$w" || exit 1
			done ;;
		esac || { echo "$key: not said to be $kind"; exit 1; }
		test -z "$range" && continue
		echo "$body" | grep -qE "[ (]$range([^0-9]|\$)" ||
			{ echo "no range $range for $key"; exit 1; }
	done <want
'

# Wrong texts --help once gave: the run-directory stages said they wrote
# metrics/ and lists/ (dip-charts: areas/), and asked for a TABLES_DIR.
test_expect_success 'dip-areas and dip-charts --help say what they write' '
	dip-charts --help >out &&
	tr "\n" " " <out | grep -q "writes RUN_DIR/charts/ " &&
	! grep -qE "lists/|(^|[^_])RUN_DIR/areas/" out &&
	dip-areas --help >out &&
	! grep -q "lists/" out &&
	grep -q "RUN_DIR/areas/tracker.csv" out
'
test_expect_success 'dip-areas with two inputs asks for one INPUT_RUN_DIR' '
	test_must_fail dip-areas -o run a b 2>err &&
	grep -q "^dip-areas: give exactly one INPUT_RUN_DIR\$" err
'
test_done
