#!/usr/bin/env bash
# Reproduces the figures of docs/performance.md from a clean checkout: builds the release
# binary, generates the data, runs the engine and growth benchmarks and the end-to-end
# commands (hyperfine medians; peak memory from /usr/bin/time -v), runs
# `git diff --no-index --word-diff=porcelain` on the same texts in the same run, and prints
# a table of every figure against its target.
#
# Usage: scripts/bench.sh [--quick]
#   --quick   smaller engine sizes (up to 100k words) and fewer runs: a smoke test.
# Environment: CONCORD_BENCH_OUT (default target/bench) holds the data and the results.
# Takes about 10 minutes on 2 cores (the data is generated once and kept).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
[[ ${1:-} == --quick ]] && quick=1
out=${CONCORD_BENCH_OUT:-target/bench}
data=$out/data
mkdir -p "$data"
out=$(cd "$out" && pwd)
data=$out/data
export CONCORD_BENCH_DATA=$data CONCORD_QUIET=1

step() { printf '\n=== %s\n' "$1" >&2; }

# --- Tools --------------------------------------------------------------------------------
need=()
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
[[ -x /usr/bin/time ]] || need+=(time)
command -v git >/dev/null 2>&1 || need+=(git)
if ((${#need[@]})); then
    step "apt-get install ${need[*]}"
    sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" </dev/null
fi

# --- Machine ------------------------------------------------------------------------------
{
    echo "## Machine and load"
    echo
    echo '```'
    echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "commit:   $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "nproc:    $(nproc)"
    lscpu | head -n 20 | grep -E 'Architecture|Model name|^CPU\(s\)|Thread|Core|Socket|Hypervisor|L1d|L2|L3' || true
    free -h | head -n 2
    echo "rustc:    $(rustc -V)"
    echo "git:      $(git --version)"
    echo "hyperfine: $(hyperfine --version)"
    echo "uptime at start: $(uptime)"
    echo '```'
} | tee "$out/machine.md"

# --- Build --------------------------------------------------------------------------------
step "cargo build --release"
cargo build --release --locked --quiet
# A copy, so that a rebuild in the tree during the run cannot change the binary measured.
cp target/release/concord "$out/concord"
bin=$out/concord

# --- Engine and growth benchmarks (they generate their own pairs) ---------------------------
step "cargo bench --bench engine"
if ((quick)); then
    cargo bench --locked --quiet --bench engine -- --sizes 1000,10000,100000 | tee "$out/engine.md"
else
    cargo bench --locked --quiet --bench engine | tee "$out/engine.md"
    cargo bench --locked --quiet --bench engine -- --corpus sim --sizes 1000000 --edits 0.1 | tee "$out/engine-sim.md"
fi
step "cargo bench --bench growth"
if ((quick)); then
    cargo bench --locked --quiet --bench growth -- --steps 1 | tee "$out/growth.md"
else
    cargo bench --locked --quiet --bench growth | tee "$out/growth.md"
fi

# --- Data for the end-to-end runs -----------------------------------------------------------
step "data"
[[ -f $data/stress/negotiation.yaml ]] || "$bin" simulate --seed 1 --profile stress --out "$data/stress"
[[ -f $data/sim-1m/negotiation.yaml ]] ||
    "$bin" simulate --seed 1 --pair-words 1000000 --edit-share 0.1 --out "$data/sim-1m"
prose=$data/pair-prose-1000000-0.1
((quick)) && prose=$data/pair-prose-100000-0.1
# The same texts as plain files, for git: `concord export --format txt` (headings, numbers
# and paragraphs, one paragraph a line).
declare -A pairs=([sim-1m]="$data/sim-1m r0 r1" [prose]="$prose a b")
for name in sim-1m prose; do
    read -r dir a b <<<"${pairs[$name]}"
    for rev in "$a" "$b"; do
        [[ -f $dir/$rev.txt ]] || "$bin" export "$rev" --drafts "$dir" --format txt -o "$dir/$rev.txt" 2>/dev/null
    done
done

# --- End to end -----------------------------------------------------------------------------
runs=10
((quick)) && runs=5
results=$out/e2e.csv
echo "name,median_s,min_s,max_s,user_s,system_s,peak_rss_kib,exit" >"$results"

# measure NAME COMMAND...: hyperfine median (output discarded) and peak RSS of one more run.
measure() {
    local name=$1
    shift
    step "$name: $*"
    hyperfine -N -i --style basic --warmup 1 --runs "$runs" --export-csv "$out/hf.csv" "$*" >&2
    local stats
    stats=$(awk -F, 'NR == 2 { printf "%.4f,%.4f,%.4f,%.4f,%.4f", $4, $7, $8, $5, $6 }' "$out/hf.csv")
    local rss code=0
    /usr/bin/time -v "$@" >/dev/null 2>"$out/time.txt" || code=$?
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out/time.txt")
    echo "$name,$stats,$rss,$code" >>"$results"
}

for name in sim-1m prose; do
    read -r dir a b <<<"${pairs[$name]}"
    measure "diff-json-$name" "$bin" diff "$a" "$b" --format json --drafts "$dir"
    measure "diff-json-$name-1core" env RAYON_NUM_THREADS=1 "$bin" diff "$a" "$b" --format json --drafts "$dir"
    measure "git-word-diff-$name" git diff --no-index --word-diff=porcelain "$dir/$a.txt" "$dir/$b.txt"
done
stress=$data/stress
measure report-json "$bin" report --format json --drafts "$stress"
measure report-json-1core env RAYON_NUM_THREADS=1 "$bin" report --format json --drafts "$stress"
measure report-html "$bin" report --format html --drafts "$stress"
measure report-html-1core env RAYON_NUM_THREADS=1 "$bin" report --format html --drafts "$stress"
measure check "$bin" check --drafts "$stress"
measure check-1core env RAYON_NUM_THREADS=1 "$bin" check --drafts "$stress"

# --- Summary --------------------------------------------------------------------------------
{
    echo
    echo "## End to end (hyperfine, $runs runs after a warm-up; peak memory from /usr/bin/time -v)"
    echo
    echo "| command | median | min | max | user | system | peak memory |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    awk -F, 'NR > 1 { printf "| %s | %.3f s | %.3f s | %.3f s | %.3f s | %.3f s | %.0f MiB |\n", $1, $2, $3, $4, $5, $6, $7 / 1024 }' "$results"
    echo
    echo "## Targets"
    echo
    awk -F, '
        NR > 1 { m[$1] = $2; rss[$1] = $7 }
        function row(what, value, target, ok) { printf "| %s | %s | %s | %s |\n", what, value, target, ok ? "met" : "**not met**" }
        END {
            print "| target | measured | goal | |"
            print "|---|---|---|---|"
            for (p in m) if (p ~ /^git-word-diff-/) {
                name = substr(p, 15); c = m["diff-json-" name]; g = m[p]
                row("concord diff --format json vs git diff --word-diff (" name ")", sprintf("%.3f s vs %.3f s", c, g), "at most git", c <= g)
            }
            row("concord report --format json, stress", sprintf("%.2f s, %.0f MiB", m["report-json"], rss["report-json"] / 1024), "< 3 s, < 1 GiB", m["report-json"] < 3 && rss["report-json"] < 1048576)
            row("concord report --format html, stress", sprintf("%.2f s, %.0f MiB", m["report-html"], rss["report-html"] / 1024), "< 3 s, < 1 GiB", m["report-html"] < 3 && rss["report-html"] < 1048576)
            row("speed-up of report json on 2 cores", sprintf("x%.2f", m["report-json-1core"] / m["report-json"]), "> 1", m["report-json-1core"] > m["report-json"])
            for (p in m) if (p ~ /^diff-json-[^-]*(-1m)?$/ && (p "-1core") in m)
                row("speed-up of " p " on 2 cores", sprintf("x%.2f", m[p "-1core"] / m[p]), "> 1", m[p "-1core"] > m[p])
        }' "$results"
    # The engine rows of the largest pairs, on one thread: words per second per core.
    awk -F'|' '
        function trim(s) { gsub(/^ +| +$/, "", s); return s }
        $6 + 0 == 1 && $2 + 0 >= 90000 && trim($3) != "1 %" {
            edits = trim($3); rate = trim($13); goal = (edits == "heavy") ? 2 : 5
            printf "| engine, %s-word pair, %s edits, 1 thread | %s words/s | >= %d M | %s |\n",
                trim($2), edits, rate, goal, (rate + 0 >= goal) ? "met" : "**not met**"
        }' "$out"/engine*.md
    echo
    echo "Load average at the end: $(uptime | sed 's/.*load average: //')"
} | tee "$out/summary.md"
echo >&2
echo "Results in $out: machine.md engine.md growth.md summary.md e2e.csv" >&2
