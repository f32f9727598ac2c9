//! Call mode: what `call_steps` needs to record each click at once (its sequence number within
//! the call, the answer's index, `back` rows and the answers they undid, notes, the request's
//! idempotency key), what `calls` needs for the queue and the numbers (the step the call is at,
//! the step it ended at, the not-interested reason, the stage an appointment handed the deal
//! to), and the indexes the per-step numbers read by.

use super::tables::{CallSteps, Calls};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000008_calls"
    }
}

async fn add(m: &SchemaManager<'_>, table: impl IntoIden, col: ColumnDef) -> Result<(), DbErr> {
    let mut col = col;
    m.alter_table(Table::alter().table(table).add_column(&mut col).to_owned())
        .await
}

async fn drop_col(
    m: &SchemaManager<'_>,
    table: impl IntoIden,
    col: impl IntoIden,
) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(
            m,
            CallSteps::Table,
            ColumnDef::new(CallSteps::Seq)
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
        )
        .await?;
        add(
            m,
            CallSteps::Table,
            ColumnDef::new(CallSteps::AnswerIndex)
                .integer()
                .null()
                .to_owned(),
        )
        .await?;
        add(
            m,
            CallSteps::Table,
            ColumnDef::new(CallSteps::Kind)
                .text()
                .not_null()
                .default("answer")
                .to_owned(),
        )
        .await?;
        add(
            m,
            CallSteps::Table,
            ColumnDef::new(CallSteps::Undone)
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
        )
        .await?;
        add(
            m,
            CallSteps::Table,
            ColumnDef::new(CallSteps::Notes)
                .text()
                .not_null()
                .default("")
                .to_owned(),
        )
        .await?;
        add(
            m,
            CallSteps::Table,
            ColumnDef::new(CallSteps::IdemKey).text().null().to_owned(),
        )
        .await?;
        add(
            m,
            Calls::Table,
            ColumnDef::new(Calls::AtStep).text().null().to_owned(),
        )
        .await?;
        add(
            m,
            Calls::Table,
            ColumnDef::new(Calls::EndStep).text().null().to_owned(),
        )
        .await?;
        add(
            m,
            Calls::Table,
            ColumnDef::new(Calls::Reason).text().null().to_owned(),
        )
        .await?;
        add(
            m,
            Calls::Table,
            ColumnDef::new(Calls::BookedStageId)
                .big_integer()
                .null()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_call_steps_seq")
                .table(CallSteps::Table)
                .col(CallSteps::CallId)
                .col(CallSteps::Seq)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_call_steps_key")
                .table(CallSteps::Table)
                .col(CallSteps::CallId)
                .col(CallSteps::IdemKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_calls_deal")
                .table(Calls::Table)
                .col(Calls::DealId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_calls_deal")
                .table(Calls::Table)
                .to_owned(),
        )
        .await?;
        for name in ["uq_call_steps_key", "uq_call_steps_seq"] {
            m.drop_index(Index::drop().name(name).table(CallSteps::Table).to_owned())
                .await?;
        }
        for c in [
            Calls::BookedStageId,
            Calls::Reason,
            Calls::EndStep,
            Calls::AtStep,
        ] {
            drop_col(m, Calls::Table, c).await?;
        }
        for c in [
            CallSteps::IdemKey,
            CallSteps::Notes,
            CallSteps::Undone,
            CallSteps::Kind,
            CallSteps::AnswerIndex,
            CallSteps::Seq,
        ] {
            drop_col(m, CallSteps::Table, c).await?;
        }
        Ok(())
    }
}
