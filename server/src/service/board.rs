//! Moving deals on the board: one transaction per move that checks the version, checks the
//! member's roles against the stage rules, gives the deal a rank between its new neighbours,
//! records the stage history and the audit trail, and opens a hand-off when the move passes the
//! deal from one role to another.
//!
//! Concurrency: the deal's `version` is checked again in the `UPDATE … WHERE version = ?`, so
//! two moves of one deal never both succeed; two moves of different deals into the same gap
//! may compute the same rank, which the unique `(stage_id, rank)` index refuses; the move is
//! then retried from the start with fresh neighbours (as it is when SQLite reports a busy
//! snapshot), so no acknowledged move is lost and the order stays total.

use super::deals::get_deal;
use super::invalid;
use super::move_batch::{MoveBatch, MoveRequest};
use super::{ServiceError, ServiceResult};
use crate::entity::{deal, stage};
use crate::migration::tables::{Handoffs, IdempotencyKeys, StageHistory};
use crate::session::CurrentMember;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QuerySelect, SqlErr,
    TransactionTrait,
};
use shared::api::{DealRow, MemberRef, MoveDeal, StageMove};
use shared::{DealId, MemberId, Role, StageId};

/// How often a move is retried after losing a race for its rank or for the write lock.
pub(super) const ATTEMPTS: usize = 20;

/// What a move did.
#[derive(Debug)]
pub struct Moved {
    /// The deal as it is now.
    pub deal: DealRow,
    /// The hand-off the move opened, if it passed the deal to another role.
    pub handoff: Option<i64>,
}

/// Moves a deal; see the module's rules.
pub async fn move_deal(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: DealId,
    req: &MoveDeal,
    key: Option<&str>,
) -> ServiceResult<Moved> {
    let mut last = None;
    for attempt in 0..ATTEMPTS {
        // A repeated key is answered inside the move's transaction (`MoveBatch::apply`).
        match try_move(db, actor, id, req, key).await {
            Err(ServiceError::Db(e)) if retryable(&e) => {
                last = Some(e);
                tokio::time::sleep(std::time::Duration::from_millis(1 + attempt as u64 * 2)).await;
            }
            // The same request may have won a moment ago: answer as it was answered.
            Err(stale @ ServiceError::Stale { .. }) => {
                return match key {
                    Some(k) => replay(db, actor.id, k, id).await?.ok_or(stale),
                    None => Err(stale),
                };
            }
            other => return other,
        }
    }
    Err(ServiceError::Conflict(format!(
        "The board is very busy; the move was not applied. Try again. ({})",
        last.map(|e| e.to_string()).unwrap_or_default()
    )))
}

/// The answer already given to this member's request with this idempotency key, if any.
async fn replay<C: ConnectionTrait>(
    db: &C,
    member: MemberId,
    key: &str,
    id: DealId,
) -> ServiceResult<Option<Moved>> {
    #[derive(FromQueryResult)]
    struct Stored {
        response: String,
    }
    let mut q = Query::select();
    q.column(IdempotencyKeys::Response)
        .from(IdempotencyKeys::Table)
        .and_where(Expr::col(IdempotencyKeys::MemberId).eq(member.0))
        .and_where(Expr::col(IdempotencyKeys::Key).eq(key));
    let Some(stored) = Stored::find_by_statement(db.get_database_backend().build(&q))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let deal: DealRow = serde_json::from_str(&stored.response)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    if deal.id != id {
        return Err(invalid(
            "Idempotency-Key",
            "This key was used for another request; use a new key per request.",
        ));
    }
    Ok(Some(Moved {
        deal,
        handoff: None,
    }))
}

pub(super) fn retryable(e: &DbErr) -> bool {
    if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        return true;
    }
    let text = e.to_string().to_ascii_lowercase();
    text.contains("database is locked")
        || text.contains("busy")
        || text.contains("could not serialize")
        || text.contains("deadlock detected")
}

pub(super) async fn stale<C: ConnectionTrait>(db: &C, id: DealId, message: &str) -> ServiceError {
    match get_deal(db, id).await {
        Ok(Some(current)) => ServiceError::Stale {
            message: message.to_owned(),
            current: serde_json::to_value(current).unwrap_or_default(),
        },
        Ok(None) => ServiceError::NotFound("deal"),
        Err(e) => e,
    }
}

async fn try_move(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: DealId,
    req: &MoveDeal,
    key: Option<&str>,
) -> ServiceResult<Moved> {
    let txn = db.begin().await?;
    let mut batch = MoveBatch::default();
    let m = MoveRequest {
        actor,
        id,
        req,
        key,
    };
    batch.prefetch(&txn, &[m]).await?;
    let moved = batch.apply(&txn, m).await?;
    batch.flush(&txn).await?;
    txn.commit().await?;
    Ok(moved)
}

/// On PostgreSQL, takes the stage's row lock until the transaction ends, so placements into one
/// stage queue instead of choosing the same rank from snapshots that cannot see each other.
/// (SQLite writers already take turns.)
pub(super) async fn lock_stage<C: ConnectionTrait>(db: &C, stage_id: i64) -> ServiceResult<()> {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        // NO KEY UPDATE queues other placements into this stage but not the foreign-key checks
        // (KEY SHARE) of moves that merely name it, which would deadlock against it.
        stage::Entity::find_by_id(stage_id)
            .lock(sea_orm::sea_query::LockType::NoKeyUpdate)
            .one(db)
            .await?;
    }
    Ok(())
}

/// Appends a deal's entry into a stage to its stage history.
pub(super) async fn record_stage_entry<C: ConnectionTrait>(
    db: &C,
    deal: i64,
    from: Option<i64>,
    to: i64,
    by: MemberId,
    at: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<()> {
    let mut h = Query::insert();
    h.into_table(StageHistory::Table)
        .columns([
            StageHistory::DealId,
            StageHistory::FromStageId,
            StageHistory::ToStageId,
            StageHistory::MovedBy,
            StageHistory::MovedAt,
        ])
        .values([
            deal.into(),
            from.into(),
            to.into(),
            Some(by.0).into(),
            at.into(),
        ])
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    db.execute(&h).await?;
    Ok(())
}

fn owner_for(d: &DealRow, role: Role) -> Option<i64> {
    let owner = match role {
        Role::Appointer => d.appointer.as_ref(),
        Role::Closer => d.closer.as_ref(),
        Role::Success => d.success.as_ref(),
        _ => None,
    };
    owner.map(|m| m.id.0)
}

/// Records the hand-off a move made; who receives it is the deal's owner for that role, if any
/// (routing to a receiver is the team-matrix issue's work).
pub(super) async fn open_handoff<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    d: &DealRow,
    from: &stage::Model,
    to: &stage::Model,
    actor: MemberId,
    t: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<i64> {
    let from_role: Role = from.owning_role.parse().unwrap_or(Role::Manager);
    let to_role: Role = to.owning_role.parse().unwrap_or(Role::Manager);
    let kind = shared::api::HandoffKind::between(from_role, to_role);
    let due = super::handoffs::due_at(db, kind, t).await?;
    let kind = kind.as_str();
    let giver = owner_for(d, from_role).unwrap_or(actor.0);
    // The receiver: the deal's owner in that role, else whom the team matrix routes it to.
    let receiver = match owner_for(d, to_role) {
        Some(m) => Some(m),
        None if matches!(to_role, Role::Appointer | Role::Closer | Role::Success) => {
            super::team::route_deal(db, to_role, d.account.id.0, "deal", d.id.0)
                .await?
                .map(|m| m.0)
        }
        None => None,
    };
    let mut q = Query::insert();
    q.into_table(Handoffs::Table)
        .columns([
            Handoffs::Kind,
            Handoffs::DealId,
            Handoffs::AccountId,
            Handoffs::FromMemberId,
            Handoffs::FromRole,
            Handoffs::ToMemberId,
            Handoffs::ToRole,
            Handoffs::FromStageId,
            Handoffs::ToStageId,
            Handoffs::Note,
            Handoffs::Status,
            Handoffs::SentAt,
            Handoffs::DueAt,
            Handoffs::CreatedAt,
        ])
        .values([
            kind.into(),
            Some(d.id.0).into(),
            d.account.id.0.into(),
            Some(giver).into(),
            from_role.as_str().into(),
            receiver.into(),
            to_role.as_str().into(),
            Some(from.id).into(),
            Some(to.id).into(),
            "{}".into(),
            "pending".into(),
            t.into(),
            due.into(),
            t.into(),
        ])
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    q.returning_col(Handoffs::Id);
    let row = db
        .query_one(&q)
        .await?
        .ok_or_else(|| ServiceError::Internal("no hand-off id".into()))?;
    let id = row.try_get::<i64>("", "id")?;
    // The receiver's inbox and every board hear of it.
    let sent = super::handoffs::one(db, shared::HandoffId(id)).await?;
    crate::events::record(db, "handoff.sent", &sent).await?;
    Ok(id)
}

#[derive(Debug, FromQueryResult)]
struct HistoryRow {
    from_stage_id: Option<i64>,
    to_stage_id: i64,
    moved_by: Option<i64>,
    moved_by_name: Option<String>,
    moved_at: chrono::DateTime<chrono::Utc>,
}

/// Every stage move of a deal, oldest first; 404 if there is no such deal.
pub async fn history<C: ConnectionTrait>(db: &C, id: DealId) -> ServiceResult<Vec<StageMove>> {
    if deal::Entity::find_by_id(id.0).one(db).await?.is_none() {
        return Err(ServiceError::NotFound("deal"));
    }
    use crate::migration::tables::Members;
    let mut q = Query::select();
    q.columns([
        (StageHistory::Table, StageHistory::FromStageId),
        (StageHistory::Table, StageHistory::ToStageId),
        (StageHistory::Table, StageHistory::MovedBy),
        (StageHistory::Table, StageHistory::MovedAt),
    ])
    .expr_as(
        Expr::col((Members::Table, Members::Name)),
        Alias::new("moved_by_name"),
    )
    .from(StageHistory::Table)
    .left_join(
        Members::Table,
        Expr::col((Members::Table, Members::Id))
            .equals((StageHistory::Table, StageHistory::MovedBy)),
    )
    .and_where(Expr::col((StageHistory::Table, StageHistory::DealId)).eq(id.0))
    .order_by(
        (StageHistory::Table, StageHistory::MovedAt),
        sea_orm::Order::Asc,
    )
    .order_by((StageHistory::Table, StageHistory::Id), sea_orm::Order::Asc);
    let rows = HistoryRow::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| StageMove {
            from_stage_id: r.from_stage_id.map(StageId),
            to_stage_id: StageId(r.to_stage_id),
            moved_by: r.moved_by.zip(r.moved_by_name).map(|(id, name)| MemberRef {
                id: MemberId(id),
                name,
            }),
            moved_at: r.moved_at,
        })
        .collect())
}
