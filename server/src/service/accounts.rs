//! Accounts (customers), and the segments and territories that group them.

use super::board_view::like_pattern;
use super::invalid;
use super::{ServiceError, ServiceResult, now};
use crate::entity::account;
use crate::migration::tables::{Accounts, Segments, Territories};
use crate::session::CurrentMember;
use sea_orm::sea_query::{Cond, Expr, ExprTrait, LikeExpr, Order, Query};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, FromQueryResult, Set, TransactionTrait,
};
use shared::api::{
    Account, AccountQuery, MAX_ACCOUNT_RESULTS, NewAccount, Segment, SegmentPatch, Territory,
};
use shared::{AccountId, FieldError, MemberId, Role, SegmentId, TerritoryId};

const DEFAULT_RESULTS: u32 = 20;

#[derive(Debug, FromQueryResult)]
struct Row {
    id: i64,
    name: String,
    name_kana: String,
    segment_id: Option<i64>,
    territory_id: Option<i64>,
    phone: String,
}

fn to_account(r: Row) -> Account {
    Account {
        id: AccountId(r.id),
        name: r.name,
        name_kana: r.name_kana,
        segment_id: r.segment_id.map(SegmentId),
        territory_id: r.territory_id.map(TerritoryId),
        phone: r.phone,
    }
}

/// Accounts whose name or kana contains the text, by name (at most 50).
pub async fn search<C: ConnectionTrait>(db: &C, q: &AccountQuery) -> ServiceResult<Vec<Account>> {
    let limit = q.limit.unwrap_or(DEFAULT_RESULTS);
    if !(1..=MAX_ACCOUNT_RESULTS).contains(&limit) {
        return Err(invalid("limit", "From 1 to 50."));
    }
    let mut s = Query::select();
    s.columns([
        Accounts::Id,
        Accounts::Name,
        Accounts::NameKana,
        Accounts::SegmentId,
        Accounts::TerritoryId,
        Accounts::Phone,
    ])
    .from(Accounts::Table)
    .order_by(Accounts::Name, Order::Asc)
    .order_by(Accounts::Id, Order::Asc)
    .limit(u64::from(limit));
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        if text.chars().count() > 100 {
            return Err(invalid("q", "At most 100 characters."));
        }
        let p = like_pattern(text);
        let like = || LikeExpr::new(p.clone()).escape('\\');
        s.cond_where(
            Cond::any()
                .add(Expr::col(Accounts::Name).like(like()))
                .add(Expr::col(Accounts::NameKana).like(like())),
        );
    }
    let rows = Row::find_by_statement(db.get_database_backend().build(&s))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(to_account).collect())
}

async fn exists<C: ConnectionTrait>(
    db: &C,
    table: impl sea_orm::sea_query::IntoTableRef,
    id: i64,
) -> ServiceResult<bool> {
    #[derive(FromQueryResult)]
    struct One {
        #[expect(dead_code, reason = "only whether a row comes back matters")]
        one: i32,
    }
    let mut s = Query::select();
    s.expr_as(Expr::val(1), sea_orm::sea_query::Alias::new("one"))
        .from(table)
        .and_where(Expr::col(sea_orm::sea_query::Alias::new("id")).eq(id));
    Ok(One::find_by_statement(db.get_database_backend().build(&s))
        .one(db)
        .await?
        .is_some())
}

/// Creates an account; any member may (appointers add the companies they call).
pub async fn create(
    db: &DatabaseConnection,
    actor: MemberId,
    new: &NewAccount,
) -> ServiceResult<Account> {
    new.validate().map_err(ServiceError::Invalid)?;
    let txn = db.begin().await?;
    let mut errors = Vec::new();
    if let Some(s) = new.segment_id
        && !exists(&txn, Segments::Table, s.0).await?
    {
        errors.push(FieldError {
            field: "segment_id".into(),
            code: "not_found".into(),
            message: "No such segment.".into(),
        });
    }
    if let Some(t) = new.territory_id
        && !exists(&txn, Territories::Table, t.0).await?
    {
        errors.push(FieldError {
            field: "territory_id".into(),
            code: "not_found".into(),
            message: "No such territory.".into(),
        });
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    let t = now();
    let model = account::ActiveModel {
        name: Set(new.name.trim().to_owned()),
        name_kana: Set(new.name_kana.as_deref().unwrap_or("").trim().to_owned()),
        industry: Set(String::new()),
        prefecture: Set(String::new()),
        segment_id: Set(new.segment_id.map(|s| s.0)),
        territory_id: Set(new.territory_id.map(|t| t.0)),
        phone: Set(new.phone.as_deref().unwrap_or("").trim().to_owned()),
        website: Set(String::new()),
        employees: Set(None),
        last_contacted_at: Set(None),
        created_at: Set(t),
        updated_at: Set(t),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::audit::record(
        &txn,
        Some(actor),
        super::audit::Change {
            entity: "account",
            entity_id: model.id,
            field: "created",
            old: None,
            new: Some(model.name.clone()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Account {
        id: AccountId(model.id),
        name: model.name,
        name_kana: model.name_kana,
        segment_id: model.segment_id.map(SegmentId),
        territory_id: model.territory_id.map(TerritoryId),
        phone: model.phone,
    })
}

#[derive(Debug, FromQueryResult)]
struct Named {
    id: i64,
    name: String,
}

async fn named<C: ConnectionTrait>(
    db: &C,
    table: impl sea_orm::sea_query::IntoTableRef + Clone,
) -> ServiceResult<Vec<Named>> {
    let id = sea_orm::sea_query::Alias::new("id");
    let name = sea_orm::sea_query::Alias::new("name");
    let position = sea_orm::sea_query::Alias::new("position");
    let mut s = Query::select();
    s.columns([id.clone(), name])
        .from(table)
        .order_by(position, Order::Asc)
        .order_by(id, Order::Asc);
    Ok(
        Named::find_by_statement(db.get_database_backend().build(&s))
            .all(db)
            .await?,
    )
}

/// Every segment, in the team's order, with its contact interval (stored 0: none).
pub async fn segments<C: ConnectionTrait>(db: &C) -> ServiceResult<Vec<Segment>> {
    #[derive(FromQueryResult)]
    struct S {
        id: i64,
        name: String,
        contact_interval_days: i32,
    }
    let mut s = Query::select();
    s.columns([Segments::Id, Segments::Name, Segments::ContactIntervalDays])
        .from(Segments::Table)
        .order_by(Segments::Position, Order::Asc)
        .order_by(Segments::Id, Order::Asc);
    Ok(S::find_by_statement(db.get_database_backend().build(&s))
        .all(db)
        .await?
        .into_iter()
        .map(|n| Segment {
            id: SegmentId(n.id),
            name: n.name,
            contact_interval_days: u32::try_from(n.contact_interval_days)
                .ok()
                .filter(|d| *d > 0),
        })
        .collect())
}

/// Sets how often a segment's accounts are to be contacted (managers; audited).
pub async fn update_segment(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: SegmentId,
    patch: &SegmentPatch,
) -> ServiceResult<Segment> {
    if !actor.has(Role::Manager) {
        return Err(ServiceError::Forbidden);
    }
    patch.validate().map_err(ServiceError::Invalid)?;
    let txn = db.begin().await?;
    let before = segments(&txn)
        .await?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or(ServiceError::NotFound("segment"))?;
    let stored = patch.contact_interval_days.map_or(0, |d| d as i32);
    let mut q = Query::update();
    q.table(Segments::Table)
        .value(Segments::ContactIntervalDays, stored)
        .and_where(Expr::col(Segments::Id).eq(id.0));
    txn.execute(&q).await?;
    super::audit::record(
        &txn,
        Some(actor.id),
        super::audit::Change {
            entity: "segment",
            entity_id: id.0,
            field: "contact_interval_days",
            old: before.contact_interval_days.map(|d| d.to_string()),
            new: patch.contact_interval_days.map(|d| d.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Segment {
        contact_interval_days: patch.contact_interval_days,
        ..before
    })
}

/// Every territory, in the team's order.
pub async fn territories<C: ConnectionTrait>(db: &C) -> ServiceResult<Vec<Territory>> {
    Ok(named(db, Territories::Table)
        .await?
        .into_iter()
        .map(|n| Territory {
            id: TerritoryId(n.id),
            name: n.name,
        })
        .collect())
}
