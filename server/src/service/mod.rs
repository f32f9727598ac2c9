//! The rules. Services are plain async functions over a `ConnectionTrait` (a pool or a
//! transaction); they know nothing of HTTP and return their own `ServiceError`.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod board;
pub mod board_view;
pub mod calls;
pub mod deal_articles;
pub mod deal_detail;
pub mod deal_edit;
pub mod deals;
pub mod handoffs;
pub mod kb;
pub mod members;
pub mod move_batch;
pub mod pipeline_config;
pub mod pipelines;
pub mod scripts;
pub mod success;
pub mod team;

use sea_orm::DbErr;
use shared::FieldError;

/// Why a service refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The named thing does not exist.
    #[error("no such {0}")]
    NotFound(&'static str),
    /// The change conflicts with the current state.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The client's copy is out of date; here is the thing as it is now.
    #[error("stale: {message}")]
    Stale {
        /// What changed, for a person.
        message: String,
        /// The current state, as the wire shows it.
        current: serde_json::Value,
    },
    /// The input is not acceptable.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The member may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
    /// Something else failed inside.
    #[error("{0}")]
    Internal(String),
}

/// A service's result.
pub type ServiceResult<T> = Result<T, ServiceError>;

/// A refusal naming one input field whose value is not acceptable.
pub(crate) fn invalid(field: &str, message: &str) -> ServiceError {
    ServiceError::Invalid(vec![FieldError {
        field: field.into(),
        code: "invalid_value".into(),
        message: message.into(),
    }])
}

/// The current time, as stored: to the microsecond, the precision both databases keep, so a
/// value returned without reading it back equals the value read back.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(6)
}
