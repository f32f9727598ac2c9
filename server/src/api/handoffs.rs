//! Hand-offs: the inbox, hand-overs by hand, accepting and rejecting, types and reasons, and
//! the managers' numbers.

use crate::error::{ApiResult, AppError};
use crate::extract::{ApiId, ApiJson, ApiQuery};
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use shared::api::{
    Handoff, HandoffKind, HandoffNotePatch, HandoffQuery, HandoffStats, HandoffType,
    HandoffTypePatch, NewHandoff, NewRejectReason, ReasonQuery, RejectHandoff, RejectReason,
    RejectReasonPatch, StatsPeriod,
};
use shared::{ApiError, HandoffId};

/// After a change: boards and open event streams see it.
fn changed(state: &AppState) {
    state.reads.invalidate();
    state.events.wake();
}

/// `GET /api/v1/handoffs`: `to=me` is the member's inbox (hand-offs named to them, and those
/// to their role with nobody named); `from=me` what they sent; managers may name any member or
/// leave both out to see all.
#[utoipa::path(get, path = "/api/v1/handoffs", tag = "handoffs", security(("session" = [])), params(HandoffQuery),
    responses(
        (status = 200, body = Vec<Handoff>),
        (status = 400, body = ApiError, description = "A query parameter is malformed"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Another member's hand-offs, asked by a non-manager"),
    ))]
pub async fn list_handoffs(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiQuery(q): ApiQuery<HandoffQuery>,
) -> ApiResult<Json<Vec<Handoff>>> {
    Ok(Json(service::handoffs::list(&state.db, &member, &q).await?))
}

/// `POST /api/v1/handoffs`: hand a deal over by hand (its owner in the current stage's role,
/// or a manager); the type's required note fields must be filled.
#[utoipa::path(post, path = "/api/v1/handoffs", tag = "handoffs", security(("session" = [])), request_body = NewHandoff,
    responses(
        (status = 201, body = Handoff),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not the deal's owner nor a manager"),
        (status = 404, body = ApiError),
        (status = 409, body = ApiError, description = "The deal already has a pending hand-off"),
        (status = 422, body = ApiError, description = "A required note field is empty, or the receiver does not hold the role"),
    ))]
pub async fn create_handoff(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(body): ApiJson<NewHandoff>,
) -> ApiResult<(StatusCode, Json<Handoff>)> {
    let _turn = state.writing().await;
    let h = service::handoffs::create(&state.db, &member, &body).await?;
    changed(&state);
    Ok((StatusCode::CREATED, Json(h)))
}

/// `GET /api/v1/handoffs/{id}`.
#[utoipa::path(get, path = "/api/v1/handoffs/{id}", tag = "handoffs", security(("session" = [])),
    params(("id" = i64, Path, description = "Hand-off id")),
    responses((status = 200, body = Handoff), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_handoff(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
) -> ApiResult<Json<Handoff>> {
    Ok(Json(
        service::handoffs::get(&state.db, &member, HandoffId(id)).await?,
    ))
}

/// `PATCH /api/v1/handoffs/{id}`: the giver completes the note while it is pending.
#[utoipa::path(patch, path = "/api/v1/handoffs/{id}", tag = "handoffs", security(("session" = [])),
    params(("id" = i64, Path, description = "Hand-off id")), request_body = HandoffNotePatch,
    responses(
        (status = 200, body = Handoff),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not the giver nor a manager"),
        (status = 404, body = ApiError),
        (status = 409, body = ApiError, description = "Already answered"),
        (status = 422, body = ApiError),
    ))]
pub async fn update_handoff(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<HandoffNotePatch>,
) -> ApiResult<Json<Handoff>> {
    let _turn = state.writing().await;
    let h = service::handoffs::update_note(&state.db, &member, HandoffId(id), &body).await?;
    changed(&state);
    Ok(Json(h))
}

/// `POST /api/v1/handoffs/{id}/accept`: the receiver takes the deal over.
#[utoipa::path(post, path = "/api/v1/handoffs/{id}/accept", tag = "handoffs", security(("session" = [])),
    params(("id" = i64, Path, description = "Hand-off id")),
    responses(
        (status = 200, body = Handoff),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not the receiver"),
        (status = 404, body = ApiError),
        (status = 409, body = ApiError, description = "Already answered"),
    ))]
pub async fn accept_handoff(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
) -> ApiResult<Json<Handoff>> {
    let _turn = state.writing().await;
    let h = service::handoffs::accept(&state.db, &member, HandoffId(id)).await?;
    changed(&state);
    Ok(Json(h))
}

/// `POST /api/v1/handoffs/{id}/reject`: the receiver sends it back with a reason; the deal
/// returns to the stage it came from.
#[utoipa::path(post, path = "/api/v1/handoffs/{id}/reject", tag = "handoffs", security(("session" = [])),
    params(("id" = i64, Path, description = "Hand-off id")), request_body = RejectHandoff,
    responses(
        (status = 200, body = Handoff),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not the receiver"),
        (status = 404, body = ApiError),
        (status = 409, body = ApiError, description = "Already answered"),
        (status = 422, body = ApiError, description = "No reason, or one not in the list"),
    ))]
pub async fn reject_handoff(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<RejectHandoff>,
) -> ApiResult<Json<Handoff>> {
    let _turn = state.writing().await;
    let h = service::handoffs::reject(&state.db, &member, HandoffId(id), &body).await?;
    changed(&state);
    Ok(Json(h))
}

/// `GET /api/v1/handoffs/reasons`: the reasons a receiver may give, in the managers' order;
/// with `include_retired=true` the retired ones too (for past hand-offs' labels).
#[utoipa::path(get, path = "/api/v1/handoffs/reasons", tag = "handoffs", security(("session" = [])), params(ReasonQuery),
    responses(
        (status = 200, body = Vec<RejectReason>),
        (status = 400, body = ApiError, description = "A query parameter is malformed"),
        (status = 401, body = ApiError),
    ))]
pub async fn list_reasons(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiQuery(q): ApiQuery<ReasonQuery>,
) -> ApiResult<Json<Vec<RejectReason>>> {
    Ok(Json(if q.include_retired {
        service::handoffs::all_reasons(&state.db).await?
    } else {
        service::handoffs::reasons(&state.db).await?
    }))
}

/// `POST /api/v1/handoffs/reasons` (managers): a new reject reason, offered last; without a
/// code, one is made from the English label.
#[utoipa::path(post, path = "/api/v1/handoffs/reasons", tag = "handoffs", security(("session" = [])), request_body = NewRejectReason,
    responses(
        (status = 201, body = RejectReason),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers only"),
        (status = 409, body = ApiError, description = "The code is taken"),
        (status = 422, body = ApiError, description = "A label is empty or too long, or the code is malformed"),
    ))]
pub async fn create_reason(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(body): ApiJson<NewRejectReason>,
) -> ApiResult<(StatusCode, Json<RejectReason>)> {
    let _turn = state.writing().await;
    let r = service::handoffs::create_reason(&state.db, &member, &body).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// `PATCH /api/v1/handoffs/reasons/{code}` (managers): labels, retire or offer again, place.
#[utoipa::path(patch, path = "/api/v1/handoffs/reasons/{code}", tag = "handoffs", security(("session" = [])),
    params(("code" = String, Path, description = "The reason's code")), request_body = RejectReasonPatch,
    responses(
        (status = 200, body = RejectReason),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers only"),
        (status = 404, body = ApiError, description = "No such reason"),
        (status = 422, body = ApiError, description = "A label is empty or too long, the place is out of range, or it is the last reason offered"),
    ))]
pub async fn update_reason(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<RejectReasonPatch>,
) -> ApiResult<Json<RejectReason>> {
    let _turn = state.writing().await;
    Ok(Json(
        service::handoffs::update_reason(&state.db, &member, &code, &body).await?,
    ))
}

/// `GET /api/v1/handoffs/types`: each kind's deadline and required note fields.
#[utoipa::path(get, path = "/api/v1/handoffs/types", tag = "handoffs", security(("session" = [])),
    responses((status = 200, body = Vec<HandoffType>), (status = 401, body = ApiError)))]
pub async fn list_types(
    State(state): State<AppState>,
    _member: CurrentMember,
) -> ApiResult<Json<Vec<HandoffType>>> {
    Ok(Json(service::handoffs::types(&state.db).await?))
}

/// `PUT /api/v1/handoffs/types/{kind}` (managers): deadline and required note fields.
#[utoipa::path(put, path = "/api/v1/handoffs/types/{kind}", tag = "handoffs", security(("session" = [])),
    params(("kind" = String, Path, description = "appointment, won or stage")), request_body = HandoffTypePatch,
    responses(
        (status = 200, body = HandoffType),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers only"),
        (status = 404, body = ApiError, description = "No such kind"),
        (status = 422, body = ApiError),
    ))]
pub async fn update_type(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(kind): Path<String>,
    ApiJson(body): ApiJson<HandoffTypePatch>,
) -> ApiResult<Json<HandoffType>> {
    let kind = HandoffKind::parse(&kind).ok_or_else(|| AppError::not_found("hand-off type"))?;
    let _turn = state.writing().await;
    Ok(Json(
        service::handoffs::update_type(&state.db, &member, kind, &body).await?,
    ))
}

/// `GET /api/v1/handoffs/stats?from=YYYY-MM-DD&to=YYYY-MM-DD` (managers): per member and edge,
/// and the credit per member and role for the deals won in the period.
#[utoipa::path(get, path = "/api/v1/handoffs/stats", tag = "handoffs", security(("session" = [])), params(StatsPeriod),
    responses(
        (status = 200, body = HandoffStats),
        (status = 400, body = ApiError, description = "A date is malformed or missing"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers only"),
        (status = 422, body = ApiError, description = "The period ends before it starts, or spans over two years"),
    ))]
pub async fn handoff_stats(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiQuery(period): ApiQuery<StatsPeriod>,
) -> ApiResult<Json<HandoffStats>> {
    Ok(Json(
        service::handoffs::stats(&state.db, &member, &period).await?,
    ))
}
