//! Pieces shared by several pages: the app frame, the language switch and formatting.

pub mod format;
pub mod language_switch;
pub mod shell;
