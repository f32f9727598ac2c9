#!/usr/bin/env bash
# Builds the browser app for release into app/dist (trunk, offline, with npm's wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/../app"
export PATH="$PWD/../tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release --offline --cargo-profile wasm-release
