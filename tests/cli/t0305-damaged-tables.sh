#!/bin/sh
# Damaged tables are refused with their file and line, never read
# silently: a column named twice, a NUL byte, invalid UTF-8, a header
# name with a space, an overlong line.  A row pasted twice is counted
# once and said in the notes.  Each case damages one file of the
# hand-worked overdue fixture (fixtures/overdue/README.md).
. "$(dirname "$0")/lib.sh"

F=$FIXTURES/overdue/tables
AS_OF="--as-of 2026-11-20"

test_expect_success 'the undamaged fixture runs' '
	dip-overdue $AS_OF -o run "$F" &&
	(cd run && find . -type f | sort | xargs sha256sum) >before.sum
'
unchanged='(cd run && sha256sum -c --quiet ../before.sum)'

# damaged NAME FILE SED-EXPR-or-COMMAND WANT-MESSAGE
damaged() {
	rm -rf "$1" && cp -r "$F" "$1" &&
	eval "$3" &&
	test_must_fail dip-overdue $AS_OF -o run "$1" 2>err &&
	printf '%s\n' "dip-overdue: $1/$2:$4" >want &&
	test_cmp want err &&
	eval "$unchanged"
}

test_expect_success 'a column named twice in the header' '
	damaged d1 episodes.csv "sed -i \"1s/,worker,/,team,/\" d1/episodes.csv" \
		"1: column '"'"'team'"'"' appears twice in the header (columns 11 and 13)"
'
# (libcsv trims blanks around unquoted fields itself; quoted, they stay.)
test_expect_success 'a header name with a space before it' '
	damaged d2 episodes.csv "sed -i \"1s/,team,/,\\\" team\\\",/\" d2/episodes.csv" \
		"1: column name '"'"' team'"'"' has white space around it"
'
test_expect_success 'a date followed by a NUL and garbage' '
	damaged d3 episodes.csv \
		"sed -i \"2s/2026-09-16,/\\\"2026-09-16\\x00garbage\\\",/\" d3/episodes.csv" \
		"2: NUL byte in field 4"
'
test_expect_success 'a NUL byte in a quoted team name' '
	damaged d4 episodes.csv \
		"sed -i \"3s/Team A/\\\"Team\\x00A\\\"/\" d4/episodes.csv" \
		"3: NUL byte in field 11"
'
test_expect_success 'invalid UTF-8 (a Latin-1 byte) in a team name' '
	damaged d5 episodes.csv "sed -i \"2s/Team A/Team \\xe9/\" d5/episodes.csv" \
		"2: invalid UTF-8 in field 11"
'
test_expect_success 'invalid UTF-8: an encoded surrogate' '
	damaged d6 episodes.csv "sed -i \"2s/Team A/Team \\xed\\xa0\\x80/\" d6/episodes.csv" \
		"2: invalid UTF-8 in field 11"
'
test_expect_success 'valid UTF-8 beyond ASCII still reads' '
	rm -rf ok && cp -r "$F" ok &&
	sed -i "2s/Team A/Équipe ☃ 𝔸/" ok/episodes.csv &&
	dip-overdue $AS_OF -o ok-run ok &&
	grep -q "Équipe ☃ 𝔸" ok-run/metrics/overdue.csv
'
test_expect_success 'a line longer than max_line_bytes (2 MiB of one field)' '
	damaged d7 episodes.csv \
		"{ head -n 2 \"$F/episodes.csv\"; head -c 2097152 /dev/zero | tr \"\\\\0\" a; echo; } >d7/episodes.csv" \
		"3: line longer than 1048576 bytes"
'
test_expect_success 'a number column holding "1x" (atoi read it as 1)' '
	damaged d8 assessments.csv "sed -i \"2s/^999,OV01,1,1,/999,OV01,1,1x,/\" d8/assessments.csv" \
		"2: '"'"'1x'"'"' in column '"'"'assessment_no'"'"' is not a whole number"
'
test_expect_code 1 'damage is bad data: exit 1' 'dip-overdue $AS_OF -o run d7'

# The duplicate row: OV03's assessment (line 4) pasted again at the end.
# Counted twice, its open-and-overdue assessment would add one to every
# assessments_open_overdue numerator and denominator it is in.
test_expect_success 'a row pasted twice is counted once, and the notes say so' '
	rm -rf dup && cp -r "$F" dup &&
	sed -n 4p "$F/assessments.csv" >>dup/assessments.csv &&
	dip-overdue $AS_OF -o dup-run dup &&
	test_cmp run/metrics/overdue.csv dup-run/metrics/overdue.csv &&
	last=$(wc -l <dup/assessments.csv) &&
	grep -x "duplicate_row_ignored,assessments.csv:$last (same as line 4),1" \
		dup-run/metrics/overdue-notes.csv
'
test_done
