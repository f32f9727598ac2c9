//! SeaORM entities for the tables the services read and write through the ORM. Aggregates and
//! joins are written as SeaQuery statements in the services, against `migration::tables`.

pub mod account;
pub mod audit;
pub mod deal;
pub mod member;
pub mod member_role;
pub mod pipeline;
pub mod session;
pub mod stage;
