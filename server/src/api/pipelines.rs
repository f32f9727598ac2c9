//! Pipelines.

use crate::error::ApiResult;
use crate::extract::{ApiId, ApiIds, ApiQuery};
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use shared::ApiError;
use shared::api::{Board, BoardQuery, ColumnPage, Pipeline};
use shared::{PipelineId, StageId};

/// `GET /api/v1/pipelines`: every pipeline with its stages in order.
#[utoipa::path(get, path = "/api/v1/pipelines", tag = "pipelines", security(("session" = [])),
    responses((status = 200, body = Vec<Pipeline>), (status = 401, body = ApiError)))]
pub async fn list_pipelines(
    State(state): State<AppState>,
    _member: CurrentMember,
) -> ApiResult<Json<Vec<Pipeline>>> {
    Ok(Json(service::pipelines::list_pipelines(&state.db).await?))
}

/// `GET /api/v1/pipelines/{id}/board`: a column per stage with server-side totals and the first
/// cards of each, filtered.
#[utoipa::path(get, path = "/api/v1/pipelines/{id}/board", tag = "pipelines", security(("session" = [])),
    params(("id" = i64, Path, description = "Pipeline id"), BoardQuery),
    responses(
        (status = 200, body = Board),
        (status = 400, body = ApiError, description = "A query parameter is malformed"),
        (status = 401, body = ApiError),
        (status = 404, body = ApiError, description = "No such pipeline"),
        (status = 422, body = ApiError, description = "A bad limit or amount range"),
    ))]
pub async fn get_board(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiId(id): ApiId,
    ApiQuery(q): ApiQuery<BoardQuery>,
) -> ApiResult<Json<Board>> {
    Ok(Json(
        service::board_view::board(&state.db, PipelineId(id), &q).await?,
    ))
}

/// `GET /api/v1/pipelines/{id}/stages/{stage_id}/deals?cursor=…`: a column's next cards.
#[utoipa::path(get, path = "/api/v1/pipelines/{id}/stages/{stage_id}/deals", tag = "pipelines", security(("session" = [])),
    params(("id" = i64, Path, description = "Pipeline id"), ("stage_id" = i64, Path, description = "Stage id"), BoardQuery),
    responses(
        (status = 200, body = ColumnPage),
        (status = 401, body = ApiError),
        (status = 404, body = ApiError, description = "No such pipeline, or the stage is not the pipeline's"),
        (status = 422, body = ApiError, description = "A bad cursor, limit or amount range"),
    ))]
pub async fn list_column_deals(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiIds(id, stage): ApiIds,
    ApiQuery(q): ApiQuery<BoardQuery>,
) -> ApiResult<Json<ColumnPage>> {
    Ok(Json(
        service::board_view::column(&state.db, PipelineId(id), StageId(stage), &q).await?,
    ))
}
