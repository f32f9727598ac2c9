//! `GET /api/health`.

use serde::{Deserialize, Serialize};

/// Whether the server and its database answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when everything answers, `degraded` otherwise.
    pub status: String,
    /// `ok`, or what went wrong with the database.
    pub database: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The server's version.
    pub version: String,
}
