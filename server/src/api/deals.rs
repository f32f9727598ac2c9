//! Deals.

use crate::error::{ApiResult, AppError};
use crate::extract::ApiQuery;
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use shared::ApiError;
use shared::api::{DealPage, DealQuery};

/// `GET /api/v1/deals`: a page of a pipeline's deals in the team's order, with totals per stage.
#[utoipa::path(get, path = "/api/v1/deals", tag = "deals", security(("session" = [])), params(DealQuery),
    responses(
        (status = 200, body = DealPage),
        (status = 400, body = ApiError, description = "A query parameter is malformed"),
        (status = 401, body = ApiError),
        (status = 404, body = ApiError, description = "No such pipeline"),
        (status = 422, body = ApiError, description = "pipeline_id missing, or a bad cursor or limit"),
    ))]
pub async fn list_deals(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiQuery(q): ApiQuery<DealQuery>,
) -> ApiResult<Response> {
    // Every member sees every deal for now, so the answer depends on the query alone.
    let key = format!("deals?{}", q.to_query_string());
    if let Some(body) = state.reads.get(&key) {
        return Ok(json_bytes(body));
    }
    let generation = state.reads.generation();
    let page = service::deals::list_deals(&state.db, &q).await?;
    let body = Bytes::from(serde_json::to_vec(&page).map_err(AppError::internal)?);
    state.reads.put(key, generation, body.clone());
    Ok(json_bytes(body))
}

fn json_bytes(body: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}
