//! Call mode: the appointer's queue, calls run on a published script version, each click
//! recorded at once in `call_steps`, and the finish that records the activity and sets the
//! outcome in motion (an appointment moves the deal to the closers' first open stage through the
//! move service, which opens the hand-off; a call back plans the next call).
//!
//! Rules:
//! - appointers and managers start calls; an appointer only on deals they are the appointer of;
//!   a call is answered and finished by the member who started it, or a manager;
//! - an answer is to the step the call is at, or to any shared (objection) step; after an
//!   answer that leads to an outcome only a shared step or `back` may follow;
//! - `back` is a row of its own (`kind = 'back'`) and marks the latest answer in force undone;
//!   the path and the numbers use the answers in force;
//! - a click is recorded once: a repeated `Idempotency-Key`, or a repeated sequence number with
//!   the same click, is answered with the call as it is; a different click under a number
//!   already used (or a number that skips one) is a 409;
//! - a finished call takes no answers and no second finish (409).
//!
//! Numbers (`stats`) count finished calls. "Reached a step": answered it, or was at it when
//! finished. A call's meeting was held when its deal later entered a stage owned by closers,
//! other than the one the appointment placed it in and not a lost one (the closer moved it on
//! from the meeting); won when it later entered a won stage.

use super::audit::{self, Change};
use super::board::retryable;
use super::deals::get_deal;
use super::move_batch::{MoveBatch, MoveRequest};
use super::pipelines::kind_of;
use super::{ServiceError, ServiceResult, invalid, now};
use crate::entity::stage;
use crate::session::CurrentMember;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, Statement, TransactionTrait, Value,
};
use shared::api::{
    AnswerCount, Call, CallAnswer, CallContext, CloserSource, ContactRef, FinishCall, MemberRef,
    MoveDeal, ObjectionLoss, OutcomeCount, PathStep, QueueEntry, QueueReason, Rate,
    RoutingPreviewQuery, ScriptPurpose, ScriptRef, ScriptStats, StartCall, StatsQuery, StepStats,
    SuggestedCloser, VersionStats,
};
use shared::rules::{StageRule, may_move};
use shared::script::{Outcome, ScriptGraph};
use shared::{ActivityId, CallId, ContactId, DealId, MemberId, Role, ScriptId};
use std::collections::HashMap;

/// How often a write is retried after losing a race (PostgreSQL) for its sequence number,
/// rank or lock.
const ATTEMPTS: usize = 20;

/// A statement with `?` placeholders, numbered for PostgreSQL.
fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 16);
        let mut n = 0;
        for ch in sql.chars() {
            if ch == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(ch);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

async fn rows<T: FromQueryResult, C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> ServiceResult<Vec<T>> {
    Ok(
        T::find_by_statement(stmt(db.get_database_backend(), sql, values))
            .all(db)
            .await?,
    )
}

async fn exec<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<Value>) -> ServiceResult<u64> {
    Ok(db
        .execute_raw(stmt(db.get_database_backend(), sql, values))
        .await?
        .rows_affected())
}

async fn insert_id<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> ServiceResult<i64> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    rows::<Id, _>(db, &format!("{sql} RETURNING id"), values)
        .await?
        .pop()
        .map(|r| r.id)
        .ok_or_else(|| ServiceError::Internal("insert returned no id".into()))
}

fn caller(actor: &CurrentMember) -> ServiceResult<()> {
    if actor.has(Role::Appointer) || actor.has(Role::Manager) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Retries `f` while it loses races on the database.
async fn retried<T, F, Fut>(mut f: F) -> ServiceResult<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ServiceResult<T>>,
{
    let mut last = None;
    for attempt in 0..ATTEMPTS {
        match f().await {
            Err(ServiceError::Db(e)) if retryable(&e) => {
                last = Some(e);
                tokio::time::sleep(std::time::Duration::from_millis(1 + attempt as u64 * 2)).await;
            }
            other => return other,
        }
    }
    Err(ServiceError::Conflict(format!(
        "The database is very busy; nothing was recorded. Try again. ({})",
        last.map(|e| e.to_string()).unwrap_or_default()
    )))
}

// ---------------------------------------------------------------------------------------------
// The queue

#[derive(FromQueryResult)]
struct QueueRow {
    id: i64,
    pipeline_id: i64,
    account_id: i64,
    contact_id: Option<i64>,
    created_at: DateTime<Utc>,
    stage_name: String,
    next_call: Option<DateTime<Utc>>,
    next_call_id: Option<i64>,
    called: i64,
}

#[derive(FromQueryResult)]
struct ContactRow {
    id: i64,
    account_id: i64,
    name: String,
    title: String,
    phone: String,
    is_primary: bool,
}

#[derive(FromQueryResult)]
struct PublishedRow {
    id: i64,
    name: String,
    pipeline_id: i64,
    purpose: String,
    published_version: i32,
}

/// The member's deals due for a call: deals they are the appointer of, in open stages owned by
/// appointers, with a planned call due now or earlier (due since then), or never called (due
/// since the deal was created); soonest first, at most [`shared::api::MAX_QUEUE`].
pub async fn queue<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
) -> ServiceResult<Vec<QueueEntry>> {
    caller(actor)?;
    let t = now();
    let found: Vec<QueueRow> = rows(
        db,
        "SELECT d.id, d.pipeline_id, d.account_id, d.contact_id, d.created_at, st.name AS stage_name, \
           (SELECT MIN(a.planned_at) FROM activities a WHERE a.deal_id = d.id AND a.kind = 'call' \
              AND a.done_at IS NULL AND a.planned_at IS NOT NULL) AS next_call, \
           (SELECT a.id FROM activities a WHERE a.deal_id = d.id AND a.kind = 'call' \
              AND a.done_at IS NULL AND a.planned_at IS NOT NULL ORDER BY a.planned_at, a.id LIMIT 1) AS next_call_id, \
           (SELECT COUNT(*) FROM activities a WHERE a.deal_id = d.id AND a.kind = 'call' \
              AND a.done_at IS NOT NULL) AS called \
         FROM deals d JOIN stages st ON st.id = d.stage_id \
         WHERE d.appointer_id = ? AND st.owning_role = 'appointer' AND st.kind = 'open' \
           AND st.archived_at IS NULL",
        vec![actor.id.0.into()],
    )
    .await?;
    let mut due: Vec<(DateTime<Utc>, QueueReason, QueueRow)> = found
        .into_iter()
        .filter_map(|r| match (r.next_call, r.called) {
            (Some(at), _) if at <= t => Some((at, QueueReason::PlannedCall, r)),
            (None, 0) => Some((r.created_at, QueueReason::NeverCalled, r)),
            _ => None,
        })
        .collect();
    due.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.id.cmp(&b.2.id)));
    due.truncate(shared::api::MAX_QUEUE);
    if due.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<DealId> = due.iter().map(|d| DealId(d.2.id)).collect();
    let mut deals: HashMap<i64, shared::api::DealRow> = super::deals::get_deals(db, &ids)
        .await?
        .into_iter()
        .map(|d| (d.id.0, d))
        .collect();
    let accounts: Vec<String> = due.iter().map(|d| d.2.account_id.to_string()).collect();
    let contacts: Vec<ContactRow> = rows(
        db,
        &format!(
            "SELECT id, account_id, name, title, phone, is_primary FROM contacts \
             WHERE account_id IN ({}) ORDER BY id",
            accounts.join(",")
        ),
        vec![],
    )
    .await?;
    let pipelines: Vec<String> = due.iter().map(|d| d.2.pipeline_id.to_string()).collect();
    let scripts: Vec<PublishedRow> = rows(
        db,
        &format!(
            "SELECT id, name, pipeline_id, purpose, published_version FROM talk_scripts \
             WHERE published_version IS NOT NULL AND pipeline_id IN ({}) ORDER BY id",
            pipelines.join(",")
        ),
        vec![],
    )
    .await?;
    let script_for = |pipeline: i64, purpose: ScriptPurpose| {
        scripts
            .iter()
            .find(|s| s.pipeline_id == pipeline && s.purpose == purpose.as_str())
            .map(|s| ScriptRef {
                id: ScriptId(s.id),
                name: s.name.clone(),
                purpose,
                version: s.published_version,
            })
    };
    let mut out = Vec::with_capacity(due.len());
    for (at, reason, r) in due {
        let Some(deal) = deals.remove(&r.id) else {
            continue;
        };
        let contact = r
            .contact_id
            .and_then(|c| contacts.iter().find(|x| x.id == c))
            .or_else(|| {
                contacts
                    .iter()
                    .find(|x| x.account_id == r.account_id && x.is_primary)
            })
            .map(|c| ContactRef {
                id: ContactId(c.id),
                name: c.name.clone(),
                title: c.title.clone(),
                phone: c.phone.clone(),
            });
        let purpose = if r.called > 0 {
            ScriptPurpose::FollowUp
        } else {
            ScriptPurpose::ColdCall
        };
        out.push(QueueEntry {
            deal,
            stage_name: r.stage_name,
            contact,
            due_at: at,
            reason,
            planned_activity_id: match reason {
                QueueReason::PlannedCall => r.next_call_id.map(ActivityId),
                QueueReason::NeverCalled => None,
            },
            script: script_for(r.pipeline_id, purpose),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// One call

#[derive(FromQueryResult)]
struct CallRow {
    id: i64,
    member_id: i64,
    member_name: String,
    deal_id: Option<i64>,
    contact_id: Option<i64>,
    script_id: i64,
    version_id: i64,
    number: i32,
    graph: String,
    started_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    outcome: Option<String>,
    notes: String,
    reason: Option<String>,
}

#[derive(FromQueryResult, Clone)]
struct StepRow {
    id: i64,
    seq: i32,
    step_key: String,
    answer_index: Option<i32>,
    kind: String,
    notes: String,
    idem_key: Option<String>,
    at: DateTime<Utc>,
}

struct Loaded {
    row: CallRow,
    graph: ScriptGraph,
    steps: Vec<StepRow>,
    /// The ids of the answers undone (by `back`).
    undone: Vec<i64>,
}

impl Loaded {
    /// The answers in force, oldest first.
    fn path(&self) -> Vec<&StepRow> {
        self.steps
            .iter()
            .filter(|s| s.kind == "answer" && !self.undone.contains(&s.id))
            .collect()
    }

    /// Where the call is: the step to answer next, or the outcome the last answer leads to.
    fn position(&self) -> (Option<String>, Option<Outcome>) {
        match self.path().last() {
            None => (Some(self.graph.start.clone()), None),
            Some(last) => match answer_of(&self.graph, &last.step_key, last.answer_index) {
                Some(a) => (a.next.clone(), a.outcome),
                None => (None, None),
            },
        }
    }

    fn seq(&self) -> i32 {
        self.steps.iter().map(|s| s.seq).max().unwrap_or(0)
    }
}

fn answer_of<'g>(
    graph: &'g ScriptGraph,
    step: &str,
    index: Option<i32>,
) -> Option<&'g shared::script::Answer> {
    let i = usize::try_from(index?).ok()?;
    graph.steps.iter().find(|s| s.key == step)?.answers.get(i)
}

async fn load<C: ConnectionTrait>(db: &C, id: CallId) -> ServiceResult<Loaded> {
    let row: CallRow = rows(
        db,
        "SELECT c.id, c.member_id, m.name AS member_name, c.deal_id, c.contact_id, \
           v.script_id, v.id AS version_id, v.number, v.graph, c.started_at, c.finished_at, c.outcome, c.notes, c.reason \
         FROM calls c JOIN members m ON m.id = c.member_id \
           JOIN talk_script_versions v ON v.id = c.script_version_id \
         WHERE c.id = ?",
        vec![id.0.into()],
    )
    .await?
    .pop()
    .ok_or(ServiceError::NotFound("call"))?;
    let graph: ScriptGraph = serde_json::from_str(&row.graph)
        .map_err(|e| ServiceError::Internal(format!("stored graph: {e}")))?;
    let steps: Vec<StepRow> = rows(
        db,
        "SELECT id, seq, step_key, answer_index, kind, notes, idem_key, at FROM call_steps \
         WHERE call_id = ? ORDER BY seq, id",
        vec![id.0.into()],
    )
    .await?;
    #[derive(FromQueryResult)]
    struct U {
        id: i64,
    }
    let undone = rows::<U, _>(
        db,
        "SELECT id FROM call_steps WHERE call_id = ? AND undone = ?",
        vec![id.0.into(), true.into()],
    )
    .await?
    .into_iter()
    .map(|u| u.id)
    .collect();
    Ok(Loaded {
        row,
        graph,
        steps,
        undone,
    })
}

async fn to_call<C: ConnectionTrait>(db: &C, l: Loaded) -> ServiceResult<Call> {
    #[derive(FromQueryResult)]
    struct A {
        id: i64,
    }
    let activity = rows::<A, _>(
        db,
        "SELECT id FROM activities WHERE call_id = ? AND kind = 'call' AND done_at IS NOT NULL \
         ORDER BY id LIMIT 1",
        vec![l.row.id.into()],
    )
    .await?
    .pop()
    .map(|a| ActivityId(a.id));
    let (step, reached_outcome) = l.position();
    let path = l
        .path()
        .into_iter()
        .map(|s| PathStep {
            seq: s.seq,
            step_key: s.step_key.clone(),
            answer_index: s
                .answer_index
                .and_then(|i| u32::try_from(i).ok())
                .unwrap_or(0),
            label: answer_of(&l.graph, &s.step_key, s.answer_index)
                .map(|a| a.label.clone())
                .unwrap_or_default(),
            notes: s.notes.clone(),
            at: s.at,
        })
        .collect();
    let seq = l.seq();
    let r = l.row;
    Ok(Call {
        id: CallId(r.id),
        deal_id: r.deal_id.map(DealId),
        member: MemberRef {
            id: MemberId(r.member_id),
            name: r.member_name,
        },
        script_id: ScriptId(r.script_id),
        version: r.number,
        graph: l.graph,
        step: if r.finished_at.is_some() { None } else { step },
        reached_outcome,
        path,
        seq,
        started_at: r.started_at,
        finished_at: r.finished_at,
        outcome: r.outcome.as_deref().and_then(Outcome::parse),
        notes: r.notes,
        reason: r.reason,
        activity_id: activity,
    })
}

fn may_work_call(actor: &CurrentMember, l: &Loaded) -> ServiceResult<()> {
    if actor.id.0 == l.row.member_id || actor.has(Role::Manager) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// A call as recorded (the member who made it, or a manager).
pub async fn get<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    id: CallId,
) -> ServiceResult<Call> {
    caller(actor)?;
    let l = load(db, id).await?;
    may_work_call(actor, &l)?;
    to_call(db, l).await
}

/// What the call screen shows beside the script (the member who made the call, or a manager):
/// the deal, the person called (the call's contact, else the account's primary one), the
/// calling member's company (`company`, from the configuration), the active closers, and the
/// closer to preselect for an appointment: the deal's own closer (an owner keeps the deal, as
/// a hand-off does), else the team routing's choice for the account's territory and segment.
pub async fn context<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    id: CallId,
    company: &str,
) -> ServiceResult<CallContext> {
    caller(actor)?;
    let l = load(db, id).await?;
    may_work_call(actor, &l)?;
    let deal = match l.row.deal_id {
        Some(d) => get_deal(db, DealId(d)).await?,
        None => None,
    };
    #[derive(FromQueryResult)]
    struct Named {
        name: String,
        purpose: String,
    }
    let named = rows::<Named, _>(
        db,
        "SELECT name, purpose FROM talk_scripts WHERE id = ?",
        vec![l.row.script_id.into()],
    )
    .await?
    .pop()
    .ok_or(ServiceError::NotFound("script"))?;
    let script = ScriptRef {
        id: ScriptId(l.row.script_id),
        name: named.name,
        purpose: ScriptPurpose::parse(&named.purpose).unwrap_or(ScriptPurpose::ColdCall),
        version: l.row.number,
    };
    #[derive(FromQueryResult)]
    struct Place {
        territory_id: Option<i64>,
        segment_id: Option<i64>,
    }
    let place = match &deal {
        Some(d) => rows::<Place, _>(
            db,
            "SELECT territory_id, segment_id FROM accounts WHERE id = ?",
            vec![d.account.id.0.into()],
        )
        .await?
        .pop(),
        None => None,
    };
    let contact = match (l.row.contact_id, &deal) {
        (Some(c), _) => rows::<ContactRow, _>(
            db,
            "SELECT id, account_id, name, title, phone, is_primary FROM contacts WHERE id = ?",
            vec![c.into()],
        )
        .await?
        .pop(),
        (None, Some(d)) => rows::<ContactRow, _>(
            db,
            "SELECT id, account_id, name, title, phone, is_primary FROM contacts \
                 WHERE account_id = ? AND is_primary = ? ORDER BY id LIMIT 1",
            vec![d.account.id.0.into(), true.into()],
        )
        .await?
        .pop(),
        (None, None) => None,
    }
    .map(|c| ContactRef {
        id: ContactId(c.id),
        name: c.name,
        title: c.title,
        phone: c.phone,
    });
    #[derive(FromQueryResult)]
    struct Closer {
        id: i64,
        name: String,
    }
    let closers: Vec<MemberRef> = rows::<Closer, _>(
        db,
        "SELECT m.id, m.name FROM members m JOIN member_roles r ON r.member_id = m.id \
         WHERE r.role = 'closer' AND m.active = ? ORDER BY m.name, m.id",
        vec![true.into()],
    )
    .await?
    .into_iter()
    .map(|c| MemberRef {
        id: MemberId(c.id),
        name: c.name,
    })
    .collect();
    let own = deal
        .as_ref()
        .and_then(|d| d.closer.clone())
        .filter(|c| closers.iter().any(|x| x.id == c.id));
    let suggested_closer = match own {
        Some(member) => Some(SuggestedCloser {
            member,
            source: CloserSource::Deal,
        }),
        None => {
            let q = RoutingPreviewQuery {
                role: Role::Closer,
                territory_id: place
                    .as_ref()
                    .and_then(|p| p.territory_id)
                    .map(shared::TerritoryId),
                segment_id: place
                    .as_ref()
                    .and_then(|p| p.segment_id)
                    .map(shared::SegmentId),
            };
            let routed = super::team::preview(db, &q).await?;
            routed
                .chosen
                .and_then(|m| closers.iter().find(|c| c.id == m).cloned())
                .map(|member| SuggestedCloser {
                    member,
                    source: CloserSource::Routing,
                })
        }
    };
    Ok(CallContext {
        call_id: id,
        script,
        deal,
        contact,
        member_company: company.to_owned(),
        closers,
        suggested_closer,
    })
}

/// Starts a call on a deal with the script's published version (see the module's rules).
pub async fn start(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    body: &StartCall,
) -> ServiceResult<Call> {
    caller(actor)?;
    let deal = get_deal(db, body.deal_id)
        .await?
        .ok_or_else(|| invalid("deal_id", "No such deal."))?;
    let appointer = deal.appointer.as_ref().map(|m| m.id);
    if !actor.has(Role::Manager) && appointer != Some(actor.id) {
        return Err(ServiceError::Forbidden);
    }
    #[derive(FromQueryResult)]
    struct S {
        pipeline_id: Option<i64>,
        published_version: Option<i32>,
        version_id: Option<i64>,
        graph: Option<String>,
    }
    let s: S = rows(
        db,
        "SELECT s.pipeline_id, s.published_version, v.id AS version_id, v.graph FROM talk_scripts s \
         LEFT JOIN talk_script_versions v ON v.script_id = s.id AND v.number = s.published_version \
         WHERE s.id = ?",
        vec![body.script_id.0.into()],
    )
    .await?
    .pop()
    .ok_or_else(|| invalid("script_id", "No such script."))?;
    let (Some(_), Some(version_id), Some(graph)) = (s.published_version, s.version_id, s.graph)
    else {
        return Err(invalid(
            "script_id",
            "This script has no published version yet; publish it first.",
        ));
    };
    if s.pipeline_id.is_some_and(|p| p != deal.pipeline_id.0) {
        return Err(invalid(
            "script_id",
            "This script is for another pipeline than the deal's.",
        ));
    }
    let graph: ScriptGraph = serde_json::from_str(&graph)
        .map_err(|e| ServiceError::Internal(format!("stored graph: {e}")))?;
    #[derive(FromQueryResult)]
    struct Dc {
        contact_id: Option<i64>,
    }
    let contact = rows::<Dc, _>(
        db,
        "SELECT contact_id FROM deals WHERE id = ?",
        vec![deal.id.0.into()],
    )
    .await?
    .pop()
    .and_then(|d| d.contact_id);
    let txn = db.begin().await?;
    let id = insert_id(
        &txn,
        "INSERT INTO calls (member_id, script_version_id, deal_id, contact_id, started_at, notes, at_step) \
         VALUES (?, ?, ?, ?, ?, '', ?)",
        vec![
            actor.id.0.into(),
            version_id.into(),
            deal.id.0.into(),
            contact.into(),
            now().into(),
            graph.start.clone().into(),
        ],
    )
    .await?;
    let call = to_call(&txn, load(&txn, CallId(id)).await?).await?;
    txn.commit().await?;
    Ok(call)
}

/// Records an answer (or `back`) at once; see the module's rules.
pub async fn answer(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: CallId,
    body: &CallAnswer,
    key: Option<&str>,
) -> ServiceResult<Call> {
    caller(actor)?;
    body.validate().map_err(ServiceError::Invalid)?;
    retried(|| try_answer(db, actor, id, body, key)).await
}

fn same_click(s: &StepRow, body: &CallAnswer) -> bool {
    if body.back {
        s.kind == "back"
    } else {
        s.kind == "answer"
            && s.step_key == body.step_key
            && s.answer_index.and_then(|i| u32::try_from(i).ok()) == body.answer_index
    }
}

async fn try_answer(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: CallId,
    body: &CallAnswer,
    key: Option<&str>,
) -> ServiceResult<Call> {
    let txn = db.begin().await?;
    let l = load(&txn, id).await?;
    may_work_call(actor, &l)?;
    if let Some(k) = key
        && let Some(done) = l.steps.iter().find(|s| s.idem_key.as_deref() == Some(k))
    {
        if !same_click(done, body) {
            return Err(invalid(
                "Idempotency-Key",
                "This key was used for another answer; use a new key per click.",
            ));
        }
        return to_call(&txn, l).await;
    }
    if l.row.finished_at.is_some() {
        return Err(ServiceError::Conflict(
            "This call is finished; it takes no more answers.".into(),
        ));
    }
    let last = l.seq();
    let seq = match body.seq {
        Some(s) if s <= last => {
            return match l.steps.iter().find(|x| x.seq == s) {
                Some(done) if same_click(done, body) => to_call(&txn, l).await,
                _ => Err(ServiceError::Conflict(format!(
                    "Click {s} of this call was recorded as another answer; reload the call."
                ))),
            };
        }
        Some(s) if s > last + 1 => {
            return Err(ServiceError::Conflict(format!(
                "Click {} of this call was not recorded yet; send the clicks in order.",
                last + 1
            )));
        }
        _ => last + 1,
    };
    let t = now();
    let (at_step, _) = l.position();
    if body.back {
        let Some(undo) = l.path().last().map(|s| s.id) else {
            return Err(invalid(
                "back",
                "The call is at its first step; there is nothing to go back to.",
            ));
        };
        exec(
            &txn,
            "UPDATE call_steps SET undone = ? WHERE id = ?",
            vec![true.into(), undo.into()],
        )
        .await?;
        exec(
            &txn,
            "INSERT INTO call_steps (call_id, step_key, seq, kind, notes, idem_key, at) \
             VALUES (?, ?, ?, 'back', ?, ?, ?)",
            vec![
                id.0.into(),
                at_step.clone().unwrap_or_default().into(),
                seq.into(),
                body.notes.clone().into(),
                key.map(str::to_owned).into(),
                t.into(),
            ],
        )
        .await?;
    } else {
        let number = l.row.number;
        let Some(step) = l.graph.steps.iter().find(|s| s.key == body.step_key) else {
            return Err(invalid(
                "step_key",
                &format!("Version {number} of this script has no such step."),
            ));
        };
        let index = body.answer_index.unwrap_or(0);
        let Some(answer) = usize::try_from(index)
            .ok()
            .and_then(|i| step.answers.get(i))
        else {
            return Err(invalid(
                "answer_index",
                &format!("Step {} has {} answers.", step.key, step.answers.len()),
            ));
        };
        if !step.shared && at_step.as_deref() != Some(step.key.as_str()) {
            return Err(invalid(
                "step_key",
                &match &at_step {
                    Some(k) => format!("The call is at step {k}; answer it or a shared step."),
                    None => "The call has reached an outcome; finish it, go back, or answer a shared step."
                        .to_owned(),
                },
            ));
        }
        exec(
            &txn,
            "INSERT INTO call_steps (call_id, step_key, answer_key, seq, answer_index, kind, notes, idem_key, at) \
             VALUES (?, ?, ?, ?, ?, 'answer', ?, ?, ?)",
            vec![
                id.0.into(),
                step.key.clone().into(),
                Some(answer.label.clone()).into(),
                seq.into(),
                i32::try_from(index).unwrap_or(i32::MAX).into(),
                body.notes.clone().into(),
                key.map(str::to_owned).into(),
                t.into(),
            ],
        )
        .await?;
    }
    let l = load(&txn, id).await?;
    let (now_at, _) = l.position();
    exec(
        &txn,
        "UPDATE calls SET at_step = ? WHERE id = ?",
        vec![now_at.into(), id.0.into()],
    )
    .await?;
    let call = to_call(&txn, l).await?;
    txn.commit().await?;
    Ok(call)
}

/// The `call_reach` rows of a finished call: one per answer in force, in order (`first` on a
/// step's first row), then the step it ended at if that was not answered: `(step, answer,
/// first)`.
pub fn reach_rows(
    path: &[(String, i32)],
    at_step: Option<&str>,
) -> Vec<(String, Option<i32>, bool)> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<(String, Option<i32>, bool)> = path
        .iter()
        .map(|(k, i)| (k.clone(), Some(*i), seen.insert(k.clone())))
        .collect();
    if let Some(k) = at_step
        && seen.insert(k.to_owned())
    {
        out.push((k.to_owned(), None, true));
    }
    out
}

/// Writes a finished call's `call_reach` rows (see [`reach_rows`]).
pub async fn record_reach<C: ConnectionTrait>(
    db: &C,
    call: i64,
    version: i64,
    outcome: Outcome,
    rows: &[(String, Option<i32>, bool)],
) -> ServiceResult<()> {
    for chunk in rows.chunks(500) {
        let mut sql = String::from(
            "INSERT INTO call_reach (call_id, script_version_id, step_key, answer_index, first, outcome) VALUES ",
        );
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 6);
        for (i, (k, a, first)) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str("(?, ?, ?, ?, ?, ?)");
            values.extend([
                call.into(),
                version.into(),
                k.clone().into(),
                (*a).into(),
                (*first).into(),
                outcome.as_str().into(),
            ]);
        }
        exec(db, &sql, values).await?;
    }
    Ok(())
}

/// What a finish did beyond the call itself.
#[derive(Debug)]
pub struct Finished {
    /// The call as it is now.
    pub call: Call,
    /// Whether a deal was written (moved, or its closer set).
    pub deal_changed: bool,
}

/// Finishes a call: the activity (kind call, outcome, path in the notes, duration), the call's
/// outcome, and what the outcome sets in motion; all in one transaction.
pub async fn finish(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: CallId,
    body: &FinishCall,
) -> ServiceResult<Finished> {
    caller(actor)?;
    body.validate().map_err(ServiceError::Invalid)?;
    retried(|| try_finish(db, actor, id, body)).await
}

fn path_text(l: &Loaded) -> String {
    l.path()
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let label = answer_of(&l.graph, &s.step_key, s.answer_index)
                .map(|a| a.label.as_str())
                .unwrap_or("");
            let mut line = format!("{}. {} → {}", i + 1, s.step_key, label);
            if !s.notes.trim().is_empty() {
                line.push_str(&format!(" ({})", s.notes.trim()));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

async fn try_finish(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: CallId,
    body: &FinishCall,
) -> ServiceResult<Finished> {
    // Stored to the microsecond, the precision both databases keep.
    let micro = |t: Option<DateTime<Utc>>| t.map(|t| chrono::SubsecRound::trunc_subsecs(t, 6));
    let (meeting_at, call_back_at) = (micro(body.meeting_at), micro(body.call_back_at));
    let txn = db.begin().await?;
    let l = load(&txn, id).await?;
    may_work_call(actor, &l)?;
    if l.row.finished_at.is_some() {
        return Err(ServiceError::Conflict(
            "This call is already finished.".into(),
        ));
    }
    let t = now();
    let duration = (t - l.row.started_at).num_seconds().max(0);
    let (at_step, _) = l.position();
    let at_step_for_reach = at_step.clone();
    let end_step = at_step
        .clone()
        .or_else(|| l.path().last().map(|s| s.step_key.clone()))
        .unwrap_or_else(|| l.graph.start.clone());
    let deal = match l.row.deal_id {
        Some(d) => get_deal(&txn, DealId(d)).await?,
        None => None,
    };
    let reason = body.reason.as_deref().map(str::trim).map(str::to_owned);
    let mut booked_stage = None;
    let mut deal_changed = false;

    if body.outcome == Outcome::AppointmentSet {
        let Some(deal) = &deal else {
            return Err(invalid(
                "outcome",
                "This call has no deal to set an appointment on.",
            ));
        };
        let closer = body.closer_id.unwrap_or(MemberId(0));
        #[derive(FromQueryResult)]
        struct N {
            n: i64,
        }
        let holds = rows::<N, _>(
            &txn,
            "SELECT COUNT(*) AS n FROM member_roles r JOIN members m ON m.id = r.member_id \
             WHERE r.member_id = ? AND r.role = 'closer' AND m.active = ?",
            vec![closer.0.into(), true.into()],
        )
        .await?
        .pop()
        .map(|n| n.n)
        .unwrap_or(0);
        if holds == 0 {
            return Err(invalid(
                "closer_id",
                "Not an active member with the closer role.",
            ));
        }
        let stages = stage::Entity::find()
            .filter(stage::Column::PipelineId.eq(deal.pipeline_id.0))
            .filter(stage::Column::ArchivedAt.is_null())
            .order_by_asc(stage::Column::Position)
            .order_by_asc(stage::Column::Id)
            .all(&txn)
            .await?;
        let rules: Vec<StageRule> = stages
            .iter()
            .map(|s| StageRule {
                owning_role: s.owning_role.parse().unwrap_or(Role::Manager),
                kind: kind_of(s),
            })
            .collect();
        let Some(to) = rules
            .iter()
            .position(|r| r.owning_role == Role::Closer && r.kind == shared::api::StageKind::Open)
        else {
            return Err(invalid(
                "outcome",
                "This pipeline has no open stage owned by closers to hand the appointment to.",
            ));
        };
        let from = stages.iter().position(|s| s.id == deal.stage_id.0);
        if !from.is_some_and(|f| f != to && may_move(&actor.roles, &rules, f, to)) {
            return Err(invalid(
                "outcome",
                "The deal is not in a stage from which an appointment is handed to closers.",
            ));
        }
        let mut version = deal.version;
        if deal.closer.as_ref().map(|c| c.id) != Some(closer) {
            let n = exec(
                &txn,
                "UPDATE deals SET closer_id = ?, version = version + 1, updated_at = ? \
                 WHERE id = ? AND version = ?",
                vec![
                    closer.0.into(),
                    t.into(),
                    deal.id.0.into(),
                    deal.version.into(),
                ],
            )
            .await?;
            if n == 0 {
                return Err(ServiceError::Db(sea_orm::DbErr::Custom(
                    "could not serialize: the deal changed".into(),
                )));
            }
            audit::record(
                &txn,
                Some(actor.id),
                Change {
                    entity: "deal",
                    entity_id: deal.id.0,
                    field: "closer_id",
                    old: deal.closer.as_ref().map(|c| c.id.to_string()),
                    new: Some(closer.to_string()),
                },
            )
            .await?;
            version += 1;
        }
        let req = MoveDeal {
            stage_id: shared::StageId(stages[to].id),
            after_id: None,
            before_id: None,
            version,
        };
        let m = MoveRequest {
            actor,
            id: deal.id,
            req: &req,
            key: None,
        };
        let mut batch = MoveBatch::default();
        batch.prefetch(&txn, &[m]).await?;
        batch.apply(&txn, m).await?;
        batch.flush(&txn).await?;
        booked_stage = Some(stages[to].id);
        deal_changed = true;
        exec(
            &txn,
            "INSERT INTO activities (kind, member_id, deal_id, account_id, contact_id, call_id, subject, notes, planned_at, created_at) \
             VALUES ('meeting', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            vec![
                closer.0.into(),
                deal.id.0.into(),
                deal.account.id.0.into(),
                l.row.contact_id.into(),
                id.0.into(),
                format!("{} (appointment by {})", deal.title, l.row.member_name).into(),
                body.notes.clone().into(),
                meeting_at.into(),
                t.into(),
            ],
        )
        .await?;
    }

    let subject = format!("Call: {}", body.outcome.as_str());
    let mut notes = body.notes.trim().to_owned();
    if let Some(r) = &reason
        && body.outcome == Outcome::NotInterested
    {
        if !notes.is_empty() {
            notes.push_str("\n\n");
        }
        notes.push_str(&format!("Reason: {r}"));
    }
    let path = path_text(&l);
    if !path.is_empty() {
        if !notes.is_empty() {
            notes.push_str("\n\n");
        }
        notes.push_str(&format!("Script version {} path:\n{path}", l.row.number));
    }
    if let Some(deal) = &deal {
        // A planned call that was due is the one this call made.
        #[derive(FromQueryResult)]
        struct Due {
            id: i64,
        }
        let due = rows::<Due, _>(
            &txn,
            "SELECT id FROM activities WHERE deal_id = ? AND kind = 'call' AND done_at IS NULL \
             AND planned_at IS NOT NULL AND planned_at <= ? ORDER BY planned_at, id LIMIT 1",
            vec![deal.id.0.into(), t.into()],
        )
        .await?
        .pop();
        let values = vec![
            l.row.member_id.into(),
            l.row.contact_id.into(),
            id.0.into(),
            subject.clone().into(),
            notes.clone().into(),
            t.into(),
            body.outcome.as_str().into(),
            duration.into(),
        ];
        match due {
            Some(d) => {
                let mut v = values;
                v.push(d.id.into());
                exec(
                    &txn,
                    "UPDATE activities SET member_id = ?, contact_id = COALESCE(?, contact_id), call_id = ?, \
                       subject = ?, notes = ?, done_at = ?, outcome = ?, duration_seconds = ? WHERE id = ?",
                    v,
                )
                .await?;
            }
            None => {
                let mut v = vec![deal.id.0.into(), deal.account.id.0.into()];
                v.extend(values);
                v.push(t.into());
                exec(
                    &txn,
                    "INSERT INTO activities (kind, deal_id, account_id, member_id, contact_id, call_id, subject, notes, done_at, outcome, duration_seconds, created_at) \
                     VALUES ('call', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    v,
                )
                .await?;
            }
        }
        if body.outcome == Outcome::CallBack {
            exec(
                &txn,
                "INSERT INTO activities (kind, member_id, deal_id, account_id, contact_id, call_id, subject, notes, planned_at, created_at) \
                 VALUES ('call', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                vec![
                    l.row.member_id.into(),
                    deal.id.0.into(),
                    deal.account.id.0.into(),
                    l.row.contact_id.into(),
                    id.0.into(),
                    "Call back".into(),
                    body.notes.clone().into(),
                    call_back_at.into(),
                    t.into(),
                ],
            )
            .await?;
        }
    }
    exec(
        &txn,
        "UPDATE calls SET finished_at = ?, outcome = ?, notes = ?, reason = ?, end_step = ?, \
           at_step = ?, booked_stage_id = ? WHERE id = ?",
        vec![
            t.into(),
            body.outcome.as_str().into(),
            body.notes.clone().into(),
            (if body.outcome == Outcome::NotInterested {
                reason
            } else {
                None
            })
            .into(),
            end_step.into(),
            at_step.clone().into(),
            booked_stage.into(),
            id.0.into(),
        ],
    )
    .await?;
    let path: Vec<(String, i32)> = l
        .path()
        .iter()
        .map(|s| (s.step_key.clone(), s.answer_index.unwrap_or(0)))
        .collect();
    record_reach(
        &txn,
        id.0,
        l.row.version_id,
        body.outcome,
        &reach_rows(&path, at_step_for_reach.as_deref()),
    )
    .await?;
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "call",
            entity_id: id.0,
            field: "outcome",
            old: None,
            new: Some(body.outcome.as_str().to_owned()),
        },
    )
    .await?;
    let call = to_call(&txn, load(&txn, id).await?).await?;
    // Boards and the deal page: the card's next activity changed (a moved deal has its own
    // `deal.moved` event from the move).
    if let Some(d) = l.row.deal_id
        && !deal_changed
        && let Some(row) = get_deal(&txn, DealId(d)).await?
    {
        crate::events::record(&txn, "deal.updated", &row).await?;
    }
    crate::events::record(
        &txn,
        "call.finished",
        &serde_json::json!({
            "call_id": id.0,
            "deal_id": l.row.deal_id,
            "member_id": l.row.member_id,
            "outcome": body.outcome.as_str(),
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(Finished { call, deal_changed })
}

// ---------------------------------------------------------------------------------------------
// Numbers

/// Who may read the numbers.
pub const STATS_READERS: [Role; 2] = [Role::Manager, Role::Admin];

#[derive(FromQueryResult)]
struct Reach {
    step_key: String,
    outcome: String,
    n: i64,
}

#[derive(FromQueryResult)]
struct AnswerRow {
    step_key: String,
    answer_index: i32,
    n: i64,
}

#[derive(FromQueryResult)]
struct EndRow {
    end_step: Option<String>,
    outcome: String,
    n: i64,
}

/// The appointments of a version whose meeting was held or whose deal was won (see the module);
/// computed once per statement (`MATERIALIZED`, SQLite 3.35+ and PostgreSQL 12+) however often
/// the statement reads it.
const FLAGS: &str = "WITH flags AS MATERIALIZED ( \
    SELECT c.id, \
      CASE WHEN EXISTS (SELECT 1 FROM stage_history h JOIN stages st ON st.id = h.to_stage_id \
        WHERE h.deal_id = c.deal_id AND h.moved_at >= c.finished_at AND st.owning_role = 'closer' \
          AND st.kind <> 'lost' AND st.id <> c.booked_stage_id) THEN 1 ELSE 0 END AS meeting, \
      CASE WHEN EXISTS (SELECT 1 FROM stage_history h JOIN stages st ON st.id = h.to_stage_id \
        WHERE h.deal_id = c.deal_id AND h.moved_at >= c.finished_at AND st.kind = 'won') \
        THEN 1 ELSE 0 END AS won \
    FROM calls c WHERE c.script_version_id = ? AND c.outcome = 'appointment_set' \
      AND c.finished_at IS NOT NULL \
  ) ";

/// Meeting-held and won appointments per step; the row without a step is the version's total.
#[derive(FromQueryResult)]
struct Held {
    step_key: Option<String>,
    meeting: i64,
    won: i64,
}

fn counts(map: &HashMap<Outcome, i64>) -> Vec<OutcomeCount> {
    Outcome::ALL
        .into_iter()
        .filter_map(|o| {
            map.get(&o).filter(|n| **n > 0).map(|n| OutcomeCount {
                outcome: o,
                count: *n,
            })
        })
        .collect()
}

async fn version_stats<C: ConnectionTrait>(
    db: &C,
    script: ScriptId,
    number: i32,
) -> ServiceResult<VersionStats> {
    #[derive(FromQueryResult)]
    struct V {
        id: i64,
        graph: String,
    }
    let v: V = rows(
        db,
        "SELECT id, graph FROM talk_script_versions WHERE script_id = ? AND number = ?",
        vec![script.0.into(), number.into()],
    )
    .await?
    .pop()
    .ok_or(ServiceError::NotFound("script version"))?;
    let graph: ScriptGraph = serde_json::from_str(&v.graph)
        .map_err(|e| ServiceError::Internal(format!("stored graph: {e}")))?;

    // Independent reads: run side by side (separate pooled connections where there are).
    let reach = rows::<Reach, _>(
        db,
        "SELECT step_key, outcome, COUNT(*) AS n FROM call_reach \
         WHERE script_version_id = ? AND first = ? GROUP BY step_key, outcome",
        vec![v.id.into(), true.into()],
    );
    // Driven by the appointments (few) into their reach rows, with the total in the same pass.
    let held_sql = format!(
        "{FLAGS} SELECT r.step_key, COALESCE(SUM(f.meeting), 0) AS meeting, \
               COALESCE(SUM(f.won), 0) AS won \
             FROM flags f JOIN call_reach r ON r.call_id = f.id \
             WHERE r.script_version_id = ? AND r.first = ? AND r.outcome = 'appointment_set' \
             GROUP BY r.step_key \
         UNION ALL SELECT NULL, COALESCE(SUM(meeting), 0), COALESCE(SUM(won), 0) FROM flags"
    );
    let held = rows::<Held, _>(db, &held_sql, vec![v.id.into(), v.id.into(), true.into()]);
    let answers = rows::<AnswerRow, _>(
        db,
        "SELECT step_key, answer_index, COUNT(*) AS n FROM call_reach \
         WHERE script_version_id = ? AND answer_index IS NOT NULL \
         GROUP BY step_key, answer_index",
        vec![v.id.into()],
    );
    // A call has an outcome once it is finished (both are set together), so the index covers it.
    let ends = rows::<EndRow, _>(
        db,
        "SELECT end_step, outcome, COUNT(*) AS n FROM calls \
         WHERE script_version_id = ? AND outcome IS NOT NULL \
         GROUP BY end_step, outcome",
        vec![v.id.into()],
    );
    let (reach, held, answers, ends) =
        futures_util::future::try_join4(reach, held, answers, ends).await?;
    let totals = held.iter().find(|h| h.step_key.is_none());

    let mut total: HashMap<Outcome, i64> = HashMap::new();
    let (mut calls, mut meetings, mut won) = (0, 0, 0);
    for e in &ends {
        if let Some(o) = Outcome::parse(&e.outcome) {
            *total.entry(o).or_default() += e.n;
        }
        calls += e.n;
    }
    if let Some(t) = totals {
        meetings = t.meeting;
        won = t.won;
    }
    let appointments = total.get(&Outcome::AppointmentSet).copied().unwrap_or(0);

    let mut steps = Vec::with_capacity(graph.steps.len());
    let mut worst: Option<ObjectionLoss> = None;
    for step in &graph.steps {
        let mut by: HashMap<Outcome, i64> = HashMap::new();
        let (mut reached, mut m, mut w) = (0, 0, 0);
        for r in reach.iter().filter(|r| r.step_key == step.key) {
            if let Some(o) = Outcome::parse(&r.outcome) {
                *by.entry(o).or_default() += r.n;
            }
            reached += r.n;
        }
        for h in held
            .iter()
            .filter(|h| h.step_key.as_deref() == Some(&step.key))
        {
            m += h.meeting;
            w += h.won;
        }
        let mut ended: HashMap<Outcome, i64> = HashMap::new();
        for e in ends
            .iter()
            .filter(|e| e.end_step.as_deref() == Some(&step.key))
        {
            if let Some(o) = Outcome::parse(&e.outcome) {
                *ended.entry(o).or_default() += e.n;
            }
        }
        let answer_counts = step
            .answers
            .iter()
            .enumerate()
            .map(|(i, a)| AnswerCount {
                index: u32::try_from(i).unwrap_or(u32::MAX),
                label: a.label.clone(),
                next: a.next.clone(),
                outcome: a.outcome,
                count: answers
                    .iter()
                    .filter(|x| {
                        x.step_key == step.key && usize::try_from(x.answer_index).ok() == Some(i)
                    })
                    .map(|x| x.n)
                    .sum(),
            })
            .collect();
        let lost = by.get(&Outcome::NotInterested).copied().unwrap_or(0);
        if step.shared
            && lost > 0
            && worst.as_ref().is_none_or(|w| {
                lost > w.lost.count || (lost == w.lost.count && reached < w.lost.of)
            })
        {
            worst = Some(ObjectionLoss {
                key: step.key.clone(),
                lost: Rate::of(lost, reached),
            });
        }
        steps.push(StepStats {
            key: step.key.clone(),
            shared: step.shared,
            reached,
            answers: answer_counts,
            ended: counts(&ended),
            appointment_set: Rate::of(
                by.get(&Outcome::AppointmentSet).copied().unwrap_or(0),
                reached,
            ),
            outcomes: counts(&by),
            meeting_held: Rate::of(m, reached),
            won: Rate::of(w, reached),
        });
    }
    Ok(VersionStats {
        version: number,
        calls,
        outcomes: counts(&total),
        appointment_set: Rate::of(appointments, calls),
        meeting_held: Rate::of(meetings, calls),
        won: Rate::of(won, calls),
        steps,
        worst_objection: worst,
    })
}

/// Refuses members who may not read a script's numbers (only managers and admins may).
pub fn may_read_stats(actor: &CurrentMember) -> ServiceResult<()> {
    if STATS_READERS.iter().any(|r| actor.has(*r)) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// The numbers of a script version (default: the published one) per step, and of `compare`
/// beside it (managers and admins).
pub async fn stats<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    id: ScriptId,
    q: &StatsQuery,
) -> ServiceResult<ScriptStats> {
    may_read_stats(actor)?;
    #[derive(FromQueryResult)]
    struct S {
        published_version: Option<i32>,
    }
    let s: S = rows(
        db,
        "SELECT published_version FROM talk_scripts WHERE id = ?",
        vec![id.0.into()],
    )
    .await?
    .pop()
    .ok_or(ServiceError::NotFound("script"))?;
    let Some(number) = q.version.or(s.published_version) else {
        return Err(invalid(
            "version",
            "This script has no published version; name the version.",
        ));
    };
    let stats = version_stats(db, id, number).await?;
    let compare = match q.compare {
        Some(n) => Some(version_stats(db, id, n).await?),
        None => None,
    };
    Ok(ScriptStats {
        script_id: id,
        stats,
        compare,
    })
}
