//! Creating and editing deals. Every change is audited field by field; an edit carries the
//! version it started from and a stale one is refused with the deal as it is now.
//!
//! Who may: managers and sales admins create and edit any deal; otherwise a member creates
//! deals in the stages their role owns and edits the deals they own. Changing who owns a deal
//! is a manager's decision.

use super::audit::{self, Change};
use super::board::{ATTEMPTS, lock_stage, record_stage_entry, retryable, stale};
use super::deals::get_deal;
use super::invalid;
use super::{ServiceError, ServiceResult, now};
use crate::entity::{account, deal, member, member_role, stage};
use crate::migration::tables::Deals;
use crate::session::CurrentMember;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use shared::api::{DealPatch, DealRow, NewDeal};
use shared::{DealId, MemberId, Role};

fn is_staff(actor: &CurrentMember) -> bool {
    actor.has(Role::Manager) || actor.has(Role::Admin)
}

/// Checks that `id` is an active member holding `role`.
async fn check_owner<C: ConnectionTrait>(
    db: &C,
    field: &str,
    id: Option<MemberId>,
    role: Role,
) -> ServiceResult<()> {
    let Some(id) = id else { return Ok(()) };
    let active = member::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .is_some_and(|m| m.active);
    let holds = member_role::Entity::find()
        .filter(member_role::Column::MemberId.eq(id.0))
        .filter(member_role::Column::Role.eq(role.as_str()))
        .one(db)
        .await?
        .is_some();
    if active && holds {
        Ok(())
    } else {
        Err(invalid(
            field,
            &format!("Not an active member with the {role} role."),
        ))
    }
}

/// Creates a deal at the end of its stage.
pub async fn create_deal(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    new: &NewDeal,
) -> ServiceResult<DealRow> {
    new.validate().map_err(ServiceError::Invalid)?;
    let stages = stage::Entity::find()
        .filter(stage::Column::PipelineId.eq(new.pipeline_id.0))
        .filter(stage::Column::ArchivedAt.is_null())
        .order_by_asc(stage::Column::Position)
        .all(db)
        .await?;
    if stages.is_empty() {
        return Err(invalid("pipeline_id", "No such pipeline."));
    }
    let target = match new.stage_id {
        Some(s) => stages
            .iter()
            .find(|st| st.id == s.0)
            .ok_or_else(|| invalid("stage_id", "Not a stage of this pipeline."))?,
        None => &stages[0],
    };
    let owning: Role = target.owning_role.parse().unwrap_or(Role::Manager);
    if !is_staff(actor) && !actor.has(owning) {
        return Err(ServiceError::Forbidden);
    }
    if account::Entity::find_by_id(new.account_id.0)
        .one(db)
        .await?
        .is_none()
    {
        return Err(invalid("account_id", "No such account."));
    }
    check_owner(db, "appointer_id", new.appointer_id, Role::Appointer).await?;
    check_owner(db, "closer_id", new.closer_id, Role::Closer).await?;
    check_owner(db, "success_id", new.success_id, Role::Success).await?;

    let mut last = None;
    for _ in 0..ATTEMPTS {
        match try_create(db, actor, new, target.id).await {
            Err(ServiceError::Db(e)) if retryable(&e) => last = Some(e),
            other => return other,
        }
    }
    Err(ServiceError::Conflict(format!(
        "The stage is very busy; try again. ({})",
        last.map(|e| e.to_string()).unwrap_or_default()
    )))
}

async fn try_create(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    new: &NewDeal,
    stage_id: i64,
) -> ServiceResult<DealRow> {
    let txn = db.begin().await?;
    lock_stage(&txn, stage_id).await?;
    let last = deal::Entity::find()
        .select_only()
        .column(deal::Column::Rank)
        .filter(deal::Column::StageId.eq(stage_id))
        .order_by_desc(deal::Column::Rank)
        .into_tuple::<String>()
        .one(&txn)
        .await?;
    let rank = shared::rank::between(last.as_deref(), None)
        .ok_or_else(|| ServiceError::Internal("bad rank in stage".into()))?;
    let t = now();
    let mut q = Query::insert();
    q.into_table(Deals::Table)
        .columns([
            Deals::PipelineId,
            Deals::StageId,
            Deals::AccountId,
            Deals::Title,
            Deals::Amount,
            Deals::Currency,
            Deals::Rank,
            Deals::AppointerId,
            Deals::CloserId,
            Deals::SuccessId,
            Deals::ExpectedCloseOn,
            Deals::StageEnteredAt,
            Deals::CreatedBy,
            Deals::CreatedAt,
            Deals::UpdatedAt,
            Deals::Version,
        ])
        .values([
            new.pipeline_id.0.into(),
            stage_id.into(),
            new.account_id.0.into(),
            new.title.trim().into(),
            new.amount.into(),
            new.currency.clone().unwrap_or_else(|| "JPY".into()).into(),
            rank.into(),
            new.appointer_id.map(|m| m.0).into(),
            new.closer_id.map(|m| m.0).into(),
            new.success_id.map(|m| m.0).into(),
            new.expected_close_on.into(),
            t.into(),
            Some(actor.id.0).into(),
            t.into(),
            t.into(),
            1.into(),
        ])
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    q.returning_col(Deals::Id);
    let id: i64 = txn
        .query_one(&q)
        .await?
        .ok_or_else(|| ServiceError::Internal("no deal id".into()))?
        .try_get("", "id")?;
    record_stage_entry(&txn, id, None, stage_id, actor.id, t).await?;
    // A new lead with no appointer: theirs if an appointer made it, else routed by the matrix.
    if new.appointer_id.is_none() {
        let appointer = if actor.has(Role::Appointer) {
            Some(actor.id)
        } else {
            super::team::route_deal(&txn, Role::Appointer, new.account_id.0, "deal", id).await?
        };
        if let Some(m) = appointer {
            let mut u = Query::update();
            u.table(Deals::Table)
                .value(Deals::AppointerId, m.0)
                .and_where(Expr::col(Deals::Id).eq(id));
            txn.execute(&u).await?;
        }
    }
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "deal",
            entity_id: id,
            field: "created",
            old: None,
            new: Some(new.title.trim().to_owned()),
        },
    )
    .await?;
    let deal = get_deal(&txn, DealId(id))
        .await?
        .ok_or(ServiceError::NotFound("deal"))?;
    crate::events::record(&txn, "deal.created", &deal).await?;
    txn.commit().await?;
    Ok(deal)
}

fn text<T: ToString>(v: Option<T>) -> Option<String> {
    v.map(|x| x.to_string())
}

/// Applies an edit; no change at all leaves the deal (and its version) as it is.
pub async fn update_deal(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: DealId,
    patch: &DealPatch,
) -> ServiceResult<DealRow> {
    patch.validate().map_err(ServiceError::Invalid)?;
    let d = deal::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("deal"))?;
    let owns = [d.appointer_id, d.closer_id, d.success_id].contains(&Some(actor.id.0));
    if !is_staff(actor) && !owns {
        return Err(ServiceError::Forbidden);
    }
    if patch.changes_owners() && !actor.has(Role::Manager) {
        return Err(ServiceError::Forbidden);
    }
    if d.version != patch.version {
        return Err(stale(
            db,
            id,
            "Someone else changed this deal; it is shown as it is now.",
        )
        .await);
    }
    if let Some(m) = patch.appointer_id {
        check_owner(db, "appointer_id", m, Role::Appointer).await?;
    }
    if let Some(m) = patch.closer_id {
        check_owner(db, "closer_id", m, Role::Closer).await?;
    }
    if let Some(m) = patch.success_id {
        check_owner(db, "success_id", m, Role::Success).await?;
    }

    let mut changes: Vec<(&'static str, Option<String>, Option<String>, sea_orm::Value)> =
        Vec::new();
    if let Some(t) = patch
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| *t != d.title)
    {
        changes.push(("title", Some(d.title.clone()), Some(t.to_owned()), t.into()));
    }
    if let Some(a) = patch.amount.filter(|a| *a != d.amount) {
        changes.push(("amount", text(Some(d.amount)), text(Some(a)), a.into()));
    }
    if let Some(c) = patch.currency.as_ref().filter(|c| **c != d.currency) {
        changes.push((
            "currency",
            Some(d.currency.clone()),
            Some(c.clone()),
            c.clone().into(),
        ));
    }
    if let Some(e) = patch
        .expected_close_on
        .filter(|e| *e != d.expected_close_on)
    {
        changes.push((
            "expected_close_on",
            text(d.expected_close_on),
            text(e),
            e.into(),
        ));
    }
    for (field, new, old) in [
        ("appointer_id", patch.appointer_id, d.appointer_id),
        ("closer_id", patch.closer_id, d.closer_id),
        ("success_id", patch.success_id, d.success_id),
    ] {
        if let Some(n) = new.map(|m| m.map(|m| m.0)).filter(|n| *n != old) {
            changes.push((field, text(old), text(n), n.into()));
        }
    }
    if changes.is_empty() {
        return get_deal(db, id)
            .await?
            .ok_or(ServiceError::NotFound("deal"));
    }

    let txn = db.begin().await?;
    let t = now();
    let mut q = Query::update();
    q.table(Deals::Table)
        .value(
            Alias::new("version"),
            Expr::col(Alias::new("version")).add(1),
        )
        .value(Alias::new("updated_at"), t)
        .and_where(Expr::col(Alias::new("id")).eq(id.0))
        .and_where(Expr::col(Alias::new("version")).eq(patch.version));
    for (field, _, _, value) in &changes {
        q.value(Alias::new(*field), value.clone());
    }
    if txn.execute(&q).await?.rows_affected() == 0 {
        drop(txn);
        return Err(stale(
            db,
            id,
            "Someone else changed this deal; it is shown as it is now.",
        )
        .await);
    }
    for (field, old, new, _) in changes {
        audit::record(
            &txn,
            Some(actor.id),
            Change {
                entity: "deal",
                entity_id: id.0,
                field,
                old,
                new,
            },
        )
        .await?;
    }
    let deal = get_deal(&txn, id)
        .await?
        .ok_or(ServiceError::NotFound("deal"))?;
    crate::events::record(&txn, "deal.updated", &deal).await?;
    txn.commit().await?;
    Ok(deal)
}
