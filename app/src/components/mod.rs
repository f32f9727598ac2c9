//! Pieces shared by several pages: the app frame, the language switch, formatting, the
//! live event stream, the route's id, and work left until after the first paint.

pub mod format;
pub mod idle;
pub mod language_switch;
pub mod live;
pub mod route;
pub mod shell;
