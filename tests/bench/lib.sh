# shellcheck shell=sh
# shellcheck disable=SC2154  # NAME_s and NAME_kb are set by measure() through eval
# tests/bench/lib.sh - what the benchmark scripts share.  Set data (a
# scratch directory) and runs (how many times each command runs) first.

# Median of numbers on stdin.
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# measure NAME CMD...: sets NAME_s (median seconds) and NAME_kb (median RSS).
measure() {
	name=$1; shift
	: >"$data/t.$name"; : >"$data/m.$name"
	i=0
	while [ $i -lt "$runs" ]; do
		rm -rf "$data/out"
		/usr/bin/time -f "%e %M" -o "$data/time" "$@" >/dev/null 2>"$data/err" || {
			cat "$data/err" >&2; exit 1; }
		# %e has 10 ms resolution; take the wall time from the clock too.
		cut -d' ' -f2 "$data/time" >>"$data/m.$name"
		i=$((i + 1))
	done
	i=0
	while [ $i -lt "$runs" ]; do
		rm -rf "$data/out"
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000)) | awk '{ printf "%.3f\n", $1 / 1e6 }' >>"$data/t.$name"
		i=$((i + 1))
	done
	eval "${name}_s=\$(median <\"\$data/t.\$name\")"
	eval "${name}_kb=\$(median <\"\$data/m.\$name\")"
}
