//! The team.

use crate::error::ApiResult;
use crate::extract::ApiJson;
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{MemberSummary, NewMember};
use shared::{ApiError, Role};

/// `GET /api/v1/members`: everyone on the team (any signed-in member).
#[utoipa::path(get, path = "/api/v1/members", tag = "members", security(("session" = [])),
    responses((status = 200, body = Vec<MemberSummary>), (status = 401, body = ApiError)))]
pub async fn list_members(
    State(state): State<AppState>,
    _member: CurrentMember,
) -> ApiResult<Json<Vec<MemberSummary>>> {
    Ok(Json(service::members::list_members(&state.db).await?))
}

/// `POST /api/v1/members`: adds a member (managers only).
#[utoipa::path(post, path = "/api/v1/members", tag = "members", security(("session" = [])), request_body = NewMember,
    responses(
        (status = 201, body = MemberSummary),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Only managers add members"),
        (status = 422, body = ApiError, description = "A field is not valid, or the e-mail is taken"),
    ))]
pub async fn create_member(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(new): ApiJson<NewMember>,
) -> ApiResult<(StatusCode, Json<MemberSummary>)> {
    member.require_any(&[Role::Manager])?;
    let _turn = state.writing().await;
    let created = service::members::create_member(&state.db, Some(member.id), &new).await?;
    state.reads.invalidate();
    Ok((StatusCode::CREATED, Json(created)))
}
