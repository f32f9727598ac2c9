//! Hand-offs as records: the inbox of hand-offs to a member, hand-overs by hand, the giver's
//! note, accepting (the receiver becomes the deal's owner in their role; the giver keeps their
//! place in the deal's chain of hands) and rejecting with a reason from the managed list (the
//! deal returns to the stage it came from). Every hand-off has a deadline in business time
//! (`shared::sla`), set from its type when it is sent.

use super::audit::{self, Change};
use super::board::{lock_stage, record_stage_entry};
use super::deals::{get_deal, member_ref};
use super::{ServiceError, ServiceResult, invalid, now};
use crate::migration::m20261122_000004_handoff_types::HandoffTypes;
use crate::migration::tables::{
    Accounts, Deals, HandoffRejectReasons, Handoffs, MemberRoles, Members, StageHistory, Stages,
};
use crate::session::CurrentMember;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query, SelectStatement};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, TransactionTrait,
};
use shared::api::{
    AccountRef, DealMoved, EdgeStats, Handoff, HandoffDeal, HandoffKind, HandoffNotePatch,
    HandoffQuery, HandoffStats, HandoffStatus, HandoffType, HandoffTypePatch, NewHandoff,
    NewRejectReason, Party, ReasonCount, RejectHandoff, RejectReason, RejectReasonPatch, SlaState,
    StatsPeriod, WonCredit, is_field_name, reason_code_from,
};
use shared::sla::Calendar;
use shared::{DealId, HandoffId, MemberId, Money, Role, StageId};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Longest text of one note field.
const NOTE_FIELD_MAX: usize = 4000;
/// Longest deadline a type may set: 80 business days.
const SLA_MAX: u32 = 43_200;

#[derive(Debug, FromQueryResult)]
struct Row {
    id: i64,
    kind: String,
    status: String,
    deal_id: i64,
    title: String,
    amount: i64,
    currency: String,
    stage_id: i64,
    stage_name: String,
    account_id: i64,
    account_name: String,
    from_member_id: Option<i64>,
    from_name: Option<String>,
    from_role: String,
    to_member_id: Option<i64>,
    to_name: Option<String>,
    to_role: String,
    from_stage_id: Option<i64>,
    to_stage_id: Option<i64>,
    note: String,
    sent_at: DateTime<Utc>,
    due_at: Option<DateTime<Utc>>,
    accepted_at: Option<DateTime<Utc>>,
    rejected_at: Option<DateTime<Utc>>,
    reject_reason: Option<String>,
    reject_note: Option<String>,
}

fn role(s: &str) -> Role {
    s.parse().unwrap_or(Role::Manager)
}

/// How a hand-off stands against its deadline at `now`.
pub fn sla_state(
    cal: &Calendar,
    sent: DateTime<Utc>,
    due: Option<DateTime<Utc>>,
    answered: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> SlaState {
    let Some(due) = due else {
        return SlaState::OnTime;
    };
    match answered {
        Some(at) if at > due => SlaState::Breached,
        Some(_) => SlaState::OnTime,
        None if now > due => SlaState::Breached,
        None => {
            let total = Ord::max(cal.business_minutes_between(sent, due), 1);
            let left = cal.business_minutes_between(now, due);
            if left * 4 < total || left < 60 {
                SlaState::DueSoon
            } else {
                SlaState::OnTime
            }
        }
    }
}

fn to_wire(r: Row, required: &HashMap<HandoffKind, Vec<String>>, t: DateTime<Utc>) -> Handoff {
    let kind = HandoffKind::parse(&r.kind).unwrap_or(HandoffKind::Stage);
    let status = HandoffStatus::parse(&r.status).unwrap_or(HandoffStatus::Pending);
    let note: BTreeMap<String, String> = serde_json::from_str(&r.note).unwrap_or_default();
    let missing = missing_fields(required.get(&kind).map_or(&[][..], Vec::as_slice), &note);
    let cal = Calendar::default();
    let answered = r.accepted_at.or(r.rejected_at);
    Handoff {
        id: HandoffId(r.id),
        kind,
        status,
        deal: HandoffDeal {
            id: DealId(r.deal_id),
            title: r.title,
            account: AccountRef {
                id: shared::AccountId(r.account_id),
                name: r.account_name,
            },
            amount: Money {
                amount: r.amount,
                currency: r.currency,
            },
            stage_id: StageId(r.stage_id),
            stage_name: r.stage_name,
        },
        from: member_ref(r.from_member_id, r.from_name),
        from_role: role(&r.from_role),
        to: member_ref(r.to_member_id, r.to_name),
        to_role: role(&r.to_role),
        note,
        missing,
        sent_at: r.sent_at,
        due_at: r.due_at,
        sla: sla_state(&cal, r.sent_at, r.due_at, answered, t),
        accepted_at: r.accepted_at,
        rejected_at: r.rejected_at,
        reject_reason: r.reject_reason,
        reject_note: r.reject_note,
    }
}

fn missing_fields(required: &[String], note: &BTreeMap<String, String>) -> Vec<String> {
    required
        .iter()
        .filter(|f| note.get(*f).is_none_or(|v| v.trim().is_empty()))
        .cloned()
        .collect()
}

/// `SELECT … FROM handoffs JOIN deals JOIN accounts JOIN stages LEFT JOIN members (×2)`.
fn select() -> SelectStatement {
    let (fm, tm) = (Alias::new("fm"), Alias::new("tm"));
    let mut q = Query::select();
    q.columns([
        (Handoffs::Table, Handoffs::Id),
        (Handoffs::Table, Handoffs::Kind),
        (Handoffs::Table, Handoffs::Status),
        (Handoffs::Table, Handoffs::DealId),
        (Handoffs::Table, Handoffs::FromMemberId),
        (Handoffs::Table, Handoffs::FromRole),
        (Handoffs::Table, Handoffs::ToMemberId),
        (Handoffs::Table, Handoffs::ToRole),
        (Handoffs::Table, Handoffs::FromStageId),
        (Handoffs::Table, Handoffs::ToStageId),
        (Handoffs::Table, Handoffs::Note),
        (Handoffs::Table, Handoffs::SentAt),
        (Handoffs::Table, Handoffs::DueAt),
        (Handoffs::Table, Handoffs::AcceptedAt),
        (Handoffs::Table, Handoffs::RejectedAt),
        (Handoffs::Table, Handoffs::RejectReason),
        (Handoffs::Table, Handoffs::RejectNote),
    ])
    .columns([
        (Deals::Table, Deals::Title),
        (Deals::Table, Deals::Amount),
        (Deals::Table, Deals::Currency),
        (Deals::Table, Deals::StageId),
    ])
    .expr_as(
        Expr::col((Stages::Table, Stages::Name)),
        Alias::new("stage_name"),
    )
    .expr_as(
        Expr::col((Accounts::Table, Accounts::Id)),
        Alias::new("account_id"),
    )
    .expr_as(
        Expr::col((Accounts::Table, Accounts::Name)),
        Alias::new("account_name"),
    )
    .expr_as(
        Expr::col((fm.clone(), Members::Name)),
        Alias::new("from_name"),
    )
    .expr_as(
        Expr::col((tm.clone(), Members::Name)),
        Alias::new("to_name"),
    )
    .from(Handoffs::Table)
    .inner_join(
        Deals::Table,
        Expr::col((Deals::Table, Deals::Id)).equals((Handoffs::Table, Handoffs::DealId)),
    )
    .inner_join(
        Accounts::Table,
        Expr::col((Accounts::Table, Accounts::Id)).equals((Deals::Table, Deals::AccountId)),
    )
    .inner_join(
        Stages::Table,
        Expr::col((Stages::Table, Stages::Id)).equals((Deals::Table, Deals::StageId)),
    )
    .join_as(
        JoinType::LeftJoin,
        Members::Table,
        fm.clone(),
        Expr::col((fm, Members::Id)).equals((Handoffs::Table, Handoffs::FromMemberId)),
    )
    .join_as(
        JoinType::LeftJoin,
        Members::Table,
        tm.clone(),
        Expr::col((tm, Members::Id)).equals((Handoffs::Table, Handoffs::ToMemberId)),
    );
    q
}

async fn rows<C: ConnectionTrait>(db: &C, q: &SelectStatement) -> ServiceResult<Vec<Row>> {
    Ok(Row::find_by_statement(db.get_database_backend().build(q))
        .all(db)
        .await?)
}

async fn required_fields<C: ConnectionTrait>(
    db: &C,
) -> ServiceResult<HashMap<HandoffKind, Vec<String>>> {
    Ok(types(db)
        .await?
        .into_iter()
        .map(|t| (t.kind, t.required_fields))
        .collect())
}

/// One hand-off as the wire shows it.
pub(super) async fn one<C: ConnectionTrait>(db: &C, id: HandoffId) -> ServiceResult<Handoff> {
    let mut q = select();
    q.and_where(Expr::col((Handoffs::Table, Handoffs::Id)).eq(id.0));
    let row = rows(db, &q)
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound("hand-off"))?;
    Ok(to_wire(row, &required_fields(db).await?, now()))
}

fn is_manager(actor: &CurrentMember) -> bool {
    actor.has(Role::Manager)
}

/// Hand-offs matching `q`, newest first. Without `to`/`from`, managers see every hand-off and
/// others their own (sent or received), except for one deal's (`deal_id`): its whole chain is
/// readable by every member, as the deal is. Naming another member is for managers.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    q: &HandoffQuery,
) -> ServiceResult<Vec<Handoff>> {
    let who = |p: Party| match p {
        Party::Me => Ok(actor.id),
        Party::Member(m) if m == actor.id || is_manager(actor) => Ok(m),
        Party::Member(_) => Err(ServiceError::Forbidden),
    };
    let mut s = select();
    if let Some(p) = q.to {
        let m = who(p)?;
        // Addressed to them, or to their role with nobody named.
        let mut any = sea_orm::sea_query::Cond::any()
            .add(Expr::col((Handoffs::Table, Handoffs::ToMemberId)).eq(m.0));
        let roles: Vec<&str> = if m == actor.id {
            actor.roles.iter().map(|r| r.as_str()).collect()
        } else {
            Vec::new()
        };
        if !roles.is_empty() {
            any = any.add(
                Expr::col((Handoffs::Table, Handoffs::ToMemberId))
                    .is_null()
                    .and(Expr::col((Handoffs::Table, Handoffs::ToRole)).is_in(roles)),
            );
        }
        s.cond_where(any);
    }
    if let Some(p) = q.from {
        let m = who(p)?;
        s.and_where(Expr::col((Handoffs::Table, Handoffs::FromMemberId)).eq(m.0));
    }
    // A deal's chain of hands is part of the deal: anyone who may open the deal reads all of
    // it (whoever takes the deal over reads what was passed on before them).
    if q.to.is_none() && q.from.is_none() && q.deal_id.is_none() && !is_manager(actor) {
        s.cond_where(
            sea_orm::sea_query::Cond::any()
                .add(Expr::col((Handoffs::Table, Handoffs::ToMemberId)).eq(actor.id.0))
                .add(Expr::col((Handoffs::Table, Handoffs::FromMemberId)).eq(actor.id.0)),
        );
    }
    if let Some(st) = q.status {
        s.and_where(Expr::col((Handoffs::Table, Handoffs::Status)).eq(st.as_str()));
    }
    if let Some(d) = q.deal_id {
        s.and_where(Expr::col((Handoffs::Table, Handoffs::DealId)).eq(d.0));
    }
    s.order_by((Handoffs::Table, Handoffs::SentAt), Order::Desc)
        .order_by((Handoffs::Table, Handoffs::Id), Order::Desc);
    let required = required_fields(db).await?;
    let t = now();
    Ok(rows(db, &s)
        .await?
        .into_iter()
        .map(|r| to_wire(r, &required, t))
        .collect())
}

/// One hand-off, for a member who may see it (a party to it, or a manager).
pub async fn get<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    id: HandoffId,
) -> ServiceResult<Handoff> {
    let h = one(db, id).await?;
    if is_manager(actor) || party(actor, &h) {
        Ok(h)
    } else {
        Err(ServiceError::NotFound("hand-off"))
    }
}

fn party(actor: &CurrentMember, h: &Handoff) -> bool {
    h.from.as_ref().is_some_and(|m| m.id == actor.id) || receives(actor, h)
}

/// Whether `actor` is the receiver (named, or holding the role when nobody is named).
fn receives(actor: &CurrentMember, h: &Handoff) -> bool {
    match &h.to {
        Some(m) => m.id == actor.id,
        None => actor.has(h.to_role),
    }
}

/// The hand-off types, each kind once.
pub async fn types<C: ConnectionTrait>(db: &C) -> ServiceResult<Vec<HandoffType>> {
    #[derive(FromQueryResult)]
    struct T {
        kind: String,
        sla_minutes: i32,
        required_fields: String,
    }
    let mut q = Query::select();
    q.columns([
        HandoffTypes::Kind,
        HandoffTypes::SlaMinutes,
        HandoffTypes::RequiredFields,
    ])
    .from(HandoffTypes::Table)
    .order_by(HandoffTypes::Kind, Order::Asc);
    let found = T::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?;
    Ok(found
        .into_iter()
        .filter_map(|t| {
            Some(HandoffType {
                kind: HandoffKind::parse(&t.kind)?,
                sla_minutes: u32::try_from(t.sla_minutes).unwrap_or(0),
                required_fields: serde_json::from_str(&t.required_fields).unwrap_or_default(),
            })
        })
        .collect())
}

/// Sets a type's deadline and required fields (managers; audited).
pub async fn update_type(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    kind: HandoffKind,
    patch: &HandoffTypePatch,
) -> ServiceResult<HandoffType> {
    if !is_manager(actor) {
        return Err(ServiceError::Forbidden);
    }
    if !(1..=SLA_MAX).contains(&patch.sla_minutes) {
        return Err(invalid(
            "sla_minutes",
            "Give the deadline in business minutes, from 1 to 43200 (80 business days).",
        ));
    }
    let mut fields: Vec<String> = Vec::new();
    for f in &patch.required_fields {
        let f = f.trim();
        let ok = !f.is_empty()
            && f.len() <= 40
            && f.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            return Err(invalid(
                "required_fields",
                "Name each field with lower-case letters, digits and _ (up to 40).",
            ));
        }
        if !fields.iter().any(|x| x == f) {
            fields.push(f.to_owned());
        }
    }
    let fields_json =
        serde_json::to_string(&fields).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let txn = db.begin().await?;
    let before = types(&txn).await?.into_iter().find(|t| t.kind == kind);
    let mut q = Query::update();
    q.table(HandoffTypes::Table)
        .value(HandoffTypes::SlaMinutes, i64::from(patch.sla_minutes))
        .value(HandoffTypes::RequiredFields, fields_json.clone())
        .and_where(Expr::col(HandoffTypes::Kind).eq(kind.as_str()));
    txn.execute(&q).await?;
    let before_text = before.map(|b| {
        format!(
            "{} / {}",
            b.sla_minutes,
            serde_json::to_string(&b.required_fields).unwrap_or_default()
        )
    });
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "handoff_type",
            entity_id: HandoffKind::ALL
                .iter()
                .position(|k| *k == kind)
                .unwrap_or(0) as i64,
            field: kind.as_str(),
            old: before_text,
            new: Some(format!("{} / {fields_json}", patch.sla_minutes)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(HandoffType {
        kind,
        sla_minutes: patch.sla_minutes,
        required_fields: fields,
    })
}

/// The deadline of a hand-off of `kind` sent at `t`.
pub async fn due_at<C: ConnectionTrait>(
    db: &C,
    kind: HandoffKind,
    t: DateTime<Utc>,
) -> ServiceResult<Option<DateTime<Utc>>> {
    let minutes = types(db)
        .await?
        .into_iter()
        .find(|x| x.kind == kind)
        .map(|x| x.sla_minutes);
    Ok(minutes.map(|m| Calendar::default().add_business_minutes(t, i64::from(m))))
}

/// The active reasons, in the managers' order.
pub async fn reasons<C: ConnectionTrait>(db: &C) -> ServiceResult<Vec<RejectReason>> {
    Ok(all_reasons(db)
        .await?
        .into_iter()
        .filter(|r| r.active)
        .collect())
}

/// Every reason, the retired ones too, in the managers' order.
pub async fn all_reasons<C: ConnectionTrait>(db: &C) -> ServiceResult<Vec<RejectReason>> {
    Ok(reason_rows(db)
        .await?
        .into_iter()
        .map(|r| r.reason)
        .collect())
}

struct ReasonRow {
    id: i64,
    position: i32,
    reason: RejectReason,
}

async fn reason_rows<C: ConnectionTrait>(db: &C) -> ServiceResult<Vec<ReasonRow>> {
    #[derive(FromQueryResult)]
    struct R {
        id: i64,
        code: String,
        label_ja: String,
        label_en: String,
        active: bool,
        position: i32,
    }
    let mut q = Query::select();
    q.columns([
        HandoffRejectReasons::Id,
        HandoffRejectReasons::Code,
        HandoffRejectReasons::LabelJa,
        HandoffRejectReasons::LabelEn,
        HandoffRejectReasons::Active,
        HandoffRejectReasons::Position,
    ])
    .from(HandoffRejectReasons::Table)
    .order_by(HandoffRejectReasons::Position, Order::Asc)
    .order_by(HandoffRejectReasons::Id, Order::Asc);
    Ok(R::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?
        .into_iter()
        .map(|r| ReasonRow {
            id: r.id,
            position: r.position,
            reason: RejectReason {
                code: r.code,
                label_ja: r.label_ja,
                label_en: r.label_en,
                active: r.active,
            },
        })
        .collect())
}

/// Longest reason label.
const LABEL_MAX: usize = 100;

fn check_label(field: &str, label: &str) -> ServiceResult<String> {
    let label = label.trim();
    if label.is_empty() {
        return Err(ServiceError::Invalid(vec![shared::FieldError {
            field: field.into(),
            code: "required".into(),
            message: "Give the reason a label in both languages.".into(),
        }]));
    }
    if label.chars().count() > LABEL_MAX {
        return Err(invalid(field, "Keep the label to 100 characters."));
    }
    Ok(label.to_owned())
}

/// Adds a reject reason, offered last (managers; audited). Without a code, one is made from
/// the English label; a code already taken is a conflict.
pub async fn create_reason(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    body: &NewRejectReason,
) -> ServiceResult<RejectReason> {
    if !is_manager(actor) {
        return Err(ServiceError::Forbidden);
    }
    let label_ja = check_label("label_ja", &body.label_ja)?;
    let label_en = check_label("label_en", &body.label_en)?;
    let typed = body.code.trim();
    if !typed.is_empty() && !is_field_name(typed) {
        return Err(invalid(
            "code",
            "Write the code with lower-case letters, digits and _ (up to 40), or leave it empty.",
        ));
    }
    let txn = db.begin().await?;
    let existing = reason_rows(&txn).await?;
    let taken = |c: &str| existing.iter().any(|r| r.reason.code == c);
    let code = if typed.is_empty() {
        let base = match reason_code_from(&label_en) {
            b if b.is_empty() => "reason".to_owned(),
            b => b,
        };
        let mut code = base.clone();
        let mut n = 2;
        while taken(&code) {
            let suffix = format!("_{n}");
            let keep = base.len().min(40 - suffix.len());
            code = format!("{}{suffix}", &base[..keep]);
            n += 1;
        }
        code
    } else if taken(typed) {
        return Err(ServiceError::Conflict(format!(
            "There is already a reason with the code `{typed}`."
        )));
    } else {
        typed.to_owned()
    };
    let position = i32::try_from(existing.len()).unwrap_or(i32::MAX);
    let mut q = Query::insert();
    q.into_table(HandoffRejectReasons::Table)
        .columns([
            HandoffRejectReasons::Code,
            HandoffRejectReasons::LabelJa,
            HandoffRejectReasons::LabelEn,
            HandoffRejectReasons::Active,
            HandoffRejectReasons::Position,
        ])
        .values([
            code.clone().into(),
            label_ja.clone().into(),
            label_en.clone().into(),
            true.into(),
            position.into(),
        ])
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    q.returning_col(HandoffRejectReasons::Id);
    let id = txn
        .query_one(&q)
        .await?
        .ok_or_else(|| ServiceError::Internal("no reason id".into()))?
        .try_get::<i64>("", "id")?;
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "handoff_reason",
            entity_id: id,
            field: "created",
            old: None,
            new: Some(format!("{code}: {label_ja} / {label_en}")),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(RejectReason {
        code,
        label_ja,
        label_en,
        active: true,
    })
}

/// Changes a reason's labels, retires it or offers it again, or moves it (managers; audited).
/// A retired reason stays on the hand-offs that gave it; at least one reason stays offered.
pub async fn update_reason(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    code: &str,
    patch: &RejectReasonPatch,
) -> ServiceResult<RejectReason> {
    if !is_manager(actor) {
        return Err(ServiceError::Forbidden);
    }
    let label_ja = patch
        .label_ja
        .as_deref()
        .map(|l| check_label("label_ja", l))
        .transpose()?;
    let label_en = patch
        .label_en
        .as_deref()
        .map(|l| check_label("label_en", l))
        .transpose()?;
    let txn = db.begin().await?;
    let mut rows = reason_rows(&txn).await?;
    let at = rows
        .iter()
        .position(|r| r.reason.code == code)
        .ok_or(ServiceError::NotFound("reject reason"))?;
    if let Some(p) = patch.position
        && p as usize >= rows.len()
    {
        return Err(invalid(
            "position",
            &format!("Give a place from 0 to {}.", rows.len() - 1),
        ));
    }
    if patch.active == Some(false)
        && rows[at].reason.active
        && rows.iter().filter(|r| r.reason.active).count() == 1
    {
        return Err(invalid(
            "active",
            "Keep at least one reason offered, or receivers cannot send anything back.",
        ));
    }
    let before = rows[at].reason.clone();
    let id = rows[at].id;
    let mut after = before.clone();
    if let Some(l) = label_ja {
        after.label_ja = l;
    }
    if let Some(l) = label_en {
        after.label_en = l;
    }
    if let Some(a) = patch.active {
        after.active = a;
    }
    let mut q = Query::update();
    q.table(HandoffRejectReasons::Table)
        .value(HandoffRejectReasons::LabelJa, after.label_ja.clone())
        .value(HandoffRejectReasons::LabelEn, after.label_en.clone())
        .value(HandoffRejectReasons::Active, after.active)
        .and_where(Expr::col(HandoffRejectReasons::Id).eq(id));
    txn.execute(&q).await?;
    let mut changes: Vec<(&'static str, String, String)> = Vec::new();
    for (field, old, new) in [
        ("label_ja", &before.label_ja, &after.label_ja),
        ("label_en", &before.label_en, &after.label_en),
    ] {
        if old != new {
            changes.push((field, old.clone(), new.clone()));
        }
    }
    if before.active != after.active {
        changes.push((
            "active",
            before.active.to_string(),
            after.active.to_string(),
        ));
    }
    if let Some(p) = patch.position
        && p as usize != at
    {
        let moved = rows.remove(at);
        rows.insert(p as usize, moved);
        // Number every reason again, writing only those whose place changed.
        for (i, r) in rows.iter().enumerate() {
            let i = i32::try_from(i).unwrap_or(i32::MAX);
            if r.position != i {
                let mut q = Query::update();
                q.table(HandoffRejectReasons::Table)
                    .value(HandoffRejectReasons::Position, i)
                    .and_where(Expr::col(HandoffRejectReasons::Id).eq(r.id));
                txn.execute(&q).await?;
            }
        }
        changes.push(("position", at.to_string(), p.to_string()));
    }
    for (field, old, new) in changes {
        audit::record(
            &txn,
            Some(actor.id),
            Change {
                entity: "handoff_reason",
                entity_id: id,
                field,
                old: Some(old),
                new: Some(new),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(after)
}

fn check_note(note: &BTreeMap<String, String>) -> ServiceResult<()> {
    for (k, v) in note {
        let key_ok = !k.is_empty()
            && k.len() <= 40
            && k.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok {
            return Err(invalid(
                "note",
                "Name each note field with lower-case letters, digits and _ (up to 40).",
            ));
        }
        if v.chars().count() > NOTE_FIELD_MAX {
            return Err(invalid(
                &format!("note.{k}"),
                "Keep each note field under 4,000 characters.",
            ));
        }
    }
    Ok(())
}

fn require_fields(required: &[String], note: &BTreeMap<String, String>) -> ServiceResult<()> {
    let missing = missing_fields(required, note);
    if missing.is_empty() {
        return Ok(());
    }
    Err(ServiceError::Invalid(
        missing
            .into_iter()
            .map(|f| shared::FieldError {
                field: format!("note.{f}"),
                code: "required".into(),
                message: "This hand-off type needs this field filled in.".into(),
            })
            .collect(),
    ))
}

async fn holds<C: ConnectionTrait>(db: &C, member: MemberId, role: Role) -> ServiceResult<bool> {
    let mut q = Query::select();
    q.column((MemberRoles::Table, MemberRoles::MemberId))
        .from(MemberRoles::Table)
        .inner_join(
            Members::Table,
            Expr::col((Members::Table, Members::Id))
                .equals((MemberRoles::Table, MemberRoles::MemberId)),
        )
        .and_where(Expr::col((MemberRoles::Table, MemberRoles::MemberId)).eq(member.0))
        .and_where(Expr::col((MemberRoles::Table, MemberRoles::Role)).eq(role.as_str()))
        .and_where(Expr::col((Members::Table, Members::Active)).eq(true));
    Ok(db.query_one(&q).await.map_err(ServiceError::Db)?.is_some())
}

async fn pending_for_deal<C: ConnectionTrait>(db: &C, deal: DealId) -> ServiceResult<bool> {
    let mut q = Query::select();
    q.column(Handoffs::Id)
        .from(Handoffs::Table)
        .and_where(Expr::col(Handoffs::DealId).eq(deal.0))
        .and_where(Expr::col(Handoffs::Status).eq("pending"));
    Ok(db.query_one(&q).await?.is_some())
}

/// Hands a deal over by hand: by its owner in the role of its current stage, or a manager.
pub async fn create(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    body: &NewHandoff,
) -> ServiceResult<Handoff> {
    check_note(&body.note)?;
    if !matches!(body.to_role, Role::Appointer | Role::Closer | Role::Success) {
        return Err(invalid(
            "to_role",
            "Hand a deal to an appointer, a closer or customer success.",
        ));
    }
    let txn = db.begin().await?;
    let deal = get_deal(&txn, body.deal_id)
        .await?
        .ok_or(ServiceError::NotFound("deal"))?;
    let stage = crate::entity::stage::Entity::find_by_id(deal.stage_id.0)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("stage"))?;
    let from_role = role(&stage.owning_role);
    let owner = match from_role {
        Role::Appointer => deal.appointer.as_ref(),
        Role::Closer => deal.closer.as_ref(),
        Role::Success => deal.success.as_ref(),
        _ => None,
    };
    let giver = owner.map_or(actor.id, |m| m.id);
    if giver != actor.id && !is_manager(actor) {
        return Err(ServiceError::Forbidden);
    }
    if body.to_member_id == giver && body.to_role == from_role {
        return Err(invalid(
            "to_member_id",
            "The deal is already theirs in this role; choose another member.",
        ));
    }
    if !holds(&txn, body.to_member_id, body.to_role).await? {
        return Err(invalid(
            "to_member_id",
            "This member does not hold that role in the team matrix.",
        ));
    }
    if pending_for_deal(&txn, body.deal_id).await? {
        return Err(ServiceError::Conflict(
            "This deal already has a hand-off waiting for an answer.".into(),
        ));
    }
    let kind = HandoffKind::between(from_role, body.to_role);
    let required = required_fields(&txn).await?;
    require_fields(
        required.get(&kind).map_or(&[][..], Vec::as_slice),
        &body.note,
    )?;
    let t = now();
    let due = due_at(&txn, kind, t).await?;
    let note =
        serde_json::to_string(&body.note).map_err(|e| ServiceError::Internal(e.to_string()))?;
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
            kind.as_str().into(),
            Some(deal.id.0).into(),
            deal.account.id.0.into(),
            Some(giver.0).into(),
            from_role.as_str().into(),
            Some(body.to_member_id.0).into(),
            body.to_role.as_str().into(),
            Some(deal.stage_id.0).into(),
            None::<i64>.into(),
            note.into(),
            "pending".into(),
            t.into(),
            due.into(),
            t.into(),
        ])
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    q.returning_col(Handoffs::Id);
    let id = txn
        .query_one(&q)
        .await?
        .ok_or_else(|| ServiceError::Internal("no hand-off id".into()))?
        .try_get::<i64>("", "id")?;
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "deal",
            entity_id: deal.id.0,
            field: "handoff",
            old: None,
            new: Some(format!(
                "{id}: {} → {} ({})",
                from_role.as_str(),
                body.to_role.as_str(),
                body.to_member_id
            )),
        },
    )
    .await?;
    let h = one(&txn, HandoffId(id)).await?;
    crate::events::record(&txn, "handoff.sent", &h).await?;
    txn.commit().await?;
    Ok(h)
}

/// The giver (or a manager) completes the note of a pending hand-off.
pub async fn update_note(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: HandoffId,
    patch: &HandoffNotePatch,
) -> ServiceResult<Handoff> {
    check_note(&patch.note)?;
    let txn = db.begin().await?;
    let h = get(&txn, actor, id).await?;
    let gives = h.from.as_ref().is_some_and(|m| m.id == actor.id);
    if !gives && !is_manager(actor) {
        return Err(ServiceError::Forbidden);
    }
    if h.status != HandoffStatus::Pending {
        return Err(ServiceError::Conflict(
            "This hand-off has been answered; its note can no longer change.".into(),
        ));
    }
    let note =
        serde_json::to_string(&patch.note).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let mut q = Query::update();
    q.table(Handoffs::Table)
        .value(Handoffs::Note, note.clone())
        .and_where(Expr::col(Handoffs::Id).eq(id.0));
    txn.execute(&q).await?;
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "handoff",
            entity_id: id.0,
            field: "note",
            old: serde_json::to_string(&h.note).ok(),
            new: Some(note),
        },
    )
    .await?;
    let h = one(&txn, id).await?;
    txn.commit().await?;
    Ok(h)
}

/// Sets the status of a pending hand-off, refusing if someone answered it first.
async fn answer<C: ConnectionTrait>(
    db: &C,
    id: HandoffId,
    status: HandoffStatus,
    to: MemberId,
    t: DateTime<Utc>,
    reason: Option<(&str, &str)>,
) -> ServiceResult<()> {
    let mut q = Query::update();
    q.table(Handoffs::Table)
        .value(Handoffs::Status, status.as_str())
        .value(Handoffs::ToMemberId, to.0)
        .and_where(Expr::col(Handoffs::Id).eq(id.0))
        .and_where(Expr::col(Handoffs::Status).eq("pending"));
    match (status, reason) {
        (HandoffStatus::Rejected, Some((code, note))) => {
            q.value(Handoffs::RejectedAt, t)
                .value(Handoffs::RejectReason, code)
                .value(Handoffs::RejectNote, note);
        }
        _ => {
            q.value(Handoffs::AcceptedAt, t);
        }
    }
    if db.execute(&q).await?.rows_affected() == 0 {
        return Err(ServiceError::Conflict(
            "Someone answered this hand-off a moment ago.".into(),
        ));
    }
    Ok(())
}

async fn receivable<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    id: HandoffId,
) -> ServiceResult<Handoff> {
    let h = get(db, actor, id).await?;
    if !receives(actor, &h) {
        return Err(ServiceError::Forbidden);
    }
    if h.status != HandoffStatus::Pending {
        return Err(ServiceError::Conflict(format!(
            "This hand-off was already {}.",
            h.status.as_str()
        )));
    }
    Ok(h)
}

/// The receiver takes the deal over: they become its owner in their role.
pub async fn accept(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: HandoffId,
) -> ServiceResult<Handoff> {
    let txn = db.begin().await?;
    let h = receivable(&txn, actor, id).await?;
    let t = now();
    answer(&txn, id, HandoffStatus::Accepted, actor.id, t, None).await?;
    let owner_col = match h.to_role {
        Role::Appointer => Some(Deals::AppointerId),
        Role::Closer => Some(Deals::CloserId),
        Role::Success => Some(Deals::SuccessId),
        _ => None,
    };
    if let Some(col) = owner_col {
        let before = get_deal(&txn, h.deal.id)
            .await?
            .ok_or(ServiceError::NotFound("deal"))?;
        let old = match h.to_role {
            Role::Appointer => before.appointer.map(|m| m.id),
            Role::Closer => before.closer.map(|m| m.id),
            _ => before.success.map(|m| m.id),
        };
        let mut q = Query::update();
        q.table(Deals::Table)
            .value(col, actor.id.0)
            .value(Deals::Version, Expr::col(Deals::Version).add(1))
            .value(Deals::UpdatedAt, t)
            .and_where(Expr::col(Deals::Id).eq(h.deal.id.0));
        txn.execute(&q).await?;
        let field = match h.to_role {
            Role::Appointer => "appointer_id",
            Role::Closer => "closer_id",
            _ => "success_id",
        };
        audit::record(
            &txn,
            Some(actor.id),
            Change {
                entity: "deal",
                entity_id: h.deal.id.0,
                field,
                old: old.map(|m| m.to_string()),
                new: Some(actor.id.to_string()),
            },
        )
        .await?;
        if let Some(deal) = get_deal(&txn, h.deal.id).await? {
            crate::events::record(&txn, "deal.updated", &deal).await?;
        }
    }
    // Success takes a won account over: its onboarding checklist starts from the template.
    if h.kind == HandoffKind::Won && h.to_role == Role::Success {
        super::success::start_checklists(&txn, &[h.deal.account.id.0], t).await?;
    }
    let h = one(&txn, id).await?;
    crate::events::record(&txn, "handoff.accepted", &h).await?;
    txn.commit().await?;
    Ok(h)
}

/// The receiver sends it back with a reason: the deal returns to the stage it came from (at
/// the top, for the giver to see first), and the giver and the managers are told (event).
pub async fn reject(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: HandoffId,
    body: &RejectHandoff,
) -> ServiceResult<Handoff> {
    let code = body.reason.trim();
    if code.is_empty() {
        return Err(ServiceError::Invalid(vec![shared::FieldError {
            field: "reason".into(),
            code: "required".into(),
            message: "Choose why you are sending this hand-off back.".into(),
        }]));
    }
    if body.note.chars().count() > NOTE_FIELD_MAX {
        return Err(invalid("note", "Keep the note under 4,000 characters."));
    }
    let txn = db.begin().await?;
    if !reasons(&txn).await?.iter().any(|r| r.code == code) {
        return Err(invalid(
            "reason",
            "Choose one of the reasons in the list (GET /api/v1/handoffs/reasons).",
        ));
    }
    let h = receivable(&txn, actor, id).await?;
    let t = now();
    answer(
        &txn,
        id,
        HandoffStatus::Rejected,
        actor.id,
        t,
        Some((code, body.note.trim())),
    )
    .await?;
    let from_stage = stage_ids(&txn, id).await?;
    // Back to where it came from, if it is still where the hand-off put it.
    if let (Some(from), Some(to)) = from_stage
        && h.deal.stage_id.0 == to
        && from != to
    {
        return_to_stage(&txn, actor.id, h.deal.id, to, from, t).await?;
    }
    let h = one(&txn, id).await?;
    crate::events::record(&txn, "handoff.rejected", &h).await?;
    txn.commit().await?;
    Ok(h)
}

async fn stage_ids<C: ConnectionTrait>(
    db: &C,
    id: HandoffId,
) -> ServiceResult<(Option<i64>, Option<i64>)> {
    let mut q = select();
    q.and_where(Expr::col((Handoffs::Table, Handoffs::Id)).eq(id.0));
    let r = rows(db, &q)
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound("hand-off"))?;
    Ok((r.from_stage_id, r.to_stage_id))
}

/// Moves a deal back into `stage`, first in its order, with its history, audit and event.
async fn return_to_stage<C: ConnectionTrait>(
    db: &C,
    actor: MemberId,
    deal: DealId,
    from: i64,
    stage: i64,
    t: DateTime<Utc>,
) -> ServiceResult<()> {
    lock_stage(db, stage).await?;
    let mut first = Query::select();
    first
        .expr(Expr::col(Deals::Rank).min())
        .from(Deals::Table)
        .and_where(Expr::col(Deals::StageId).eq(stage));
    let top: Option<String> = db
        .query_one(&first)
        .await?
        .and_then(|r| r.try_get_by_index::<Option<String>>(0).ok())
        .flatten();
    let rank = shared::rank::between(None, top.as_deref())
        .ok_or_else(|| ServiceError::Conflict("The stage's order is full; try again.".into()))?;
    let mut q = Query::update();
    q.table(Deals::Table)
        .value(Deals::StageId, stage)
        .value(Deals::Rank, rank)
        .value(Deals::StageEnteredAt, t)
        .value(Deals::Version, Expr::col(Deals::Version).add(1))
        .value(Deals::UpdatedAt, t)
        .and_where(Expr::col(Deals::Id).eq(deal.0));
    db.execute(&q).await?;
    record_stage_entry(db, deal.0, Some(from), stage, actor, t).await?;
    audit::record(
        db,
        Some(actor),
        Change {
            entity: "deal",
            entity_id: deal.0,
            field: "stage_id",
            old: Some(from.to_string()),
            new: Some(stage.to_string()),
        },
    )
    .await?;
    if let Some(d) = get_deal(db, deal).await? {
        crate::events::record(
            db,
            "deal.moved",
            &DealMoved {
                deal: d,
                from_stage_id: StageId(from),
            },
        )
        .await?;
    }
    Ok(())
}

/// Per member and edge over a period (days in the team's time zone): hand-offs sent,
/// accepted, rejected by reason; received, time to accept, breaches (managers).
pub async fn stats<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    period: &StatsPeriod,
) -> ServiceResult<HandoffStats> {
    if !is_manager(actor) {
        return Err(ServiceError::Forbidden);
    }
    if period.to < period.from {
        return Err(invalid("to", "The period ends before it starts."));
    }
    if (period.to - period.from).num_days() > 731 {
        return Err(invalid("to", "Ask for at most two years at a time."));
    }
    let cal = Calendar::default();
    let zone = chrono::FixedOffset::east_opt(cal.offset_minutes * 60)
        .ok_or_else(|| ServiceError::Internal("time zone".into()))?;
    let start = period
        .from
        .and_hms_opt(0, 0, 0)
        .and_then(|d| d.and_local_timezone(zone).single())
        .ok_or_else(|| invalid("from", "Not a day."))?
        .with_timezone(&Utc);
    let end = (period.to + chrono::Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .and_then(|d| d.and_local_timezone(zone).single())
        .ok_or_else(|| invalid("to", "Not a day."))?
        .with_timezone(&Utc);
    let mut q = select();
    q.and_where(Expr::col((Handoffs::Table, Handoffs::SentAt)).gte(start))
        .and_where(Expr::col((Handoffs::Table, Handoffs::SentAt)).lt(end));
    let t = now();
    #[derive(Default)]
    struct Acc {
        name: String,
        sent: u32,
        accepted: u32,
        rejected: u32,
        reasons: BTreeMap<String, u32>,
        received: u32,
        to_accept: Vec<i64>,
        breaches: u32,
    }
    let mut acc: BTreeMap<(i64, Role, Role), Acc> = BTreeMap::new();
    for r in rows(db, &q).await? {
        let (from_role, to_role) = (role(&r.from_role), role(&r.to_role));
        let status = HandoffStatus::parse(&r.status).unwrap_or(HandoffStatus::Pending);
        if let (Some(id), Some(name)) = (r.from_member_id, r.from_name.clone()) {
            let a = acc.entry((id, from_role, to_role)).or_default();
            a.name = name;
            a.sent += 1;
            match status {
                HandoffStatus::Accepted => a.accepted += 1,
                HandoffStatus::Rejected => {
                    a.rejected += 1;
                    *a.reasons
                        .entry(r.reject_reason.clone().unwrap_or_default())
                        .or_default() += 1;
                }
                HandoffStatus::Pending => {}
            }
        }
        if let (Some(id), Some(name)) = (r.to_member_id, r.to_name.clone()) {
            let a = acc.entry((id, from_role, to_role)).or_default();
            a.name = name;
            a.received += 1;
            if let Some(at) = r.accepted_at {
                a.to_accept
                    .push(cal.business_minutes_between(r.sent_at, at));
            }
            let answered = r.accepted_at.or(r.rejected_at);
            if sla_state(&cal, r.sent_at, r.due_at, answered, t) == SlaState::Breached {
                a.breaches += 1;
            }
        }
    }
    let mut out: Vec<EdgeStats> = acc
        .into_iter()
        .map(|((id, from_role, to_role), mut a)| {
            a.to_accept.sort_unstable();
            EdgeStats {
                member: shared::api::MemberRef {
                    id: MemberId(id),
                    name: a.name,
                },
                from_role,
                to_role,
                sent: a.sent,
                accepted: a.accepted,
                rejected: a.rejected,
                rejected_by_reason: a
                    .reasons
                    .into_iter()
                    .map(|(reason, count)| ReasonCount { reason, count })
                    .collect(),
                received: a.received,
                median_minutes_to_accept: a.to_accept.get(a.to_accept.len() / 2).copied(),
                breaches: a.breaches,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.member.name.as_str(), a.from_role, a.to_role).cmp(&(
            b.member.name.as_str(),
            b.from_role,
            b.to_role,
        ))
    });
    Ok(HandoffStats {
        from: period.from,
        to: period.to,
        rows: out,
        won_credit: won_credit(db, start, end).await?,
    })
}

/// For the deals that entered a won stage in `[start, end)`: every member who carried each of
/// them, per role (its owners in each role now, the givers of its hand-offs in the role they
/// gave from, the receivers who accepted in the role they took), each deal once per member
/// and role, with the amounts summed per currency. Members by name, then role.
async fn won_credit<C: ConnectionTrait>(
    db: &C,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> ServiceResult<Vec<WonCredit>> {
    let mut won = Query::select();
    won.column((StageHistory::Table, StageHistory::DealId))
        .from(StageHistory::Table)
        .inner_join(
            Stages::Table,
            Expr::col((Stages::Table, Stages::Id))
                .equals((StageHistory::Table, StageHistory::ToStageId)),
        )
        .and_where(Expr::col((Stages::Table, Stages::Kind)).eq("won"))
        .and_where(Expr::col((StageHistory::Table, StageHistory::MovedAt)).gte(start))
        .and_where(Expr::col((StageHistory::Table, StageHistory::MovedAt)).lt(end));

    #[derive(FromQueryResult)]
    struct WonDeal {
        id: i64,
        amount: i64,
        currency: String,
        appointer_id: Option<i64>,
        closer_id: Option<i64>,
        success_id: Option<i64>,
    }
    let mut deals = Query::select();
    deals
        .columns([
            Deals::Id,
            Deals::Amount,
            Deals::Currency,
            Deals::AppointerId,
            Deals::CloserId,
            Deals::SuccessId,
        ])
        .from(Deals::Table)
        .and_where(Expr::col(Deals::Id).in_subquery(won.clone()));
    let deals = WonDeal::find_by_statement(db.get_database_backend().build(&deals))
        .all(db)
        .await?;
    if deals.is_empty() {
        return Ok(Vec::new());
    }

    #[derive(FromQueryResult)]
    struct Hand {
        deal_id: i64,
        from_member_id: Option<i64>,
        from_role: String,
        to_member_id: Option<i64>,
        to_role: String,
        status: String,
    }
    let mut hands = Query::select();
    hands
        .columns([
            Handoffs::DealId,
            Handoffs::FromMemberId,
            Handoffs::FromRole,
            Handoffs::ToMemberId,
            Handoffs::ToRole,
            Handoffs::Status,
        ])
        .from(Handoffs::Table)
        .and_where(Expr::col(Handoffs::DealId).in_subquery(won));
    let hands = Hand::find_by_statement(db.get_database_backend().build(&hands))
        .all(db)
        .await?;

    let carrying = |r: Role| matches!(r, Role::Appointer | Role::Closer | Role::Success);
    let mut carried: BTreeSet<(i64, Role, i64)> = BTreeSet::new();
    for d in &deals {
        for (m, r) in [
            (d.appointer_id, Role::Appointer),
            (d.closer_id, Role::Closer),
            (d.success_id, Role::Success),
        ] {
            if let Some(m) = m {
                carried.insert((m, r, d.id));
            }
        }
    }
    for h in &hands {
        let (from, to) = (role(&h.from_role), role(&h.to_role));
        if let Some(m) = h.from_member_id
            && carrying(from)
        {
            carried.insert((m, from, h.deal_id));
        }
        if let Some(m) = h.to_member_id
            && carrying(to)
            && h.status == HandoffStatus::Accepted.as_str()
        {
            carried.insert((m, to, h.deal_id));
        }
    }

    let by_id: HashMap<i64, &WonDeal> = deals.iter().map(|d| (d.id, d)).collect();
    let mut names = Query::select();
    names
        .columns([Members::Id, Members::Name])
        .from(Members::Table);
    let names: HashMap<i64, String> = db
        .query_all(&names)
        .await?
        .into_iter()
        .filter_map(|r| {
            Some((
                r.try_get::<i64>("", "id").ok()?,
                r.try_get("", "name").ok()?,
            ))
        })
        .collect();
    let mut acc: BTreeMap<(i64, Role), (u32, BTreeMap<String, i64>)> = BTreeMap::new();
    for (m, r, deal) in carried {
        let Some(d) = by_id.get(&deal) else { continue };
        let a = acc.entry((m, r)).or_default();
        a.0 += 1;
        *a.1.entry(d.currency.clone()).or_default() += d.amount;
    }
    let mut out: Vec<WonCredit> = acc
        .into_iter()
        .filter_map(|((m, role), (deals, sums))| {
            Some(WonCredit {
                member: shared::api::MemberRef {
                    id: MemberId(m),
                    name: names.get(&m)?.clone(),
                },
                role,
                deals,
                amounts: sums
                    .into_iter()
                    .map(|(currency, amount)| Money { amount, currency })
                    .collect(),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.member.name.as_str(), a.role).cmp(&(b.member.name.as_str(), b.role)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jst(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("{s}+09:00"))
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn deadlines_stand_out_as_they_near() {
        let cal = Calendar::default();
        let sent = jst("2026-11-24T10:00:00");
        let due = Some(jst("2026-11-24T14:00:00"));
        let state = |now: &str, answered: Option<&str>| {
            sla_state(&cal, sent, due, answered.map(jst), jst(now))
        };
        assert_eq!(state("2026-11-24T11:00:00", None), SlaState::OnTime);
        assert_eq!(state("2026-11-24T13:30:00", None), SlaState::DueSoon);
        assert_eq!(state("2026-11-24T14:01:00", None), SlaState::Breached);
        assert_eq!(
            state("2026-11-25T10:00:00", Some("2026-11-24T13:00:00")),
            SlaState::OnTime
        );
        assert_eq!(
            state("2026-11-25T10:00:00", Some("2026-11-24T15:00:00")),
            SlaState::Breached
        );
        assert_eq!(
            sla_state(&cal, sent, None, None, jst("2027-01-01T00:00:00")),
            SlaState::OnTime
        );
    }
}
