//! Request and response bodies of `/api/v1`, one module per resource.

pub mod account;
pub mod activity;
pub mod auth;
pub mod board;
pub mod call;
pub mod deal;
pub mod deal_article;
pub mod handoff;
pub mod health;
pub mod member;
pub mod pipeline;
pub mod script;
pub mod success;
pub mod team;

pub use account::*;
pub use activity::*;
pub use auth::*;
pub use board::*;
pub use call::*;
pub use deal::*;
pub use deal_article::*;
pub use handoff::*;
pub use health::*;
pub use member::*;
pub use pipeline::*;
pub use script::*;
pub use success::*;
pub use team::*;
