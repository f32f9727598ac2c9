#!/usr/bin/env bash
# Builds the browser app for release into app/dist (trunk, offline, with npm's wasm-opt; the
# cargo profile `wasm-release` is named in app/index.html), then the board's own entry: the
# same app with the board as its only page (cargo feature `board-entry`), whose page goes into
# app/dist/board.html beside its module. The server serves it for /board, so that opening the
# board loads a third of the module; every other page is the whole app.
set -euo pipefail
cd "$(dirname "$0")/../app"
export PATH="$PWD/../tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release --offline
# The board's page is index.html with the feature named, made here so that the two never
# drift apart (trunk reads it beside index.html: its paths are relative to app/).
board="$(mktemp -d)"
trap 'rm -rf "$board" board.html' EXIT
sed 's|data-cargo-profile-release="wasm-release"|&\n      data-cargo-features="board-entry"|' index.html > board.html
grep -q 'data-cargo-features="board-entry"' board.html
trunk build board.html --release --offline --dist "$board"
# Assets are named by their content: the style sheet and icon are the same files.
for f in "$board"/*; do
  case "$f" in
    */index.html) cp "$f" dist/board.html ;;
    *) cp -n "$f" dist/ ;;
  esac
done
# Each asset compressed once here, not on every request.
node ../scripts/precompress.mjs dist
