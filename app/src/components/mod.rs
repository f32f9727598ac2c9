//! Pieces shared by several pages: the app frame, the language switch, formatting and the
//! live event stream.

pub mod format;
pub mod language_switch;
pub mod live;
pub mod shell;
