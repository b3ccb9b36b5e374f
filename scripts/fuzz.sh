#!/usr/bin/env bash
# Runs concord's fuzz targets (fuzz/fuzz_targets/*.rs) for SECONDS each and prints, per
# target, the executions, coverage and whether it found a crash. See docs/robustness.md.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      default: 30 seconds, every target
#
# Environment:
#   FUZZ_JOBS=2            targets run at once (default 1; each uses one core)
#   FUZZ_SANITIZER=none    build without AddressSanitizer (default: address)
#   FUZZ_RSS_MB=2048       memory limit per target, in MB (an input exceeding it is a finding)
#   FUZZ_TIMEOUT=60        seconds one input may take before libFuzzer reports a hang
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain the script sets
# RUSTC_BOOTSTRAP=1, which lets cargo-fuzz pass its nightly-only flags to rustc.
# New inputs go to fuzz/corpus/TARGET (seeded from fuzz/seeds/TARGET), crashes to
# fuzz/artifacts/TARGET, logs to fuzz/artifacts/logs/TARGET.log; all three are ignored by
# git. Exits 1 if any target crashed, timed out or ran out of memory.
set -euo pipefail

seconds="${1:-30}"
shift || true
jobs="${FUZZ_JOBS:-1}"
sanitizer="${FUZZ_SANITIZER:-address}"
rss="${FUZZ_RSS_MB:-2048}"
timeout="${FUZZ_TIMEOUT:-60}"

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"
export RUSTC_BOOTSTRAP=1

if ! command -v cargo-fuzz >/dev/null; then
    echo "error: cargo-fuzz is not installed; run: cargo install cargo-fuzz" >&2
    exit 2
fi

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

echo "building ${#targets[@]} targets (sanitizer: $sanitizer)..."
cargo fuzz build -s "$sanitizer" >/dev/null

mkdir -p artifacts/logs
run_one() {
    local target="$1"
    mkdir -p "corpus/$target" "artifacts/$target"
    cargo fuzz run -s "$sanitizer" "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb="$rss" -timeout="$timeout" -print_final_stats=1 \
        >"artifacts/logs/$target.log" 2>&1
}

failed=0
pids=()
names=()
for target in "${targets[@]}"; do
    run_one "$target" &
    pids+=("$!")
    names+=("$target")
    if [ "${#pids[@]}" -ge "$jobs" ]; then
        wait "${pids[0]}" || failed=1
        pids=("${pids[@]:1}")
    fi
done
for pid in "${pids[@]}"; do
    wait "$pid" || failed=1
done

printf '\n%-18s %12s %8s %8s %8s  %s\n' target executions seconds cov corpus result
for target in "${names[@]}"; do
    log="artifacts/logs/$target.log"
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    time=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | awk '{print $5}' || true)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*' || echo '?')
    corp=$(echo "$last" | grep -o 'corp: [0-9]*' | grep -o '[0-9]*' || echo '?')
    if grep -qE 'ERROR: libFuzzer|panicked at|SUMMARY: AddressSanitizer|==ERROR' "$log"; then
        result="FOUND: $(grep -m1 -E 'panicked at|ERROR: libFuzzer|==ERROR' "$log" | cut -c1-80); see $log"
        failed=1
    else
        result=ok
    fi
    printf '%-18s %12s %8s %8s %8s  %s\n' "$target" "${runs:-?}" "${time:-?}" "${cov:-?}" "${corp:-?}" "$result"
done
exit "$failed"
