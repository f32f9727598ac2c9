//! Sessions: a random token in an HttpOnly, SameSite=Lax cookie; the server keeps only its
//! SHA-256. `require_session` guards every private route (deny by default) and puts the
//! `CurrentMember` into the request.

use crate::error::AppError;
use crate::service;
use crate::state::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, header, request::Parts};
use axum::middleware::Next;
use axum::response::Response;
use rand::RngCore;
use sha2::{Digest, Sha256};
use shared::Role;
use shared::api::Me;

/// The session cookie's name.
pub const COOKIE: &str = "baton_session";

/// The signed-in member making the request: the member as the wire shows them (`Me`, reachable
/// through `Deref`), and the session they came with.
#[derive(Clone, Debug)]
pub struct CurrentMember {
    /// The member.
    pub me: Me,
    /// SHA-256 of the session token (the session's id).
    pub session_id: String,
}

impl std::ops::Deref for CurrentMember {
    type Target = Me;
    fn deref(&self) -> &Me {
        &self.me
    }
}

impl CurrentMember {
    /// Refuses with 403 unless the member holds one of `roles`.
    pub fn require_any(&self, roles: &[Role]) -> Result<(), AppError> {
        if roles.iter().any(|r| self.has(*r)) {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentMember {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentMember>()
            .cloned()
            .ok_or_else(AppError::unauthorized)
    }
}

/// A new random token: 32 bytes, hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The stored id of a token.
pub fn token_id(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The session token from the `Cookie` header, if any.
pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

/// `Set-Cookie` for a new session.
pub fn set_cookie(token: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let v =
        format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    HeaderValue::from_str(&v)
        .unwrap_or_else(|_| HeaderValue::from_static("baton_session=; Path=/; Max-Age=0"))
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    if secure {
        HeaderValue::from_static(
            "baton_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure",
        )
    } else {
        HeaderValue::from_static("baton_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
    }
}

/// Middleware for private routes: a valid, unexpired session or 401.
pub async fn require_session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, AppError> {
    let token = token_from_headers(req.headers()).ok_or_else(AppError::unauthorized)?;
    let id = token_id(&token);
    let member = match state.sessions.get(&id) {
        Some(m) => m,
        None => {
            // Reading the session may write it (its idle expiry, or its deletion once expired).
            // On SQLite that write takes the writer turn like every other, so that it cannot
            // commit inside another writer's transaction, which would then fail with
            // SQLITE_BUSY_SNAPSHOT ("database is locked").
            let (m, expires_at) = service::auth::session_member(
                &state.db,
                &id,
                state.config.session_days,
                state.writing(),
            )
            .await?
            .ok_or_else(AppError::unauthorized)?;
            state.sessions.put(&m, expires_at);
            m
        }
    };
    req.extensions_mut().insert(member);
    Ok(next.run(req).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_session_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; baton_session=abc123; x=y"),
        );
        assert_eq!(token_from_headers(&h).as_deref(), Some("abc123"));
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("baton_session="));
        assert_eq!(token_from_headers(&h), None);
    }

    #[test]
    fn cookie_is_httponly_and_samesite() {
        let c = set_cookie("t", 60, false);
        let s = c.to_str().unwrap_or_default();
        assert!(
            s.contains("HttpOnly") && s.contains("SameSite=Lax") && !s.contains("Secure"),
            "{s}"
        );
        let s = set_cookie("t", 60, true);
        assert!(s.to_str().unwrap_or_default().ends_with("; Secure"));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_eq!(token_id(&a).len(), 64);
        assert_ne!(token_id(&a), a);
    }
}
