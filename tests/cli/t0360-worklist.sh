#!/bin/sh
# dip-worklist: the month's audit sample on a fixture worked by hand
# (fixtures/worklist/README.md), two nights of it, a worker review, the
# refusals, and the nightly and rerun running it.
. "$(dirname "$0")/lib.sh"

W=$FIXTURES/worklist
CONF=$W/worklist.conf
NIGHTLY=$DIP_ROOT/pipeline/nightly
RERUN=$DIP_ROOT/pipeline/rerun

# night DIR TABLES DATE [OPTION...]: the stages whose lists dip-worklist
# reads, then dip-worklist, as the nightly runs them.
night() {
	_d=$1 _t=$2 _a=$3
	shift 3
	mkdir -p "$_d/lists" &&
	cp "$W/lists/consent_closures.csv" "$_d/lists/" &&
	dip-overdue -c "$CONF" --as-of "$_a" -o "$_d" "$_t" &&
	dip-audits -c "$CONF" --as-of "$_a" -o "$_d" "$_t" &&
	dip-worklist -c "$CONF" --as-of "$_a" -o "$_d" "$_t" "$@"
}

# conf NAME 'KEY = VALUE'...: the fixture's config with keys replaced.
conf() {
	_c=$1
	shift
	cp "$CONF" "$_c"
	sed -i "s|^bank_holidays = .*|bank_holidays = $DIP_ROOT/config/bank-holidays.csv|" "$_c"
	for kv in "$@"; do
		sed -i "/^${kv%% =*} =/d" "$_c"
		printf '%s\n' "$kv" >>"$_c"
	done
}

test_expect_success 'night 1: the sample worked by hand' '
	night n1 "$W/tables" 2026-12-01 &&
	test_cmp "$W/expected/night1.csv" n1/lists/audit_sample.csv
'
# The children are looked up by (lea, id) in the order dip-ingest writes
# them, sorted only when a table is out of order: the same children in
# reverse give the same sample.
test_expect_success 'night 1: the children in reverse order, the same sample' '
	cp -r "$W/tables" reversed &&
	{ head -n 1 "$W/tables/children.csv" &&
	  sed 1d "$W/tables/children.csv" | tac; } >reversed/children.csv &&
	test_must_fail cmp -s "$W/tables/children.csv" reversed/children.csv &&
	night rev reversed 2026-12-01 &&
	test_cmp "$W/expected/night1.csv" rev/lists/audit_sample.csv
'
test_expect_success 'night 1: nothing to say in the notes' '
	printf "note,value,count\n" >want &&
	test_cmp want n1/metrics/worklist-notes.csv
'
test_expect_success 'the sample and its history are owner-only' '
	test "$(stat -c %a n1/lists/audit_sample.csv)" = 600 &&
	test "$(stat -c %a n1/worklist/history.csv)" = 600 &&
	test "$(stat -c %a n1/worklist/audit-sample.html)" = 600
'
test_expect_success 'the history holds the night, as_of first' '
	{ echo "as_of,$(head -n 1 "$W/expected/night1.csv")"
	  sed 1d "$W/expected/night1.csv" | sed "s/^/2026-12-01,/" | sort; } >want &&
	{ head -n 1 n1/worklist/history.csv; sed 1d n1/worklist/history.csv | sort; } >got &&
	test_cmp want got
'
if command -v openssl >/dev/null; then
	test_expect_success 'sample_key is the HMAC-SHA256 of lea, child and month' '
		sed 1d n1/lists/audit_sample.csv | cut -d, -f1,2,16 | while IFS=, read -r lea id key; do
			want=$(printf "%s\037%s\0372026-12" "$lea" "$id" |
				openssl dgst -sha256 -hmac fixture | sed "s/.*= //" | cut -c1-16)
			test "$key" = "$want" || { echo "$id: $key, not $want"; exit 1; }
		done
	'
fi

# Night 2: WLN04, chosen on night 1, closes on 2 December.
mkdir -p t2 && cp "$W"/tables/*.csv t2/ &&
sed -i "s/^999,WLN04,1,2025-02-04,1A,N1,,,/999,WLN04,1,2025-02-04,1A,N1,2026-12-02,RC1,/" t2/episodes.csv
test_expect_success 'night 2: the same children, the closed one replaced by the next in order' '
	mkdir -p n2 && cp -r n1/worklist n2/ &&
	night n2 t2 2026-12-02 &&
	test_cmp "$W/expected/night2.csv" n2/lists/audit_sample.csv
'
test_expect_success 'night 2: the notes say what was kept and which gap was filled' '
	test_cmp "$W/expected/night2-notes.csv" n2/metrics/worklist-notes.csv
'
test_expect_success 'night 2: the history keeps night 1 and adds night 2' '
	test $(grep -c "^2026-12-01," n2/worklist/history.csv) = 14 &&
	test $(grep -c "^2026-12-02," n2/worklist/history.csv) = 14 &&
	grep -q "^2026-12-01,999,WLN04," n2/worklist/history.csv &&
	! grep -q "^2026-12-02,999,WLN04," n2/worklist/history.csv
'
test_expect_success 'night 2 run again: the same sample, its own rows replaced' '
	cp n2/worklist/history.csv before &&
	dip-worklist -c "$CONF" --as-of 2026-12-02 -o n2 t2 &&
	test_cmp "$W/expected/night2.csv" n2/lists/audit_sample.csv &&
	test_cmp before n2/worklist/history.csv
'
test_expect_success 'without the history, night 2 draws afresh' '
	mkdir -p n2b && night n2b t2 2026-12-02 &&
	grep -q ",WLN01,.*,sample:CIN," n2b/lists/audit_sample.csv &&
	! grep -q ",WLN04," n2b/lists/audit_sample.csv &&
	printf "note,value,count\n" >want && test_cmp want n2b/metrics/worklist-notes.csv
'

test_expect_success 'eligibility: 4 weeks open is in, a day less out; audited 6 months ago less a day out, a day more in' '
	conf elig.conf "quotas = CIC: 10, CIN: 0, CP: 0" "dip_samples =" &&
	mkdir -p e &&
	dip-overdue -c elig.conf --as-of 2026-12-01 -o e "$W/tables" &&
	dip-audits -c elig.conf --as-of 2026-12-01 -o e "$W/tables" &&
	dip-worklist -c elig.conf --as-of 2026-12-01 -o e "$W/tables" &&
	grep ",sample:CIC," e/lists/audit_sample.csv | cut -d, -f2 | sort >got &&
	printf "WLC01\nWLC04\nWLC05\nWLC06\n" >want &&
	test_cmp want got &&
	grep -qx "quota_short,CIC: 4 of 10,1" e/metrics/worklist-notes.csv
'
test_expect_success 'quota_total shared in proportion to open cases, largest remainder' '
	conf prop.conf "quotas =" "quota_total = 6" "dip_samples =" &&
	mkdir -p p && dip-overdue -c prop.conf --as-of 2026-12-01 -o p "$W/tables" &&
	dip-audits -c prop.conf --as-of 2026-12-01 -o p "$W/tables" &&
	dip-worklist -c prop.conf --as-of 2026-12-01 -o p "$W/tables" &&
	grep -o ",sample:[A-Z]*," p/lists/audit_sample.csv | sort | uniq -c |
		awk "{ print \$2, \$1 }" >got &&
	printf ",sample:CIC, 1\n,sample:CIN, 3\n,sample:CP, 2\n" >want &&
	test_cmp want got &&
	grep ",sample:" p/lists/audit_sample.csv | cut -d, -f2 | sort >got &&
	printf "WLC05\nWLL2\nWLN03\nWLN04\nWLP3\nWLT2\n" >want &&
	test_cmp want got
'
test_expect_success 'quotas per team' '
	conf team.conf "quota_by = team" "quotas = Duty Team: 1" "dip_samples =" &&
	mkdir -p tm && dip-audits -c team.conf --as-of 2026-12-01 -o tm "$W/tables" &&
	dip-worklist -c team.conf --as-of 2026-12-01 -o tm "$W/tables" &&
	grep ",sample:" tm/lists/audit_sample.csv | cut -d, -f2,12 >got &&
	echo "WLL2,sample:Duty Team" >want &&
	test_cmp want got &&
	grep -q "^group_without_quota,CIN Team 1,1$" tm/metrics/worklist-notes.csv
'
test_expect_success 'a worker leaving: every open file allocated to them' '
	night w "$W/tables" 2026-12-01 --worker W09 &&
	grep "worker:W09" w/lists/audit_sample.csv | cut -d, -f2,12 >got &&
	printf "WLL1,worker:W09\nWLL2,worker:W09\nWLL3,worker:W09\n" >want &&
	test_cmp want got &&
	grep ",sample:CIN," w/lists/audit_sample.csv | cut -d, -f2 >got &&
	printf "WLN01\nWLN03\nWLN04\n" >want && test_cmp want got
'
test_expect_success 'a team under review from the config, and one with no open file noted' '
	conf rev.conf "review_teams = Duty Team, Gone Team" &&
	mkdir -p rv && night rv "$W/tables" 2026-12-01 &&
	dip-worklist -c rev.conf --as-of 2026-12-01 -o rv "$W/tables" &&
	grep -c "team:Duty Team" rv/lists/audit_sample.csv >got && echo 3 >want &&
	test_cmp want got &&
	grep -qx "review_team_without_open_files,Gone Team,1" rv/metrics/worklist-notes.csv
'
test_expect_success 'the printable page: a section per team, text escaped' '
	mkdir -p h && cp "$W"/tables/*.csv h/ &&
	sed -i "s/,CP Team 1,CP,/,CP <b>\\&x<\\/b>,CP,/" h/episodes.csv &&
	night hp h 2026-12-01 &&
	test $(grep -c "<section>" hp/worklist/audit-sample.html) = 4 &&
	grep -q "CP &lt;b&gt;&amp;x&lt;/b&gt;" hp/worklist/audit-sample.html &&
	! grep -q "<b>" hp/worklist/audit-sample.html
'

# The board pack: files per team and why, counts only (no Eclipse number
# leaves the run for the board's share).  Worked from night 1 by hand:
# CIC Team 1 WLC01, WLC05 sampled; CIN Team 1 WLK1 (theme), WLN03, WLN04;
# Duty Team WLL2; CP Team 1 WLR1, WLR2, WLR4, WLRI3 (re-audits), WLT1,
# WLT2 (theme), WLP2, WLP3.
if command -v pdftotext >/dev/null 2>&1; then
	test_expect_success 'the board pack has a page of the sample: files per team and why' '
		dip-charts --as-of 2026-12-01 -o n1 n1 &&
		test -s n1/charts/audit-sample.png &&
		pdftotext -layout n1/charts/board-pack.pdf pack.txt &&
		grep -q "Audit sample for Dec 2026: 14 files" pack.txt &&
		grep -q "moderation is due by 21 Dec 2026" pack.txt &&
		for want in "CIC CIC Team 1 2 0 0 0 2" "CIN CIN Team 1 3 0 0 1 2" \
			"CIN Duty Team 1 0 0 0 1" "CP CP Team 1 8 4 0 2 2"; do
			tr -s " " <pack.txt | sed "s/^ //" | grep -qx "$want" ||
				{ echo "no row: $want"; exit 1; }
		done &&
		! grep -q "WL[A-Z]*[0-9]" pack.txt
	'
fi

# Refusals: nothing already written is replaced.
cp -r n1 keep
test_expect_success 'bad --worker use is refused, usage exit 2' '
	for w in "" " " "$(printf "W0\n9")"; do
		rc=0 && dip-worklist -c "$CONF" --as-of 2026-12-01 -o n1 "$W/tables" \
			--worker "$w" 2>err || rc=$?
		test $rc = 2 || exit 1
	done &&
	grep -q "^dip-worklist: --worker .W0" err
'
test_expect_success 'a worker with no open file on the command line is refused' '
	test_must_fail dip-worklist -c "$CONF" --as-of 2026-12-01 -o n1 "$W/tables" \
		--worker NOBODY 2>err &&
	test $(wc -l <err) = 1 &&
	grep -qx "dip-worklist: no episode open on 2026-12-01 is allocated to worker .NOBODY." err
'
for kv in "quotas = CIC 3" "quotas = CIC: 3, CIC: 4" "quota_by = area" \
	"open_weeks = four" "recent_audit_months = 121" "start_day = 29" \
	"moderation_working_days = 0" "dip_samples = x: 0" "review_workers = a,,b"; do
	test_expect_success "a bad config value is refused at its line: $kv" "
		conf bad.conf '$kv' &&
		test_must_fail dip-worklist -c bad.conf --as-of 2026-12-01 -o n1 '$W/tables' 2>err &&
		grep -q '^dip-worklist: bad.conf:[0-9]*: .${kv%% =*}. in section .\[worklist\]' err
	"
done
test_expect_success 'a theme naming a list that is not one, or a column it lacks' '
	conf bad.conf "dip_samples = ../x: 2" &&
	test_must_fail dip-worklist -c bad.conf --as-of 2026-12-01 -o n1 "$W/tables" 2>err &&
	grep -q "not a list name" err &&
	conf bad.conf "dip_samples = consent_closures/no_such: 2" &&
	test_must_fail dip-worklist -c bad.conf --as-of 2026-12-01 -o n1 "$W/tables" 2>err &&
	grep -q "names column .no_such., which .*consent_closures.csv does not have" err
'
test_expect_success 'a damaged dip-sample list is refused at its file, exit 1' '
	printf "lea,id\n999,WLK1\n" >n1/lists/consent_closures.csv &&
	rc=0 && dip-worklist -c "$CONF" --as-of 2026-12-01 -o n1 "$W/tables" 2>err || rc=$? &&
	test $rc = 1 && grep -q "consent_closures.csv:1: missing column .la_child_id." err &&
	printf "lea,la_child_id,without_sm_agreement\n999,\"WLK1\n" >n1/lists/consent_closures.csv &&
	rc=0 && dip-worklist -c "$CONF" --as-of 2026-12-01 -o n1 "$W/tables" 2>err || rc=$? &&
	test $rc = 1 && grep -q "consent_closures.csv:2: malformed csv" err &&
	rm n1/lists/consent_closures.csv &&
	rc=0 && dip-worklist -c "$CONF" --as-of 2026-12-01 -o n1 "$W/tables" 2>err || rc=$? &&
	test $rc = 3 && grep -q "consent_closures.csv: cannot open" err &&
	cp "$W/lists/consent_closures.csv" n1/lists/
'
test_expect_success 'a damaged history is refused at its line with the remedy' '
	printf "as_of,month\n2026-11-30,\"x\n" >n1/worklist/history.csv &&
	rc=0 && dip-worklist -c "$CONF" --as-of 2026-12-01 -o n1 "$W/tables" 2>err || rc=$? &&
	test $rc = 1 &&
	grep -q "history.csv:2: malformed csv: .*; move the file aside to start a new history" err &&
	printf "month,lea\n2026-12,999\n" >n1/worklist/history.csv &&
	test_must_fail dip-worklist -c "$CONF" --as-of 2026-12-01 -o n1 "$W/tables" 2>err &&
	grep -q "history.csv:1: no .as_of. column" err &&
	head -n 2 keep/worklist/history.csv | sed "2s/^2026-12-01/2026-13-01/" >n1/worklist/history.csv &&
	test_must_fail dip-worklist -c "$CONF" --as-of 2026-12-01 -o n1 "$W/tables" 2>err &&
	grep -q "history.csv:2: invalid as_of date .2026-13-01." err
'
test_expect_success 'a damaged table: the episodes lose their worker column' '
	mkdir -p dt && cp "$W"/tables/*.csv dt/ &&
	sed -i "1s/,worker,/,allocated,/" dt/episodes.csv &&
	rc=0 && dip-worklist -c "$CONF" --as-of 2026-12-01 -o n1 dt 2>err || rc=$? &&
	test $rc = 1 && grep -q "episodes.csv:1: .*worker" err
'
test_expect_success 'after every refusal the published sample is the one before' '
	test_cmp keep/lists/audit_sample.csv n1/lists/audit_sample.csv &&
	test_cmp keep/worklist/audit-sample.html n1/worklist/audit-sample.html
'

# The nightly runs it after dip-audits, carrying the history; rerun runs it.
mkdir -p ex && dip-synth -n 120 -s 3 --as-of 2026-11-01 -o ex >/dev/null
test_expect_success 'the nightly runs dip-worklist after dip-audits' '
	"$NIGHTLY" --as-of 2026-11-02 -o out ex &&
	grep " start dip-" out/latest/log | awk "{ print \$3 }" | tr "\n" " " >got &&
	printf "dip-ingest dip-overdue dip-repeat-cp dip-consent dip-timeliness dip-audits dip-worklist dip-areas dip-charts " >want &&
	test_cmp want got &&
	test -s out/latest/lists/audit_sample.csv &&
	test -s out/latest/worklist/audit-sample.html
'
test_expect_success 'the next night keeps the month'"'"'s sample, from the carried history' '
	sed 1d out/latest/lists/audit_sample.csv | cut -d, -f2 >first &&
	sleep 1 && "$NIGHTLY" --as-of 2026-11-03 -o out ex &&
	sed 1d out/latest/lists/audit_sample.csv | cut -d, -f2 >second &&
	test_cmp first second &&
	grep -q "^kept_from_earlier_night,2026-11-02,$(wc -l <first)$" out/latest/metrics/worklist-notes.csv &&
	test $(grep -c "^2026-11-02," out/latest/worklist/history.csv) = $(wc -l <first)
'
test_expect_success 'pipeline/rerun worklist: the same sample, logged' '
	cp out/latest/lists/audit_sample.csv before &&
	"$RERUN" worklist out/latest &&
	test_cmp before out/latest/lists/audit_sample.csv &&
	tail -n 1 out/latest/log | grep -q " rerun worklist status 0$"
'
test_expect_success 'a poisoned sample history in latest: the nightly names latest'"'"'s file' '
	good=$(readlink -f out/latest/worklist/history.csv) &&
	printf "as_of,month\n2026-11-01,\"x\n" >"$good" &&
	rc=0 && { sleep 1 && "$NIGHTLY" --as-of 2026-11-04 -o out ex 2>err || rc=$?; } &&
	test $rc = 1 && test $(wc -l <err) = 1 &&
	grep -q "^dipsample nightly: dip-worklist failed (status 1): dip-worklist: $good:2: malformed csv: .*; move the file aside to start a new history; log: " err
'
test_done
