//! Baton's server: the JSON API under `/api/v1`, its OpenAPI document, and the built browser
//! app, over SQLite or PostgreSQL.
//!
//! Map: `api/` thin handlers · `service/` the rules · `entity/` and `migration/` the database ·
//! `session.rs` and `password.rs` sign-in · `extract.rs` and `error.rs` the wire error ·
//! `web.rs` the app · `demo.rs` the demo team.

pub mod api;
pub mod cache;
pub mod config;
pub mod db;
pub mod demo;
pub mod entity;
pub mod error;
pub mod events;
pub mod extract;
pub mod migration;
pub mod password;
pub mod rate_limit;
pub mod service;
pub mod session;
pub mod state;
pub mod web;
pub mod writer;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue};
use state::AppState;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The whole application: API, OpenAPI, and the browser app as the fallback.
pub fn router(state: AppState) -> Router {
    let api = api::routes(&state).with_state(state.clone());
    let app = Router::new()
        .fallback(web::serve_app)
        .with_state(web::Web::new(state.config.dist.clone(), api.clone()));
    api.merge(app)
        .layer(DefaultBodyLimit::max(state.config.body_limit))
        // Answers are made per request: a fast level (brotli 1 is a fifth larger than the
        // default 4 on the board's page and several times quicker). Built assets are
        // compressed once at build time at the highest level (`web.rs`).
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(1)))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(TraceLayer::new_for_http())
}

/// Connects, migrates, seeds the demo team when asked and the database is empty, and serves
/// until Ctrl-C or SIGTERM.
pub async fn serve(mut config: config::Config) -> Result<(), String> {
    let db = db::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    db::migrate(&db)
        .await
        .map_err(|e| format!("cannot migrate the database: {e}"))?;
    if config.demo {
        match demo::seed_if_empty(&db).await {
            Ok(true) => tracing::info!("seeded the demo team"),
            Ok(false) => tracing::info!("the database has members already; demo data not seeded"),
            Err(e) => return Err(format!("cannot seed the demo team: {e}")),
        }
        match demo::is_present(&db).await {
            Ok(true) => {
                if config.company_name.is_empty() {
                    config.company_name = demo::DEMO_COMPANY.to_owned();
                }
                demo::print_logins()
            }
            Ok(false) => println!("This database has its own team; the demo logins do not apply."),
            Err(e) => return Err(format!("cannot read the members: {e}")),
        }
    }
    match service::auth::purge_expired(&db).await {
        Ok(n) if n > 0 => tracing::info!(sessions = n, "removed expired sessions"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "could not purge expired sessions"),
    }
    let addr = config.addr.clone();
    let state = AppState::new(db, config);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("Baton is listening on http://{addr}");
    println!("Baton is running: open http://{addr}");
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await
    .map_err(|e| format!("server error: {e}"))
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
