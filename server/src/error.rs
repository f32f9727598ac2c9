//! `AppError`: every failure a handler can return, answered with the wire error shape.
//!
//! Policy: a client's fault gets a specific code and message; anything internal is logged
//! with its detail and the client is told only "internal error". Nothing internal leaks.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::DbErr;
use shared::{ApiError, ErrorCode, FieldError};

/// A failed request, ready to be sent.
#[derive(Debug)]
pub struct AppError {
    body: ApiError,
    retry_after: Option<u64>,
}

impl AppError {
    /// An error with a code and a message for a person.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            body: ApiError::new(code, message),
            retry_after: None,
        }
    }

    /// 400.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    /// 401: no valid session.
    pub fn unauthorized() -> Self {
        Self::new(ErrorCode::Unauthorized, "Sign in to continue.")
    }

    /// 403: the member's roles do not allow this.
    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden, "Your roles do not allow this.")
    }

    /// 404.
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("No such {what}."))
    }

    /// 409.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    /// 422 with field errors.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        Self {
            body: ApiError::validation(fields),
            retry_after: None,
        }
    }

    /// 429, with the seconds to wait.
    pub fn rate_limited(retry_after: u64) -> Self {
        Self {
            body: ApiError::new(
                ErrorCode::RateLimited,
                format!(
                    "Too many sign-in attempts. Try again in {} minutes.",
                    retry_after.div_ceil(60)
                ),
            ),
            retry_after: Some(retry_after),
        }
    }

    /// 500: logs `detail`, tells the client nothing about it.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        Self::new(
            ErrorCode::Internal,
            "Internal error. The server log has the details.",
        )
    }

    /// Adds field errors (keeping the code and status).
    pub fn with_fields(mut self, fields: Vec<FieldError>) -> Self {
        self.body.error.fields = fields;
        self
    }

    /// The wire body.
    pub fn body(&self) -> &ApiError {
        &self.body
    }
}

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        AppError::internal(e)
    }
}

impl From<crate::service::ServiceError> for AppError {
    fn from(e: crate::service::ServiceError) -> Self {
        use crate::service::ServiceError as S;
        match e {
            S::NotFound(what) => AppError::not_found(what),
            S::Conflict(msg) => AppError::conflict(msg),
            S::Stale { message, current } => {
                let mut e = AppError::conflict(message);
                e.body.error.current = Some(current);
                e
            }
            S::Invalid(fields) => AppError::validation(fields),
            S::Forbidden => AppError::forbidden(),
            S::Db(e) => AppError::internal(e),
            S::Internal(e) => AppError::internal(e),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.body.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = (status, axum::Json(self.body)).into_response();
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        resp
    }
}

/// A handler's result.
pub type ApiResult<T> = Result<T, AppError>;
