//! Stages are archived, not deleted: the deals' stage history keeps pointing at them.

use super::tables::Stages;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000002_stage_archive"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Stages::Table)
                .add_column(
                    ColumnDef::new(Stages::ArchivedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Stages::Table)
                .drop_column(Stages::ArchivedAt)
                .to_owned(),
        )
        .await
    }
}
