#!/usr/bin/env bash
# Installs everything Lantern needs on a fresh Debian machine that has rustup, Node and Python.
# Idempotent: each step checks first and does nothing when the right version is already there.
# Never downloads a tool from anywhere but crates.io, npm, PyPI or apt.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen crate version locked in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"

step() { printf '\n== setup: %s\n' "$*"; }

step "rust target wasm32-unknown-unknown"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

step "trunk $TRUNK_VERSION"
if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  # trunk 0.22 needs a newer rustc than this machine has; --locked works for 0.21.14.
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  # Not --locked: its lockfile wants a crate version the registry does not serve.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

WASM_SPLIT_VERSION=0.2.4
step "wasm-split-cli $WASM_SPLIT_VERSION (crates.io wasm_split_cli_support, into tools/wasm-split; the build's hook tools/wasm_split.py runs it)"
if ! [ -x tools/wasm-split/bin/wasm-split-cli ] || ! grep -qx "$WASM_SPLIT_VERSION" tools/wasm-split/VERSION 2>/dev/null; then
  # ~1 min on 2 cores; --locked works for 0.2.4.
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --root tools/wasm-split --force
  echo "$WASM_SPLIT_VERSION" > tools/wasm-split/VERSION
fi

step "wasm-opt (npm binaryen 132, into tools/wasm-opt; the release build's hook tools/wasm_order.py runs it)"
if ! [ -x tools/wasm-opt/node_modules/.bin/wasm-opt ]; then
  (cd tools/wasm-opt && npm ci --no-audit --no-fund)
fi

step "clippy (tools/test.sh lints native and wasm code)"
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy

step "nightly toolchain and cargo-fuzz (tools/fuzz.sh; fuzzing needs nightly's sanitizers)"
# From rustup's own dist server and crates.io: ~1 min and ~3 min on 2 cores, measured.
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked

step "chromium + chromedriver (apt)"
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# onnxruntime-web: the web predictor's runtime (tests/e2e/onnx_web.test.mjs and
# web_predictor.test.mjs serve its dist/ locally; ~170 MB with its wasm builds). Its version is
# the one src/deploy/embed/mod.rs names in the predictor's README (a unit test checks).
step "npm packages (playwright-core, axe-core, onnxruntime-web) from the committed lockfile"
if ! [ -d tests/e2e/node_modules/playwright-core ] || ! [ -d tests/e2e/node_modules/axe-core ] \
  || ! [ -f tests/e2e/node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund)
fi

# A Python venv at tools/$1 with the pinned PyPI packages $2, remade when the pins change.
venv() {
  step "python venv tools/$1 ($2, PyPI)"
  if ! [ -x "tools/$1/bin/python" ] || ! grep -qxF "$2" "tools/$1/PINS" 2>/dev/null; then
    rm -rf "tools/$1"
    python3 -m venv "tools/$1"
    # shellcheck disable=SC2086 # the pins are separate words
    "tools/$1/bin/pip" install --quiet --disable-pip-version-check $2
    echo "$2" > "tools/$1/PINS"
  fi
}

# onnx, onnxruntime and numpy for tests/onnx_export.rs (tools/reference/onnx_check.py checks
# `lantern export --format onnx` with onnx's full checker and onnxruntime against `lantern
# predict`). ~15 s and 210 MB.
ONNX_PINS="onnx==1.23.2 onnxruntime==1.32.0 numpy==2.4.6"
venv onnx-venv "$ONNX_PINS"

# numpy and scikit-learn for tests/python_export.rs (runs the scripts `lantern export --format
# python` writes; the pins are the ones the scripts name, src/deploy/python/mod.rs: REQUIRES).
# A venv of its own, so the ONNX one stays as it is. ~20 s and 190 MB (scipy).
SKLEARN_PINS="numpy==2.4.6 scikit-learn==1.9.1"
venv sklearn-venv "$SKLEARN_PINS"

step "crates (cargo fetch, so trunk can build offline)"
cargo fetch --quiet
cargo fetch --quiet --target wasm32-unknown-unknown

echo "setup: done"
