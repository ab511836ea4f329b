#!/usr/bin/env bash
# bench-scan.sh: `authdoctor scan` next to gitleaks, trufflehog and
# ripgrep on the same generated application log (issue 12, "Fast and
# accurate"; docs/performance.md, "Leaked-credential scan", has the
# results and how to read them).
#
#   scripts/bench-scan.sh [DIR]        # default /tmp/authdoctor-bench-scan
#
# Environment: RUNS (timed runs of each fast tool, default 3),
# GITLEAKS_RUNS (default 1: gitleaks takes minutes), BYTES (default
# 212000000) and LEAKS (default 2139): issue 12's reference corpus,
# GITLEAKS_VERSION (default v8.30.1), TRUFFLEHOG_VERSION (default
# v3.90.0), CACHE (where the competitors are installed, default
# ~/.cache/authdoctor-bench-scan; never in the repository), SKIP=LIST
# (comma-separated tools not to run: gitleaks,trufflehog,ripgrep).
# Needs go, jq, GNU time (/usr/bin/time); installs ripgrep with apt-get
# when it is missing.
#
# What it does, in order:
#  1. builds leakgen and authdoctor from this tree, and writes the corpus
#     with internal/leakgen/cmd/leakgen: service (slog text and JSON), HTTP
#     client debug and proxy JSON lines with LEAKS planted credentials of
#     17 kinds and decoys of 19 kinds on one line in twenty, and its
#     ground truth (app.log.truth.tsv: line, leak|decoy, kind; no value);
#  2. installs the competitors into CACHE if they are not there: gitleaks
#     with go install; trufflehog, whose module the proxy serves but whose
#     version list it refuses (so go install fails), by go mod download
#     and go build of that version; ripgrep from Debian. A tool that will
#     not install is reported and skipped;
#  3. reads the log once to warm the page cache, then times each tool
#     with /usr/bin/time (wall, user and system CPU, peak RSS) and notes
#     the load average: the machine may be shared;
#  4. scores each tool's first report against the truth per line: a line
#     is flagged when the tool reports something on it (trufflehog's line
#     numbers are not the file's: its lines are found again by the values
#     it reports, see lines() below; for authdoctor,
#     something not of severity info: publishable keys are reported as
#     info, public by design); precision is the flagged lines that hold a
#     credential over all flagged lines, recall the lines with a
#     credential that are flagged over all of them. A PEM key counts on
#     its BEGIN line. Per kind, what each tool missed and which decoys it
#     flagged go to DIR/TOOL.kinds.tsv;
#  5. prints a Markdown table to paste into docs/performance.md.
#
# No planted value is printed: the reports stay in DIR and only line
# numbers are taken from them. Nothing leaves the machine but the module
# and package downloads; nothing is started in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/authdoctor-bench-scan}
runs=${RUNS:-3}
gl_runs=${GITLEAKS_RUNS:-1}
bytes=${BYTES:-212000000}
leaks=${LEAKS:-2139}
gl_version=${GITLEAKS_VERSION:-v8.30.1}
th_version=${TRUFFLEHOG_VERSION:-v3.90.0}
cache=${CACHE:-$HOME/.cache/authdoctor-bench-scan}
skip=",${SKIP:-},"
mkdir -p "$dir" "$cache/bin"
log=$dir/app.log
truth=$log.truth.tsv
results=$dir/results.tsv
export LC_ALL=C

command -v jq >/dev/null || { echo "bench-scan: jq is not installed (apt-get install -y jq)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench-scan: GNU time (/usr/bin/time) is missing (apt-get install -y time)" >&2; exit 2; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%dT%H:%M:%SZ)"

echo "== 1. building; the corpus: $bytes bytes, $leaks credentials"
go build -o "$dir/leakgen" ./internal/leakgen/cmd/leakgen
go build -o "$dir/authdoctor" ./cmd/authdoctor
"$dir/leakgen" -o "$log" -bytes "$bytes" -leaks "$leaks"
size=$(stat -c %s "$log")

echo "== 2. competitors in $cache"
tools=(authdoctor)
gitleaks=$cache/bin/gitleaks
if [[ $skip != *,gitleaks,* ]]; then
	if [ ! -x "$gitleaks" ]; then
		GOBIN=$cache/bin go install "github.com/zricethezav/gitleaks/v8@$gl_version" 2> "$dir/gitleaks-install.log" \
			|| echo "gitleaks: go install failed (see $dir/gitleaks-install.log); skipped"
	fi
	[ -x "$gitleaks" ] && tools+=(gitleaks) && echo "gitleaks $gl_version: $gitleaks"
fi
trufflehog=$cache/bin/trufflehog
if [[ $skip != *,trufflehog,* ]]; then
	if [ ! -x "$trufflehog" ]; then
		# go install asks the proxy for the module's version list (to look
		# for a deprecation), which the proxy refuses for trufflehog; the
		# version itself downloads, so build it from the module cache.
		if src=$(go mod download -json "github.com/trufflesecurity/trufflehog/v3@$th_version" 2> "$dir/trufflehog-install.log" | jq -r .Dir) && [ -n "$src" ] && [ "$src" != null ]; then
			(cd "$src" && go build -o "$trufflehog" .) >> "$dir/trufflehog-install.log" 2>&1 \
				|| echo "trufflehog: go build of $th_version failed on $(go version | cut -d' ' -f3) (see $dir/trufflehog-install.log); skipped"
		else
			echo "trufflehog: the module proxy would not serve $th_version (see $dir/trufflehog-install.log); skipped"
		fi
	fi
	[ -x "$trufflehog" ] && tools+=(trufflehog) && echo "trufflehog $th_version: $trufflehog"
fi
if [[ $skip != *,ripgrep,* ]]; then
	command -v rg >/dev/null || apt-get install -y ripgrep > "$dir/ripgrep-install.log" 2>&1 || echo "ripgrep: apt-get install failed; skipped"
	command -v rg >/dev/null && tools+=(ripgrep) && v=$(rg --version) && echo "${v%%$'\n'*}: $(command -v rg)"
fi

# ripgrep looks for vendor prefixes and validates nothing: what a quick
# grep for leaked keys is. 40 prefixes, each followed by 8 characters of
# a token, and a PEM private key's BEGIN line.
rg_pattern='(sk_live_|sk_test_|rk_live_|rk_test_|whsec_|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|glptt-|gldt-|GR1348941|xoxb-|xoxp-|xoxa-|xoxr-|xoxe-|xapp-|AKIA|ASIA|AIza|ya29\.|SG\.|npm_|pypi-|hf_|sk-ant-|sk-proj-|shpat_|shpss_|dop_v1_|doo_v1_|sq0atp-|sq0csp-|xkeysib-|AGE-SECRET-KEY-|eyJ)[A-Za-z0-9_.+/=-]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----'

# run TOOL REPORT: one timed scan (the times in DIR/time.out), its
# report in REPORT.
run() {
	local t=(/usr/bin/time -o "$dir/time.out" -f '%e\t%U\t%S\t%M')
	case $1 in
	authdoctor) "${t[@]}" "$dir/authdoctor" scan "$log" -o json > "$2" || [ $? = 1 ] ;; # 1: something found
	gitleaks) "${t[@]}" "$gitleaks" dir "$log" --no-banner --redact --exit-code 0 -f json -r "$2" -l error ;;
	trufflehog) "${t[@]}" "$trufflehog" filesystem "$log" --json --no-verification --no-update > "$2" 2> "$dir/trufflehog.stderr" ;;
	ripgrep) "${t[@]}" rg -n --no-heading -e "$rg_pattern" "$log" > "$2" || [ $? = 1 ] ;; # 1: no match
	esac
}

# lines TOOL REPORT: the line numbers the tool flagged, one a line.
lines() {
	case $1 in
	authdoctor) jq -r '.findings[] | select(.severity != "info") | .line' "$2" ;;
	gitleaks) jq -r '.[].StartLine' "$2" ;;
	trufflehog)
		# trufflehog's line numbers count from the start of the chunk
		# (about 10 KB) the result was found in, not of the file, so the
		# lines are found again by the value it reports (Raw; the first
		# line of a multi-line one), 12 bytes or longer, with grep -F.
		# What it found only after decoding base64 is not in the log as
		# written and is left out. The values are in DIR/trufflehog.raw
		# for a moment, never printed.
		jq -r 'select(.DecoderName != "BASE64") | .Raw | split("\n")[0]' "$2" | awk 'length >= 12' | sort -u > "$dir/trufflehog.raw"
		grep -nF -f "$dir/trufflehog.raw" "$log" | cut -d: -f1 || [ $? = 1 ]
		rm -f "$dir/trufflehog.raw"
		;;
	ripgrep) cut -d: -f1 "$2" ;;
	esac | sort -un
}

echo "== 3. timing, warm page cache (RUNS=$runs, GITLEAKS_RUNS=$gl_runs)"
cat "$log" > /dev/null
printf 'tool\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\tload1\n' > "$results"
for tool in "${tools[@]}"; do
	n=$runs
	[ "$tool" = gitleaks ] && n=$gl_runs
	for r in $(seq "$n"); do
		load=$(cut -d' ' -f1 /proc/loadavg)
		report=$dir/$tool.report
		[ "$r" -gt 1 ] && report=$dir/$tool.report.$r
		if ! run "$tool" "$report"; then
			echo "bench-scan: $tool failed (its report: $report)" >&2
			exit 1
		fi
		printf '%s\t%s\t%s\t%s\n' "$tool" "$r" "$(tail -1 "$dir/time.out")" "$load" | tee -a "$results"
		[ "$r" -gt 1 ] && rm -f "$report"
	done
	lines "$tool" "$dir/$tool.report" > "$dir/$tool.lines"
done

echo "== 4. accuracy per line against $truth ($(awk -F'\t' '$2 == "leak"' "$truth" | wc -l) credential lines)"
# score TOOL: flagged, true positives, per kind into DIR/TOOL.kinds.tsv.
score() {
	awk -F'\t' -v OFS='\t' -v kinds="$dir/$1.kinds.tsv" '
	FNR == NR { class[$1] = $2; kind[$1] = $3; if ($2 == "leak") { leaks++; planted[$3]++ } else decoys[$3]++; next }
	{ flagged++; if (class[$1] == "leak") { tp++; found[kind[$1]]++ } else if (class[$1] == "decoy") fired[kind[$1]]++; else plain++ }
	END {
		print "class", "kind", "lines", "flagged" > kinds
		for (k in planted) print "leak", k, planted[k], found[k] + 0 > kinds
		for (k in decoys) print "decoy", k, decoys[k], fired[k] + 0 > kinds
		print "plain", "-", "-", plain + 0 > kinds
		printf "%d\t%d\t%d\n", flagged, tp, leaks
	}' "$truth" "$dir/$1.lines"
}
printf 'tool\tflagged\ttp\tleaks\n' > "$dir/accuracy.tsv"
for tool in "${tools[@]}"; do
	printf '%s\t%s\n' "$tool" "$(score "$tool")" >> "$dir/accuracy.tsv"
	echo "$tool: missed kinds (planted, found) and decoys flagged (written, flagged):"
	awk -F'\t' 'NR > 1 && ($1 == "leak" && $4 < $3 || $1 != "leak" && $4 > 0) { printf "  %s %s %s/%s\n", $1, $2, $4, $3 }' "$dir/$tool.kinds.tsv" | sort
done

echo "== 5. summary: $(awk -v b="$size" 'BEGIN { printf "%.0f MB", b / 1e6 }'), $(wc -l < "$log") lines, $leaks credentials; $(nproc) cores; best of the timed runs"
echo '| Tool | MB/s | seconds | CPU s (user+sys) | peak RSS MB | flagged lines | true positives | precision | recall |'
echo '|---|---:|---:|---:|---:|---:|---:|---:|---:|'
awk -F'\t' -v size="$size" '
FNR == NR { if (FNR > 1) { flagged[$1] = $2; tp[$1] = $3; leaks[$1] = $4 }; next }
FNR > 1 {
	t = $1; w = $3; c = $4 + $5
	if (!(t in best)) { order[++k] = t; best[t] = w; cpu[t] = c; rss[t] = $6 }
	if (w < best[t]) { best[t] = w; cpu[t] = c }
	if ($6 > rss[t]) rss[t] = $6
}
END {
	for (i = 1; i <= k; i++) {
		t = order[i]
		p = flagged[t] ? tp[t] / flagged[t] : 0
		printf "| %s | %.1f | %.2f | %.2f | %d | %d | %d | %.4f | %.4f |\n", t, size / 1e6 / best[t], best[t], cpu[t], rss[t] / 1024, flagged[t], tp[t], p, tp[t] / leaks[t]
	}
}' "$dir/accuracy.tsv" "$results"
