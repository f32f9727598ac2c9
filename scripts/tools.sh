#!/usr/bin/env bash
# Installs what building (`build`) or testing (`test`) Baton needs and is missing. Every step is
# guarded, so a second run skips what is there. Versions are pinned where tools break otherwise
# (see ../shared/TOOLCHAIN.md for why each pin).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
what="${1:-build}"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "error: '$*' needs root; run it as root or install sudo" >&2; exit 1; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    say "apt-get update"
    as_root apt-get update -qq
    apt_updated=1
  fi
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

build_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (about 7 minutes on 2 cores)"
    cargo install trunk --locked --version "$TRUNK_VERSION"
  fi
  # The CLI must equal the wasm-bindgen crate in Cargo.lock exactly. Not --locked: the locked
  # build wants a webpki-roots release the registry does not serve.
  local wbg
  wbg="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)"
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wbg" ]; then
    say "installing wasm-bindgen-cli $wbg"
    cargo install wasm-bindgen-cli --version "$wbg" --force
  fi
  # npm's binaryen for wasm-opt: Debian's 108 produces modules that fail to load.
  if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
    say "installing binaryen (wasm-opt) from npm"
    (cd tools && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

test_tools() {
  command -v chromium >/dev/null || apt_install chromium
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    apt_install postgresql
  fi
  if [ ! -d end2end/node_modules/@playwright/test ]; then
    say "installing Playwright (no browser download: Debian's Chromium is used)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}

case "$what" in
  build) build_tools ;;
  test) build_tools; test_tools ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac
