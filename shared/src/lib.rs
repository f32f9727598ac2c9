//! Baton's project crate: everything that crosses the wire.
//!
//! Ids, request and response types, their validation, the wire error, and the one typed API
//! client that the browser app (gloo-net) and the server's integration tests (reqwest) both use.
//! Types cross between `app` and `server` only through this crate.

pub mod api;
pub mod client;
pub mod error;
pub mod ids;
pub mod money;
pub mod rank;
pub mod role;
pub mod routing;
pub mod rules;
pub mod script;
pub mod sla;
pub mod validate;

pub use error::{ApiError, ErrorBody, ErrorCode, FieldError};
pub use ids::*;
pub use money::Money;
pub use role::{Locale, Role};
