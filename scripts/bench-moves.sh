#!/usr/bin/env bash
# Moves under load against a release build: 200 clients on loopback, first as fast as the
# server answers (closed loop), then at a fixed offered rate; on SQLite (WAL, fully synced)
# and, when a local PostgreSQL is available (scripts/pg.sh), on PostgreSQL.
# Usage: scripts/bench-moves.sh [seconds] [rate]
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
seconds="${1:-15}"
rate="${2:-2000}"
port="${BATON_BENCH_PORT:-3200}"
cargo build --release -q -p server --bins --examples
bin="$target/release/baton-server"
load="$target/release/examples/move_load"
data="$(mktemp -d)"
server=
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT

serve() {
  DATABASE_URL="$1" BATON_ADDR="127.0.0.1:$port" BATON_DEMO=1 RUST_LOG=warn "$bin" serve >/dev/null &
  server=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && return; sleep 0.5; done
  echo "server did not start" >&2; exit 1
}

run() {
  echo "== $1"
  serve "$2"
  "$load" "http://127.0.0.1:$port" 200 "$seconds"
  "$load" "http://127.0.0.1:$port" 200 "$seconds" "$rate"
  kill $server; wait $server 2>/dev/null || true
}

run "SQLite (WAL, synchronous=FULL)" "sqlite://$data/bench.db"
if admin="$(bash scripts/pg.sh 2>/dev/null | tail -1)" && [ -n "$admin" ]; then
  db="baton_bench_$$"
  psql "$admin" -qc "CREATE DATABASE $db" >/dev/null
  run "PostgreSQL (local cluster, default settings)" "${admin%/*}/$db"
  psql "$admin" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null
fi
