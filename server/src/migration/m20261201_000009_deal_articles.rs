//! Knowledge-base articles linked from deals: one row per deal and article (the pair is the
//! key, so an article is linked to a deal at most once), who linked it and when. Removing a
//! deal or an article removes its links; a member who leaves keeps their links, unnamed.

use super::tables::{DealArticles, Deals, KbArticles, Members};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000009_deal_articles"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DealArticles::Table)
                .col(
                    ColumnDef::new(DealArticles::DealId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(DealArticles::ArticleId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(DealArticles::LinkedBy).big_integer().null())
                .col(
                    ColumnDef::new(DealArticles::LinkedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(DealArticles::DealId)
                        .col(DealArticles::ArticleId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(DealArticles::Table, DealArticles::DealId)
                        .to(Deals::Table, Deals::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(DealArticles::Table, DealArticles::ArticleId)
                        .to(KbArticles::Table, KbArticles::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(DealArticles::Table, DealArticles::LinkedBy)
                        .to(Members::Table, Members::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        // The deals an article is linked from.
        m.create_index(
            Index::create()
                .name("idx_deal_articles_article")
                .table(DealArticles::Table)
                .col(DealArticles::ArticleId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DealArticles::Table).to_owned())
            .await
    }
}
