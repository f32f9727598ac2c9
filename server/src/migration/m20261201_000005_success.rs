//! Customer success: the onboarding checklist template the managers keep, and each account's
//! own checklist, copied from the template when success takes the account over.
//!
//! A segment's contact interval stays in `segments.contact_interval_days`; 0 there means the
//! segment has no contact rhythm (the wire shows `null`), so the column keeps its NOT NULL.

use super::tables::{AccountChecklistItems, Accounts, ChecklistTemplateItems, Members};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000005_success"
    }
}

fn pk<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ChecklistTemplateItems::Table)
                .col(pk(ChecklistTemplateItems::Id))
                .col(
                    ColumnDef::new(ChecklistTemplateItems::Position)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ChecklistTemplateItems::Label)
                        .text()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AccountChecklistItems::Table)
                .col(pk(AccountChecklistItems::Id))
                .col(
                    ColumnDef::new(AccountChecklistItems::AccountId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AccountChecklistItems::Position)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AccountChecklistItems::Label)
                        .text()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AccountChecklistItems::DoneAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(AccountChecklistItems::DoneBy)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(AccountChecklistItems::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            AccountChecklistItems::Table,
                            AccountChecklistItems::AccountId,
                        )
                        .to(Accounts::Table, Accounts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(AccountChecklistItems::Table, AccountChecklistItems::DoneBy)
                        .to(Members::Table, Members::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        // One item per place: two first reads of an account copy the template once.
        m.create_index(
            Index::create()
                .name("idx_account_checklist_position")
                .table(AccountChecklistItems::Table)
                .col(AccountChecklistItems::AccountId)
                .col(AccountChecklistItems::Position)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AccountChecklistItems::Table).to_owned())
            .await?;
        m.drop_table(
            Table::drop()
                .table(ChecklistTemplateItems::Table)
                .to_owned(),
        )
        .await
    }
}
