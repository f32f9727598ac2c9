# Baton: `make run` serves the demo on http://127.0.0.1:3000; `make test` runs every check.
# Both install what they need first (scripts/tools.sh).

SHELL := /bin/bash
CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test tools app server bench fmt lint clean

## run: install what is missing, build for release, migrate, seed the demo team, serve
run: tools app server
	BATON_DEMO=1 $(CARGO_TARGET_DIR)/release/baton-server serve

## test: fmt, clippy, unit/service/HTTP tests on SQLite and PostgreSQL, app build, Playwright
test:
	scripts/tools.sh test
	scripts/test.sh

tools:
	scripts/tools.sh build

## app: the browser app, release build, into app/dist
app: tools
	scripts/build-app.sh

## server: the release server binary
server:
	cargo build --release -p server

## bench: the figures in BENCHMARKS.md
bench: tools app server
	scripts/bench.sh
	scripts/bench-moves.sh

fmt:
	cargo fmt --all

lint:
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p app --target wasm32-unknown-unknown -- -D warnings

clean:
	cargo clean
	rm -rf app/dist
