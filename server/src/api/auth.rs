//! Signing in and out, and the signed-in member's own record.

use crate::error::{ApiResult, AppError};
use crate::extract::ApiJson;
use crate::service;
use crate::session::{self, CurrentMember};
use crate::state::AppState;
use axum::Json;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::{HeaderMap, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use shared::ApiError;
use shared::api::{LoginRequest, Me, MePatch};
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

/// The client's address, when the server knows it (not in in-process tests).
pub struct ClientIp(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// `POST /api/v1/auth/login`.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = Me, description = "Signed in; the `baton_session` cookie is set"),
        (status = 401, body = ApiError, description = "Wrong e-mail or password (the same answer for both)"),
        (status = 422, body = ApiError, description = "A field is missing or malformed"),
        (status = 429, body = ApiError, description = "Too many failed attempts for this account or address"),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    req.validate().map_err(AppError::validation)?;
    let email = shared::validate::normalize_email(&req.email);
    let now = Instant::now();
    state
        .limiter
        .check(&email, ip, now)
        .map_err(AppError::rate_limited)?;
    let Some(member) = service::auth::authenticate(&state.db, &email, &req.password).await? else {
        state.limiter.failed(&email, ip, now);
        tracing::info!(ip = ?ip, "sign-in refused");
        return Err(AppError::new(
            shared::ErrorCode::Unauthorized,
            "The email or password is incorrect.",
        ));
    };
    state.limiter.succeeded(&email);
    let days = state.config.session_days;
    // The new session is a write: it takes the SQLite writer turn (after the password check,
    // which is slow on purpose), like every other write.
    let token = {
        let _turn = state.writing().await;
        service::auth::create_session(&state.db, member.id, days).await?
    };
    let roles = service::auth::roles_of(&state.db, member.id).await?;
    tracing::info!(member = member.id, "signed in");
    let me = service::auth::me_of(member, roles);
    let cookie = session::set_cookie(&token, days * 86_400, state.config.cookie_secure);
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

/// `POST /api/v1/auth/logout`: ends the session (if any) and clears the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204, description = "Signed out; the cookie is cleared")))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = session::token_from_headers(&headers) {
        let id = session::token_id(&token);
        let _turn = state.writing().await;
        service::auth::end_session(&state.db, &id).await?;
        state.sessions.remove(&id);
    }
    let cookie = session::clear_cookie(state.config.cookie_secure);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// `GET /api/v1/me`.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("session" = [])),
    responses((status = 200, body = Me), (status = 401, body = ApiError)))]
pub async fn me(member: CurrentMember) -> Json<Me> {
    Json(member.me)
}

/// `PATCH /api/v1/me`: language and time zone.
#[utoipa::path(patch, path = "/api/v1/me", tag = "auth", security(("session" = [])), request_body = MePatch,
    responses((status = 200, body = Me), (status = 401, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_me(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(patch): ApiJson<MePatch>,
) -> ApiResult<Json<Me>> {
    let _turn = state.writing().await;
    service::members::update_preferences(&state.db, member.id, &patch).await?;
    state.sessions.remove_member(member.id);
    let mut me = member.me;
    if let Some(l) = patch.locale {
        me.locale = l;
    }
    if let Some(tz) = patch.time_zone {
        me.time_zone = tz;
    }
    Ok(Json(me))
}
