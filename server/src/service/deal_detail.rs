//! What a deal's page shows beside its fields: its activities and its audit trail.

use super::{ServiceError, ServiceResult, now};
use crate::entity::deal;
use crate::migration::tables::{Accounts, Activities, AuditLog, Members};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, TransactionTrait,
};
use shared::api::{Activity, AuditEntry, MemberRef, NewActivity};
use shared::{ActivityId, DealId, MemberId};

/// Most activities or audit entries in one answer.
const MAX_ROWS: u64 = 500;

async fn deal_or_404<C: ConnectionTrait>(db: &C, id: DealId) -> ServiceResult<deal::Model> {
    deal::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("deal"))
}

#[derive(Debug, FromQueryResult)]
struct ActivityRow {
    id: i64,
    deal_id: i64,
    kind: String,
    member_id: i64,
    member_name: String,
    subject: String,
    notes: String,
    planned_at: Option<chrono::DateTime<chrono::Utc>>,
    done_at: Option<chrono::DateTime<chrono::Utc>>,
    created_at: chrono::DateTime<chrono::Utc>,
}

impl From<ActivityRow> for Activity {
    fn from(r: ActivityRow) -> Self {
        Activity {
            id: ActivityId(r.id),
            deal_id: DealId(r.deal_id),
            kind: r.kind,
            member: MemberRef {
                id: MemberId(r.member_id),
                name: r.member_name,
            },
            subject: r.subject,
            notes: r.notes,
            planned_at: r.planned_at,
            done_at: r.done_at,
            created_at: r.created_at,
        }
    }
}

async fn activity_rows<C: ConnectionTrait>(
    db: &C,
    cond: sea_orm::sea_query::SimpleExpr,
) -> ServiceResult<Vec<Activity>> {
    let mut q = Query::select();
    q.columns([
        (Activities::Table, Activities::Id),
        (Activities::Table, Activities::DealId),
        (Activities::Table, Activities::Kind),
        (Activities::Table, Activities::MemberId),
        (Activities::Table, Activities::Subject),
        (Activities::Table, Activities::Notes),
        (Activities::Table, Activities::PlannedAt),
        (Activities::Table, Activities::DoneAt),
        (Activities::Table, Activities::CreatedAt),
    ])
    .expr_as(
        Expr::col((Members::Table, Members::Name)),
        Alias::new("member_name"),
    )
    .from(Activities::Table)
    .inner_join(
        Members::Table,
        Expr::col((Members::Table, Members::Id)).equals((Activities::Table, Activities::MemberId)),
    )
    .and_where(cond)
    .order_by((Activities::Table, Activities::Id), Order::Desc)
    .limit(MAX_ROWS);
    let rows = ActivityRow::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Activity::from).collect())
}

/// The deal's activities: planned ones first (soonest first), then done ones (latest first).
pub async fn activities<C: ConnectionTrait>(db: &C, id: DealId) -> ServiceResult<Vec<Activity>> {
    deal_or_404(db, id).await?;
    let mut list = activity_rows(
        db,
        Expr::col((Activities::Table, Activities::DealId)).eq(id.0),
    )
    .await?;
    list.sort_by(|a, b| match (a.done_at, b.done_at) {
        (None, None) => a.planned_at.cmp(&b.planned_at).then(a.id.cmp(&b.id)),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => y.cmp(&x).then(b.id.cmp(&a.id)),
    });
    Ok(list)
}

/// Kinds of activity that count as contacting the account.
const CONTACT_KINDS: [&str; 4] = ["call", "meeting", "email", "visit"];

/// Plans or records an activity on a deal, by `actor`. A done call, meeting, e-mail or visit
/// moves the account's `last_contacted_at` forward to its time (never back), in the same
/// transaction.
pub async fn add_activity(
    db: &DatabaseConnection,
    actor: MemberId,
    id: DealId,
    new: &NewActivity,
) -> ServiceResult<Activity> {
    new.validate().map_err(ServiceError::Invalid)?;
    let txn = db.begin().await?;
    let a = insert_activity(&txn, actor, id, new).await?;
    txn.commit().await?;
    Ok(a)
}

async fn insert_activity<C: ConnectionTrait>(
    db: &C,
    actor: MemberId,
    id: DealId,
    new: &NewActivity,
) -> ServiceResult<Activity> {
    let d = deal_or_404(db, id).await?;
    if let Some(at) = new.done_at
        && CONTACT_KINDS.contains(&new.kind.as_str())
    {
        let mut q = Query::update();
        q.table(Accounts::Table)
            .value(Accounts::LastContactedAt, at)
            .and_where(Expr::col(Accounts::Id).eq(d.account_id))
            .cond_where(
                sea_orm::sea_query::Cond::any()
                    .add(Expr::col(Accounts::LastContactedAt).is_null())
                    .add(Expr::col(Accounts::LastContactedAt).lt(at)),
            );
        db.execute(&q).await?;
    }
    let mut q = Query::insert();
    q.into_table(Activities::Table)
        .columns([
            Activities::Kind,
            Activities::MemberId,
            Activities::DealId,
            Activities::AccountId,
            Activities::Subject,
            Activities::Notes,
            Activities::PlannedAt,
            Activities::DoneAt,
            Activities::CreatedAt,
        ])
        .values([
            new.kind.clone().into(),
            actor.0.into(),
            d.id.into(),
            d.account_id.into(),
            new.subject.trim().to_owned().into(),
            new.notes.clone().into(),
            new.planned_at.into(),
            new.done_at.into(),
            now().into(),
        ])
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        .returning_col(Activities::Id);
    let backend = db.get_database_backend();
    #[derive(FromQueryResult)]
    struct Inserted {
        id: i64,
    }
    let inserted = Inserted::find_by_statement(backend.build(&q))
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::Internal("insert returned no id".into()))?;
    activity_rows(
        db,
        Expr::col((Activities::Table, Activities::Id)).eq(inserted.id),
    )
    .await?
    .pop()
    .ok_or(ServiceError::NotFound("activity"))
}

#[derive(Debug, FromQueryResult)]
struct AuditRow {
    member_id: Option<i64>,
    member_name: Option<String>,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
    at: chrono::DateTime<chrono::Utc>,
}

/// The deal's audit trail, newest first (at most 500 entries).
pub async fn audit_trail<C: ConnectionTrait>(db: &C, id: DealId) -> ServiceResult<Vec<AuditEntry>> {
    deal_or_404(db, id).await?;
    let mut q = Query::select();
    q.columns([
        (AuditLog::Table, AuditLog::MemberId),
        (AuditLog::Table, AuditLog::Field),
        (AuditLog::Table, AuditLog::OldValue),
        (AuditLog::Table, AuditLog::NewValue),
        (AuditLog::Table, AuditLog::At),
    ])
    .expr_as(
        Expr::col((Members::Table, Members::Name)),
        Alias::new("member_name"),
    )
    .from(AuditLog::Table)
    .left_join(
        Members::Table,
        Expr::col((Members::Table, Members::Id)).equals((AuditLog::Table, AuditLog::MemberId)),
    )
    .and_where(Expr::col((AuditLog::Table, AuditLog::Entity)).eq("deal"))
    .and_where(Expr::col((AuditLog::Table, AuditLog::EntityId)).eq(id.0))
    .order_by((AuditLog::Table, AuditLog::At), Order::Desc)
    .order_by((AuditLog::Table, AuditLog::Id), Order::Desc)
    .limit(MAX_ROWS);
    let rows = AuditRow::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            member: super::deals::member_ref(r.member_id, r.member_name),
            field: r.field,
            old_value: r.old_value,
            new_value: r.new_value,
            at: r.at,
        })
        .collect())
}
