//! The whole data model of the first release: members and roles, the team matrix, customers,
//! pipelines and deals, activities, hand-offs, talk scripts and calls, the knowledge base,
//! targets, the event log and the audit log.

use super::tables::*;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000001_schema"
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
fn id_ref<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).big_integer().not_null().to_owned()
}
fn id_ref_null<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).big_integer().null().to_owned()
}
fn text<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).text().not_null().to_owned()
}
fn text_default<T: IntoIden>(c: T, v: &str) -> ColumnDef {
    ColumnDef::new(c).text().not_null().default(v).to_owned()
}
fn text_null<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).text().null().to_owned()
}
fn int<T: IntoIden>(c: T, default: i32) -> ColumnDef {
    ColumnDef::new(c)
        .integer()
        .not_null()
        .default(default)
        .to_owned()
}
fn int_null<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).integer().null().to_owned()
}
fn flag<T: IntoIden>(c: T, default: bool) -> ColumnDef {
    ColumnDef::new(c)
        .boolean()
        .not_null()
        .default(default)
        .to_owned()
}
fn at<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}
fn at_null<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}
fn date<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).date().not_null().to_owned()
}
fn date_null<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).date().null().to_owned()
}

fn fk<T: IntoIden + Copy, C: IntoIden, RT: IntoIden, RC: IntoIden>(
    table: T,
    col: C,
    ref_table: RT,
    ref_col: RC,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(ref_table, ref_col)
        .on_delete(on_delete)
        .to_owned()
}

use ForeignKeyAction::{Cascade, Restrict, SetNull};

async fn index<T: IntoIden + Copy>(
    m: &SchemaManager<'_>,
    name: &str,
    table: T,
    cols: &[&str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(Alias::new(*c));
    }
    if unique {
        idx.unique();
    }
    m.create_index(idx).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let pg = m.get_database_backend() == DbBackend::Postgres;

        m.create_table(
            Table::create()
                .table(Members::Table)
                .col(pk(Members::Id))
                .col(text(Members::Email).unique_key().to_owned())
                .col(text(Members::Name))
                .col(text(Members::PasswordHash))
                .col(text_default(Members::Locale, "ja"))
                .col(text_default(Members::TimeZone, "Asia/Tokyo"))
                .col(flag(Members::Active, true))
                .col(at(Members::CreatedAt))
                .col(at(Members::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MemberRoles::Table)
                .col(id_ref(MemberRoles::MemberId))
                .col(text(MemberRoles::Role))
                .col(int(MemberRoles::Weight, 1))
                .col(int_null(MemberRoles::CapacityOpen))
                .col(int_null(MemberRoles::CapacityDaily))
                .col(at(MemberRoles::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(MemberRoles::MemberId)
                        .col(MemberRoles::Role),
                )
                .foreign_key(&mut fk(
                    MemberRoles::Table,
                    MemberRoles::MemberId,
                    Members::Table,
                    Members::Id,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_member_roles_role",
            MemberRoles::Table,
            &["role"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(ColumnDef::new(Sessions::Id).text().not_null().primary_key())
                .col(id_ref(Sessions::MemberId))
                .col(at(Sessions::CreatedAt))
                .col(at(Sessions::LastSeenAt))
                .col(at(Sessions::ExpiresAt))
                .foreign_key(&mut fk(
                    Sessions::Table,
                    Sessions::MemberId,
                    Members::Table,
                    Members::Id,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_sessions_member",
            Sessions::Table,
            &["member_id"],
            false,
        )
        .await?;
        index(
            m,
            "idx_sessions_expires",
            Sessions::Table,
            &["expires_at"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Segments::Table)
                .col(pk(Segments::Id))
                .col(text(Segments::Name).unique_key().to_owned())
                .col(text_default(Segments::Rank, "B"))
                .col(flag(Segments::KeyAccount, false))
                .col(int(Segments::ContactIntervalDays, 30))
                .col(int(Segments::Position, 0))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Territories::Table)
                .col(pk(Territories::Id))
                .col(text(Territories::Name).unique_key().to_owned())
                .col(int(Territories::Position, 0))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MemberRoleTerritories::Table)
                .col(id_ref(MemberRoleTerritories::MemberId))
                .col(text(MemberRoleTerritories::Role))
                .col(id_ref(MemberRoleTerritories::TerritoryId))
                .primary_key(
                    Index::create()
                        .col(MemberRoleTerritories::MemberId)
                        .col(MemberRoleTerritories::Role)
                        .col(MemberRoleTerritories::TerritoryId),
                )
                .foreign_key(&mut fk(
                    MemberRoleTerritories::Table,
                    MemberRoleTerritories::MemberId,
                    Members::Table,
                    Members::Id,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    MemberRoleTerritories::Table,
                    MemberRoleTerritories::TerritoryId,
                    Territories::Table,
                    Territories::Id,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MemberRoleSegments::Table)
                .col(id_ref(MemberRoleSegments::MemberId))
                .col(text(MemberRoleSegments::Role))
                .col(id_ref(MemberRoleSegments::SegmentId))
                .primary_key(
                    Index::create()
                        .col(MemberRoleSegments::MemberId)
                        .col(MemberRoleSegments::Role)
                        .col(MemberRoleSegments::SegmentId),
                )
                .foreign_key(&mut fk(
                    MemberRoleSegments::Table,
                    MemberRoleSegments::MemberId,
                    Members::Table,
                    Members::Id,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    MemberRoleSegments::Table,
                    MemberRoleSegments::SegmentId,
                    Segments::Table,
                    Segments::Id,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MemberAbsences::Table)
                .col(pk(MemberAbsences::Id))
                .col(id_ref(MemberAbsences::MemberId))
                .col(date(MemberAbsences::StartsOn))
                .col(date(MemberAbsences::EndsOn))
                .col(text_default(MemberAbsences::Note, ""))
                .col(at(MemberAbsences::CreatedAt))
                .foreign_key(&mut fk(
                    MemberAbsences::Table,
                    MemberAbsences::MemberId,
                    Members::Table,
                    Members::Id,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_absences_member",
            MemberAbsences::Table,
            &["member_id", "starts_on"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Accounts::Table)
                .col(pk(Accounts::Id))
                .col(text(Accounts::Name))
                .col(text_default(Accounts::NameKana, ""))
                .col(text_default(Accounts::Industry, ""))
                .col(text_default(Accounts::Prefecture, ""))
                .col(id_ref_null(Accounts::SegmentId))
                .col(id_ref_null(Accounts::TerritoryId))
                .col(text_default(Accounts::Phone, ""))
                .col(text_default(Accounts::Website, ""))
                .col(int_null(Accounts::Employees))
                .col(at_null(Accounts::LastContactedAt))
                .col(at(Accounts::CreatedAt))
                .col(at(Accounts::UpdatedAt))
                .col(int(Accounts::Version, 1))
                .foreign_key(&mut fk(
                    Accounts::Table,
                    Accounts::SegmentId,
                    Segments::Table,
                    Segments::Id,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Accounts::Table,
                    Accounts::TerritoryId,
                    Territories::Table,
                    Territories::Id,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        index(m, "idx_accounts_name", Accounts::Table, &["name"], false).await?;
        index(
            m,
            "idx_accounts_segment",
            Accounts::Table,
            &["segment_id"],
            false,
        )
        .await?;
        index(
            m,
            "idx_accounts_territory",
            Accounts::Table,
            &["territory_id"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Contacts::Table)
                .col(pk(Contacts::Id))
                .col(id_ref(Contacts::AccountId))
                .col(text(Contacts::Name))
                .col(text_default(Contacts::NameKana, ""))
                .col(text_default(Contacts::Title, ""))
                .col(text_default(Contacts::Email, ""))
                .col(text_default(Contacts::Phone, ""))
                .col(flag(Contacts::IsPrimary, false))
                .col(at(Contacts::CreatedAt))
                .col(at(Contacts::UpdatedAt))
                .foreign_key(&mut fk(
                    Contacts::Table,
                    Contacts::AccountId,
                    Accounts::Table,
                    Accounts::Id,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_contacts_account",
            Contacts::Table,
            &["account_id"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Pipelines::Table)
                .col(pk(Pipelines::Id))
                .col(text(Pipelines::Name))
                .col(text_default(Pipelines::Kind, "sales"))
                .col(int(Pipelines::Position, 0))
                .col(at(Pipelines::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Stages::Table)
                .col(pk(Stages::Id))
                .col(id_ref(Stages::PipelineId))
                .col(text(Stages::Name))
                .col(int(Stages::Position, 0))
                .col(int(Stages::Probability, 0))
                .col(text(Stages::OwningRole))
                .col(int(Stages::StallDays, 14))
                .col(text_default(Stages::Kind, "open"))
                .foreign_key(&mut fk(
                    Stages::Table,
                    Stages::PipelineId,
                    Pipelines::Table,
                    Pipelines::Id,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_stages_pipeline",
            Stages::Table,
            &["pipeline_id", "position"],
            false,
        )
        .await?;

        // Ranks are fractional-index strings compared byte by byte; PostgreSQL must not apply a
        // locale's collation to them.
        let mut rank = text(Deals::Rank);
        if pg {
            rank.extra("COLLATE \"C\"");
        }
        m.create_table(
            Table::create()
                .table(Deals::Table)
                .col(pk(Deals::Id))
                .col(id_ref(Deals::PipelineId))
                .col(id_ref(Deals::StageId))
                .col(id_ref(Deals::AccountId))
                .col(id_ref_null(Deals::ContactId))
                .col(text(Deals::Title))
                .col(
                    ColumnDef::new(Deals::Amount)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .col(text_default(Deals::Currency, "JPY"))
                .col(rank)
                .col(id_ref_null(Deals::AppointerId))
                .col(id_ref_null(Deals::CloserId))
                .col(id_ref_null(Deals::SuccessId))
                .col(date_null(Deals::ExpectedCloseOn))
                .col(at(Deals::StageEnteredAt))
                .col(text_null(Deals::LostReason))
                .col(at_null(Deals::ClosedAt))
                .col(id_ref_null(Deals::CreatedBy))
                .col(at(Deals::CreatedAt))
                .col(at(Deals::UpdatedAt))
                .col(int(Deals::Version, 1))
                .foreign_key(&mut fk(
                    Deals::Table,
                    Deals::PipelineId,
                    Pipelines::Table,
                    Pipelines::Id,
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    Deals::Table,
                    Deals::StageId,
                    Stages::Table,
                    Stages::Id,
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    Deals::Table,
                    Deals::AccountId,
                    Accounts::Table,
                    Accounts::Id,
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    Deals::Table,
                    Deals::ContactId,
                    Contacts::Table,
                    Contacts::Id,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Deals::Table,
                    Deals::AppointerId,
                    Members::Table,
                    Members::Id,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Deals::Table,
                    Deals::CloserId,
                    Members::Table,
                    Members::Id,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Deals::Table,
                    Deals::SuccessId,
                    Members::Table,
                    Members::Id,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Deals::Table,
                    Deals::CreatedBy,
                    Members::Table,
                    Members::Id,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "uq_deals_stage_rank",
            Deals::Table,
            &["stage_id", "rank"],
            true,
        )
        .await?;
        index(
            m,
            "idx_deals_pipeline",
            Deals::Table,
            &["pipeline_id", "stage_id"],
            false,
        )
        .await?;
        index(m, "idx_deals_account", Deals::Table, &["account_id"], false).await?;
        index(
            m,
            "idx_deals_appointer",
            Deals::Table,
            &["appointer_id"],
            false,
        )
        .await?;
        index(m, "idx_deals_closer", Deals::Table, &["closer_id"], false).await?;
        index(m, "idx_deals_success", Deals::Table, &["success_id"], false).await?;

        m.create_table(
            Table::create()
                .table(StageHistory::Table)
                .col(pk(StageHistory::Id))
                .col(id_ref(StageHistory::DealId))
                .col(id_ref_null(StageHistory::FromStageId))
                .col(id_ref(StageHistory::ToStageId))
                .col(id_ref_null(StageHistory::MovedBy))
                .col(at(StageHistory::MovedAt))
                .foreign_key(&mut fk(
                    StageHistory::Table,
                    StageHistory::DealId,
                    Deals::Table,
                    Deals::Id,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    StageHistory::Table,
                    StageHistory::FromStageId,
                    Stages::Table,
                    Stages::Id,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    StageHistory::Table,
                    StageHistory::ToStageId,
                    Stages::Table,
                    Stages::Id,
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    StageHistory::Table,
                    StageHistory::MovedBy,
                    Members::Table,
                    Members::Id,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_stage_history_deal",
            StageHistory::Table,
            &["deal_id", "moved_at"],
            false,
        )
        .await?;
        index(
            m,
            "idx_stage_history_to",
            StageHistory::Table,
            &["to_stage_id", "moved_at"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TalkScripts::Table)
                .col(pk(TalkScripts::Id))
                .col(id_ref_null(TalkScripts::PipelineId))
                .col(text(TalkScripts::Name))
                .col(text_default(TalkScripts::Purpose, "cold_call"))
                .col(text(TalkScripts::Draft))
                .col(int(TalkScripts::DraftVersion, 1))
                .col(int_null(TalkScripts::PublishedVersion))
                .col(id_ref_null(TalkScripts::CreatedBy))
                .col(at(TalkScripts::CreatedAt))
                .col(at(TalkScripts::UpdatedAt))
                .foreign_key(&mut fk(
                    TalkScripts::Table,
                    TalkScripts::PipelineId,
                    Pipelines::Table,
                    Pipelines::Id,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    TalkScripts::Table,
                    TalkScripts::CreatedBy,
                    Members::Table,
                    Members::Id,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TalkScriptVersions::Table)
                .col(pk(TalkScriptVersions::Id))
                .col(id_ref(TalkScriptVersions::ScriptId))
                .col(
                    ColumnDef::new(TalkScriptVersions::Number)
                        .integer()
                        .not_null(),
                )
                .col(text(TalkScriptVersions::Graph))
                .col(id_ref_null(TalkScriptVersions::PublishedBy))
                .col(at(TalkScriptVersions::PublishedAt))
                .foreign_key(&mut fk(
                    TalkScriptVersions::Table,
                    TalkScriptVersions::ScriptId,
                    TalkScripts::Table,
                    TalkScripts::Id,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    TalkScriptVersions::Table,
                    TalkScriptVersions::PublishedBy,
                    Members::Table,
                    Members::Id,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "uq_script_versions",
            TalkScriptVersions::Table,
            &["script_id", "number"],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Calls::Table)
                .col(pk(Calls::Id))
                .col(id_ref(Calls::MemberId))
                .col(id_ref_null(Calls::ScriptVersionId))
                .col(id_ref_null(Calls::DealId))
                .col(id_ref_null(Calls::ContactId))
                .col(at(Calls::StartedAt))
                .col(at_null(Calls::FinishedAt))
                .col(text_null(Calls::Outcome))
                .col(text_default(Calls::Notes, ""))
                .foreign_key(&mut fk(
                    Calls::Table,
                    Calls::MemberId,
                    Members::Table,
                    Members::Id,
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    Calls::Table,
                    Calls::ScriptVersionId,
                    TalkScriptVersions::Table,
                    TalkScriptVersions::Id,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Calls::Table,
                    Calls::DealId,
                    Deals::Table,
                    Deals::Id,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Calls::Table,
                    Calls::ContactId,
                    Contacts::Table,
                    Contacts::Id,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_calls_member",
            Calls::Table,
            &["member_id", "started_at"],
            false,
        )
        .await?;
        index(
            m,
            "idx_calls_version",
            Calls::Table,
            &["script_version_id"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CallSteps::Table)
                .col(pk(CallSteps::Id))
                .col(id_ref(CallSteps::CallId))
                .col(text(CallSteps::StepKey))
                .col(text_null(CallSteps::AnswerKey))
                .col(at(CallSteps::At))
                .foreign_key(&mut fk(
                    CallSteps::Table,
                    CallSteps::CallId,
                    Calls::Table,
                    Calls::Id,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_call_steps_call",
            CallSteps::Table,
            &["call_id", "id"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Activities::Table)
                .col(pk(Activities::Id))
                .col(text(Activities::Kind))
                .col(id_ref(Activities::MemberId))
                .col(id_ref_null(Activities::DealId))
                .col(id_ref_null(Activities::AccountId))
                .col(id_ref_null(Activities::ContactId))
                .col(id_ref_null(Activities::CallId))
                .col(text_default(Activities::Subject, ""))
                .col(text_default(Activities::Notes, ""))
                .col(at_null(Activities::PlannedAt))
                .col(at_null(Activities::DoneAt))
                .col(text_null(Activities::Outcome))
                .col(int_null(Activities::DurationSeconds))
                .col(at(Activities::CreatedAt))
                .foreign_key(&mut fk(
                    Activities::Table,
                    Activities::MemberId,
                    Members::Table,
                    Members::Id,
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    Activities::Table,
                    Activities::DealId,
                    Deals::Table,
                    Deals::Id,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    Activities::Table,
                    Activities::AccountId,
                    Accounts::Table,
                    Accounts::Id,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    Activities::Table,
                    Activities::ContactId,
                    Contacts::Table,
                    Contacts::Id,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Activities::Table,
                    Activities::CallId,
                    Calls::Table,
                    Calls::Id,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_activities_member_planned",
            Activities::Table,
            &["member_id", "planned_at"],
            false,
        )
        .await?;
        index(
            m,
            "idx_activities_member_done",
            Activities::Table,
            &["member_id", "done_at"],
            false,
        )
        .await?;
        index(
            m,
            "idx_activities_deal",
            Activities::Table,
            &["deal_id"],
            false,
        )
        .await?;
        index(
            m,
            "idx_activities_account",
            Activities::Table,
            &["account_id", "done_at"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(HandoffRejectReasons::Table)
                .col(pk(HandoffRejectReasons::Id))
                .col(text(HandoffRejectReasons::Code).unique_key().to_owned())
                .col(text(HandoffRejectReasons::LabelJa))
                .col(text(HandoffRejectReasons::LabelEn))
                .col(flag(HandoffRejectReasons::Active, true))
                .col(int(HandoffRejectReasons::Position, 0))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Handoffs::Table)
                .col(pk(Handoffs::Id))
                .col(text(Handoffs::Kind))
                .col(id_ref_null(Handoffs::DealId))
                .col(id_ref(Handoffs::AccountId))
                .col(id_ref_null(Handoffs::FromMemberId))
                .col(text(Handoffs::FromRole))
                .col(id_ref_null(Handoffs::ToMemberId))
                .col(text(Handoffs::ToRole))
                .col(id_ref_null(Handoffs::FromStageId))
                .col(id_ref_null(Handoffs::ToStageId))
                .col(text_default(Handoffs::Note, "{}"))
                .col(text_default(Handoffs::Status, "pending"))
                .col(at(Handoffs::SentAt))
                .col(at_null(Handoffs::DueAt))
                .col(at_null(Handoffs::AcceptedAt))
                .col(at_null(Handoffs::RejectedAt))
                .col(text_null(Handoffs::RejectReason))
                .col(text_null(Handoffs::RejectNote))
                .col(at(Handoffs::CreatedAt))
                .foreign_key(&mut fk(
                    Handoffs::Table,
                    Handoffs::DealId,
                    Deals::Table,
                    Deals::Id,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    Handoffs::Table,
                    Handoffs::AccountId,
                    Accounts::Table,
                    Accounts::Id,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    Handoffs::Table,
                    Handoffs::FromMemberId,
                    Members::Table,
                    Members::Id,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Handoffs::Table,
                    Handoffs::ToMemberId,
                    Members::Table,
                    Members::Id,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Handoffs::Table,
                    Handoffs::FromStageId,
                    Stages::Table,
                    Stages::Id,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Handoffs::Table,
                    Handoffs::ToStageId,
                    Stages::Table,
                    Stages::Id,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_handoffs_to",
            Handoffs::Table,
            &["to_member_id", "status"],
            false,
        )
        .await?;
        index(
            m,
            "idx_handoffs_from",
            Handoffs::Table,
            &["from_member_id", "status"],
            false,
        )
        .await?;
        index(m, "idx_handoffs_deal", Handoffs::Table, &["deal_id"], false).await?;

        m.create_table(
            Table::create()
                .table(KbArticles::Table)
                .col(pk(KbArticles::Id))
                .col(text(KbArticles::Category))
                .col(text(KbArticles::Title))
                .col(text(KbArticles::Body))
                .col(text_default(KbArticles::Tags, ""))
                .col(id_ref_null(KbArticles::CreatedBy))
                .col(at(KbArticles::CreatedAt))
                .col(at(KbArticles::UpdatedAt))
                .col(int(KbArticles::Version, 1))
                .foreign_key(&mut fk(
                    KbArticles::Table,
                    KbArticles::CreatedBy,
                    Members::Table,
                    Members::Id,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_kb_category",
            KbArticles::Table,
            &["category"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk(AuditLog::Id))
                .col(id_ref_null(AuditLog::MemberId))
                .col(text(AuditLog::Entity))
                .col(id_ref(AuditLog::EntityId))
                .col(text(AuditLog::Field))
                .col(text_null(AuditLog::OldValue))
                .col(text_null(AuditLog::NewValue))
                .col(at(AuditLog::At))
                .foreign_key(&mut fk(
                    AuditLog::Table,
                    AuditLog::MemberId,
                    Members::Table,
                    Members::Id,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_audit_entity",
            AuditLog::Table,
            &["entity", "entity_id", "at"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Targets::Table)
                .col(pk(Targets::Id))
                .col(id_ref_null(Targets::MemberId))
                .col(text(Targets::Metric))
                .col(date(Targets::PeriodStart))
                .col(date(Targets::PeriodEnd))
                .col(ColumnDef::new(Targets::Value).big_integer().not_null())
                .foreign_key(&mut fk(
                    Targets::Table,
                    Targets::MemberId,
                    Members::Table,
                    Members::Id,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_targets_member",
            Targets::Table,
            &["member_id", "period_start"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Events::Table)
                .col(pk(Events::Id))
                .col(text(Events::Kind))
                .col(text(Events::Payload))
                .col(at(Events::At))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                .col(id_ref(IdempotencyKeys::MemberId))
                .col(text(IdempotencyKeys::Key))
                .col(ColumnDef::new(IdempotencyKeys::Status).integer().not_null())
                .col(text(IdempotencyKeys::Response))
                .col(at(IdempotencyKeys::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(IdempotencyKeys::MemberId)
                        .col(IdempotencyKeys::Key),
                )
                .foreign_key(&mut fk(
                    IdempotencyKeys::Table,
                    IdempotencyKeys::MemberId,
                    Members::Table,
                    Members::Id,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RoutingDecisions::Table)
                .col(pk(RoutingDecisions::Id))
                .col(text(RoutingDecisions::Role))
                .col(text(RoutingDecisions::SubjectKind))
                .col(id_ref(RoutingDecisions::SubjectId))
                .col(id_ref_null(RoutingDecisions::MemberId))
                .col(text(RoutingDecisions::Reason))
                .col(at(RoutingDecisions::At))
                .foreign_key(&mut fk(
                    RoutingDecisions::Table,
                    RoutingDecisions::MemberId,
                    Members::Table,
                    Members::Id,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_routing_subject",
            RoutingDecisions::Table,
            &["subject_kind", "subject_id"],
            false,
        )
        .await?;

        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            RoutingDecisions::Table.into_iden(),
            IdempotencyKeys::Table.into_iden(),
            Events::Table.into_iden(),
            Targets::Table.into_iden(),
            AuditLog::Table.into_iden(),
            KbArticles::Table.into_iden(),
            Handoffs::Table.into_iden(),
            HandoffRejectReasons::Table.into_iden(),
            Activities::Table.into_iden(),
            CallSteps::Table.into_iden(),
            Calls::Table.into_iden(),
            TalkScriptVersions::Table.into_iden(),
            TalkScripts::Table.into_iden(),
            StageHistory::Table.into_iden(),
            Deals::Table.into_iden(),
            Stages::Table.into_iden(),
            Pipelines::Table.into_iden(),
            Contacts::Table.into_iden(),
            Accounts::Table.into_iden(),
            MemberAbsences::Table.into_iden(),
            MemberRoleSegments::Table.into_iden(),
            MemberRoleTerritories::Table.into_iden(),
            Territories::Table.into_iden(),
            Segments::Table.into_iden(),
            Sessions::Table.into_iden(),
            MemberRoles::Table.into_iden(),
            Members::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
