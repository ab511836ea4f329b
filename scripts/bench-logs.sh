#!/usr/bin/env bash
# bench-logs.sh: authdoctor's access-log reader next to mawk and GoAccess
# on the same generated log (issue 11, "Fast"; docs/performance.md,
# "access logs", has the results and how to read them).
#
#   scripts/bench-logs.sh [DIR]        # default /tmp/authdoctor-bench-logs
#
# Environment: RUNS (timed runs per tool, default 3), LINES (default
# 2000000), SKIP_GOACCESS=1 (GoAccess takes minutes on a busy machine).
# Needs go, mawk and goaccess (apt-get install -y mawk goaccess; not in
# CI, they are for this comparison only), GNU time (/usr/bin/time), jq
# when authdoctor has its logs command.
#
# What it does, in order:
#  1. writes loggen's log with `go run ./internal/loggen/cmd/loggen`: the
#     log of monitor/accesslog's BenchmarkRead (2,000,000 vhost_combined
#     lines, 4 hosts in 3 environments, ids, UUIDs, vendor ids and query
#     strings with keys in the paths, a day's curve, a 40-minute incident)
#     and loggen's own reference counts per environment and route
#     (access.log.truth.tsv, counted from what it wrote, not by parsing);
#  2. checks that the counts equal that reference exactly, three ways:
#     the awk script (scripts/testdata/benchlogs/routes.awk),
#     accesslog.Read on the file (TestReadLogFile in monitor/accesslog),
#     and `authdoctor logs FILE -o json` when the binary has the command;
#     it stops at the first difference;
#  3. reads the file once to warm the page cache, then times RUNS runs of
#     each tool with /usr/bin/time (wall, user and system CPU, peak RSS),
#     noting the load average before each run: the machine is shared;
#  4. runs `go test -bench 'Read$'` (the same log from memory) -count RUNS;
#  5. prints a Markdown table: seconds and lines/s by wall clock, and
#     lines per CPU-second, which moves far less with the load.
#
# Nothing leaves the machine; nothing is started in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dir=${1:-/tmp/authdoctor-bench-logs}
runs=${RUNS:-3}
lines=${LINES:-2000000}
mkdir -p "$dir"
log=$dir/access.log
results=$dir/results.tsv
awkprog=$root/scripts/testdata/benchlogs/routes.awk
export LC_ALL=C

need() { command -v "$1" >/dev/null || { echo "bench-logs: $1 is not installed (apt-get install -y $2)" >&2; exit 2; }; }
need mawk mawk
[ "${SKIP_GOACCESS:-}" = 1 ] || need goaccess goaccess
[ -x /usr/bin/time ] || { echo "bench-logs: GNU time (/usr/bin/time) is missing (apt-get install -y time)" >&2; exit 2; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "== tools: $(mawk -W version 2>&1 | head -1)${SKIP_GOACCESS:+, GoAccess skipped}$([ "${SKIP_GOACCESS:-}" = 1 ] || echo ", $(goaccess --version | head -1)")"

echo "== 1. the log: $lines lines"
go run ./internal/loggen/cmd/loggen -o "$log" -lines "$lines"
ls -l "$log"
truth=$dir/truth.tsv
sort "$log.truth.tsv" > "$truth"

echo "== building"
go test -c -o "$dir/accesslog.test" ./monitor/accesslog
go build -o "$dir/authdoctor" ./cmd/authdoctor
have_logs=0
if "$dir/authdoctor" logs --help >/dev/null 2>&1; then
	have_logs=1
fi

echo "== 2. counts against loggen's reference ($(wc -l < "$truth") environment/route pairs)"
mawk -f "$awkprog" "$log" | sort > "$dir/mawk.tsv"
diff "$truth" "$dir/mawk.tsv" && echo "mawk: equal"
AUTHDOCTOR_ACCESS_LOG=$log AUTHDOCTOR_ACCESS_LOG_TSV=$dir/read.tsv "$dir/accesslog.test" -test.run '^TestReadLogFile$' -test.count 1 >/dev/null
sort "$dir/read.tsv" | diff "$truth" - && echo "accesslog.Read: equal"
if [ $have_logs = 1 ]; then
	"$dir/authdoctor" logs "$log" -o json > "$dir/logs.json"
	jq -r '.routes[] | [.environment, .route, .requests, .unauthorized, .forbidden] | @tsv' "$dir/logs.json" \
		| awk -F'\t' -v OFS='\t' '{k = $1 "\t" $2; r[k] += $3; u[k] += $4; f[k] += $5} END {for (k in r) print k, r[k], u[k], f[k]}' \
		| sort | diff "$truth" - && echo "authdoctor logs -o json: equal"
else
	echo "authdoctor logs: not in this binary yet; timing accesslog.Read through TestReadLogFile instead"
fi

echo "== 3. timing, $runs runs each, warm page cache"
cat "$log" > /dev/null
printf 'tool\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\tload1\n' > "$results"
timed() { # timed NAME RUN COMMAND...
	local name=$1 run=$2
	shift 2
	local load
	load=$(cut -d' ' -f1 /proc/loadavg)
	/usr/bin/time -o "$dir/time.out" -f '%e\t%U\t%S\t%M' "$@" > /dev/null 2> "$dir/stderr.out" \
		|| { echo "bench-logs: $name failed:" >&2; cat "$dir/stderr.out" >&2; exit 1; }
	printf '%s\t%s\t%s\t%s\n' "$name" "$run" "$(tail -1 "$dir/time.out")" "$load" | tee -a "$results"
}
for run in $(seq "$runs"); do
	if [ $have_logs = 1 ]; then
		timed "authdoctor logs -o json" "$run" "$dir/authdoctor" logs "$log" -o json
	fi
	timed "accesslog.Read (TestReadLogFile)" "$run" env AUTHDOCTOR_ACCESS_LOG="$log" AUTHDOCTOR_ACCESS_LOG_TSV=/dev/null \
		"$dir/accesslog.test" -test.run '^TestReadLogFile$' -test.count 1
	timed "mawk routes.awk" "$run" mawk -f "$awkprog" "$log"
	if [ "${SKIP_GOACCESS:-}" != 1 ]; then
		timed "goaccess VCOMBINED" "$run" goaccess "$log" --log-format=VCOMBINED --no-global-config --no-progress -o "$dir/goaccess.json"
	fi
done

echo "== 4. go test -bench 'Read\$' (from memory), -count $runs; load $(cut -d' ' -f1-3 /proc/loadavg)"
"$dir/accesslog.test" -test.run '^$' -test.bench '^BenchmarkRead$' -test.benchtime 1x -test.count "$runs" | tee "$dir/bench.out" | grep Benchmark || true

echo "== 5. summary ($lines lines; min - max of $runs runs)"
echo '| Tool | wall s | lines/s (wall) | CPU s (user+sys) | lines per CPU-second | peak RSS MB | load average (1 min) at start |'
echo '|---|---:|---:|---:|---:|---:|---:|'
awk -F'\t' -v n="$lines" '
NR > 1 {
	t = $1; w = $3; c = $4 + $5
	if (!(t in minw)) { order[++k] = t; minw[t] = maxw[t] = w; minc[t] = maxc[t] = c; rss[t] = $6; minl[t] = maxl[t] = $7 }
	if (w < minw[t]) minw[t] = w; if (w > maxw[t]) maxw[t] = w
	if (c < minc[t]) minc[t] = c; if (c > maxc[t]) maxc[t] = c
	if ($6 > rss[t]) rss[t] = $6
	if ($7 < minl[t]) minl[t] = $7; if ($7 > maxl[t]) maxl[t] = $7
}
END {
	for (i = 1; i <= k; i++) {
		t = order[i]
		printf "| %s | %.2f - %.2f | %.2f M - %.2f M | %.2f - %.2f | %.2f M - %.2f M | %d | %s - %s |\n", t, minw[t], maxw[t], n / maxw[t] / 1e6, n / minw[t] / 1e6, minc[t], maxc[t], n / maxc[t] / 1e6, n / minc[t] / 1e6, rss[t] / 1024, minl[t], maxl[t]
	}
}' "$results"
awk '/^BenchmarkRead/ { for (i = 1; i <= NF; i++) if ($(i+1) == "lines/s") printf "BenchmarkRead: %.2f M lines/s (%s ns/op)\n", $i / 1e6, $3 }' "$dir/bench.out"
