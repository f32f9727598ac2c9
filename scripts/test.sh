#!/usr/bin/env bash
# Every check `make test` runs, in order: format, lints, unit and service/HTTP tests on SQLite,
# the same on PostgreSQL, the release browser build, and Playwright in Chromium against a real
# server. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
target="${CARGO_TARGET_DIR:-$PWD/target}"
start=$(date +%s)
step() { printf '\n\033[1;34m==> %s\033[0m (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (server and shared, all targets)"
cargo clippy --all-targets -- -D warnings
step "clippy (browser app, wasm32)"
cargo clippy -p app --target wasm32-unknown-unknown -- -D warnings

step "tests on SQLite (unit, service, HTTP)"
cargo test
step "browser app unit tests (native)"
cargo test -p app

step "tests on PostgreSQL"
TEST_DATABASE_URL="$(scripts/pg.sh)" cargo test -p server --test api

step "release build of the browser app"
scripts/build-app.sh

step "Playwright in Chromium"
cargo build -p server
(cd end2end && BATON_BIN="$target/debug/baton-server" npx playwright test)

step "all passed in $(( ($(date +%s) - start) / 60 )) min"
