//! One module per screen; each page owns its route's content inside the shell.

pub mod board;
pub mod calls;
pub mod deal;
pub mod deals;
pub mod handoffs;
pub mod kb;
pub mod login;
pub mod not_found;
pub mod scripts;
pub mod settings;
pub mod success;
pub mod team;
