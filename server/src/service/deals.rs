//! The deals of a pipeline: one page at a time in the team's order (stage, then rank), with
//! totals per stage over the whole filter.
//!
//! Paging is by key, not offset: the cursor names the last row's (stage position, rank, id), so
//! a page is an index range scan however deep it is, and a move between pages never repeats or
//! skips a deal already read.

use super::{ServiceError, ServiceResult, pipelines};
use crate::migration::tables::{Accounts, Deals, Members, Stages};
use sea_orm::sea_query::{Alias, Cond, Expr, ExprTrait, JoinType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};
use shared::api::{
    AccountRef, DEFAULT_DEAL_PAGE, DealPage, DealQuery, DealRow, MAX_DEAL_PAGE, MemberRef,
    StageTotal,
};
use shared::{AccountId, DealId, FieldError, MemberId, Money, PipelineId, StageId};

/// Where a page ends: the last row's sort key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Stage position.
    pub position: i32,
    /// Rank within the stage.
    pub rank: String,
    /// Deal id (tie-break).
    pub id: i64,
}

impl Cursor {
    /// The opaque form sent to clients.
    pub fn encode(&self) -> String {
        format!("{}.{}.{}", self.position, self.rank, self.id)
    }

    /// Reads a cursor this server made.
    pub fn decode(s: &str) -> Option<Cursor> {
        let mut parts = s.split('.');
        let position = parts.next()?.parse().ok()?;
        let rank = parts.next()?.to_owned();
        let id = parts.next()?.parse().ok()?;
        if parts.next().is_some() || !shared::rank::is_valid(&rank) {
            return None;
        }
        Some(Cursor { position, rank, id })
    }
}

fn bad_query(field: &str, message: &str) -> ServiceError {
    ServiceError::Invalid(vec![FieldError {
        field: field.into(),
        code: "invalid_value".into(),
        message: message.into(),
    }])
}

#[derive(Debug, FromQueryResult)]
pub(super) struct Row {
    pub(super) id: i64,
    pipeline_id: i64,
    stage_id: i64,
    title: String,
    amount: i64,
    currency: String,
    pub(super) rank: String,
    expected_close_on: Option<chrono::NaiveDate>,
    stage_entered_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
    version: i32,
    account_id: i64,
    account_name: String,
    stage_position: i32,
    appointer_id: Option<i64>,
    appointer_name: Option<String>,
    closer_id: Option<i64>,
    closer_name: Option<String>,
    success_id: Option<i64>,
    success_name: Option<String>,
}

#[derive(Debug, FromQueryResult)]
pub(super) struct TotalRow {
    pub(super) stage_id: i64,
    pub(super) currency: String,
    pub(super) count: i64,
    pub(super) amount: i64,
    pub(super) weighted: i64,
}

pub(super) fn member_ref(id: Option<i64>, name: Option<String>) -> Option<MemberRef> {
    Some(MemberRef {
        id: MemberId(id?),
        name: name?,
    })
}

/// `FROM deals JOIN stages`, shared by every deal query.
pub(super) fn from_deals(q: &mut SelectStatement) {
    q.from(Deals::Table).inner_join(
        Stages::Table,
        Expr::col((Stages::Table, Stages::Id)).equals((Deals::Table, Deals::StageId)),
    );
}

/// Count, amount and weighted amount per stage and currency, `FROM deals JOIN stages`; the
/// caller adds its filter and the `GROUP BY`. Integer arithmetic on both databases (PostgreSQL
/// would return `numeric` for a bare `SUM`).
pub(super) fn totals_select() -> SelectStatement {
    let mut t = Query::select();
    t.column((Deals::Table, Deals::StageId))
        .column((Deals::Table, Deals::Currency))
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("count"))
        .expr_as(
            Expr::cust("CAST(COALESCE(SUM(deals.amount), 0) AS BIGINT)"),
            Alias::new("amount"),
        )
        .expr_as(
            Expr::cust("CAST(COALESCE(SUM(deals.amount * stages.probability), 0) AS BIGINT) / 100"),
            Alias::new("weighted"),
        );
    from_deals(&mut t);
    t
}

/// The filter shared by the page and the totals.
fn filter(
    q: &mut SelectStatement,
    pipeline: PipelineId,
    stage: Option<StageId>,
    owner: Option<MemberId>,
) {
    q.and_where(Expr::col((Deals::Table, Deals::PipelineId)).eq(pipeline.0));
    if let Some(s) = stage {
        q.and_where(Expr::col((Deals::Table, Deals::StageId)).eq(s.0));
    }
    if let Some(o) = owner {
        q.cond_where(
            Cond::any()
                .add(Expr::col((Deals::Table, Deals::AppointerId)).eq(o.0))
                .add(Expr::col((Deals::Table, Deals::CloserId)).eq(o.0))
                .add(Expr::col((Deals::Table, Deals::SuccessId)).eq(o.0)),
        );
    }
}

/// The columns of a `DealRow` with the joins that name its account and owners.
pub(super) fn row_select() -> SelectStatement {
    let (ap, cl, cs) = (Alias::new("ap"), Alias::new("cl"), Alias::new("cs"));
    let mut q = Query::select();
    q.columns([
        (Deals::Table, Deals::Id),
        (Deals::Table, Deals::PipelineId),
        (Deals::Table, Deals::StageId),
        (Deals::Table, Deals::Title),
        (Deals::Table, Deals::Amount),
        (Deals::Table, Deals::Currency),
        (Deals::Table, Deals::Rank),
        (Deals::Table, Deals::ExpectedCloseOn),
        (Deals::Table, Deals::StageEnteredAt),
        (Deals::Table, Deals::UpdatedAt),
        (Deals::Table, Deals::Version),
        (Deals::Table, Deals::AccountId),
        (Deals::Table, Deals::AppointerId),
        (Deals::Table, Deals::CloserId),
        (Deals::Table, Deals::SuccessId),
    ])
    .expr_as(
        Expr::col((Accounts::Table, Accounts::Name)),
        Alias::new("account_name"),
    )
    .expr_as(
        Expr::col((Stages::Table, Stages::Position)),
        Alias::new("stage_position"),
    )
    .expr_as(
        Expr::col((ap.clone(), Members::Name)),
        Alias::new("appointer_name"),
    )
    .expr_as(
        Expr::col((cl.clone(), Members::Name)),
        Alias::new("closer_name"),
    )
    .expr_as(
        Expr::col((cs.clone(), Members::Name)),
        Alias::new("success_name"),
    );
    from_deals(&mut q);
    q.inner_join(
        Accounts::Table,
        Expr::col((Accounts::Table, Accounts::Id)).equals((Deals::Table, Deals::AccountId)),
    )
    .join_as(
        JoinType::LeftJoin,
        Members::Table,
        ap.clone(),
        Expr::col((ap, Members::Id)).equals((Deals::Table, Deals::AppointerId)),
    )
    .join_as(
        JoinType::LeftJoin,
        Members::Table,
        cl.clone(),
        Expr::col((cl, Members::Id)).equals((Deals::Table, Deals::CloserId)),
    )
    .join_as(
        JoinType::LeftJoin,
        Members::Table,
        cs.clone(),
        Expr::col((cs, Members::Id)).equals((Deals::Table, Deals::SuccessId)),
    );
    q
}
pub(super) fn to_row(r: Row) -> DealRow {
    DealRow {
        id: DealId(r.id),
        pipeline_id: PipelineId(r.pipeline_id),
        stage_id: StageId(r.stage_id),
        title: r.title,
        account: AccountRef {
            id: AccountId(r.account_id),
            name: r.account_name,
        },
        amount: Money {
            amount: r.amount,
            currency: r.currency,
        },
        appointer: member_ref(r.appointer_id, r.appointer_name),
        closer: member_ref(r.closer_id, r.closer_name),
        success: member_ref(r.success_id, r.success_name),
        expected_close_on: r.expected_close_on,
        stage_entered_at: r.stage_entered_at,
        updated_at: r.updated_at,
        version: r.version,
        rank: r.rank,
    }
}

/// One deal as a row, or `None`.
pub async fn get_deal<C: ConnectionTrait>(db: &C, id: DealId) -> ServiceResult<Option<DealRow>> {
    let mut q = row_select();
    q.and_where(Expr::col((Deals::Table, Deals::Id)).eq(id.0));
    let backend = db.get_database_backend();
    Ok(Row::find_by_statement(backend.build(&q))
        .one(db)
        .await?
        .map(to_row))
}

/// The deals with these ids that exist (in no particular order).
pub async fn get_deals<C: ConnectionTrait>(db: &C, ids: &[DealId]) -> ServiceResult<Vec<DealRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = row_select();
    q.and_where(Expr::col((Deals::Table, Deals::Id)).is_in(ids.iter().map(|i| i.0)));
    let backend = db.get_database_backend();
    Ok(Row::find_by_statement(backend.build(&q))
        .all(db)
        .await?
        .into_iter()
        .map(to_row)
        .collect())
}

/// One page of deals; 404 for an unknown pipeline, 422 for a bad cursor or limit.
pub async fn list_deals<C: ConnectionTrait>(db: &C, query: &DealQuery) -> ServiceResult<DealPage> {
    let Some(pipeline) = query.pipeline_id else {
        return Err(ServiceError::Invalid(vec![FieldError {
            field: "pipeline_id".into(),
            code: "required".into(),
            message: "Name the pipeline: pipeline_id=…".into(),
        }]));
    };
    let limit = query.limit.unwrap_or(DEFAULT_DEAL_PAGE);
    if !(1..=MAX_DEAL_PAGE).contains(&limit) {
        return Err(bad_query(
            "limit",
            &format!("Between 1 and {MAX_DEAL_PAGE}."),
        ));
    }
    let cursor = match &query.cursor {
        Some(c) => Some(Cursor::decode(c).ok_or_else(|| {
            bad_query(
                "cursor",
                "Not a cursor this server made; start without one.",
            )
        })?),
        None => None,
    };
    if !pipelines::exists(db, pipeline).await? {
        return Err(ServiceError::NotFound("pipeline"));
    }

    let mut q = row_select();
    filter(&mut q, pipeline, query.stage_id, query.owner_id);
    if let Some(c) = &cursor {
        let pos = || Expr::col((Stages::Table, Stages::Position));
        let rank = || Expr::col((Deals::Table, Deals::Rank));
        q.cond_where(
            Cond::any()
                .add(pos().gt(c.position))
                .add(
                    Cond::all()
                        .add(pos().eq(c.position))
                        .add(rank().gt(c.rank.clone())),
                )
                .add(
                    Cond::all()
                        .add(pos().eq(c.position))
                        .add(rank().eq(c.rank.clone()))
                        .add(Expr::col((Deals::Table, Deals::Id)).gt(c.id)),
                ),
        );
    }
    q.order_by((Stages::Table, Stages::Position), Order::Asc)
        .order_by((Deals::Table, Deals::Rank), Order::Asc)
        .order_by((Deals::Table, Deals::Id), Order::Asc)
        .limit(u64::from(limit) + 1);
    let backend = db.get_database_backend();
    let mut rows = Row::find_by_statement(backend.build(&q)).all(db).await?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|r| {
            Cursor {
                position: r.stage_position,
                rank: r.rank.clone(),
                id: r.id,
            }
            .encode()
        })
    } else {
        None
    };

    let mut t = totals_select();
    filter(&mut t, pipeline, query.stage_id, query.owner_id);
    t.group_by_col((Deals::Table, Deals::StageId))
        .group_by_col((Deals::Table, Deals::Currency))
        .order_by((Deals::Table, Deals::StageId), Order::Asc);
    let totals = TotalRow::find_by_statement(backend.build(&t))
        .all(db)
        .await?
        .into_iter()
        .map(|r| StageTotal {
            stage_id: StageId(r.stage_id),
            count: r.count,
            amount: Money {
                amount: r.amount,
                currency: r.currency.clone(),
            },
            weighted: Money {
                amount: r.weighted,
                currency: r.currency,
            },
        })
        .collect();

    let deals = rows.into_iter().map(to_row).collect();
    Ok(DealPage {
        deals,
        next_cursor,
        totals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let c = Cursor {
            position: 3,
            rank: "i5".into(),
            id: 42,
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        for bad in ["", "1.2", "x.i.3", "1.I.3", "1.i.3.4", "1..3", "1.a0.3"] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}
