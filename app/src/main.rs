//! Baton's browser app: mounts the root component on `<body>`.
//!
//! The modules: `app` (routes and the session), `boot` (the data the page arrived with), `i18n` (every UI string, both languages),
//! `components` (shell, language switch, formatting), `pages` (one module per screen).

// The board's entry links only the board: the other pages' code is left out on purpose.
// (`allow` for dead code: a crate-level `expect(dead_code)` is never fulfilled, rust#114557.)
#![cfg_attr(
    feature = "board-entry",
    expect(unused_imports, reason = "the board's entry holds the board page only"),
    allow(dead_code)
)]

mod app;
mod boot;
mod components;
mod i18n;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
