//! Extractors whose rejections are the API's own error shape, with field errors where the
//! fault is in a named input: `ApiJson` for bodies, `ApiQuery` for query strings.

use crate::error::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts};
use serde::de::DeserializeOwned;
use shared::{ErrorCode, FieldError};

/// A JSON body: `Content-Type: application/json` required (415), a body over the limit is a 413,
/// unreadable JSON a 400, and well-formed JSON of the wrong shape a 422 naming the field.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|m| {
                let m = m.trim().to_ascii_lowercase();
                m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
            })
            .unwrap_or(false);
        if !is_json {
            return Err(AppError::new(
                ErrorCode::UnsupportedMediaType,
                "Send the body as JSON with `Content-Type: application/json`.",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::new(ErrorCode::PayloadTooLarge, "The request body is too large.")
            } else {
                AppError::bad_request("The request body could not be read.")
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Parses a JSON body, naming the field at fault.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(v) => Ok(v),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            match inner.classify() {
                serde_json::error::Category::Data => Err(AppError::validation(vec![field_error(
                    &path,
                    &inner.to_string(),
                )])),
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                    Err(AppError::bad_request(format!(
                        "The body is not valid JSON (line {}, column {}).",
                        inner.line(),
                        inner.column()
                    )))
                }
                serde_json::error::Category::Io => {
                    Err(AppError::bad_request("The request body could not be read."))
                }
            }
        }
    }
}

/// Turns a serde message into a field error with a stable code.
fn field_error(path: &str, message: &str) -> FieldError {
    // serde_json appends " at line L column C"; a person does not need it.
    let message = message.split(" at line ").next().unwrap_or(message);
    let quoted = message.split('`').nth(1).unwrap_or_default();
    let (field, code, text) = if message.starts_with("unknown field") {
        let field = if path == "." || path.is_empty() {
            quoted.to_owned()
        } else {
            // The path already ends at the unknown field.
            path.to_owned()
        };
        (
            field,
            "unknown_field",
            format!("`{quoted}` is not a field of this request."),
        )
    } else if message.starts_with("missing field") {
        let field = if path == "." || path.is_empty() {
            quoted.to_owned()
        } else {
            format!("{path}.{quoted}")
        };
        (field, "required", "This field is required.".to_owned())
    } else if message.starts_with("invalid type") {
        (path.to_owned(), "invalid_type", capitalise(message))
    } else {
        (path.to_owned(), "invalid_value", capitalise(message))
    };
    let field = if field == "." { String::new() } else { field };
    FieldError {
        field,
        code: code.to_owned(),
        message: text,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str() + ".",
        None => String::new(),
    }
}

/// A query string parsed into `T`; a bad value is a 400 naming the parameter.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        match serde_path_to_error::deserialize::<_, T>(de) {
            Ok(v) => Ok(ApiQuery(v)),
            Err(err) => {
                let path = err.path().to_string();
                let message = err.into_inner().to_string();
                let mut fe = field_error(&path, &message);
                fe.code = if fe.code == "unknown_field" {
                    fe.code
                } else {
                    "invalid_value".to_owned()
                };
                let message = format!(
                    "Query parameter `{}` is not valid: {}",
                    fe.field, fe.message
                );
                Err(AppError::bad_request(message).with_fields(vec![fe]))
            }
        }
    }
}

/// A numeric id in the path; anything else is a 404 (no such thing can exist).
#[derive(Debug, Clone, Copy)]
pub struct ApiId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for ApiId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| AppError::not_found("resource"))?;
        raw.parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(ApiId)
            .ok_or_else(|| AppError::not_found("resource"))
    }
}

/// Two numeric ids in the path (a parent and a child); anything else is a 404.
#[derive(Debug, Clone, Copy)]
pub struct ApiIds(pub i64, pub i64);

impl<S: Send + Sync> FromRequestParts<S> for ApiIds {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path((a, b)) =
            axum::extract::Path::<(String, String)>::from_request_parts(parts, state)
                .await
                .map_err(|_| AppError::not_found("resource"))?;
        let parse = |s: &str| s.parse::<i64>().ok().filter(|id| *id > 0);
        match (parse(&a), parse(&b)) {
            (Some(a), Some(b)) => Ok(ApiIds(a, b)),
            _ => Err(AppError::not_found("resource")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "fields are read by the deserializer only")]
    struct Body {
        email: String,
        count: u32,
    }

    fn fields(e: AppError) -> Vec<(String, String, u16)> {
        let status = e.body().status();
        e.body()
            .error
            .fields
            .iter()
            .map(|f| (f.field.clone(), f.code.clone(), status))
            .collect()
    }

    #[test]
    fn json_faults_name_their_field() {
        let e = parse_json::<Body>(br#"{"email":"a@b.co","count":"x"}"#).err();
        assert_eq!(
            e.map(fields),
            Some(vec![("count".into(), "invalid_type".into(), 422)])
        );
        let e = parse_json::<Body>(br#"{"email":"a@b.co"}"#).err();
        assert_eq!(
            e.map(fields),
            Some(vec![("count".into(), "required".into(), 422)])
        );
        let e = parse_json::<Body>(br#"{"email":"a@b.co","count":1,"admin":true}"#).err();
        assert_eq!(
            e.map(fields),
            Some(vec![("admin".into(), "unknown_field".into(), 422)])
        );
    }

    #[test]
    fn malformed_json_is_a_400() {
        let e = parse_json::<Body>(b"{\"email\": ").err();
        assert_eq!(e.map(|e| e.body().status()), Some(400));
        let e = parse_json::<Body>(b"not json").err();
        assert_eq!(e.map(|e| e.body().status()), Some(400));
    }
}
