//! Routing state: each member's credit in each role (smooth weighted round-robin, see
//! `shared::routing`), and an index to count a member's routing decisions of the day.

use super::tables::{MemberRoles, RoutingDecisions};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000003_team"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(MemberRoles::Table)
                .add_column(
                    ColumnDef::new(MemberRoles::RouteCredit)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_routing_member_day")
                .table(RoutingDecisions::Table)
                .col(RoutingDecisions::MemberId)
                .col(RoutingDecisions::Role)
                .col(RoutingDecisions::At)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_routing_member_day")
                .table(RoutingDecisions::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(MemberRoles::Table)
                .drop_column(MemberRoles::RouteCredit)
                .to_owned(),
        )
        .await
    }
}
