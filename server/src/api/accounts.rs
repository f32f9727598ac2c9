//! Accounts, segments and territories.

use crate::error::ApiResult;
use crate::extract::{ApiId, ApiJson, ApiQuery};
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{Account, AccountQuery, NewAccount, Segment, SegmentPatch, Territory};
use shared::{ApiError, SegmentId};

/// `GET /api/v1/accounts`: accounts whose name or kana reading contains `q`, by name.
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts", security(("session" = [])), params(AccountQuery),
    responses(
        (status = 200, body = Vec<Account>),
        (status = 400, body = ApiError, description = "A query parameter is malformed"),
        (status = 401, body = ApiError),
        (status = 422, body = ApiError, description = "limit outside 1–50, or q longer than 100 characters"),
    ))]
pub async fn list_accounts(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiQuery(q): ApiQuery<AccountQuery>,
) -> ApiResult<Json<Vec<Account>>> {
    Ok(Json(service::accounts::search(&state.db, &q).await?))
}

/// `POST /api/v1/accounts`: a new customer (any member).
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", security(("session" = [])), request_body = NewAccount,
    responses(
        (status = 201, body = Account),
        (status = 401, body = ApiError),
        (status = 422, body = ApiError, description = "A field is not valid (blank name, unknown segment, …)"),
    ))]
pub async fn create_account(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(new): ApiJson<NewAccount>,
) -> ApiResult<(StatusCode, Json<Account>)> {
    let _turn = state.writing().await;
    let account = service::accounts::create(&state.db, member.id, &new).await?;
    state.reads.invalidate();
    Ok((StatusCode::CREATED, Json(account)))
}

/// `GET /api/v1/segments`.
#[utoipa::path(get, path = "/api/v1/segments", tag = "accounts", security(("session" = [])),
    responses((status = 200, body = Vec<Segment>), (status = 401, body = ApiError)))]
pub async fn list_segments(
    State(state): State<AppState>,
    _member: CurrentMember,
) -> ApiResult<Json<Vec<Segment>>> {
    Ok(Json(service::accounts::segments(&state.db).await?))
}

/// `PATCH /api/v1/segments/{id}` (managers): how often the segment's accounts are to be
/// contacted, 1–365 days, or `null` for none.
#[utoipa::path(patch, path = "/api/v1/segments/{id}", tag = "accounts", security(("session" = [])),
    params(("id" = i64, Path, description = "Segment id")), request_body = SegmentPatch,
    responses(
        (status = 200, body = Segment),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not a manager"),
        (status = 404, body = ApiError),
        (status = 422, body = ApiError, description = "contact_interval_days outside 1–365"),
    ))]
pub async fn update_segment(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(patch): ApiJson<SegmentPatch>,
) -> ApiResult<Json<Segment>> {
    let _turn = state.writing().await;
    let segment =
        service::accounts::update_segment(&state.db, &member, SegmentId(id), &patch).await?;
    state.reads.invalidate();
    Ok(Json(segment))
}

/// `GET /api/v1/territories`.
#[utoipa::path(get, path = "/api/v1/territories", tag = "accounts", security(("session" = [])),
    responses((status = 200, body = Vec<Territory>), (status = 401, body = ApiError)))]
pub async fn list_territories(
    State(state): State<AppState>,
    _member: CurrentMember,
) -> ApiResult<Json<Vec<Territory>>> {
    Ok(Json(service::accounts::territories(&state.db).await?))
}
