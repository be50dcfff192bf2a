#!/usr/bin/env bash
# The tree models' speed, side by side in one run on this machine (issue 18): gradient boosting
# (100 rounds, 31 leaves or depth 6) and a random forest (100 trees) on 100,000 rows × 20
# features, one thread each —
#   1. the core directly (examples/learn_speed.rs; it also writes the rows for 2–4),
#   2. the core through the worker's Session, as the CLI and the worker run it (examples/train_speed.rs B1,F1),
#   3. the app's worker in headless Chromium (tests/bench/learners.mjs B1,F1),
#   4. scikit-learn's HistGradientBoostingClassifier / RandomForestClassifier (tools/reference/sklearn_trees.py speed).
# Prints numbers; never fails on speed. Needs a Python with scikit-learn (SKLEARN_PYTHON, else
# .venv/bin/python: python3 -m venv .venv && .venv/bin/pip install scikit-learn numpy threadpoolctl).
#
#   bash tests/bench/learners.sh            # build + all four (~3 min on 2 quiet cores)
#   SKIP_BUILD=1 bash tests/bench/learners.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${SKLEARN_PYTHON:-.venv/bin/python}"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  cargo build --release --offline --example learn_speed --example train_speed
  trunk build --release >/dev/null
fi
T="${CARGO_TARGET_DIR:-target}"
echo "== 1. the core, directly (Rust, native)"
"$T/release/examples/learn_speed"
echo
echo "== 2. through the Session, as the CLI runs it (native; every step evaluated on the training rows and the first 10 % as test rows)"
"$T/release/examples/train_speed" B1,F1 1
echo
echo "== 3. the app's worker in headless Chromium (wasm; the same Session)"
node tests/bench/learners.mjs B1,F1 1
echo
echo "== 4. scikit-learn, one thread"
if "$PY" -c 'import sklearn' 2>/dev/null; then
  "$PY" tools/reference/sklearn_trees.py speed
else
  echo "(no scikit-learn at $PY: set SKLEARN_PYTHON)"
fi
echo
echo "$(date -u +%FT%TZ) · $(nproc) cores · load average $(cut -d' ' -f1-3 /proc/loadavg)"
