//! The server's integration tests, in one binary: services against a real database, and the
//! HTTP API through a spawned server with the typed client, as the browser uses it.
//!
//! Every test gets a fresh database: in-memory SQLite by default, or a new PostgreSQL database
//! when `TEST_DATABASE_URL` names a server (an admin URL; `make test` sets it).
#![expect(
    clippy::expect_used,
    reason = "test setup fails the test loudly when it breaks"
)]

mod accounts;
mod auth;
mod board;
mod board_view;
mod calls;
mod cli;
mod common;
mod deal_articles;
mod deal_detail;
mod deal_edit;
mod deals;
mod errors;
mod events;
mod handoffs;
mod pipeline_config;
mod scripts;
mod services;
mod success;
mod team;
mod web;
