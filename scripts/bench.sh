#!/usr/bin/env bash
# The figures in BENCHMARKS.md: the browser bundle's compressed size, and the deals list under
# 50 concurrent connections against a release build (wrk, loopback, signed in).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
bin="$target/release/baton-server"
port="${BATON_BENCH_PORT:-3200}"
duration="${BATON_BENCH_SECONDS:-20}"

echo "== bundle per entry (app/dist, brotli quality 11)"
node -e '
const fs = require("fs"), zlib = require("zlib"), path = require("path");
// Each page and the module it loads: the whole app (index.html) and the board (board.html).
for (const page of ["index.html", "board.html"]) {
  const file = path.join("app/dist", page);
  if (!fs.existsSync(file)) continue;
  const html = fs.readFileSync(file, "utf8");
  const assets = [...new Set([...html.matchAll(/\/(app-[0-9a-f]+(?:_bg\.wasm|\.js))/g)].map((m) => m[1]))];
  let raw = 0, br = 0;
  for (const f of assets) {
    const b = fs.readFileSync(path.join("app/dist", f));
    const c = zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
    raw += b.length; br += c.length;
    console.log(`  ${page}: ${f}: ${(b.length/1024).toFixed(1)} KB raw, ${(c.length/1024).toFixed(1)} KB brotli`);
  }
  console.log(`  ${page}: wasm+js ${(raw/1024).toFixed(1)} KB raw, ${(br/1024).toFixed(1)} KB brotli`);
}
'

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
data="$(mktemp -d)"
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
DATABASE_URL="sqlite://$data/bench.db" BATON_ADDR="127.0.0.1:$port" BATON_DEMO=1 RUST_LOG=warn "$bin" serve >/dev/null &
server=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.5; done
cookie="$(curl -s -D - -o /dev/null -H 'content-type: application/json' \
  -d '{"email":"manager@example.com","password":"baton-demo"}' "http://127.0.0.1:$port/api/v1/auth/login" \
  | awk -F'[:;] *' 'tolower($1)=="set-cookie" {print $2}')"
url="http://127.0.0.1:$port/api/v1/deals?pipeline_id=1"
echo "== GET /api/v1/deals?pipeline_id=1 (first page of 100 deals with stage totals), 50 connections, ${duration}s"
curl -s -H "Cookie: $cookie" "$url" | head -c 120; echo " …"
wrk -t2 -c50 -d"${duration}s" --latency -H "Cookie: $cookie" "$url"
