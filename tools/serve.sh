#!/usr/bin/env bash
# Sets up what is missing, then builds and serves Lantern at http://127.0.0.1:8080/ (the
# built-in default experiment opens there). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
bash tools/setup.sh
exec trunk serve --release --address 127.0.0.1 --port 8080
