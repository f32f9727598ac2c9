//! A deal.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub pipeline_id: i64,
    pub stage_id: i64,
    pub account_id: i64,
    pub contact_id: Option<i64>,
    pub title: String,
    pub amount: i64,
    pub currency: String,
    pub rank: String,
    pub appointer_id: Option<i64>,
    pub closer_id: Option<i64>,
    pub success_id: Option<i64>,
    pub expected_close_on: Option<Date>,
    pub stage_entered_at: DateTimeUtc,
    pub lost_reason: Option<String>,
    pub closed_at: Option<DateTimeUtc>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
