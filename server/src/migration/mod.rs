//! The one migration set, in the SeaQuery DSL, for SQLite and PostgreSQL alike.
//!
//! Migrations are append-only: a released migration is never edited; a change is a new file.

use sea_orm_migration::prelude::*;

mod m20261122_000001_schema;
mod m20261122_000002_stage_archive;
mod m20261122_000003_team;
pub mod m20261122_000004_handoff_types;
mod m20261201_000005_success;
mod m20261201_000008_calls;
mod m20261201_000009_deal_articles;
pub mod tables;

/// Runs Baton's migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_schema::Migration),
            Box::new(m20261122_000002_stage_archive::Migration),
            Box::new(m20261122_000003_team::Migration),
            Box::new(m20261122_000004_handoff_types::Migration),
            Box::new(m20261201_000005_success::Migration),
            Box::new(m20261201_000008_calls::Migration),
            Box::new(m20261201_000009_deal_articles::Migration),
        ]
    }
}
