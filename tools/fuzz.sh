#!/usr/bin/env bash
# Runs each cargo-fuzz target for SECONDS (default 45), starting from the committed seed corpus
# (fuzz/corpus/<target>, read only: new inputs go to a temporary directory), with -timeout=5 so
# that a hang counts as a crash and -rss_limit_mb=2048. Prints one summary line per target and
# fails on the first crash (its input is kept in fuzz/artifacts/<target>/).
#   bash tools/fuzz.sh            # 45 s each (tools/test.sh)
#   bash tools/fuzz.sh 600        # the 10-minute runs of issue 9
#   bash tools/fuzz.sh 60 link_decode
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
SECONDS_EACH=${1:-45}
[ $# -gt 0 ] && shift
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(csv_ingest link_decode)

cargo +nightly fuzz build -O 2>&1 | tail -n 3
for target in "${TARGETS[@]}"; do
  work=$(mktemp -d)
  log=$(mktemp)
  status=0
  cargo +nightly fuzz run -O "$target" "$work" "fuzz/corpus/$target" -- \
    -max_total_time="$SECONDS_EACH" -timeout=5 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || echo '?')
  corpus=$(ls "$work" | wc -l)
  rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  rm -rf "$work"
  if [ "$status" -ne 0 ]; then
    grep -E 'panicked|ERROR|SUMMARY|Test unit written|timeout' "$log" | head -n 20
    rm -f "$log"
    echo "fuzz $target: FAILED after $runs runs (the input is in fuzz/artifacts/$target/)"
    exit 1
  fi
  rm -f "$log"
  echo "fuzz $target: $runs runs in $SECONDS_EACH s, coverage $cov edges, $corpus new inputs, peak RSS $rss MB, no crash or hang"
done
