#!/usr/bin/env bash
# Training speed table (Lantern vs TensorFlow.js vs plain JavaScript), one command:
#   bash tests/bench/speed.sh [--repeats 3] [--workloads W1,W2,W3]
# Builds the app in release into target/bench-dist (or LANTERN_DIST), installs the harness's
# npm packages into $PERFENV (~/.cache/lantern-bench) if missing, and runs tests/bench/speed.mjs.
# Needs the harness in ../shared/bench (or LANTERN_SHARED) and Debian's /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
export LANTERN_DIST="${LANTERN_DIST:-$PWD/target/bench-dist}"
export LANTERN_SHARED="${LANTERN_SHARED:-$PWD/../shared}"
export PERFENV="${PERFENV:-$HOME/.cache/lantern-bench}"
if [ ! -d "$PERFENV/node_modules/@tensorflow/tfjs-backend-wasm" ] || [ ! -d "$PERFENV/node_modules/playwright-core" ]; then
  mkdir -p "$PERFENV"
  [ -f "$PERFENV/package.json" ] || echo '{"name":"perfenv","private":true}' > "$PERFENV/package.json"
  # The versions the harness's setup.sh installs (its Python part is not needed here).
  (cd "$PERFENV" && npm i @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0 playwright-core@1.65.1)
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  trunk build --release --dist "$LANTERN_DIST" 2>&1 | tail -n 3
fi
node tests/bench/speed.mjs "$@"
