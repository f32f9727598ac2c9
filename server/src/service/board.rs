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

use super::audit::{self, Change};
use super::deals::get_deal;
use super::{ServiceError, ServiceResult, now};
use crate::entity::{deal, stage};
use crate::migration::tables::{Handoffs, IdempotencyKeys, StageHistory};
use crate::session::CurrentMember;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, SqlErr, TransactionTrait,
};
use shared::api::{DealRow, MemberRef, MoveDeal, StageKind, StageMove};
use shared::rules::{StageRule, is_handoff, may_move};
use shared::{DealId, FieldError, MemberId, Role, StageId};

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

fn invalid(field: &str, message: &str) -> ServiceError {
    ServiceError::Invalid(vec![FieldError {
        field: field.into(),
        code: "invalid_value".into(),
        message: message.into(),
    }])
}

fn kind_of(s: &stage::Model) -> StageKind {
    match s.kind.as_str() {
        "won" => StageKind::Won,
        "lost" => StageKind::Lost,
        _ => StageKind::Open,
    }
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
        if let Some(k) = key
            && let Some(done) = replay(db, actor.id, k, id).await?
        {
            return Ok(done);
        }
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
    let moved = apply_move(&txn, &mut StageCache::new(), actor, id, req, key).await?;
    txn.commit().await?;
    Ok(moved)
}

/// One move inside the caller's transaction (or savepoint), which the caller commits. Answers
/// a repeated idempotency key as it was answered the first time.
///
/// Every refusal (stale version, roles, neighbours) is decided before the first write, so a
/// refused move leaves the transaction as it found it; only a database error can fail a move
/// halfway, and then the caller must drop the whole transaction.
pub async fn apply_move_once<C: ConnectionTrait>(
    txn: &C,
    stages: &mut StageCache,
    actor: &CurrentMember,
    id: DealId,
    req: &MoveDeal,
    key: Option<&str>,
) -> ServiceResult<Moved> {
    if let Some(k) = key
        && let Some(done) = replay(txn, actor.id, k, id).await?
    {
        return Ok(done);
    }
    apply_move(txn, stages, actor, id, req, key).await
}

/// The stages of the pipelines a transaction has read, by pipeline id (a batch of moves reads
/// each pipeline's stages once; they cannot change under a writer holding the write turn).
pub type StageCache = std::collections::HashMap<i64, Vec<stage::Model>>;

async fn apply_move<C: ConnectionTrait>(
    txn: &C,
    stage_cache: &mut StageCache,
    actor: &CurrentMember,
    id: DealId,
    req: &MoveDeal,
    key: Option<&str>,
) -> ServiceResult<Moved> {
    let mut d = get_deal(txn, id)
        .await?
        .ok_or(ServiceError::NotFound("deal"))?;
    if d.version != req.version {
        return Err(stale(
            txn,
            id,
            "Someone else changed this deal; it is shown as it is now.",
        )
        .await);
    }
    let stages = match stage_cache.entry(d.pipeline_id.0) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(e) => e.insert(
            stage::Entity::find()
                .filter(stage::Column::PipelineId.eq(d.pipeline_id.0))
                .filter(stage::Column::ArchivedAt.is_null())
                .order_by_asc(stage::Column::Position)
                .order_by_asc(stage::Column::Id)
                .all(txn)
                .await?,
        ),
    };
    let stages: &[stage::Model] = stages;
    let from = stages
        .iter()
        .position(|s| s.id == d.stage_id.0)
        .ok_or(ServiceError::NotFound("stage"))?;
    let to = stages
        .iter()
        .position(|s| s.id == req.stage_id.0)
        .ok_or_else(|| invalid("stage_id", "Not a stage of this deal's pipeline."))?;
    let rules: Vec<StageRule> = stages
        .iter()
        .map(|s| StageRule {
            owning_role: s.owning_role.parse().unwrap_or(Role::Manager),
            kind: kind_of(s),
        })
        .collect();
    if !may_move(&actor.roles, &rules, from, to) {
        return Err(ServiceError::Forbidden);
    }
    let target = &stages[to];
    lock_stage(txn, target.id).await?;

    // Neighbours: both must be other deals in the target stage.
    let neighbour = |nid: Option<DealId>, field: &'static str| async move {
        let Some(nid) = nid else { return Ok(None) };
        if nid == id {
            return Err(invalid(field, "A deal cannot be placed next to itself."));
        }
        match deal::Entity::find_by_id(nid.0).one(txn).await? {
            Some(n) if n.stage_id == target.id => Ok(Some(n.rank)),
            Some(_) => Err(ServiceError::Conflict(
                "The deal to place it next to has moved; reload the board.".into(),
            )),
            None => Err(invalid(field, "No such deal.")),
        }
    };
    let after = neighbour(req.after_id, "after_id").await?;
    let before = neighbour(req.before_id, "before_id").await?;
    let in_stage = || {
        deal::Entity::find()
            .select_only()
            .column(deal::Column::Rank)
            .filter(deal::Column::StageId.eq(target.id))
            .filter(deal::Column::Id.ne(id.0))
    };
    let (lo, hi) = match (after, before) {
        (Some(a), Some(b)) => (Some(a), Some(b)),
        (Some(a), None) => {
            let next = in_stage()
                .filter(deal::Column::Rank.gt(a.clone()))
                .order_by_asc(deal::Column::Rank)
                .into_tuple::<String>()
                .one(txn)
                .await?;
            (Some(a), next)
        }
        (None, Some(b)) => {
            let prev = in_stage()
                .filter(deal::Column::Rank.lt(b.clone()))
                .order_by_desc(deal::Column::Rank)
                .into_tuple::<String>()
                .one(txn)
                .await?;
            (prev, Some(b))
        }
        (None, None) => {
            let last = in_stage()
                .order_by_desc(deal::Column::Rank)
                .into_tuple::<String>()
                .one(txn)
                .await?;
            (last, None)
        }
    };
    let rank = shared::rank::between(lo.as_deref(), hi.as_deref()).ok_or_else(|| {
        ServiceError::Conflict("The deals around this place have moved; reload the board.".into())
    })?;

    let t = now();
    let moved_stage = d.stage_id.0 != target.id;
    let mut update = Query::update();
    update
        .table(crate::migration::tables::Deals::Table)
        .value(Alias::new("stage_id"), target.id)
        .value(Alias::new("rank"), rank.clone())
        .value(
            Alias::new("version"),
            Expr::col(Alias::new("version")).add(1),
        )
        .value(Alias::new("updated_at"), t)
        .and_where(Expr::col(Alias::new("id")).eq(id.0))
        .and_where(Expr::col(Alias::new("version")).eq(req.version));
    if moved_stage {
        update.value(Alias::new("stage_entered_at"), t);
    }
    let done = txn.execute(&update).await?;
    if done.rows_affected() == 0 {
        return Err(stale(
            txn,
            id,
            "Someone else changed this deal; it is shown as it is now.",
        )
        .await);
    }

    let actor_id = Some(actor.id);
    let mut handoff = None;
    let mut changes = Vec::with_capacity(2);
    if moved_stage {
        record_stage_entry(txn, id.0, Some(d.stage_id.0), target.id, actor.id, t).await?;
        changes.push(Change {
            entity: "deal",
            entity_id: id.0,
            field: "stage_id",
            old: Some(d.stage_id.to_string()),
            new: Some(target.id.to_string()),
        });
        if is_handoff(&rules, from, to) {
            handoff = Some(open_handoff(txn, &d, &stages[from], target, actor.id, t).await?);
        }
    }
    changes.push(Change {
        entity: "deal",
        entity_id: id.0,
        field: "rank",
        old: Some(d.rank.clone()),
        new: Some(rank.clone()),
    });
    audit::record_all(txn, actor_id, changes, t).await?;
    // The deal as the UPDATE left it (the row read above, with what the UPDATE set).
    let from_stage_id = d.stage_id;
    d.stage_id = StageId(target.id);
    d.rank = rank;
    d.version += 1;
    d.updated_at = t;
    if moved_stage {
        d.stage_entered_at = t;
    }
    let deal = d;
    let moved = shared::api::DealMoved {
        deal: deal.clone(),
        from_stage_id,
    };
    crate::events::record(txn, "deal.moved", &moved).await?;
    if let Some(k) = key {
        let response =
            serde_json::to_string(&deal).map_err(|e| ServiceError::Internal(e.to_string()))?;
        let mut q = Query::insert();
        q.into_table(IdempotencyKeys::Table)
            .columns([
                IdempotencyKeys::MemberId,
                IdempotencyKeys::Key,
                IdempotencyKeys::Status,
                IdempotencyKeys::Response,
                IdempotencyKeys::CreatedAt,
            ])
            .values([
                actor.id.0.into(),
                k.into(),
                200.into(),
                response.into(),
                t.into(),
            ])
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        txn.execute(&q).await?;
    }
    Ok(Moved { deal, handoff })
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
async fn open_handoff<C: ConnectionTrait>(
    db: &C,
    d: &DealRow,
    from: &stage::Model,
    to: &stage::Model,
    actor: MemberId,
    t: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<i64> {
    let from_role: Role = from.owning_role.parse().unwrap_or(Role::Manager);
    let to_role: Role = to.owning_role.parse().unwrap_or(Role::Manager);
    let kind = match (from_role, to_role) {
        (Role::Appointer, Role::Closer) => "appointment",
        (Role::Closer, Role::Success) => "won",
        _ => "stage",
    };
    let giver = owner_for(d, from_role).unwrap_or(actor.0);
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
            Handoffs::CreatedAt,
        ])
        .values([
            kind.into(),
            Some(d.id.0).into(),
            d.account.id.0.into(),
            Some(giver).into(),
            from_role.as_str().into(),
            owner_for(d, to_role).into(),
            to_role.as_str().into(),
            Some(from.id).into(),
            Some(to.id).into(),
            "{}".into(),
            "pending".into(),
            t.into(),
            t.into(),
        ])
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    q.returning_col(Handoffs::Id);
    let row = db
        .query_one(&q)
        .await?
        .ok_or_else(|| ServiceError::Internal("no hand-off id".into()))?;
    Ok(row.try_get::<i64>("", "id")?)
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
