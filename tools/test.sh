#!/usr/bin/env bash
# Runs every test layer: set-up, the core's independence from UI crates, native cargo tests,
# the core in wasm in headless Chromium (wasm-bindgen-test), a release build with Trunk, and
# end-to-end Playwright flows against that build. Cleans Chromium's temp profiles afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR=never

TMP_BEFORE=$(mktemp)
ls -d "${TMPDIR:-/tmp}"/org.chromium.Chromium.* "${TMPDIR:-/tmp}"/lantern-e2e-* 2>/dev/null | sort >"$TMP_BEFORE" || true
cleanup() {
  local status=$?
  set +e +o pipefail
  # Each headless Chromium run leaves a ~100 MB profile in the temp dir: remove the new ones.
  ls -d "${TMPDIR:-/tmp}"/org.chromium.Chromium.* "${TMPDIR:-/tmp}"/lantern-e2e-* 2>/dev/null | sort \
    | comm -13 "$TMP_BEFORE" - | xargs -r rm -rf
  rm -f "$TMP_BEFORE"
  exit "$status"
}
trap cleanup EXIT

section() { printf '\n==== %s ====\n' "$*"; }
START=$(date +%s)

section "set-up"
bash tools/setup.sh

section "formatting (cargo fmt --check, rustfmt.toml: width 120)"
cargo fmt --check

section "documentation (cargo doc, native and the wasm web build; broken or private links are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --offline --no-deps --lib
RUSTDOCFLAGS="-D warnings" cargo doc --offline --no-deps --lib --target wasm32-unknown-unknown --no-default-features --features web

section "core builds without any UI crate (cargo check --no-default-features)"
cargo check --offline --no-default-features --lib

section "native tests (cargo test; tests/onnx_export.rs and tests/python_export.rs use the set-up's tools/onnx-venv and tools/sklearn-venv)"
LANTERN_ONNX_REQUIRED=1 LANTERN_SKLEARN_REQUIRED=1 cargo test --offline

section "lints (cargo clippy, native and the wasm builds (page and web predictor); unwrap/expect are denied outside tests)"
cargo clippy --offline --lib --bins -- -D warnings
cargo clippy --offline --target wasm32-unknown-unknown --no-default-features --features web,predictor --bins --lib -- -D warnings

section "fuzzing (cargo-fuzz: CSV ingestion and share-link decoding, 45 s each)"
bash tools/fuzz.sh 45

section "wasm tests in headless Chromium (wasm-bindgen-test)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER=/usr/bin/chromedriver \
WASM_BINDGEN_TEST_TIMEOUT=600 \
  cargo test --offline --target wasm32-unknown-unknown --no-default-features --test web -- --nocapture

section "release build (trunk build --release)"
trunk build --release 2>&1 | tail -n 5
# Download budget (issue 8): the page's and the worker's wasm and JavaScript, gzip -9. The
# wasm chunks loaded on first use (split_*.wasm, chunk_*.wasm: tools/wasm_split.py) are not
# part of the first load: reported, not counted.
TOTAL=0
for f in dist/*.wasm dist/*.js; do
  GZ=$(gzip -9c "$f" | wc -c)
  case "$(basename "$f")" in
    split_*.wasm | chunk_*.wasm)
      printf '%s: %s bytes raw, %s bytes gzip (loaded on first use)\n' "$f" "$(stat -c %s "$f")" "$GZ"
      continue ;;
  esac
  TOTAL=$((TOTAL + GZ))
  printf '%s: %s bytes raw, %s bytes gzip\n' "$f" "$(stat -c %s "$f")" "$GZ"
done
# The web predictor's runtime (dist/predictor/: fetched only when a web predictor is downloaded,
# and then a file of the user's site): reported, not counted.
for f in dist/predictor/*.wasm dist/predictor/*.js; do
  printf '%s: %s bytes raw, %s bytes gzip (the web predictor'"'"'s runtime)\n' "$f" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done
BUDGET=$((1024 * 1024))
printf 'download total: %s bytes gzip = %s KiB of the %s KiB budget\n' "$TOTAL" "$((TOTAL / 1024))" "$((BUDGET / 1024))"
if [ "$TOTAL" -gt "$BUDGET" ]; then
  echo "OVER the download budget by $(( (TOTAL - BUDGET) / 1024 )) KiB (README, Benchmarks: download)"
  # Fails the run: the budget is an acceptance target. SIZE_BUDGET_STRICT=0 reports it only.
  [ "${SIZE_BUDGET_STRICT:-1}" = 1 ] && exit 1
fi

section "end-to-end flows (Playwright + Chromium)"
(cd tests/e2e && node --test --test-concurrency=1 --test-reporter=spec .)

echo
echo "all test layers passed in $(( $(date +%s) - START )) s"
