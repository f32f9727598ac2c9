//! Reading the board: per column, the filtered count and totals (one grouped query for the
//! whole board) and a page of cards read over the `(stage_id, rank)` index, so a column of a
//! 10,000-deal pipeline costs what a column of a 100-deal one does. Cards carry whether the
//! deal is stalled, its next planned activity and a hand-off waiting for its receiver.

use super::deals::{Row, TotalRow, row_select, to_row, totals_select};
use super::invalid;
use super::{ServiceError, ServiceResult, pipelines};
use crate::migration::tables::{Accounts, Activities, Deals, Handoffs, Members};
use sea_orm::sea_query::{Alias, Cond, Expr, ExprTrait, LikeExpr, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};
use shared::api::{
    Board, BoardQuery, Column, ColumnPage, ColumnTotal, DEFAULT_COLUMN_PAGE, DealCard, DealRow,
    MAX_COLUMN_PAGE, MemberRef, NextActivity, PendingHandoff, Stage,
};
use shared::{ActivityId, HandoffId, MemberId, Money, PipelineId, Role, StageId};
use std::collections::HashMap;

fn check(q: &BoardQuery) -> ServiceResult<u32> {
    let limit = q.limit.unwrap_or(DEFAULT_COLUMN_PAGE);
    if !(1..=MAX_COLUMN_PAGE).contains(&limit) {
        return Err(invalid(
            "limit",
            &format!("Between 1 and {MAX_COLUMN_PAGE}."),
        ));
    }
    if let (Some(lo), Some(hi)) = (q.min_amount, q.max_amount)
        && lo > hi
    {
        return Err(invalid("max_amount", "At least min_amount."));
    }
    if q.q.as_ref().is_some_and(|t| t.chars().count() > 100) {
        return Err(invalid("q", "At most 100 characters."));
    }
    Ok(limit)
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub(super) fn like_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Adds the filters (with the accounts join they need) to a deal query over `stages`.
fn filter(
    sel: &mut SelectStatement,
    pipeline: PipelineId,
    stages: &[Stage],
    f: &BoardQuery,
    now: chrono::DateTime<chrono::Utc>,
) {
    sel.and_where(Expr::col((Deals::Table, Deals::PipelineId)).eq(pipeline.0));
    let col = |c: Deals| Expr::col((Deals::Table, c));
    match (f.owner_id, f.role) {
        (Some(o), Some(role)) => {
            let c = match role {
                Role::Appointer => Some(Deals::AppointerId),
                Role::Closer => Some(Deals::CloserId),
                Role::Success => Some(Deals::SuccessId),
                Role::Manager | Role::Admin => None,
            };
            match c {
                Some(c) => sel.and_where(col(c).eq(o.0)),
                // Managers and admins own no deals.
                None => sel.and_where(Expr::val(1).eq(0)),
            };
        }
        (Some(o), None) => {
            sel.cond_where(
                Cond::any()
                    .add(col(Deals::AppointerId).eq(o.0))
                    .add(col(Deals::CloserId).eq(o.0))
                    .add(col(Deals::SuccessId).eq(o.0)),
            );
        }
        (None, Some(role)) => {
            let ids: Vec<i64> = stages
                .iter()
                .filter(|s| s.owning_role == role)
                .map(|s| s.id.0)
                .collect();
            sel.and_where(col(Deals::StageId).is_in(ids));
        }
        (None, None) => {}
    }
    if let Some(s) = f.segment_id {
        sel.and_where(Expr::col((Accounts::Table, Accounts::SegmentId)).eq(s.0));
    }
    if let Some(t) = f.territory_id {
        sel.and_where(Expr::col((Accounts::Table, Accounts::TerritoryId)).eq(t.0));
    }
    if let Some(lo) = f.min_amount {
        sel.and_where(col(Deals::Amount).gte(lo));
    }
    if let Some(hi) = f.max_amount {
        sel.and_where(col(Deals::Amount).lte(hi));
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let p = like_pattern(text);
        let like = || LikeExpr::new(p.clone()).escape('\\');
        sel.cond_where(
            Cond::any()
                .add(col(Deals::Title).like(like()))
                .add(Expr::col((Accounts::Table, Accounts::Name)).like(like()))
                .add(Expr::col((Accounts::Table, Accounts::NameKana)).like(like())),
        );
    }
    if f.stalled == Some(true) {
        let mut any = Cond::any();
        for s in stages {
            any = any.add(
                Cond::all().add(col(Deals::StageId).eq(s.id.0)).add(
                    col(Deals::StageEnteredAt)
                        .lt(now - chrono::Duration::days(i64::from(s.stall_days))),
                ),
            );
        }
        sel.cond_where(any);
    }
}

fn is_stalled(
    stage: &Stage,
    entered: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    now - entered > chrono::Duration::days(i64::from(stage.stall_days))
}

/// The board of a pipeline; 404 for an unknown pipeline.
pub async fn board<C: ConnectionTrait>(
    db: &C,
    pipeline: PipelineId,
    f: &BoardQuery,
) -> ServiceResult<Board> {
    let limit = check(f)?;
    // Read first: whatever is committed after it is replayed to a stream opened from it.
    let last_event_id = crate::events::newest_id(db).await?;
    let p = pipelines::find_pipeline(db, pipeline).await?;
    let now = super::now();
    let backend = db.get_database_backend();

    let mut t = totals_select();
    t.inner_join(
        Accounts::Table,
        Expr::col((Accounts::Table, Accounts::Id)).equals((Deals::Table, Deals::AccountId)),
    );
    filter(&mut t, pipeline, &p.stages, f, now);
    t.group_by_col((Deals::Table, Deals::StageId))
        .group_by_col((Deals::Table, Deals::Currency))
        .order_by((Deals::Table, Deals::Currency), Order::Asc);
    let mut totals: HashMap<i64, (i64, Vec<ColumnTotal>)> = HashMap::new();
    for r in TotalRow::find_by_statement(backend.build(&t))
        .all(db)
        .await?
    {
        let e = totals.entry(r.stage_id).or_default();
        e.0 += r.count;
        e.1.push(ColumnTotal {
            amount: Money {
                amount: r.amount,
                currency: r.currency.clone(),
            },
            weighted: Money {
                amount: r.weighted,
                currency: r.currency,
            },
        });
    }

    // Each column's first cards, then the card details for all of them in two queries.
    let mut pages = Vec::with_capacity(p.stages.len());
    for stage in &p.stages {
        let (count, stage_totals) = totals.remove(&stage.id.0).unwrap_or_default();
        let page = if count == 0 {
            (Vec::new(), None)
        } else {
            column_rows(db, pipeline, &p.stages, stage, f, None, limit, now).await?
        };
        pages.push((stage, count, stage_totals, page));
    }
    let ids: Vec<i64> = pages
        .iter()
        .flat_map(|(_, _, _, (deals, _))| deals.iter().map(|d| d.id.0))
        .collect();
    let (mut next, mut handoffs) = details(db, &ids, now).await?;
    let columns = pages
        .into_iter()
        .map(|(stage, count, totals, (deals, next_cursor))| Column {
            stage: stage.clone(),
            count,
            totals,
            cards: to_cards(stage, deals, &mut next, &mut handoffs, now),
            next_cursor,
        })
        .collect();
    Ok(Board {
        pipeline_id: p.id,
        name: p.name,
        columns,
        last_event_id,
    })
}

/// More cards of one column; 404 when the stage is not the pipeline's, 422 for a bad cursor.
pub async fn column<C: ConnectionTrait>(
    db: &C,
    pipeline: PipelineId,
    stage: StageId,
    f: &BoardQuery,
) -> ServiceResult<ColumnPage> {
    let limit = check(f)?;
    let p = pipelines::find_pipeline(db, pipeline).await?;
    let s = p
        .stages
        .iter()
        .find(|s| s.id == stage)
        .ok_or(ServiceError::NotFound("stage"))?;
    let cursor = match f.cursor.as_deref() {
        Some(c) => Some(decode_cursor(c).ok_or_else(|| {
            invalid(
                "cursor",
                "Not a cursor this server made; start without one.",
            )
        })?),
        None => None,
    };
    let now = super::now();
    let (deals, next_cursor) =
        column_rows(db, pipeline, &p.stages, s, f, cursor, limit, now).await?;
    let ids: Vec<i64> = deals.iter().map(|d| d.id.0).collect();
    let (mut next, mut handoffs) = details(db, &ids, now).await?;
    Ok(ColumnPage {
        cards: to_cards(s, deals, &mut next, &mut handoffs, now),
        next_cursor,
    })
}

fn encode_cursor(rank: &str, id: i64) -> String {
    format!("{rank}.{id}")
}

fn decode_cursor(s: &str) -> Option<(String, i64)> {
    let (rank, id) = s.split_once('.')?;
    (shared::rank::is_valid(rank)).then(|| Some((rank.to_owned(), id.parse().ok()?)))?
}

#[expect(
    clippy::too_many_arguments,
    reason = "the filter, the column and the page are all needed"
)]
async fn column_rows<C: ConnectionTrait>(
    db: &C,
    pipeline: PipelineId,
    stages: &[Stage],
    stage: &Stage,
    f: &BoardQuery,
    cursor: Option<(String, i64)>,
    limit: u32,
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<(Vec<DealRow>, Option<String>)> {
    let mut q = row_select();
    filter(&mut q, pipeline, stages, f, now);
    q.and_where(Expr::col((Deals::Table, Deals::StageId)).eq(stage.id.0));
    if let Some((rank, id)) = cursor {
        let r = || Expr::col((Deals::Table, Deals::Rank));
        q.cond_where(
            Cond::any().add(r().gt(rank.clone())).add(
                Cond::all()
                    .add(r().eq(rank))
                    .add(Expr::col((Deals::Table, Deals::Id)).gt(id)),
            ),
        );
    }
    q.order_by((Deals::Table, Deals::Rank), Order::Asc)
        .order_by((Deals::Table, Deals::Id), Order::Asc)
        .limit(u64::from(limit) + 1);
    let mut rows = Row::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|r| encode_cursor(&r.rank, r.id))
    } else {
        None
    };
    Ok((rows.into_iter().map(to_row).collect(), next_cursor))
}

type Details = (HashMap<i64, NextActivity>, HashMap<i64, PendingHandoff>);

/// The next planned activity and the pending hand-off of each of these deals.
async fn details<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<Details> {
    Ok((
        next_activities(db, ids, now).await?,
        pending_handoffs(db, ids).await?,
    ))
}

fn to_cards(
    stage: &Stage,
    deals: Vec<DealRow>,
    next: &mut HashMap<i64, NextActivity>,
    handoffs: &mut HashMap<i64, PendingHandoff>,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<DealCard> {
    deals
        .into_iter()
        .map(|deal| DealCard {
            stalled: is_stalled(stage, deal.stage_entered_at, now),
            next_activity: next.remove(&deal.id.0),
            pending_handoff: handoffs.remove(&deal.id.0),
            deal,
        })
        .collect()
}

#[derive(Debug, FromQueryResult)]
struct ActivityRow {
    id: i64,
    deal_id: i64,
    kind: String,
    subject: String,
    planned_at: chrono::DateTime<chrono::Utc>,
}

async fn next_activities<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<HashMap<i64, NextActivity>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut q = Query::select();
    q.columns([
        (Activities::Table, Activities::Id),
        (Activities::Table, Activities::DealId),
        (Activities::Table, Activities::Kind),
        (Activities::Table, Activities::Subject),
        (Activities::Table, Activities::PlannedAt),
    ])
    .from(Activities::Table)
    .and_where(Expr::col(Activities::DealId).is_in(ids.iter().copied()))
    .and_where(Expr::col(Activities::DoneAt).is_null())
    .and_where(Expr::col(Activities::PlannedAt).gte(now))
    .order_by(Activities::PlannedAt, Order::Desc);
    let mut out = HashMap::new();
    // Latest first, so the earliest is inserted last and wins.
    for r in ActivityRow::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?
    {
        out.insert(
            r.deal_id,
            NextActivity {
                id: ActivityId(r.id),
                kind: r.kind,
                subject: r.subject,
                planned_at: r.planned_at,
            },
        );
    }
    Ok(out)
}

#[derive(Debug, FromQueryResult)]
struct HandoffRow {
    id: i64,
    deal_id: i64,
    to_role: String,
    to_member_id: Option<i64>,
    to_name: Option<String>,
    sent_at: chrono::DateTime<chrono::Utc>,
    due_at: Option<chrono::DateTime<chrono::Utc>>,
}

async fn pending_handoffs<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> ServiceResult<HashMap<i64, PendingHandoff>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut q = Query::select();
    q.columns([
        (Handoffs::Table, Handoffs::Id),
        (Handoffs::Table, Handoffs::DealId),
        (Handoffs::Table, Handoffs::ToRole),
        (Handoffs::Table, Handoffs::ToMemberId),
        (Handoffs::Table, Handoffs::SentAt),
        (Handoffs::Table, Handoffs::DueAt),
    ])
    .expr_as(
        Expr::col((Members::Table, Members::Name)),
        Alias::new("to_name"),
    )
    .from(Handoffs::Table)
    .left_join(
        Members::Table,
        Expr::col((Members::Table, Members::Id)).equals((Handoffs::Table, Handoffs::ToMemberId)),
    )
    .and_where(Expr::col((Handoffs::Table, Handoffs::DealId)).is_in(ids.iter().copied()))
    .and_where(Expr::col((Handoffs::Table, Handoffs::Status)).eq("pending"))
    .order_by((Handoffs::Table, Handoffs::SentAt), Order::Asc);
    let mut out = HashMap::new();
    // Oldest first, so the newest pending hand-off is kept.
    for r in HandoffRow::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?
    {
        out.insert(
            r.deal_id,
            PendingHandoff {
                id: HandoffId(r.id),
                to_role: r.to_role.parse().unwrap_or(Role::Manager),
                to: r.to_member_id.zip(r.to_name).map(|(id, name)| MemberRef {
                    id: MemberId(id),
                    name,
                }),
                sent_at: r.sent_at,
                due_at: r.due_at,
            },
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("山田"), "%山田%");
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }

    #[test]
    fn column_cursors() {
        assert_eq!(
            decode_cursor(&encode_cursor("i5", 42)),
            Some(("i5".into(), 42))
        );
        for bad in ["", "i5", "I.3", "i5.x", "a0.1"] {
            assert_eq!(decode_cursor(bad), None, "{bad}");
        }
    }
}
