//! Applying moves inside one transaction, one or many at a time.
//!
//! A [`MoveBatch`] reads what its moves need up front (the deals and their neighbours in one
//! query, the answers already given to their idempotency keys in another, the greatest rank of
//! each target stage in a third), keeps what it learns as the moves apply (each deal's row after
//! its move, each stage's greatest rank), and writes when it is flushed: each moved deal's row
//! once, guarded by the version it read (if another instance changed it meanwhile, the
//! whole transaction fails, to be retried move by move), then the rows every move appends (stage history, audit entries, events,
//! idempotency answers) in one statement per table. The unique `(stage_id, rank)` index still
//! refuses a rank taken twice. Pending updates are written before any query that reads ranks.
//!
//! Every refusal (stale version, roles, neighbours) is decided before the move's first write,
//! so a refused move leaves the transaction as it found it. A database error can fail a move
//! halfway: then the whole transaction must be dropped.

use super::audit::{self, Change};
use super::board::{Moved, lock_stage, open_handoff};
use super::deals::get_deals;
use super::invalid;
use super::pipelines::kind_of;
use super::{ServiceError, ServiceResult, now};
use crate::entity::{deal, stage};
use crate::migration::tables::{Deals, IdempotencyKeys, StageHistory};
use crate::session::CurrentMember;
use sea_orm::sea_query::{Alias, Cond, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use shared::api::{DealMoved, DealRow, MoveDeal};
use shared::rules::{StageRule, is_handoff, may_move};
use shared::{DealId, MemberId, Role, StageId};
use std::collections::{HashMap, HashSet};

/// One move to apply: who, which deal, where, and the request's idempotency key.
#[derive(Clone, Copy, Debug)]
pub struct MoveRequest<'a> {
    /// The member moving it.
    pub actor: &'a CurrentMember,
    /// The deal.
    pub id: DealId,
    /// Where to.
    pub req: &'a MoveDeal,
    /// The request's idempotency key.
    pub key: Option<&'a str>,
}

/// Moves applied in one transaction; see the module.
#[derive(Debug, Default)]
pub struct MoveBatch {
    /// Each deal read or moved so far, as the transaction has it now.
    deals: HashMap<i64, DealRow>,
    /// Stages of each pipeline, in order (they cannot change under the write turn).
    stages: HashMap<i64, Vec<stage::Model>>,
    /// An upper bound of the ranks in a stage (the greatest rank it held during the batch).
    last: HashMap<i64, Option<String>>,
    /// Deals moved but not yet written, with the version they had when read.
    pending: Vec<(i64, i32)>,
    /// Stages whose row lock this transaction holds (PostgreSQL).
    locked: HashSet<i64>,
    /// Answers already given, by (member, key).
    answers: HashMap<(i64, String), DealRow>,
    history: Vec<(i64, i64, i64, i64, chrono::DateTime<chrono::Utc>)>,
    audit: Vec<(MemberId, Change<'static>, chrono::DateTime<chrono::Utc>)>,
    events: Vec<DealMoved>,
    keys: Vec<(i64, String, String, chrono::DateTime<chrono::Utc>)>,
}

const STALE: &str = "Someone else changed this deal; it is shown as it is now.";

impl MoveBatch {
    /// Reads, in two queries, the deals and neighbours the moves name and the answers already
    /// given to their keys.
    pub async fn prefetch<C: ConnectionTrait>(
        &mut self,
        txn: &C,
        moves: &[MoveRequest<'_>],
    ) -> ServiceResult<()> {
        let mut ids: Vec<DealId> = Vec::with_capacity(moves.len() * 3);
        for m in moves {
            ids.push(m.id);
            ids.extend(m.req.after_id);
            ids.extend(m.req.before_id);
        }
        ids.sort_unstable();
        ids.dedup();
        ids.retain(|id| !self.deals.contains_key(&id.0));
        for chunk in ids.chunks(500) {
            for d in get_deals(txn, chunk).await? {
                self.deals.insert(d.id.0, d);
            }
        }
        let mut targets: Vec<i64> = moves.iter().map(|m| m.req.stage_id.0).collect();
        targets.sort_unstable();
        targets.dedup();
        targets.retain(|t| !self.last.contains_key(t));
        if !targets.is_empty() {
            #[derive(FromQueryResult)]
            struct Max {
                stage_id: i64,
                rank: Option<String>,
            }
            let mut q = Query::select();
            q.column(deal::Column::StageId)
                .expr_as(Expr::col(deal::Column::Rank).max(), Alias::new("rank"))
                .from(Deals::Table)
                .and_where(Expr::col(deal::Column::StageId).is_in(targets.iter().copied()))
                .group_by_col(deal::Column::StageId);
            for t in &targets {
                self.last.insert(*t, None);
            }
            for m in Max::find_by_statement(txn.get_database_backend().build(&q))
                .all(txn)
                .await?
            {
                self.last.insert(m.stage_id, m.rank);
            }
        }
        let keyed: Vec<(i64, &str)> = moves
            .iter()
            .filter_map(|m| Some((m.actor.id.0, m.key?)))
            .collect();
        for chunk in keyed.chunks(200) {
            #[derive(FromQueryResult)]
            struct Stored {
                member_id: i64,
                key: String,
                response: String,
            }
            let mut any = Cond::any();
            for (member, key) in chunk {
                any = any.add(
                    Cond::all()
                        .add(Expr::col(IdempotencyKeys::MemberId).eq(*member))
                        .add(Expr::col(IdempotencyKeys::Key).eq(*key)),
                );
            }
            let mut q = Query::select();
            q.columns([
                IdempotencyKeys::MemberId,
                IdempotencyKeys::Key,
                IdempotencyKeys::Response,
            ])
            .from(IdempotencyKeys::Table)
            .cond_where(any);
            for s in Stored::find_by_statement(txn.get_database_backend().build(&q))
                .all(txn)
                .await?
            {
                let deal: DealRow = serde_json::from_str(&s.response)
                    .map_err(|e| ServiceError::Internal(e.to_string()))?;
                self.answers.insert((s.member_id, s.key), deal);
            }
        }
        Ok(())
    }

    async fn deal<C: ConnectionTrait>(
        &mut self,
        txn: &C,
        id: DealId,
    ) -> ServiceResult<Option<DealRow>> {
        if let Some(d) = self.deals.get(&id.0) {
            return Ok(Some(d.clone()));
        }
        let found = get_deals(txn, &[id]).await?.pop();
        if let Some(d) = &found {
            self.deals.insert(id.0, d.clone());
        }
        Ok(found)
    }

    async fn stages_of<C: ConnectionTrait>(
        &mut self,
        txn: &C,
        pipeline: i64,
    ) -> ServiceResult<Vec<stage::Model>> {
        if let Some(s) = self.stages.get(&pipeline) {
            return Ok(s.clone());
        }
        let list = stage::Entity::find()
            .filter(stage::Column::PipelineId.eq(pipeline))
            .filter(stage::Column::ArchivedAt.is_null())
            .order_by_asc(stage::Column::Position)
            .order_by_asc(stage::Column::Id)
            .all(txn)
            .await?;
        self.stages.insert(pipeline, list.clone());
        Ok(list)
    }

    /// Applies one move (or answers a repeated key as it was answered).
    pub async fn apply<C: ConnectionTrait + sea_orm::TransactionTrait>(
        &mut self,
        txn: &C,
        m: MoveRequest<'_>,
    ) -> ServiceResult<Moved> {
        let MoveRequest {
            actor,
            id,
            req,
            key,
        } = m;
        if let Some(k) = key
            && let Some(done) = self.answers.get(&(actor.id.0, k.to_owned()))
        {
            if done.id != id {
                return Err(invalid(
                    "Idempotency-Key",
                    "This key was used for another request; use a new key per request.",
                ));
            }
            return Ok(Moved {
                deal: done.clone(),
                handoff: None,
            });
        }
        let d = self
            .deal(txn, id)
            .await?
            .ok_or(ServiceError::NotFound("deal"))?;
        if d.version != req.version {
            let current = serde_json::to_value(&d).unwrap_or_default();
            return Err(ServiceError::Stale {
                message: STALE.to_owned(),
                current,
            });
        }
        let stages = self.stages_of(txn, d.pipeline_id.0).await?;
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
        if self.locked.insert(target.id) {
            lock_stage(txn, target.id).await?;
        }
        let after = self
            .neighbour(txn, id, target.id, req.after_id, "after_id")
            .await?;
        let before = self
            .neighbour(txn, id, target.id, req.before_id, "before_id")
            .await?;
        if after.is_some() != before.is_some() {
            // The query below reads ranks: write what the batch has moved so far.
            self.write_moves(txn).await?;
        }
        let (lo, hi) = match (after, before) {
            (Some(a), Some(b)) => (Some(a), Some(b)),
            (Some(a), None) => {
                let next = in_stage(target.id, id)
                    .filter(deal::Column::Rank.gt(a.clone()))
                    .order_by_asc(deal::Column::Rank)
                    .into_tuple::<String>()
                    .one(txn)
                    .await?;
                (Some(a), next)
            }
            (None, Some(b)) => {
                let prev = in_stage(target.id, id)
                    .filter(deal::Column::Rank.lt(b.clone()))
                    .order_by_desc(deal::Column::Rank)
                    .into_tuple::<String>()
                    .one(txn)
                    .await?;
                (prev, Some(b))
            }
            (None, None) => {
                let last = match self.last.get(&target.id) {
                    Some(known) => known.clone(),
                    None => {
                        in_stage(target.id, id)
                            .order_by_desc(deal::Column::Rank)
                            .into_tuple::<String>()
                            .one(txn)
                            .await?
                    }
                };
                (last, None)
            }
        };
        let rank = shared::rank::between(lo.as_deref(), hi.as_deref()).ok_or_else(|| {
            ServiceError::Conflict(
                "The deals around this place have moved; reload the board.".into(),
            )
        })?;

        // From here on the move is applied (its row is written with the batch's).
        let t = now();
        let moved_stage = d.stage_id.0 != target.id;
        if !self.pending.iter().any(|(p, _)| *p == id.0) {
            self.pending.push((id.0, d.version));
        }

        let mut handoff = None;
        if moved_stage {
            self.history
                .push((id.0, d.stage_id.0, target.id, actor.id.0, t));
            self.audit.push((
                actor.id,
                Change {
                    entity: "deal",
                    entity_id: id.0,
                    field: "stage_id",
                    old: Some(d.stage_id.to_string()),
                    new: Some(target.id.to_string()),
                },
                t,
            ));
            if is_handoff(&rules, from, to) {
                handoff = Some(open_handoff(txn, &d, &stages[from], target, actor.id, t).await?);
            }
        }
        self.audit.push((
            actor.id,
            Change {
                entity: "deal",
                entity_id: id.0,
                field: "rank",
                old: Some(d.rank.clone()),
                new: Some(rank.clone()),
            },
            t,
        ));

        // The stage's upper bound: a deal leaving it leaves the bound above every rank.
        if let Some(known) = self.last.get_mut(&target.id)
            && known.as_ref().is_none_or(|k| rank > *k)
        {
            *known = Some(rank.clone());
        }

        let from_stage_id = d.stage_id;
        let mut deal = d;
        deal.stage_id = StageId(target.id);
        deal.rank = rank;
        deal.version += 1;
        deal.updated_at = t;
        if moved_stage {
            deal.stage_entered_at = t;
        }
        self.deals.insert(id.0, deal.clone());
        self.events.push(DealMoved {
            deal: deal.clone(),
            from_stage_id,
        });
        if let Some(k) = key {
            let response =
                serde_json::to_string(&deal).map_err(|e| ServiceError::Internal(e.to_string()))?;
            self.keys.push((actor.id.0, k.to_owned(), response, t));
            self.answers
                .insert((actor.id.0, k.to_owned()), deal.clone());
        }
        Ok(Moved { deal, handoff })
    }

    async fn neighbour<C: ConnectionTrait>(
        &mut self,
        txn: &C,
        id: DealId,
        stage: i64,
        nid: Option<DealId>,
        field: &'static str,
    ) -> ServiceResult<Option<String>> {
        let Some(nid) = nid else { return Ok(None) };
        if nid == id {
            return Err(invalid(field, "A deal cannot be placed next to itself."));
        }
        match self.deal(txn, nid).await? {
            Some(n) if n.stage_id.0 == stage => Ok(Some(n.rank)),
            Some(_) => Err(ServiceError::Conflict(
                "The deal to place it next to has moved; reload the board.".into(),
            )),
            None => Err(invalid(field, "No such deal.")),
        }
    }

    /// Writes the rows the applied moves appended, one statement per table.
    pub async fn flush<C: ConnectionTrait>(&mut self, txn: &C) -> ServiceResult<()> {
        self.write_moves(txn).await?;
        let bad = |e: sea_orm::sea_query::error::Error| ServiceError::Internal(e.to_string());
        for chunk in std::mem::take(&mut self.history).chunks(500) {
            let mut q = Query::insert();
            q.into_table(StageHistory::Table).columns([
                StageHistory::DealId,
                StageHistory::FromStageId,
                StageHistory::ToStageId,
                StageHistory::MovedBy,
                StageHistory::MovedAt,
            ]);
            for (deal, from, to, by, at) in chunk {
                q.values([
                    (*deal).into(),
                    Some(*from).into(),
                    (*to).into(),
                    Some(*by).into(),
                    (*at).into(),
                ])
                .map_err(bad)?;
            }
            txn.execute(&q).await?;
        }
        for chunk in std::mem::take(&mut self.audit).chunks(500) {
            audit::record_rows(txn, chunk).await?;
        }
        for chunk in std::mem::take(&mut self.events).chunks(500) {
            crate::events::record_all(txn, "deal.moved", chunk).await?;
        }
        for chunk in std::mem::take(&mut self.keys).chunks(500) {
            let mut q = Query::insert();
            q.into_table(IdempotencyKeys::Table).columns([
                IdempotencyKeys::MemberId,
                IdempotencyKeys::Key,
                IdempotencyKeys::Status,
                IdempotencyKeys::Response,
                IdempotencyKeys::CreatedAt,
            ]);
            for (member, key, response, at) in chunk {
                q.values([
                    (*member).into(),
                    key.clone().into(),
                    200.into(),
                    response.clone().into(),
                    (*at).into(),
                ])
                .map_err(bad)?;
            }
            txn.execute(&q).await?;
        }
        Ok(())
    }
}

impl MoveBatch {
    /// Writes the moved deals' rows (each once, however often it moved), each `UPDATE`
    /// guarded by the version read; fails (as a serialization failure, which callers retry) if
    /// one of them changed meanwhile.
    async fn write_moves<C: ConnectionTrait>(&mut self, txn: &C) -> ServiceResult<()> {
        for (id, read_version) in std::mem::take(&mut self.pending) {
            let d = self
                .deals
                .get(&id)
                .ok_or_else(|| ServiceError::Internal("a moved deal was forgotten".into()))?;
            let mut q = Query::update();
            q.table(Deals::Table)
                .value(deal::Column::StageId, d.stage_id.0)
                .value(deal::Column::Rank, d.rank.clone())
                .value(deal::Column::Version, d.version)
                .value(deal::Column::UpdatedAt, d.updated_at)
                .value(deal::Column::StageEnteredAt, d.stage_entered_at)
                .and_where(Expr::col(deal::Column::Id).eq(id))
                .and_where(Expr::col(deal::Column::Version).eq(read_version));
            if txn.execute(&q).await?.rows_affected() != 1 {
                return Err(ServiceError::Db(sea_orm::DbErr::Custom(
                    "could not serialize: a moved deal changed meanwhile".into(),
                )));
            }
        }
        Ok(())
    }
}

/// The ranks of the other deals in a stage.
fn in_stage(stage: i64, except: DealId) -> sea_orm::Select<deal::Entity> {
    deal::Entity::find()
        .select_only()
        .column(deal::Column::Rank)
        .filter(deal::Column::StageId.eq(stage))
        .filter(deal::Column::Id.ne(except.0))
}
