//! The team role matrix, absences and the routing preview (managers only).

use crate::error::{ApiResult, AppError};
use crate::extract::{ApiId, ApiJson, ApiQuery};
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use shared::api::{
    Absence, AbsenceRef, NewAbsence, RoleCell, RoleCellUpdate, RoutingPreview, RoutingPreviewQuery,
    TeamMatrix,
};
use shared::{ApiError, MemberId, Role};

/// `GET /api/v1/team/matrix` (managers): every active member × the five roles, with weights,
/// capacities, coverage, absences, current load and the coverage gaps.
#[utoipa::path(get, path = "/api/v1/team/matrix", tag = "team", security(("session" = [])),
    responses(
        (status = 200, body = TeamMatrix),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers only"),
    ))]
pub async fn team_matrix(
    State(state): State<AppState>,
    member: CurrentMember,
) -> ApiResult<Json<TeamMatrix>> {
    member.require_any(&[Role::Manager])?;
    Ok(Json(service::team::matrix(&state.db).await?))
}

/// `PUT /api/v1/team/members/{id}/roles/{role}` (managers): holds the role or not, its weight,
/// capacities and coverage (empty lists: all). Audited; takes effect at once.
#[utoipa::path(put, path = "/api/v1/team/members/{id}/roles/{role}", tag = "team", security(("session" = [])),
    params(("id" = i64, Path, description = "Member id"), ("role" = Role, Path, description = "The role")),
    request_body = RoleCellUpdate,
    responses(
        (status = 200, body = RoleCell),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers only"),
        (status = 404, body = ApiError, description = "No such member or role"),
        (status = 409, body = ApiError, description = "The team's last manager role cannot be removed"),
        (status = 422, body = ApiError, description = "Weight outside 1–100, a capacity too large, an unknown territory or segment"),
    ))]
pub async fn update_role_cell(
    State(state): State<AppState>,
    member: CurrentMember,
    Path((id, role)): Path<(String, String)>,
    ApiJson(body): ApiJson<RoleCellUpdate>,
) -> ApiResult<Json<RoleCell>> {
    member.require_any(&[Role::Manager])?;
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(MemberId)
        .ok_or_else(|| AppError::not_found("member"))?;
    let role = role
        .parse::<Role>()
        .map_err(|_| AppError::not_found("role"))?;
    let cell = {
        let _turn = state.writing().await;
        service::team::update_cell(&state.db, member.id, id, role, &body).await?
    };
    // The member's roles changed: their sessions read them again on the next request.
    state.sessions.remove_member(id);
    state.reads.invalidate();
    Ok(Json(cell))
}

/// `POST /api/v1/team/members/{id}/absences` (managers): a period away (both days included).
#[utoipa::path(post, path = "/api/v1/team/members/{id}/absences", tag = "team", security(("session" = [])),
    params(("id" = i64, Path, description = "Member id")),
    request_body = NewAbsence,
    responses(
        (status = 201, body = Absence),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers only"),
        (status = 404, body = ApiError, description = "No such member"),
        (status = 422, body = ApiError, description = "Ends before it starts, longer than 366 days, or the note is too long"),
    ))]
pub async fn add_absence(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<NewAbsence>,
) -> ApiResult<(StatusCode, Json<Absence>)> {
    member.require_any(&[Role::Manager])?;
    let _turn = state.writing().await;
    let a = service::team::add_absence(&state.db, member.id, MemberId(id), &body).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

/// `DELETE /api/v1/team/members/{id}/absences?absence_id=…` (managers).
#[utoipa::path(delete, path = "/api/v1/team/members/{id}/absences", tag = "team", security(("session" = [])),
    params(("id" = i64, Path, description = "Member id"), AbsenceRef),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, body = ApiError, description = "absence_id is missing or malformed"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers only"),
        (status = 404, body = ApiError, description = "No such member, or the absence is not theirs"),
    ))]
pub async fn remove_absence(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiQuery(which): ApiQuery<AbsenceRef>,
) -> ApiResult<StatusCode> {
    member.require_any(&[Role::Manager])?;
    let _turn = state.writing().await;
    service::team::remove_absence(&state.db, member.id, MemberId(id), which).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/team/routing/preview?role=…&territory_id=…&segment_id=…` (managers): who would
/// get the next item, and every holder's verdict. Changes nothing.
#[utoipa::path(get, path = "/api/v1/team/routing/preview", tag = "team", security(("session" = [])),
    params(RoutingPreviewQuery),
    responses(
        (status = 200, body = RoutingPreview),
        (status = 400, body = ApiError, description = "A query parameter is missing or malformed (role is required)"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers only"),
        (status = 422, body = ApiError, description = "No such territory or segment"),
    ))]
pub async fn routing_preview(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiQuery(q): ApiQuery<RoutingPreviewQuery>,
) -> ApiResult<Json<RoutingPreview>> {
    member.require_any(&[Role::Manager])?;
    Ok(Json(service::team::preview(&state.db, &q).await?))
}
