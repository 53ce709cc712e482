# shellcheck shell=sh
# shellcheck disable=SC2154  # NAME_s and NAME_kb are set by measure() through eval
# tests/bench/lib.sh - what the benchmark scripts share.  Set data (a
# scratch directory) and runs (how many times each command runs) first.

# Median of numbers on stdin.
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Median, min and max of numbers on stdin: "MEDIAN MIN MAX".
spread() {
	sort -n | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		print m, v[1], v[NR] }'
}

# run_once NAME CMD...: run CMD once on a clean $data/out, appending its
# wall seconds (from the clock, to the microsecond: GNU time's %e has
# only 10 ms) to $data/t.NAME and its peak RSS in KB (GNU time %M) to
# $data/m.NAME.  A failing command stops the benchmark with its message.
run_once() {
	name=$1; shift
	rm -rf "$data/out"
	t0=$(date +%s%N)
	/usr/bin/time -f "%M" -o "$data/time" "$@" >/dev/null 2>"$data/err" || {
		cat "$data/err" >&2; exit 1; }
	t1=$(date +%s%N)
	awk -v d=$(((t1 - t0) / 1000)) 'BEGIN { printf "%.6f\n", d / 1e6 }' >>"$data/t.$name"
	tail -n 1 "$data/time" >>"$data/m.$name"
}

# forget NAME...: start NAME's samples afresh.
forget() {
	for name; do : >"$data/t.$name"; : >"$data/m.$name"; done
}

# ratios A B: the per-round ratios of A's times to B's (round i of A
# against round i of B, taken seconds apart), one a line.
ratios() {
	paste "$data/t.$1" "$data/t.$2" | awk '{ printf "%.6f\n", $1 / $2 }'
}

# measure NAME CMD...: runs CMD $runs times; sets NAME_s (median seconds)
# and NAME_kb (median RSS).
measure() {
	name=$1; shift
	forget "$name"
	i=0
	while [ $i -lt "$runs" ]; do
		run_once "$name" "$@"
		i=$((i + 1))
	done
	eval "${name}_s=\$(median <\"\$data/t.\$name\")"
	eval "${name}_kb=\$(median <\"\$data/m.\$name\")"
}

# The machine and the software measured, and how busy the machine is:
# a loaded machine widens every ratio's range.
machine_facts() {
	model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
	mem=$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)
	echo "machine: $(uname -m), $(nproc) CPUs (${model:-model unknown}), $mem, Linux $(uname -r)"
	echo "libraries: libxml2 $(pkg-config --modversion libxml-2.0), zlib $(pkg-config --modversion zlib)," \
		"nettle $(pkg-config --modversion nettle); $(gcc --version | head -n 1)"
	echo "xmllint: $(xmllint --version 2>&1 | head -n 1)"
}

# "1.23 1.10 0.98": the load averages over 1, 5 and 15 minutes.
load_average() {
	cut -d' ' -f1-3 /proc/loadavg
}
