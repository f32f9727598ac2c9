#!/usr/bin/env bash
# Call mode in headless Chromium (Playwright): from an answer (a number key or a click) to the
# next step's text on screen, p50/p95/max over 120 answers of the demo script, with every
# answer recorded by the server behind the screen. Needs the release app (scripts/build-app.sh);
# builds and starts a release server over a fresh demo database.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
port="${BATON_BENCH_PORT:-3401}"
test -f app/dist/index.html || { echo "build the app first: scripts/build-app.sh" >&2; exit 1; }
cargo build --release -q -p server --bins
bin="$target/release/baton-server"
data="$(mktemp -d)"
server=
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
DATABASE_URL="sqlite://$data/bench.db" BATON_DEMO=1 BATON_ADDR="127.0.0.1:$port" \
  BATON_DIST="$PWD/app/dist" RUST_LOG=warn "$bin" serve >/dev/null &
server=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.5; done
cd end2end
BATON_BENCH_CALL=1 BATON_BENCH_PORT="$port" npx playwright test --config bench.config.ts bench/call.bench.ts 2>&1 \
  | grep -E 'CALL_ANSWER|passed|failed|Error|skipped'
