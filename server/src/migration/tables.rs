//! Table and column names, shared by the migration and by hand-written queries.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden, Clone, Copy)]
pub enum Members {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Locale,
    TimeZone,
    Active,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum MemberRoles {
    Table,
    MemberId,
    Role,
    Weight,
    CapacityOpen,
    CapacityDaily,
    CreatedAt,
    RouteCredit,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum Sessions {
    Table,
    Id,
    MemberId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum Segments {
    Table,
    Id,
    Name,
    Rank,
    KeyAccount,
    ContactIntervalDays,
    Position,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum Territories {
    Table,
    Id,
    Name,
    Position,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum MemberRoleTerritories {
    Table,
    MemberId,
    Role,
    TerritoryId,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum MemberRoleSegments {
    Table,
    MemberId,
    Role,
    SegmentId,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum MemberAbsences {
    Table,
    Id,
    MemberId,
    StartsOn,
    EndsOn,
    Note,
    CreatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum Accounts {
    Table,
    Id,
    Name,
    NameKana,
    Industry,
    Prefecture,
    SegmentId,
    TerritoryId,
    Phone,
    Website,
    Employees,
    LastContactedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum Contacts {
    Table,
    Id,
    AccountId,
    Name,
    NameKana,
    Title,
    Email,
    Phone,
    IsPrimary,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum Pipelines {
    Table,
    Id,
    Name,
    Kind,
    Position,
    CreatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum Stages {
    Table,
    Id,
    PipelineId,
    Name,
    Position,
    Probability,
    OwningRole,
    StallDays,
    Kind,
    ArchivedAt,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum Deals {
    Table,
    Id,
    PipelineId,
    StageId,
    AccountId,
    ContactId,
    Title,
    Amount,
    Currency,
    Rank,
    AppointerId,
    CloserId,
    SuccessId,
    ExpectedCloseOn,
    StageEnteredAt,
    LostReason,
    ClosedAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum StageHistory {
    Table,
    Id,
    DealId,
    FromStageId,
    ToStageId,
    MovedBy,
    MovedAt,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum Activities {
    Table,
    Id,
    Kind,
    MemberId,
    DealId,
    AccountId,
    ContactId,
    CallId,
    Subject,
    Notes,
    PlannedAt,
    DoneAt,
    Outcome,
    DurationSeconds,
    CreatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum Handoffs {
    Table,
    Id,
    Kind,
    DealId,
    AccountId,
    FromMemberId,
    FromRole,
    ToMemberId,
    ToRole,
    FromStageId,
    ToStageId,
    Note,
    Status,
    SentAt,
    DueAt,
    AcceptedAt,
    RejectedAt,
    RejectReason,
    RejectNote,
    CreatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum HandoffRejectReasons {
    Table,
    Id,
    Code,
    LabelJa,
    LabelEn,
    Active,
    Position,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum TalkScripts {
    Table,
    Id,
    PipelineId,
    Name,
    Purpose,
    Draft,
    DraftVersion,
    PublishedVersion,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum TalkScriptVersions {
    Table,
    Id,
    ScriptId,
    Number,
    Graph,
    PublishedBy,
    PublishedAt,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum Calls {
    Table,
    Id,
    MemberId,
    ScriptVersionId,
    DealId,
    ContactId,
    StartedAt,
    FinishedAt,
    Outcome,
    Notes,
    AtStep,
    EndStep,
    Reason,
    BookedStageId,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum CallSteps {
    Table,
    Id,
    CallId,
    StepKey,
    AnswerKey,
    At,
    Seq,
    AnswerIndex,
    Kind,
    Undone,
    Notes,
    IdemKey,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum CallReach {
    Table,
    Id,
    CallId,
    ScriptVersionId,
    StepKey,
    AnswerIndex,
    First,
    Outcome,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum KbArticles {
    Table,
    Id,
    Category,
    Title,
    Body,
    Tags,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum AuditLog {
    Table,
    Id,
    MemberId,
    Entity,
    EntityId,
    Field,
    OldValue,
    NewValue,
    At,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum Targets {
    Table,
    Id,
    MemberId,
    Metric,
    PeriodStart,
    PeriodEnd,
    Value,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum Events {
    Table,
    Id,
    Kind,
    Payload,
    At,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum IdempotencyKeys {
    Table,
    MemberId,
    Key,
    Status,
    Response,
    CreatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum RoutingDecisions {
    Table,
    Id,
    Role,
    SubjectKind,
    SubjectId,
    MemberId,
    Reason,
    At,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum ChecklistTemplateItems {
    Table,
    Id,
    Position,
    Label,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum AccountChecklistItems {
    Table,
    Id,
    AccountId,
    Position,
    Label,
    DoneAt,
    DoneBy,
    CreatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
pub enum DealArticles {
    Table,
    DealId,
    ArticleId,
    LinkedBy,
    LinkedAt,
}
