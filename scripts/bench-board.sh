#!/usr/bin/env bash
# The board at 10,000 deals in headless Chromium (Playwright): time to a draggable board
# beside a plain-DOM reference page, and the longest main-thread task while dragging.
# Needs the release app (scripts/build-app.sh) and a release server.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
port="${BATON_BENCH_PORT:-3400}"
cargo build --release -q -p server --bins
bin="$target/release/baton-server"
data="$(mktemp -d)"
server=
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
# The app as built (or another build of it: BATON_BENCH_DIST), and the plain-DOM reference
# page beside it (same origin, same session).
mkdir "$data/dist"
cp -r "${BATON_BENCH_DIST:-app/dist}/." "$data/dist/"
cp end2end/bench/reference.html "$data/dist/reference.html"
export DATABASE_URL="sqlite://$data/bench.db"
"$bin" demo-deals 10000 >/dev/null
BATON_ADDR="127.0.0.1:$port" BATON_DIST="$data/dist" RUST_LOG=warn "$bin" serve >/dev/null &
server=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.5; done
cd end2end
BATON_BENCH_PORT="$port" npx playwright test --config bench.config.ts 2>&1 | grep -E 'BOARD_LOAD|DRAG_LONG_TASKS|passed|failed|Error'
