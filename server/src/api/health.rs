//! Liveness with the database's status, and the OpenAPI document.

use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use sea_orm::DbBackend;
use shared::api::Health;
use utoipa::OpenApi;

/// `GET /api/health`: 200 when the database answers, 503 otherwise.
#[utoipa::path(get, path = "/api/health", tag = "health",
    responses((status = 200, body = Health, description = "Server and database answer"),
              (status = 503, body = Health, description = "The database does not answer")))]
pub async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let backend = match state.db.get_database_backend() {
        DbBackend::Postgres => "postgres",
        DbBackend::Sqlite => "sqlite",
        _ => "other",
    };
    let (status, database) = match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok".to_owned()),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "unreachable".to_owned())
        }
    };
    let body = Health {
        status: if status == StatusCode::OK {
            "ok"
        } else {
            "degraded"
        }
        .to_owned(),
        database,
        backend: backend.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    (status, Json(body))
}

/// `GET /api/openapi.json`.
pub async fn openapi() -> impl IntoResponse {
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let doc = DOC.get_or_init(|| {
        super::ApiDoc::openapi()
            .to_json()
            .unwrap_or_else(|_| "{}".to_owned())
    });
    ([(header::CONTENT_TYPE, "application/json")], doc.as_str())
}
