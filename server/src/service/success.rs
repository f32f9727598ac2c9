//! Customer success: each success member's accounts (what the closer promised, the onboarding
//! checklist, when the account was last contacted against its segment's interval), and the
//! checklist template the managers keep.
//!
//! Policy:
//! - Success members and managers read; a success member lists only their own accounts,
//!   managers anyone's or everyone's. Only managers change the template.
//! - An account's checklist is a copy of the template, taken when success accepts the won
//!   hand-off; later template edits leave running onboardings alone. An account taken over
//!   before a template existed (or before this feature) gets its copy the first time its
//!   owner's list is read ([`unstarted`] + [`start_checklists`]).
//! - An item is ticked by one of the account's success owners or a manager, with who and
//!   when, and audited.
//! - "Days since contact" counts from the last done call, meeting, e-mail or visit, or, if
//!   there was none, from when success took the account over. An account is overdue when
//!   that is more than its segment's interval; a segment without an interval is never overdue.

use super::audit::{self, Change};
use super::deals::member_ref;
use super::{ServiceError, ServiceResult, now};
use crate::migration::tables::{
    AccountChecklistItems, Accounts, ChecklistTemplateItems, Deals, Handoffs, Members, Segments,
    Stages,
};
use crate::session::CurrentMember;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, OnConflict, Order, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult, TransactionTrait};
use shared::api::{
    AccountRef, ChecklistItem, ChecklistItemPatch, ChecklistTemplate, HandedOver, SegmentRef,
    SuccessAccount, SuccessDeal, SuccessOwner, SuccessQuery,
};
use shared::{AccountId, ChecklistItemId, DealId, HandoffId, MemberId, Money, Role};
use std::collections::{HashMap, HashSet};

/// Whether the member works in customer success (or manages the team).
fn works_success(actor: &CurrentMember) -> bool {
    actor.has(Role::Success) || actor.has(Role::Manager)
}

/// Whose accounts `actor` may ask for: `None` is everyone's (managers).
pub fn owner_of(
    actor: &CurrentMember,
    owner: Option<SuccessOwner>,
) -> ServiceResult<Option<MemberId>> {
    if !works_success(actor) {
        return Err(ServiceError::Forbidden);
    }
    let manager = actor.has(Role::Manager);
    match owner.unwrap_or_default() {
        SuccessOwner::Me => Ok(Some(actor.id)),
        SuccessOwner::Member(m) if m == actor.id || manager => Ok(Some(m)),
        SuccessOwner::All if manager => Ok(None),
        _ => Err(ServiceError::Forbidden),
    }
}

#[derive(Debug, FromQueryResult)]
struct DealRow {
    deal_id: i64,
    title: String,
    amount: i64,
    currency: String,
    created_at: DateTime<Utc>,
    stage_name: String,
    account_id: i64,
    account_name: String,
    last_contacted_at: Option<DateTime<Utc>>,
    segment_id: Option<i64>,
    segment_name: Option<String>,
    interval: Option<i32>,
    success_id: Option<i64>,
    success_name: Option<String>,
}

/// The deals in success of `owner` (everyone's with `None`), lost ones left out, by account name.
async fn deal_rows<C: ConnectionTrait>(
    db: &C,
    owner: Option<MemberId>,
) -> ServiceResult<Vec<DealRow>> {
    let mut q = Query::select();
    q.expr_as(Expr::col((Deals::Table, Deals::Id)), Alias::new("deal_id"))
        .columns([
            (Deals::Table, Deals::Title),
            (Deals::Table, Deals::Amount),
            (Deals::Table, Deals::Currency),
            (Deals::Table, Deals::CreatedAt),
            (Deals::Table, Deals::AccountId),
            (Deals::Table, Deals::SuccessId),
        ])
        .expr_as(
            Expr::col((Stages::Table, Stages::Name)),
            Alias::new("stage_name"),
        )
        .expr_as(
            Expr::col((Accounts::Table, Accounts::Name)),
            Alias::new("account_name"),
        )
        .column((Accounts::Table, Accounts::LastContactedAt))
        .column((Accounts::Table, Accounts::SegmentId))
        .expr_as(
            Expr::col((Segments::Table, Segments::Name)),
            Alias::new("segment_name"),
        )
        .expr_as(
            Expr::col((Segments::Table, Segments::ContactIntervalDays)),
            Alias::new("interval"),
        )
        .expr_as(
            Expr::col((Members::Table, Members::Name)),
            Alias::new("success_name"),
        )
        .from(Deals::Table)
        .inner_join(
            Stages::Table,
            Expr::col((Stages::Table, Stages::Id)).equals((Deals::Table, Deals::StageId)),
        )
        .inner_join(
            Accounts::Table,
            Expr::col((Accounts::Table, Accounts::Id)).equals((Deals::Table, Deals::AccountId)),
        )
        .join(
            JoinType::LeftJoin,
            Segments::Table,
            Expr::col((Segments::Table, Segments::Id))
                .equals((Accounts::Table, Accounts::SegmentId)),
        )
        .join(
            JoinType::LeftJoin,
            Members::Table,
            Expr::col((Members::Table, Members::Id)).equals((Deals::Table, Deals::SuccessId)),
        )
        .and_where(Expr::col((Stages::Table, Stages::Kind)).ne("lost"))
        .order_by((Accounts::Table, Accounts::Name), Order::Asc)
        .order_by((Accounts::Table, Accounts::Id), Order::Asc)
        .order_by((Deals::Table, Deals::Id), Order::Asc);
    match owner {
        Some(m) => q.and_where(Expr::col((Deals::Table, Deals::SuccessId)).eq(m.0)),
        None => q.and_where(Expr::col((Deals::Table, Deals::SuccessId)).is_not_null()),
    };
    Ok(
        DealRow::find_by_statement(db.get_database_backend().build(&q))
            .all(db)
            .await?,
    )
}

#[derive(Debug, FromQueryResult)]
struct HandoffRow {
    id: i64,
    deal_id: i64,
    from_member_id: Option<i64>,
    from_name: Option<String>,
    accepted_at: Option<DateTime<Utc>>,
    note: String,
}

/// The latest accepted won hand-off of each deal.
async fn handed_over<C: ConnectionTrait>(
    db: &C,
    deals: &[i64],
) -> ServiceResult<HashMap<i64, HandedOver>> {
    if deals.is_empty() {
        return Ok(HashMap::new());
    }
    let mut q = Query::select();
    q.columns([
        (Handoffs::Table, Handoffs::Id),
        (Handoffs::Table, Handoffs::DealId),
        (Handoffs::Table, Handoffs::FromMemberId),
        (Handoffs::Table, Handoffs::AcceptedAt),
        (Handoffs::Table, Handoffs::Note),
    ])
    .expr_as(
        Expr::col((Members::Table, Members::Name)),
        Alias::new("from_name"),
    )
    .from(Handoffs::Table)
    .join(
        JoinType::LeftJoin,
        Members::Table,
        Expr::col((Members::Table, Members::Id)).equals((Handoffs::Table, Handoffs::FromMemberId)),
    )
    .and_where(Expr::col((Handoffs::Table, Handoffs::Kind)).eq("won"))
    .and_where(Expr::col((Handoffs::Table, Handoffs::Status)).eq("accepted"))
    .and_where(Expr::col((Handoffs::Table, Handoffs::DealId)).is_in(deals.iter().copied()))
    .order_by((Handoffs::Table, Handoffs::Id), Order::Asc);
    let rows = HandoffRow::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?;
    // Ascending ids: the latest hand-off of a deal is inserted last and wins.
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.deal_id,
                HandedOver {
                    handoff_id: HandoffId(r.id),
                    from: member_ref(r.from_member_id, r.from_name),
                    accepted_at: r.accepted_at,
                    note: serde_json::from_str(&r.note).unwrap_or_default(),
                },
            )
        })
        .collect())
}

#[derive(Debug, FromQueryResult)]
struct ItemRow {
    id: i64,
    account_id: i64,
    label: String,
    done_at: Option<DateTime<Utc>>,
    done_by: Option<i64>,
    done_by_name: Option<String>,
}

impl From<ItemRow> for ChecklistItem {
    fn from(r: ItemRow) -> Self {
        ChecklistItem {
            id: ChecklistItemId(r.id),
            label: r.label,
            done: r.done_at.is_some(),
            done_at: r.done_at,
            done_by: member_ref(r.done_by, r.done_by_name),
        }
    }
}

/// Checklist items of the accounts (or the one item `item`), in order.
async fn item_rows<C: ConnectionTrait>(
    db: &C,
    accounts: &[i64],
    item: Option<i64>,
) -> ServiceResult<Vec<ItemRow>> {
    if accounts.is_empty() {
        return Ok(Vec::new());
    }
    let t = AccountChecklistItems::Table;
    let mut q = Query::select();
    q.columns([
        (t, AccountChecklistItems::Id),
        (t, AccountChecklistItems::AccountId),
        (t, AccountChecklistItems::Label),
        (t, AccountChecklistItems::DoneAt),
        (t, AccountChecklistItems::DoneBy),
    ])
    .expr_as(
        Expr::col((Members::Table, Members::Name)),
        Alias::new("done_by_name"),
    )
    .from(t)
    .join(
        JoinType::LeftJoin,
        Members::Table,
        Expr::col((Members::Table, Members::Id)).equals((t, AccountChecklistItems::DoneBy)),
    )
    .and_where(Expr::col((t, AccountChecklistItems::AccountId)).is_in(accounts.iter().copied()))
    .order_by((t, AccountChecklistItems::AccountId), Order::Asc)
    .order_by((t, AccountChecklistItems::Position), Order::Asc);
    if let Some(id) = item {
        q.and_where(Expr::col((t, AccountChecklistItems::Id)).eq(id));
    }
    Ok(
        ItemRow::find_by_statement(db.get_database_backend().build(&q))
            .all(db)
            .await?,
    )
}

/// Whole days from `since` to `t` (0 if `since` is later).
fn days_between(since: DateTime<Utc>, t: DateTime<Utc>) -> u32 {
    u32::try_from(Ord::max((t - since).num_days(), 0)).unwrap_or(u32::MAX)
}

/// Days past the interval, if overdue.
pub fn overdue(days_since: Option<u32>, interval: Option<u32>) -> Option<u32> {
    match (days_since, interval) {
        (Some(d), Some(n)) if d > n => Some(d - n),
        _ => None,
    }
}

fn interval_days(stored: Option<i32>) -> Option<u32> {
    stored
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n > 0)
}

/// The accounts whose deals `owner` has in success (everyone's with `None`), with what was
/// promised, the checklist and the contact state. `stale` keeps the overdue ones, most
/// overdue first; otherwise by account name.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    q: &SuccessQuery,
) -> ServiceResult<Vec<SuccessAccount>> {
    let owner = owner_of(actor, q.owner)?;
    let deals = deal_rows(db, owner).await?;
    let deal_ids: Vec<i64> = deals.iter().map(|d| d.deal_id).collect();
    let mut promised = handed_over(db, &deal_ids).await?;
    let mut order: Vec<i64> = Vec::new();
    let mut by_account: HashMap<i64, (SuccessAccount, Option<DateTime<Utc>>)> = HashMap::new();
    for d in deals {
        let handed = promised.remove(&d.deal_id);
        let taken_over = handed
            .as_ref()
            .and_then(|h| h.accepted_at)
            .unwrap_or(d.created_at);
        let entry = by_account.entry(d.account_id).or_insert_with(|| {
            order.push(d.account_id);
            (
                SuccessAccount {
                    account: AccountRef {
                        id: AccountId(d.account_id),
                        name: d.account_name.clone(),
                    },
                    segment: d.segment_id.zip(d.segment_name.clone()).map(|(id, name)| {
                        SegmentRef {
                            id: shared::SegmentId(id),
                            name,
                        }
                    }),
                    contact_interval_days: interval_days(d.interval),
                    deals: Vec::new(),
                    checklist: Vec::new(),
                    checklist_done: 0,
                    last_contacted_at: d.last_contacted_at,
                    days_since_contact: None,
                    overdue_days: None,
                },
                None,
            )
        });
        // Since when success has had the account: its first hand-over.
        entry.1 = Some(entry.1.map_or(taken_over, |t| Ord::min(t, taken_over)));
        entry.0.deals.push(SuccessDeal {
            id: DealId(d.deal_id),
            title: d.title,
            stage_name: d.stage_name,
            amount: Money {
                amount: d.amount,
                currency: d.currency,
            },
            success: member_ref(d.success_id, d.success_name),
            handed_over: handed,
        });
    }
    for item in item_rows(db, &order, None).await? {
        if let Some((a, _)) = by_account.get_mut(&item.account_id) {
            let item = ChecklistItem::from(item);
            a.checklist_done += u32::from(item.done);
            a.checklist.push(item);
        }
    }
    let t = now();
    let mut out: Vec<SuccessAccount> = order
        .into_iter()
        .filter_map(|id| by_account.remove(&id))
        .map(|(mut a, taken_over)| {
            let since = a.last_contacted_at.or(taken_over);
            a.days_since_contact = since.map(|s| days_between(s, t));
            a.overdue_days = overdue(a.days_since_contact, a.contact_interval_days);
            a
        })
        .collect();
    if q.stale == Some(true) {
        out.retain(|a| a.overdue_days.is_some());
        // Stable: equal overdue days keep the name order.
        out.sort_by_key(|a| std::cmp::Reverse(a.overdue_days));
    }
    Ok(out)
}

/// The template's labels, in order.
async fn template_items<C: ConnectionTrait>(db: &C) -> ServiceResult<Vec<String>> {
    #[derive(FromQueryResult)]
    struct L {
        label: String,
    }
    let mut q = Query::select();
    q.column(ChecklistTemplateItems::Label)
        .from(ChecklistTemplateItems::Table)
        .order_by(ChecklistTemplateItems::Position, Order::Asc)
        .order_by(ChecklistTemplateItems::Id, Order::Asc);
    Ok(L::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.label)
        .collect())
}

/// The onboarding checklist template (success members and managers).
pub async fn template<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
) -> ServiceResult<ChecklistTemplate> {
    if !works_success(actor) {
        return Err(ServiceError::Forbidden);
    }
    Ok(ChecklistTemplate {
        items: template_items(db).await?,
    })
}

/// Replaces the template (managers; audited). Running checklists keep their copy.
pub async fn update_template(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    body: &ChecklistTemplate,
) -> ServiceResult<ChecklistTemplate> {
    if !actor.has(Role::Manager) {
        return Err(ServiceError::Forbidden);
    }
    body.validate().map_err(ServiceError::Invalid)?;
    let items: Vec<String> = body.items.iter().map(|s| s.trim().to_owned()).collect();
    let txn = db.begin().await?;
    let before = template_items(&txn).await?;
    let mut del = Query::delete();
    del.from_table(ChecklistTemplateItems::Table);
    txn.execute(&del).await?;
    let mut ins = Query::insert();
    ins.into_table(ChecklistTemplateItems::Table).columns([
        ChecklistTemplateItems::Position,
        ChecklistTemplateItems::Label,
    ]);
    for (i, label) in items.iter().enumerate() {
        ins.values([(i as i32).into(), label.clone().into()])
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
    }
    txn.execute(&ins).await?;
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "checklist_template",
            entity_id: 1,
            field: "items",
            old: serde_json::to_string(&before).ok(),
            new: serde_json::to_string(&items).ok(),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(ChecklistTemplate { items })
}

/// Which of `owner`'s accounts have no checklist yet, when there is a template to copy.
pub async fn unstarted<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    owner: Option<SuccessOwner>,
) -> ServiceResult<Vec<i64>> {
    let owner = owner_of(actor, owner)?;
    if template_items(db).await?.is_empty() {
        return Ok(Vec::new());
    }
    let accounts: Vec<i64> = deal_rows(db, owner)
        .await?
        .into_iter()
        .map(|d| d.account_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    without_checklist(db, &accounts).await
}

async fn without_checklist<C: ConnectionTrait>(
    db: &C,
    accounts: &[i64],
) -> ServiceResult<Vec<i64>> {
    if accounts.is_empty() {
        return Ok(Vec::new());
    }
    let started: HashSet<i64> = item_rows(db, accounts, None)
        .await?
        .into_iter()
        .map(|r| r.account_id)
        .collect();
    let mut out: Vec<i64> = accounts
        .iter()
        .copied()
        .filter(|a| !started.contains(a))
        .collect();
    out.sort_unstable();
    Ok(out)
}

/// Copies the template to each of `accounts` that has no checklist yet. Two copies racing
/// for one account meet the unique (account, position) index and the second adds nothing.
pub async fn start_checklists<C: ConnectionTrait>(
    db: &C,
    accounts: &[i64],
    t: DateTime<Utc>,
) -> ServiceResult<()> {
    let labels = template_items(db).await?;
    let fresh = without_checklist(db, accounts).await?;
    if labels.is_empty() || fresh.is_empty() {
        return Ok(());
    }
    let c = AccountChecklistItems::Table;
    let mut ins = Query::insert();
    ins.into_table(c)
        .columns([
            AccountChecklistItems::AccountId,
            AccountChecklistItems::Position,
            AccountChecklistItems::Label,
            AccountChecklistItems::CreatedAt,
        ])
        .on_conflict(
            OnConflict::columns([
                AccountChecklistItems::AccountId,
                AccountChecklistItems::Position,
            ])
            .do_nothing()
            .to_owned(),
        );
    for a in fresh {
        for (i, label) in labels.iter().enumerate() {
            ins.values([a.into(), (i as i32).into(), label.clone().into(), t.into()])
                .map_err(|e| ServiceError::Internal(e.to_string()))?;
        }
    }
    db.execute(&ins).await?;
    Ok(())
}

/// The same, in its own transaction (the first read of an inbox).
pub async fn start_checklists_now(db: &DatabaseConnection, accounts: &[i64]) -> ServiceResult<()> {
    let txn = db.begin().await?;
    start_checklists(&txn, accounts, now()).await?;
    txn.commit().await?;
    Ok(())
}

/// Whether `member` owns one of the account's deals in success (lost ones aside).
async fn owns_account<C: ConnectionTrait>(
    db: &C,
    member: MemberId,
    account: AccountId,
) -> ServiceResult<bool> {
    Ok(deal_rows(db, Some(member))
        .await?
        .iter()
        .any(|d| d.account_id == account.0))
}

/// Ticks or unticks an item (the account's success owner or a manager; audited).
pub async fn update_item(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    account: AccountId,
    item: ChecklistItemId,
    patch: &ChecklistItemPatch,
) -> ServiceResult<ChecklistItem> {
    if !works_success(actor) {
        return Err(ServiceError::Forbidden);
    }
    let txn = db.begin().await?;
    let before: ChecklistItem = item_rows(&txn, &[account.0], Some(item.0))
        .await?
        .pop()
        .ok_or(ServiceError::NotFound("checklist item"))?
        .into();
    if !actor.has(Role::Manager) && !owns_account(&txn, actor.id, account).await? {
        return Err(ServiceError::Forbidden);
    }
    if before.done == patch.done {
        return Ok(before);
    }
    let t = now();
    let mut q = Query::update();
    q.table(AccountChecklistItems::Table)
        .and_where(Expr::col(AccountChecklistItems::Id).eq(item.0));
    if patch.done {
        q.value(AccountChecklistItems::DoneAt, t)
            .value(AccountChecklistItems::DoneBy, actor.id.0);
    } else {
        q.value(AccountChecklistItems::DoneAt, None::<DateTime<Utc>>)
            .value(AccountChecklistItems::DoneBy, None::<i64>);
    }
    txn.execute(&q).await?;
    let state = |done: bool| if done { "done" } else { "open" };
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "account",
            entity_id: account.0,
            field: &format!("checklist:{}", item.0),
            old: Some(format!("{}: {}", before.label, state(before.done))),
            new: Some(format!("{}: {}", before.label, state(patch.done))),
        },
    )
    .await?;
    let after = item_rows(&txn, &[account.0], Some(item.0))
        .await?
        .pop()
        .ok_or(ServiceError::NotFound("checklist item"))?
        .into();
    txn.commit().await?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_only_past_the_interval() {
        assert_eq!(overdue(Some(14), Some(14)), None);
        assert_eq!(overdue(Some(15), Some(14)), Some(1));
        assert_eq!(overdue(Some(400), None), None);
        assert_eq!(overdue(None, Some(1)), None);
    }

    #[test]
    fn no_interval_is_stored_as_zero() {
        assert_eq!(interval_days(Some(0)), None);
        assert_eq!(interval_days(None), None);
        assert_eq!(interval_days(Some(30)), Some(30));
    }
}
