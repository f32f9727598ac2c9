//! The deals screens.

pub mod list;
