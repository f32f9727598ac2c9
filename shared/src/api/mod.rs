//! Request and response bodies of `/api/v1`, one module per resource.

pub mod auth;
pub mod board;
pub mod deal;
pub mod health;
pub mod member;
pub mod pipeline;

pub use auth::*;
pub use board::*;
pub use deal::*;
pub use health::*;
pub use member::*;
pub use pipeline::*;
