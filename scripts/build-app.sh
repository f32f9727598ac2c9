#!/usr/bin/env bash
# Builds the browser app for release into app/dist (trunk, offline, with npm's wasm-opt; the
# cargo profile `wasm-release` is named in app/index.html).
set -euo pipefail
cd "$(dirname "$0")/../app"
export PATH="$PWD/../tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release --offline
