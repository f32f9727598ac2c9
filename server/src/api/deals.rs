//! Deals.

use crate::error::ApiResult;
use crate::extract::ApiQuery;
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
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
) -> ApiResult<Json<DealPage>> {
    Ok(Json(service::deals::list_deals(&state.db, &q).await?))
}
