//! Talk scripts: the list, one script, saving the draft (with its version), publishing it as
//! a new immutable version, and reading a version with its diff. Managers and admins edit;
//! appointers and closers read what is published.

use crate::error::ApiResult;
use crate::extract::{ApiId, ApiIds, ApiJson, ApiQuery};
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{
    NewScript, PublishScript, SaveDraft, Script, ScriptQuery, ScriptSummary, ScriptVersion,
};
use shared::{ApiError, ScriptId};

/// `GET /api/v1/scripts`: scripts by name with pipeline, purpose, draft and published
/// version (appointers and closers: only published ones).
#[utoipa::path(get, path = "/api/v1/scripts", tag = "scripts", security(("session" = [])), params(ScriptQuery),
    responses(
        (status = 200, body = Vec<ScriptSummary>),
        (status = 400, body = ApiError, description = "A query parameter is malformed"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not a manager, admin, appointer or closer"),
    ))]
pub async fn list_scripts(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiQuery(q): ApiQuery<ScriptQuery>,
) -> ApiResult<Json<Vec<ScriptSummary>>> {
    Ok(Json(service::scripts::list(&state.db, &member, &q).await?))
}

/// `POST /api/v1/scripts` (managers and admins): a script for a pipeline and a purpose.
#[utoipa::path(post, path = "/api/v1/scripts", tag = "scripts", security(("session" = [])), request_body = NewScript,
    responses(
        (status = 201, body = Script),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers and admins only"),
        (status = 422, body = ApiError, description = "No name, an unknown pipeline, or a body that is not a script graph"),
    ))]
pub async fn create_script(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(body): ApiJson<NewScript>,
) -> ApiResult<(StatusCode, Json<Script>)> {
    let _turn = state.writing().await;
    let s = service::scripts::create(&state.db, &member, &body).await?;
    Ok((StatusCode::CREATED, Json(s)))
}

/// `GET /api/v1/scripts/{id}`: the published graph and its number; managers and admins also
/// get the draft, its version and its problems.
#[utoipa::path(get, path = "/api/v1/scripts/{id}", tag = "scripts", security(("session" = [])),
    params(("id" = i64, Path, description = "Script id")),
    responses(
        (status = 200, body = Script),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not a manager, admin, appointer or closer"),
        (status = 404, body = ApiError, description = "No such script (or, for appointers and closers, none published)"),
    ))]
pub async fn get_script(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
) -> ApiResult<Json<Script>> {
    Ok(Json(
        service::scripts::get(&state.db, &member, ScriptId(id)).await?,
    ))
}

/// `PUT /api/v1/scripts/{id}/draft` (managers and admins): the whole draft and the draft
/// version the edit started from. The draft may have problems while it is edited.
#[utoipa::path(put, path = "/api/v1/scripts/{id}/draft", tag = "scripts", security(("session" = [])),
    params(("id" = i64, Path, description = "Script id")), request_body = SaveDraft,
    responses(
        (status = 200, body = Script),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers and admins only"),
        (status = 404, body = ApiError),
        (status = 409, body = ApiError, description = "The draft changed since `version`; `current` is the script as it is now"),
        (status = 422, body = ApiError, description = "The body is not a script graph (the field is named)"),
    ))]
pub async fn save_draft(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<SaveDraft>,
) -> ApiResult<Json<Script>> {
    let _turn = state.writing().await;
    Ok(Json(
        service::scripts::save_draft(&state.db, &member, ScriptId(id), &body).await?,
    ))
}

/// `POST /api/v1/scripts/{id}/publish` (managers and admins): the draft at `version` becomes
/// the next immutable version, the one calls run.
#[utoipa::path(post, path = "/api/v1/scripts/{id}/publish", tag = "scripts", security(("session" = [])),
    params(("id" = i64, Path, description = "Script id")), request_body = PublishScript,
    responses(
        (status = 200, body = Script),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers and admins only"),
        (status = 404, body = ApiError),
        (status = 409, body = ApiError, description = "The draft changed since `version`; `current` is the script as it is now"),
        (status = 422, body = ApiError, description = "Every problem of the draft, one field error each (`draft.steps[i]…`, code from `ProblemCode`), or the draft is unchanged since the last version"),
    ))]
pub async fn publish_script(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<PublishScript>,
) -> ApiResult<Json<Script>> {
    let script = {
        let _turn = state.writing().await;
        service::scripts::publish(&state.db, &member, ScriptId(id), &body).await?
    };
    // The numbers asked for without a version now mean the new one.
    state.reads.invalidate();
    Ok(Json(script))
}

/// `GET /api/v1/scripts/{id}/versions/{n}`: a published version and its diff to `n - 1`.
#[utoipa::path(get, path = "/api/v1/scripts/{id}/versions/{n}", tag = "scripts", security(("session" = [])),
    params(("id" = i64, Path, description = "Script id"), ("n" = i32, Path, description = "Version number, from 1")),
    responses(
        (status = 200, body = ScriptVersion),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not a manager, admin, appointer or closer"),
        (status = 404, body = ApiError, description = "No such script or version"),
    ))]
pub async fn get_script_version(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiIds(id, n): ApiIds,
) -> ApiResult<Json<ScriptVersion>> {
    let n = i32::try_from(n).map_err(|_| crate::error::AppError::not_found("script version"))?;
    Ok(Json(
        service::scripts::version(&state.db, &member, ScriptId(id), n).await?,
    ))
}
