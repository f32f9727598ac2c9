//! The wire error: `{ "error": { "code", "message", "fields"? } }`.
//!
//! Every failed API call answers with this shape. `code` is stable and machine-readable,
//! `message` is for a person, `fields` names each bad input and what is wrong with it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The stable error codes of the API; each maps to one HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the request could not be read (malformed JSON, bad query string).
    BadRequest,
    /// 401: no valid session, or wrong credentials.
    Unauthorized,
    /// 403: signed in, but the member's roles do not allow this.
    Forbidden,
    /// 404: no such thing (or not visible to this member).
    NotFound,
    /// 409: the thing changed since the client read it.
    Conflict,
    /// 413: the body is larger than the API accepts.
    PayloadTooLarge,
    /// 415: the body is not JSON.
    UnsupportedMediaType,
    /// 422: the request was read but its values are not acceptable.
    Validation,
    /// 429: too many attempts; wait and retry.
    RateLimited,
    /// 500: something failed on the server; nothing more is said.
    Internal,
    /// 503: the server is not ready (e.g. the database is unreachable).
    Unavailable,
}

impl ErrorCode {
    /// The HTTP status this code is sent with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::Validation => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
        }
    }
}

/// One bad input: which field (a JSON path such as `email` or `stages[2].name`) and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name or path.
    pub field: String,
    /// A stable reason code, e.g. `required`, `invalid_email`, `too_long`, `unknown_field`.
    pub code: String,
    /// What to fix, for a person.
    pub message: String,
}

/// The body of an error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// What went wrong, for a person.
    pub message: String,
    /// Field errors, when the fault is in named inputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// On a 409: the thing as it is now, so the client can show it without asking again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub current: Option<serde_json::Value>,
}

/// The whole error document: `{ "error": … }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// The error.
    pub error: ErrorBody,
}

impl ApiError {
    /// An error with no field errors.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorBody {
                code,
                message: message.into(),
                fields: Vec::new(),
                current: None,
            },
        }
    }

    /// A 422 with field errors.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        let message = match fields.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            _ => "Some fields are not valid; see `fields`.".to_owned(),
        };
        Self {
            error: ErrorBody {
                code: ErrorCode::Validation,
                message,
                fields,
                current: None,
            },
        }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> u16 {
        self.error.code.status()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_shape_on_the_wire() {
        let e = ApiError::new(ErrorCode::NotFound, "No such deal.");
        let v: serde_json::Value = serde_json::to_value(&e).unwrap_or_default();
        assert_eq!(v["error"]["code"], "not_found");
        assert_eq!(v["error"]["message"], "No such deal.");
        assert!(
            v["error"].get("fields").is_none(),
            "empty fields are left out"
        );
        assert_eq!(e.status(), 404);
    }

    #[test]
    fn validation_error_names_its_fields() {
        let e = ApiError::validation(vec![FieldError {
            field: "email".into(),
            code: "required".into(),
            message: "Enter an e-mail address.".into(),
        }]);
        assert_eq!(e.status(), 422);
        assert_eq!(e.error.message, "email: Enter an e-mail address.");
        let v: serde_json::Value = serde_json::to_value(&e).unwrap_or_default();
        assert_eq!(v["error"]["fields"][0]["field"], "email");
    }
}
