#!/usr/bin/env bash
# bench-watch-vs-blackbox.sh — what a probe costs in authdoctor watch and
# in Prometheus' blackbox_exporter, side by side, against the same
# loopback target (issue 10 §3; results in docs/performance.md, "watch").
#
# Usage:  scripts/bench-watch-vs-blackbox.sh            (from the repository root)
#         DURATION=30 RATE=500 TARGETS=250 scripts/bench-watch-vs-blackbox.sh
#
# Needs: go, curl, and /usr/bin/prometheus-blackbox-exporter (Debian package
# prometheus-blackbox-exporter; apt-get install -y prometheus-blackbox-exporter).
# Only loopback (127.0.0.1) is used; every process it starts is stopped on exit.
#
# What it does:
#   1. builds authdoctor (./cmd/authdoctor) and benchwatch
#      (./scripts/testdata/benchwatch: the target API and the load generator);
#   2. starts the target: 401 + "WWW-Authenticate: Bearer" without a token,
#      401 invalid_token for an unknown one, 200 for the good one; it counts
#      the requests it answers (/-/hits);
#   3. for each scenario starts the prober afresh (so its peak RSS is the
#      scenario's), drives it for DURATION seconds and reads its CPU time
#      (utime+stime of /proc/PID/stat) before and after, its peak RSS
#      (VmHWM of /proc/PID/status) and the target's request count:
#        blackbox /probe   blackbox_exporter, module http with
#                          valid_status_codes [200] and the unknown token:
#                          one GET per probe, answers probe_success 0
#        watch /probe      authdoctor watch --no-history, GET
#                          /probe?request=orders&environment=bad: one full
#                          check per probe (the request without the
#                          credential, then as given), answers
#                          authdoctor_probe_success 0 with cause token_rejected
#      each at RATE probes per second (fixed rate, 16 connections; a probe
#      whose moment comes while all 16 are busy is "missed") and then as
#      fast as 4 connections allow (max);
#        watch schedule    authdoctor watch owning the schedule: TARGETS
#                          requests in 2 environments (good and bad token)
#                          every 1s, --concurrency 8, history on (the
#                          default, a SQLite file in the temporary
#                          directory) and then off; the rate is what it
#                          completed (authdoctor_checks_total), measured
#                          after a 5 s warm-up;
#   4. prints one line per scenario and a Markdown table: probes/min
#      completed, requests per probe (target hits / probes), CPU per probe,
#      CPU per request, peak RSS, and the load average before the run.
#
# The load generator and the target share the 2 cores with the prober, as
# they would with blackbox_exporter: the CPU columns are the prober's
# process alone. Run it on a quiet machine; note `uptime`.
set -euo pipefail

DURATION=${DURATION:-20}
RATE=${RATE:-500}
TARGETS=${TARGETS:-250}
BLACKBOX=${BLACKBOX:-/usr/bin/prometheus-blackbox-exporter}
TICK=$(getconf CLK_TCK)

[[ -x $BLACKBOX ]] || { echo "no $BLACKBOX: apt-get install -y prometheus-blackbox-exporter" >&2; exit 2; }
[[ -f go.mod && -d cmd/authdoctor ]] || { echo "run it from the repository root" >&2; exit 2; }

TMP=$(mktemp -d)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT

echo "building …" >&2
go build -o "$TMP/authdoctor" ./cmd/authdoctor
go build -o "$TMP/benchwatch" ./scripts/testdata/benchwatch

"$TMP/benchwatch" target -addr-file "$TMP/target.url" >/dev/null &
PIDS+=($!)
for _ in $(seq 100); do [[ -s $TMP/target.url ]] && break; sleep 0.05; done
TARGET=$(cat "$TMP/target.url")
hits() { curl -fsS "$TARGET/-/hits"; }

# cpu PID: CPU seconds used so far (user + system).
cpu() { awk -v t="$TICK" '{ sub(/^.*\) /, ""); printf "%.3f\n", ($12 + $13) / t }' "/proc/$1/stat"; }
# hwm PID: peak resident set in MiB.
hwm() { awk '/^VmHWM:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status"; }
# waitup URL: until it answers 200.
waitup() { for _ in $(seq 200); do curl -fsS -o /dev/null "$1" 2>/dev/null && return; sleep 0.05; done; echo "$1 never came up" >&2; exit 1; }
stop() { kill "$1"; wait "$1" 2>/dev/null || true; }

ROWS=()
# row NAME PID PROBES HITS CPU LOAD EXTRA: one result line and table row.
row() {
	local name=$1 pid=$2 probes=$3 hits=$4 cpus=$5 load=$6 extra=$7 rss
	rss=$(hwm "$pid")
	local line
	line=$(awk -v n="$name" -v p="$probes" -v h="$hits" -v c="$cpus" -v d="$DURATION" -v r="$rss" -v l="$load" -v x="$extra" 'BEGIN {
		printf "| %s | %.0f | %.2f | %.3f ms | %.3f ms | %.1f MiB | %s | %s |", n, p / d * 60, h / p, c / p * 1000, c / h * 1000, r, l, x }')
	echo "$line"
	ROWS+=("$line")
}

# measure_load NAME PID URL EXPECT RATE WORKERS: drive PID's /probe at URL
# with the load generator (RATE 0: closed loop on WORKERS connections).
measure_load() {
	local name=$1 pid=$2 url=$3 expect=$4 rate=$5 workers=$6
	local load h0 c0 out h1 c1 ok
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	h0=$(hits); c0=$(cpu "$pid")
	out=$("$TMP/benchwatch" load -url "$url" -expect "$expect" -rate "$rate" -workers "$workers" -duration "${DURATION}s")
	c1=$(cpu "$pid"); h1=$(hits)
	echo "# $name: $out" >&2
	ok=$(sed -E 's/.*ok=([0-9]+).*/\1/' <<<"$out")
	local extra
	extra=$(sed -E 's/.*failed=([0-9]+) missed=([0-9]+).*p50=([^ ]+) p99=([^ ]+).*/failed \1, missed \2, p50 \3, p99 \4/' <<<"$out")
	row "$name" "$pid" "$ok" "$((h1 - h0))" "$(awk -v a="$c0" -v b="$c1" 'BEGIN { print b - a }')" "$load" "$extra"
}

# --- blackbox_exporter ---------------------------------------------------
cat >"$TMP/blackbox.yml" <<EOF
modules:
  bearer:
    prober: http
    timeout: 5s
    http:
      method: GET
      valid_status_codes: [200]
      preferred_ip_protocol: ip4
      ip_protocol_fallback: false
      headers:
        Authorization: Bearer bench-bad-9e8d7c6b5a41
EOF
start_blackbox() {
	BB_PORT=$("$TMP/benchwatch" port)
	"$BLACKBOX" --config.file="$TMP/blackbox.yml" --web.listen-address="127.0.0.1:$BB_PORT" --log.level=warn 2>"$TMP/blackbox.log" &
	BB_PID=$!
	PIDS+=("$BB_PID")
	waitup "http://127.0.0.1:$BB_PORT/-/healthy"
	BB_URL="http://127.0.0.1:$BB_PORT/probe?module=bearer&target=$TARGET/api/orders"
}
for mode in rate max; do
	start_blackbox
	if [[ $mode == rate ]]; then
		measure_load "blackbox_exporter /probe, $RATE/s" "$BB_PID" "$BB_URL" "probe_success 0" "$RATE" 16
	else
		measure_load "blackbox_exporter /probe, max (4 conns)" "$BB_PID" "$BB_URL" "probe_success 0" 0 4
	fi
	stop "$BB_PID"
done

# --- authdoctor watch: /probe ---------------------------------------------
cat >"$TMP/probe.yaml" <<EOF
environments:
  good:
    base_url: $TARGET
    headers:
      Authorization: Bearer \$GOOD_TOKEN
  bad:
    base_url: $TARGET
    headers:
      Authorization: Bearer \$BAD_TOKEN
requests:
  orders:
    path: /api/orders
EOF
export GOOD_TOKEN=bench-good-5f0c1d2e3a4b BAD_TOKEN=bench-bad-9e8d7c6b5a41
start_watch() { # PROFILE EXTRA-FLAGS…
	local prof=$1
	shift
	W_PORT=$("$TMP/benchwatch" port)
	"$TMP/authdoctor" watch --config "$prof" --listen "127.0.0.1:$W_PORT" --store "$TMP/history.db" "$@" 2>"$TMP/watch.log" &
	W_PID=$!
	PIDS+=("$W_PID")
	waitup "http://127.0.0.1:$W_PORT/-/healthy"
}
for mode in rate max; do
	# --every 24h --jitter 0: each target runs once at the start, then only /probe.
	start_watch "$TMP/probe.yaml" --no-history --every 24h --jitter 0 --log-format json
	waitup "http://127.0.0.1:$W_PORT/-/ready"
	W_URL="http://127.0.0.1:$W_PORT/probe?request=orders&environment=bad"
	if [[ $mode == rate ]]; then
		measure_load "authdoctor watch /probe, $RATE/s" "$W_PID" "$W_URL" "authdoctor_probe_success 0" "$RATE" 16
	else
		measure_load "authdoctor watch /probe, max (4 conns)" "$W_PID" "$W_URL" "authdoctor_probe_success 0" 0 4
	fi
	stop "$W_PID"
done

# --- authdoctor watch: its own schedule -----------------------------------
{
	sed -n '1,/^requests:/p' "$TMP/probe.yaml"
	for i in $(seq "$TARGETS"); do printf '  r%d:\n    path: /api/orders/%d\n' "$i" "$i"; done
} >"$TMP/schedule.yaml"
checks() { curl -fsS "http://127.0.0.1:$W_PORT/metrics" | awk '/^authdoctor_checks_total/ { s += $NF } END { printf "%d\n", s }'; }
for hist in on off; do
	flags=(--every 1s --concurrency 8 --log-format json)
	[[ $hist == off ]] && flags+=(--no-history)
	start_watch "$TMP/schedule.yaml" "${flags[@]}"
	sleep 5 # warm-up: the first turns are spread over the first second by the jitter
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	k0=$(checks); h0=$(hits); c0=$(cpu "$W_PID")
	sleep "$DURATION"
	k1=$(checks); h1=$(hits); c1=$(cpu "$W_PID")
	echo "# watch schedule, history $hist: checks $((k1 - k0)) hits $((h1 - h0))" >&2
	row "authdoctor watch schedule, $((TARGETS * 2)) targets every 1s, history $hist" "$W_PID" "$((k1 - k0))" "$((h1 - h0))" \
		"$(awk -v a="$c0" -v b="$c1" 'BEGIN { print b - a }')" "$load" "scheduled $((TARGETS * 2 * 60))/min"
	stop "$W_PID"
done

echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(go version | cut -d' ' -f3), $("$BLACKBOX" --version 2>&1 | head -1), DURATION=${DURATION}s"
echo "| prober | probes/min | requests/probe | CPU/probe | CPU/request | max RSS | load avg (1, 5, 15 min) | notes |"
echo "|---|---:|---:|---:|---:|---:|---|---|"
printf '%s\n' "${ROWS[@]}"
