//! Deals.

use crate::error::{ApiResult, AppError};
use crate::extract::{ApiId, ApiJson, ApiQuery};
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use shared::ApiError;
use shared::DealId;
use shared::api::{
    Activity, AuditEntry, DealPage, DealPatch, DealQuery, DealRow, MoveDeal, NewActivity, NewDeal,
    StageMove,
};

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

/// A JSON body already serialized (a cached answer).
pub(crate) fn json_bytes(body: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// `GET /api/v1/deals/{id}`.
#[utoipa::path(get, path = "/api/v1/deals/{id}", tag = "deals", security(("session" = [])),
    params(("id" = i64, Path, description = "Deal id")),
    responses((status = 200, body = DealRow), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_deal(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiId(id): ApiId,
) -> ApiResult<Json<DealRow>> {
    let deal = service::deals::get_deal(&state.db, DealId(id))
        .await?
        .ok_or_else(|| AppError::not_found("deal"))?;
    Ok(Json(deal))
}

/// `POST /api/v1/deals/{id}/move`: to another stage or another place in its stage.
#[utoipa::path(post, path = "/api/v1/deals/{id}/move", tag = "deals", security(("session" = [])),
    params(
        ("id" = i64, Path, description = "Deal id"),
        ("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key (per member) is applied once and answered as the first time"),
    ),
    request_body = MoveDeal,
    responses(
        (status = 200, body = DealRow, description = "Moved; the deal as it is now (new version)"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "The member's roles may not make this move"),
        (status = 404, body = ApiError, description = "No such deal"),
        (status = 409, body = ApiError, description = "The version is stale; `error.current` is the deal as it is now"),
        (status = 422, body = ApiError, description = "A stage of another pipeline, a bad neighbour, or an Idempotency-Key reused for another deal"),
    ))]
pub async fn move_deal(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    headers: HeaderMap,
    ApiJson(req): ApiJson<MoveDeal>,
) -> ApiResult<Json<DealRow>> {
    let key = match headers.get("idempotency-key") {
        Some(v) => Some(
            v.to_str()
                .ok()
                .map(str::trim)
                .filter(|k| !k.is_empty() && k.len() <= 200)
                .ok_or_else(|| {
                    AppError::bad_request(
                        "Idempotency-Key must be 1 to 200 visible ASCII characters.",
                    )
                })?,
        ),
        None => None,
    };
    let moved = state
        .moves
        .submit(member, DealId(id), req, key.map(str::to_owned))
        .await?;
    state.reads.invalidate();
    state.events.wake();
    Ok(Json(moved.deal))
}

/// `GET /api/v1/deals/{id}/history`: every stage move, oldest first.
#[utoipa::path(get, path = "/api/v1/deals/{id}/history", tag = "deals", security(("session" = [])),
    params(("id" = i64, Path, description = "Deal id")),
    responses((status = 200, body = Vec<StageMove>), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn deal_history(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<StageMove>>> {
    Ok(Json(service::board::history(&state.db, DealId(id)).await?))
}

/// `POST /api/v1/deals`: a new deal at the end of its stage.
#[utoipa::path(post, path = "/api/v1/deals", tag = "deals", security(("session" = [])), request_body = NewDeal,
    responses(
        (status = 201, body = DealRow),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "The member's roles may not create deals in that stage"),
        (status = 422, body = ApiError, description = "A field is not valid (unknown account, owner without the role, …)"),
    ))]
pub async fn create_deal(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(new): ApiJson<NewDeal>,
) -> ApiResult<(StatusCode, Json<DealRow>)> {
    let _turn = state.writing().await;
    let deal = service::deal_edit::create_deal(&state.db, &member, &new).await?;
    state.reads.invalidate();
    state.events.wake();
    Ok((StatusCode::CREATED, Json(deal)))
}

/// `PATCH /api/v1/deals/{id}`: edit fields with the version the edit started from.
#[utoipa::path(patch, path = "/api/v1/deals/{id}", tag = "deals", security(("session" = [])),
    params(("id" = i64, Path, description = "Deal id")), request_body = DealPatch,
    responses(
        (status = 200, body = DealRow),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not the member's deal, or an owner change by a non-manager"),
        (status = 404, body = ApiError),
        (status = 409, body = ApiError, description = "The version is stale; `error.current` is the deal as it is now"),
        (status = 422, body = ApiError),
    ))]
pub async fn update_deal(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(patch): ApiJson<DealPatch>,
) -> ApiResult<Json<DealRow>> {
    let _turn = state.writing().await;
    let deal = service::deal_edit::update_deal(&state.db, &member, DealId(id), &patch).await?;
    state.reads.invalidate();
    state.events.wake();
    Ok(Json(deal))
}

/// `GET /api/v1/deals/{id}/activities`: planned ones first (soonest first), then done ones
/// (latest first).
#[utoipa::path(get, path = "/api/v1/deals/{id}/activities", tag = "deals", security(("session" = [])),
    params(("id" = i64, Path, description = "Deal id")),
    responses((status = 200, body = Vec<Activity>), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn deal_activities(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<Activity>>> {
    Ok(Json(
        service::deal_detail::activities(&state.db, DealId(id)).await?,
    ))
}

/// `POST /api/v1/deals/{id}/activities`: plan an activity (`planned_at`) or record one done
/// (`done_at`), as the signed-in member.
#[utoipa::path(post, path = "/api/v1/deals/{id}/activities", tag = "deals", security(("session" = [])),
    params(("id" = i64, Path, description = "Deal id")), request_body = NewActivity,
    responses(
        (status = 201, body = Activity),
        (status = 401, body = ApiError),
        (status = 404, body = ApiError),
        (status = 422, body = ApiError, description = "Unknown kind, blank subject, or not exactly one of planned_at/done_at"),
    ))]
pub async fn add_activity(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(new): ApiJson<NewActivity>,
) -> ApiResult<(StatusCode, Json<Activity>)> {
    let _turn = state.writing().await;
    let activity =
        service::deal_detail::add_activity(&state.db, member.id, DealId(id), &new).await?;
    state.reads.invalidate();
    Ok((StatusCode::CREATED, Json(activity)))
}

/// `GET /api/v1/deals/{id}/audit`: who changed which field from what to what, newest first.
#[utoipa::path(get, path = "/api/v1/deals/{id}/audit", tag = "deals", security(("session" = [])),
    params(("id" = i64, Path, description = "Deal id")),
    responses((status = 200, body = Vec<AuditEntry>), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn deal_audit(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<AuditEntry>>> {
    Ok(Json(
        service::deal_detail::audit_trail(&state.db, DealId(id)).await?,
    ))
}
