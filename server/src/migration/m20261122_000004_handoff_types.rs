//! Hand-off types (each kind's deadline in business minutes and its required note fields) and
//! a starting list of reasons to reject a hand-off, both managed by the team's managers.

use super::tables::HandoffRejectReasons;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000004_handoff_types"
    }
}

/// The `handoff_types` table.
#[derive(DeriveIden, Clone, Copy)]
pub enum HandoffTypes {
    Table,
    Kind,
    SlaMinutes,
    RequiredFields,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(HandoffTypes::Table)
                .col(
                    ColumnDef::new(HandoffTypes::Kind)
                        .text()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(HandoffTypes::SlaMinutes)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(HandoffTypes::RequiredFields)
                        .text()
                        .not_null()
                        .default("[]"),
                )
                .to_owned(),
        )
        .await?;
        // A closer accepts an appointment within 4 business hours; success takes a won account
        // within 2 business days (9-hour days); other hand-overs within a business day.
        let mut types = Query::insert();
        types.into_table(HandoffTypes::Table).columns([
            HandoffTypes::Kind,
            HandoffTypes::SlaMinutes,
            HandoffTypes::RequiredFields,
        ]);
        for (kind, minutes, fields) in [
            (
                "appointment",
                240,
                r#"["need","budget","decision_maker","timing","promised"]"#,
            ),
            (
                "won",
                1080,
                r#"["contract_terms","deliverables","key_contacts","risks"]"#,
            ),
            ("stage", 540, "[]"),
        ] {
            types.values_panic([kind.into(), minutes.into(), fields.into()]);
        }
        m.exec_stmt(types).await?;

        // Reasons, if the team has none yet.
        let existing = m
            .get_connection()
            .query_one(
                &Query::select()
                    .expr(Expr::col(HandoffRejectReasons::Id).count())
                    .from(HandoffRejectReasons::Table)
                    .to_owned(),
            )
            .await?
            .and_then(|row| row.try_get_by_index::<i64>(0).ok())
            .unwrap_or(0);
        if existing == 0 {
            let mut reasons = Query::insert();
            reasons.into_table(HandoffRejectReasons::Table).columns([
                HandoffRejectReasons::Code,
                HandoffRejectReasons::LabelJa,
                HandoffRejectReasons::LabelEn,
                HandoffRejectReasons::Active,
                HandoffRejectReasons::Position,
            ]);
            for (i, (code, ja, en)) in [
                ("missing_information", "情報不足", "Missing information"),
                ("no_decision_maker", "決裁者不在", "No decision maker"),
                ("no_budget", "予算なし", "No budget"),
                ("not_a_fit", "対象外", "Not a fit"),
                ("schedule_conflict", "日程が合わない", "Schedule conflict"),
            ]
            .into_iter()
            .enumerate()
            {
                reasons.values_panic([
                    code.into(),
                    ja.into(),
                    en.into(),
                    true.into(),
                    (i as i32).into(),
                ]);
            }
            m.exec_stmt(reasons).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(HandoffTypes::Table).to_owned())
            .await
    }
}
