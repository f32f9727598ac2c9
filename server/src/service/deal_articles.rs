//! Knowledge-base articles linked from deals (a closer keeps the competitor facts or the
//! objection answer a deal needs beside it).
//!
//! Rules: anyone who can open a deal reads its links (every member); linking and unlinking
//! follow the deal edit rule of [`super::deal_edit::update_deal`]: managers and sales admins
//! on any deal, otherwise the deal's owners (its appointer, closer or success owner). An
//! article is linked to a deal at most once (409 for a second time); a deal links at most
//! [`MAX_DEAL_ARTICLES`]. Each link and unlink is an entry of the deal's audit trail (field
//! `article`, the article's title as the new or the old value). Links change neither the deal
//! nor its version.

use super::audit::{self, Change};
use super::deals::member_ref;
use super::{ServiceError, ServiceResult, now};
use crate::entity::deal;
use crate::migration::tables::{DealArticles, KbArticles, Members};
use crate::session::CurrentMember;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Order, Query};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, TransactionTrait,
};
use shared::api::{ArticleCategory, DealArticle, LinkArticle, MAX_DEAL_ARTICLES, split_tags};
use shared::{ArticleId, DealId, FieldError, Role};

/// The audited field of a link.
pub const AUDIT_FIELD: &str = "article";

async fn deal_or_404<C: ConnectionTrait>(db: &C, id: DealId) -> ServiceResult<deal::Model> {
    deal::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("deal"))
}

/// Whether `actor` may change `d`'s links: the deal edit rule.
fn may_edit(actor: &CurrentMember, d: &deal::Model) -> bool {
    actor.has(Role::Manager)
        || actor.has(Role::Admin)
        || [d.appointer_id, d.closer_id, d.success_id].contains(&Some(actor.id.0))
}

#[derive(Debug, FromQueryResult)]
struct Row {
    deal_id: i64,
    article_id: i64,
    category: String,
    title: String,
    tags: String,
    linked_by: Option<i64>,
    linked_by_name: Option<String>,
    linked_at: DateTime<Utc>,
}

fn to_wire(r: Row) -> DealArticle {
    DealArticle {
        deal_id: DealId(r.deal_id),
        article_id: ArticleId(r.article_id),
        category: ArticleCategory::parse(&r.category).unwrap_or(ArticleCategory::Product),
        title: r.title,
        tags: split_tags(&r.tags),
        linked_by: member_ref(r.linked_by, r.linked_by_name),
        linked_at: r.linked_at,
    }
}

async fn rows<C: ConnectionTrait>(
    db: &C,
    id: DealId,
    article: Option<ArticleId>,
) -> ServiceResult<Vec<DealArticle>> {
    let mut q = Query::select();
    q.columns([
        (DealArticles::Table, DealArticles::DealId),
        (DealArticles::Table, DealArticles::ArticleId),
        (DealArticles::Table, DealArticles::LinkedBy),
        (DealArticles::Table, DealArticles::LinkedAt),
    ])
    .columns([
        (KbArticles::Table, KbArticles::Category),
        (KbArticles::Table, KbArticles::Title),
        (KbArticles::Table, KbArticles::Tags),
    ])
    .expr_as(
        Expr::col((Members::Table, Members::Name)),
        Alias::new("linked_by_name"),
    )
    .from(DealArticles::Table)
    .inner_join(
        KbArticles::Table,
        Expr::col((KbArticles::Table, KbArticles::Id))
            .equals((DealArticles::Table, DealArticles::ArticleId)),
    )
    .left_join(
        Members::Table,
        Expr::col((Members::Table, Members::Id))
            .equals((DealArticles::Table, DealArticles::LinkedBy)),
    )
    .and_where(Expr::col((DealArticles::Table, DealArticles::DealId)).eq(id.0))
    .order_by((DealArticles::Table, DealArticles::LinkedAt), Order::Asc)
    .order_by((DealArticles::Table, DealArticles::ArticleId), Order::Asc);
    if let Some(a) = article {
        q.and_where(Expr::col((DealArticles::Table, DealArticles::ArticleId)).eq(a.0));
    }
    Ok(Row::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?
        .into_iter()
        .map(to_wire)
        .collect())
}

/// The articles linked from a deal, oldest link first.
pub async fn list<C: ConnectionTrait>(db: &C, id: DealId) -> ServiceResult<Vec<DealArticle>> {
    deal_or_404(db, id).await?;
    rows(db, id, None).await
}

fn refuse(field: &str, code: &str, message: &str) -> ServiceError {
    ServiceError::Invalid(vec![FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    }])
}

/// Links an article to a deal (audited).
pub async fn link(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: DealId,
    body: &LinkArticle,
) -> ServiceResult<DealArticle> {
    let txn = db.begin().await?;
    let d = deal_or_404(&txn, id).await?;
    if !may_edit(actor, &d) {
        return Err(ServiceError::Forbidden);
    }
    #[derive(FromQueryResult)]
    struct Title {
        title: String,
    }
    let mut q = Query::select();
    q.column(KbArticles::Title)
        .from(KbArticles::Table)
        .and_where(Expr::col(KbArticles::Id).eq(body.article_id.0));
    let Some(article) = Title::find_by_statement(txn.get_database_backend().build(&q))
        .one(&txn)
        .await?
    else {
        return Err(refuse("article_id", "invalid_value", "No such article."));
    };
    let linked = rows(&txn, id, None).await?;
    if linked.iter().any(|l| l.article_id == body.article_id) {
        return Err(ServiceError::Conflict(
            "This article is already linked to this deal.".into(),
        ));
    }
    if linked.len() >= MAX_DEAL_ARTICLES {
        return Err(refuse(
            "article_id",
            "too_many",
            &format!("A deal links at most {MAX_DEAL_ARTICLES} articles."),
        ));
    }
    let mut q = Query::insert();
    q.into_table(DealArticles::Table)
        .columns([
            DealArticles::DealId,
            DealArticles::ArticleId,
            DealArticles::LinkedBy,
            DealArticles::LinkedAt,
        ])
        .values([
            id.0.into(),
            body.article_id.0.into(),
            Some(actor.id.0).into(),
            now().into(),
        ])
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        // Two links of the same pair at once: the second finds the row and is refused.
        .on_conflict(
            OnConflict::columns([DealArticles::DealId, DealArticles::ArticleId])
                .do_nothing()
                .to_owned(),
        );
    if txn.execute(&q).await?.rows_affected() == 0 {
        return Err(ServiceError::Conflict(
            "This article is already linked to this deal.".into(),
        ));
    }
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "deal",
            entity_id: id.0,
            field: AUDIT_FIELD,
            old: None,
            new: Some(article.title),
        },
    )
    .await?;
    let row = rows(&txn, id, Some(body.article_id))
        .await?
        .pop()
        .ok_or(ServiceError::NotFound("article link"))?;
    txn.commit().await?;
    Ok(row)
}

/// Unlinks an article from a deal (audited); 404 when it is not linked.
pub async fn unlink(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: DealId,
    article: ArticleId,
) -> ServiceResult<()> {
    let txn = db.begin().await?;
    let d = deal_or_404(&txn, id).await?;
    if !may_edit(actor, &d) {
        return Err(ServiceError::Forbidden);
    }
    let Some(link) = rows(&txn, id, Some(article)).await?.pop() else {
        return Err(ServiceError::NotFound("article link"));
    };
    let mut q = Query::delete();
    q.from_table(DealArticles::Table)
        .and_where(Expr::col(DealArticles::DealId).eq(id.0))
        .and_where(Expr::col(DealArticles::ArticleId).eq(article.0));
    if txn.execute(&q).await?.rows_affected() == 0 {
        return Err(ServiceError::NotFound("article link"));
    }
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "deal",
            entity_id: id.0,
            field: AUDIT_FIELD,
            old: Some(link.title),
            new: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
