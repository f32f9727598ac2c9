//! Call mode: the appointer's queue, starting a call on a published script version, recording
//! each answer as it is clicked, finishing with an outcome; and a script version's numbers.
//! Appointers and managers make calls; managers and admins read the numbers.

use crate::error::{ApiResult, AppError};
use crate::extract::{ApiId, ApiJson, ApiQuery};
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use shared::api::{
    Call, CallAnswer, CallContext, FinishCall, QueueEntry, ScriptStats, StartCall, StatsQuery,
};
use shared::{ApiError, CallId, ScriptId};

/// `GET /api/v1/calls/queue`: the member's deals due for a call, soonest first.
#[utoipa::path(get, path = "/api/v1/calls/queue", tag = "calls", security(("session" = [])),
    responses(
        (status = 200, body = Vec<QueueEntry>, description = "Deals the member is the appointer of, in open appointer stages, with a planned call due now or earlier or never called; each with its contact and the pipeline's published cold-call (never called) or follow-up script"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Appointers and managers only"),
    ))]
pub async fn call_queue(
    State(state): State<AppState>,
    member: CurrentMember,
) -> ApiResult<Json<Vec<QueueEntry>>> {
    Ok(Json(service::calls::queue(&state.db, &member).await?))
}

/// `POST /api/v1/calls`: starts a call on the script's published version.
#[utoipa::path(post, path = "/api/v1/calls", tag = "calls", security(("session" = [])), request_body = StartCall,
    responses(
        (status = 201, body = Call, description = "The call, at the version's start step"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not an appointer or manager, or an appointer who is not the deal's appointer"),
        (status = 422, body = ApiError, description = "No such deal (`deal_id`); no such script, none published, or for another pipeline (`script_id`)"),
    ))]
pub async fn start_call(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(body): ApiJson<StartCall>,
) -> ApiResult<(StatusCode, Json<Call>)> {
    let _turn = state.writing().await;
    let call = service::calls::start(&state.db, &member, &body).await?;
    Ok((StatusCode::CREATED, Json(call)))
}

/// `GET /api/v1/calls/{id}`: a call as recorded (its member, or a manager).
#[utoipa::path(get, path = "/api/v1/calls/{id}", tag = "calls", security(("session" = [])),
    params(("id" = i64, Path, description = "Call id")),
    responses(
        (status = 200, body = Call),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not the member who made it, nor a manager"),
        (status = 404, body = ApiError),
    ))]
pub async fn get_call(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
) -> ApiResult<Json<Call>> {
    Ok(Json(
        service::calls::get(&state.db, &member, CallId(id)).await?,
    ))
}

/// `GET /api/v1/calls/{id}/context`: what the call screen shows beside the script.
#[utoipa::path(get, path = "/api/v1/calls/{id}/context", tag = "calls", security(("session" = [])),
    params(("id" = i64, Path, description = "Call id")),
    responses(
        (status = 200, body = CallContext, description = "The deal, the person called (the call's contact, else the account's primary one), the member's company for `{member.company}`, the active closers, and the closer to preselect for an appointment (the deal's own, else the team routing's choice)"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not the member who made it, nor a manager"),
        (status = 404, body = ApiError),
    ))]
pub async fn call_context(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
) -> ApiResult<Json<CallContext>> {
    Ok(Json(
        service::calls::context(&state.db, &member, CallId(id), &state.config.company_name).await?,
    ))
}

fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    match headers.get("idempotency-key") {
        Some(v) => Ok(Some(
            v.to_str()
                .ok()
                .map(str::trim)
                .filter(|k| !k.is_empty() && k.len() <= 200)
                .ok_or_else(|| {
                    AppError::bad_request(
                        "Idempotency-Key must be 1 to 200 visible ASCII characters.",
                    )
                })?
                .to_owned(),
        )),
        None => Ok(None),
    }
}

/// `POST /api/v1/calls/{id}/answers`: an answer at a step (or `back`), recorded at once.
/// Safe to retry with an `Idempotency-Key` header or the click's `seq`.
#[utoipa::path(post, path = "/api/v1/calls/{id}/answers", tag = "calls", security(("session" = [])),
    params(("id" = i64, Path, description = "Call id"),
        ("Idempotency-Key" = Option<String>, Header, description = "A key per click: a repeat is answered with the call as it is, not recorded twice")),
    request_body = CallAnswer,
    responses(
        (status = 200, body = Call, description = "The call with the answer recorded: its path and the step it is at now"),
        (status = 400, body = ApiError, description = "A malformed Idempotency-Key"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not the member who started the call, nor a manager"),
        (status = 404, body = ApiError),
        (status = 409, body = ApiError, description = "The call is finished, or `seq` names a click recorded as another answer or skips one"),
        (status = 422, body = ApiError, description = "A step not in the version (or not the one the call is at, unless shared), an answer index not in the step, `back` at the start, a key reused for another answer"),
    ))]
pub async fn answer_call(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CallAnswer>,
) -> ApiResult<Json<Call>> {
    let key = idempotency_key(&headers)?;
    let _turn = state.writing().await;
    Ok(Json(
        service::calls::answer(&state.db, &member, CallId(id), &body, key.as_deref()).await?,
    ))
}

/// `POST /api/v1/calls/{id}/finish`: the outcome. Records the call activity (outcome, path,
/// duration); `appointment_set` sets the closer, moves the deal to the closers' first open stage
/// (opening the hand-off) and plans the closer's meeting; `call_back` plans the next call.
#[utoipa::path(post, path = "/api/v1/calls/{id}/finish", tag = "calls", security(("session" = [])),
    params(("id" = i64, Path, description = "Call id")), request_body = FinishCall,
    responses(
        (status = 200, body = Call),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not the member who started the call, nor a manager"),
        (status = 404, body = ApiError),
        (status = 409, body = ApiError, description = "The call is already finished, or the deal changed meanwhile"),
        (status = 422, body = ApiError, description = "What the outcome needs, each field named: `meeting_at` and `closer_id` (an active closer) for appointment_set, `call_back_at` for call_back, `reason` for not_interested; `outcome` when the deal cannot be handed to closers"),
    ))]
pub async fn finish_call(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<FinishCall>,
) -> ApiResult<Json<Call>> {
    let done = {
        let _turn = state.writing().await;
        service::calls::finish(&state.db, &member, CallId(id), &body).await?
    };
    // Every finished call changes the script's numbers (and may have moved the deal).
    state.reads.invalidate();
    state.events.wake();
    Ok(Json(done.call))
}

/// `GET /api/v1/scripts/{id}/stats?version=N&compare=M` (managers and admins): per step of
/// the version, calls that reached it, answers given, where calls ended, and the rates to
/// appointment set, meeting held and won with their counts; `compare` adds a second version.
#[utoipa::path(get, path = "/api/v1/scripts/{id}/stats", tag = "scripts", security(("session" = [])),
    params(("id" = i64, Path, description = "Script id"), StatsQuery),
    responses(
        (status = 200, body = ScriptStats),
        (status = 400, body = ApiError, description = "A query parameter is malformed"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers and admins only"),
        (status = 404, body = ApiError, description = "No such script or version"),
        (status = 422, body = ApiError, description = "No version named and none published (`version`)"),
    ))]
pub async fn script_stats(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> ApiResult<axum::response::Response> {
    // The numbers are the same for every reader, and change only when a call finishes, a deal
    // moves or a script is published, each of which invalidates the read cache.
    service::calls::may_read_stats(&member)?;
    let key = format!("script-stats/{id}?{}", q.to_query_string());
    if let Some(body) = state.reads.get(&key) {
        return Ok(super::deals::json_bytes(body));
    }
    let generation = state.reads.generation();
    let stats: ScriptStats = service::calls::stats(&state.db, &member, ScriptId(id), &q).await?;
    let body = axum::body::Bytes::from(
        serde_json::to_vec(&stats).map_err(crate::error::AppError::internal)?,
    );
    state.reads.put(key, generation, body.clone());
    Ok(super::deals::json_bytes(body))
}
