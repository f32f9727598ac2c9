//! Pipelines.

use crate::error::ApiResult;
use crate::extract::{ApiId, ApiIds, ApiJson, ApiQuery};
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::ApiError;
use shared::Role;
use shared::api::{
    Board, BoardQuery, ColumnPage, NewPipeline, NewStage, Pipeline, PipelinePatch, StageOrder,
    StagePatch,
};
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
) -> ApiResult<axum::response::Response> {
    // Every member sees the same board for the same query; "stalled" depends on the clock,
    // so an answer is kept for the minute at most.
    let minute = chrono::Utc::now().timestamp() / 60;
    let key = format!("board/{id}?{}@{minute}", q.to_query_string());
    if let Some(body) = state.reads.get(&key) {
        return Ok(super::deals::json_bytes(body));
    }
    let generation = state.reads.generation();
    let board: Board = service::board_view::board(&state.db, PipelineId(id), &q).await?;
    let body = axum::body::Bytes::from(
        serde_json::to_vec(&board).map_err(crate::error::AppError::internal)?,
    );
    state.reads.put(key, generation, body.clone());
    Ok(super::deals::json_bytes(body))
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

/// Answers a configuration change: the pipeline as it is now; caches dropped, watchers told.
fn changed(state: &AppState, p: Pipeline) -> Json<Pipeline> {
    state.reads.invalidate();
    state.events.wake();
    Json(p)
}

/// `POST /api/v1/pipelines` (managers): a new pipeline with its stages.
#[utoipa::path(post, path = "/api/v1/pipelines", tag = "pipelines", security(("session" = [])), request_body = NewPipeline,
    responses((status = 201, body = Pipeline), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_pipeline(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(new): ApiJson<NewPipeline>,
) -> ApiResult<(StatusCode, Json<Pipeline>)> {
    member.require_any(&[Role::Manager])?;
    let _turn = state.writing().await;
    let p = service::pipeline_config::create_pipeline(&state.db, &member, &new).await?;
    Ok((StatusCode::CREATED, changed(&state, p)))
}

/// `PATCH /api/v1/pipelines/{id}` (managers): rename.
#[utoipa::path(patch, path = "/api/v1/pipelines/{id}", tag = "pipelines", security(("session" = [])),
    params(("id" = i64, Path, description = "Pipeline id")), request_body = PipelinePatch,
    responses((status = 200, body = Pipeline), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn rename_pipeline(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(patch): ApiJson<PipelinePatch>,
) -> ApiResult<Json<Pipeline>> {
    member.require_any(&[Role::Manager])?;
    let _turn = state.writing().await;
    let p = service::pipeline_config::rename_pipeline(&state.db, &member, PipelineId(id), &patch)
        .await?;
    Ok(changed(&state, p))
}

/// `POST /api/v1/pipelines/{id}/stages` (managers): add a stage.
#[utoipa::path(post, path = "/api/v1/pipelines/{id}/stages", tag = "pipelines", security(("session" = [])),
    params(("id" = i64, Path, description = "Pipeline id")), request_body = NewStage,
    responses((status = 201, body = Pipeline), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_stage(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(new): ApiJson<NewStage>,
) -> ApiResult<(StatusCode, Json<Pipeline>)> {
    member.require_any(&[Role::Manager])?;
    let _turn = state.writing().await;
    let p = service::pipeline_config::add_stage(&state.db, &member, PipelineId(id), &new).await?;
    Ok((StatusCode::CREATED, changed(&state, p)))
}

/// `PATCH /api/v1/pipelines/{id}/stages/{stage_id}` (managers): rename, probability, owning role,
/// stall limit, kind.
#[utoipa::path(patch, path = "/api/v1/pipelines/{id}/stages/{stage_id}", tag = "pipelines", security(("session" = [])),
    params(("id" = i64, Path, description = "Pipeline id"), ("stage_id" = i64, Path, description = "Stage id")), request_body = StagePatch,
    responses((status = 200, body = Pipeline), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_stage(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiIds(id, stage): ApiIds,
    ApiJson(patch): ApiJson<StagePatch>,
) -> ApiResult<Json<Pipeline>> {
    member.require_any(&[Role::Manager])?;
    let _turn = state.writing().await;
    let p = service::pipeline_config::update_stage(
        &state.db,
        &member,
        PipelineId(id),
        StageId(stage),
        &patch,
    )
    .await?;
    Ok(changed(&state, p))
}

/// `PUT /api/v1/pipelines/{id}/stages/order` (managers): every stage, in the new order.
#[utoipa::path(put, path = "/api/v1/pipelines/{id}/stages/order", tag = "pipelines", security(("session" = [])),
    params(("id" = i64, Path, description = "Pipeline id")), request_body = StageOrder,
    responses((status = 200, body = Pipeline), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError, description = "Not every stage exactly once")))]
pub async fn reorder_stages(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(order): ApiJson<StageOrder>,
) -> ApiResult<Json<Pipeline>> {
    member.require_any(&[Role::Manager])?;
    let _turn = state.writing().await;
    let p = service::pipeline_config::reorder_stages(&state.db, &member, PipelineId(id), &order)
        .await?;
    Ok(changed(&state, p))
}

/// `DELETE /api/v1/pipelines/{id}/stages/{stage_id}` (managers): remove an empty stage.
#[utoipa::path(delete, path = "/api/v1/pipelines/{id}/stages/{stage_id}", tag = "pipelines", security(("session" = [])),
    params(("id" = i64, Path, description = "Pipeline id"), ("stage_id" = i64, Path, description = "Stage id")),
    responses((status = 200, body = Pipeline), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "Deals are still in the stage, or it is the last one")))]
pub async fn remove_stage(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiIds(id, stage): ApiIds,
) -> ApiResult<Json<Pipeline>> {
    member.require_any(&[Role::Manager])?;
    let _turn = state.writing().await;
    let p =
        service::pipeline_config::remove_stage(&state.db, &member, PipelineId(id), StageId(stage))
            .await?;
    Ok(changed(&state, p))
}
