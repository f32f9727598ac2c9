//! Pipelines.

use crate::error::ApiResult;
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use shared::ApiError;
use shared::api::Pipeline;

/// `GET /api/v1/pipelines`: every pipeline with its stages in order.
#[utoipa::path(get, path = "/api/v1/pipelines", tag = "pipelines", security(("session" = [])),
    responses((status = 200, body = Vec<Pipeline>), (status = 401, body = ApiError)))]
pub async fn list_pipelines(
    State(state): State<AppState>,
    _member: CurrentMember,
) -> ApiResult<Json<Vec<Pipeline>>> {
    Ok(Json(service::pipelines::list_pipelines(&state.db).await?))
}
