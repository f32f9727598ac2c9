//! Pieces shared by several pages: the app frame, the language switch, formatting, the
//! live event stream and the route's id.

pub mod format;
pub mod language_switch;
pub mod live;
pub mod route;
pub mod shell;
