//! Call mode: what `call_steps` needs to record each click at once (its sequence number within
//! the call, the answer's index, `back` rows and the answers they undid, notes, the request's
//! idempotency key), what `calls` needs for the queue and the numbers (the step the call is at,
//! the step it ended at, the not-interested reason, the stage an appointment handed the deal
//! to), and `call_reach`: written when a call is finished, one row per answer in force (and
//! one for the step it ended at unanswered), with the call's outcome, so a version's numbers
//! are grouped from covering indexes instead of replaying every call.

use super::tables::{CallReach, CallSteps, Calls, TalkScriptVersions};
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
        m.create_table(
            Table::create()
                .table(CallReach::Table)
                .col(
                    ColumnDef::new(CallReach::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(CallReach::CallId).big_integer().not_null())
                .col(
                    ColumnDef::new(CallReach::ScriptVersionId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(CallReach::StepKey).text().not_null())
                .col(ColumnDef::new(CallReach::AnswerIndex).integer().null())
                .col(ColumnDef::new(CallReach::First).boolean().not_null())
                .col(ColumnDef::new(CallReach::Outcome).text().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(CallReach::Table, CallReach::CallId)
                        .to(Calls::Table, Calls::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CallReach::Table, CallReach::ScriptVersionId)
                        .to(TalkScriptVersions::Table, TalkScriptVersions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // Reached per step and outcome; answers per step; a call's rows.
        m.create_index(
            Index::create()
                .name("idx_call_reach_first")
                .table(CallReach::Table)
                .col(CallReach::ScriptVersionId)
                .col(CallReach::First)
                .col(CallReach::StepKey)
                .col(CallReach::Outcome)
                .col(CallReach::CallId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_call_reach_answers")
                .table(CallReach::Table)
                .col(CallReach::ScriptVersionId)
                .col(CallReach::StepKey)
                .col(CallReach::AnswerIndex)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_call_reach_call")
                .table(CallReach::Table)
                .col(CallReach::CallId)
                .to_owned(),
        )
        .await?;
        // Where calls ended, per version.
        m.create_index(
            Index::create()
                .name("idx_calls_version_end")
                .table(Calls::Table)
                .col(Calls::ScriptVersionId)
                .col(Calls::Outcome)
                .col(Calls::EndStep)
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
        m.drop_table(Table::drop().table(CallReach::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("idx_calls_version_end")
                .table(Calls::Table)
                .to_owned(),
        )
        .await?;
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
