//! Baton's browser app: mounts the root component on `<body>`.
//!
//! The modules: `app` (routes and the session), `i18n` (every UI string, both languages),
//! `components` (shell, language switch, formatting), `pages` (one module per screen).

mod app;
mod components;
mod i18n;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
