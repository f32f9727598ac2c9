//! The knowledge base: articles on objections, the product and competitors, readable by every
//! member and written by managers and admins (edits carry the version they started from; a
//! stale one is refused with the article as it is now). Search finds every word of the query
//! in the title, the body or the tags with `LIKE` on both databases, so Japanese text (no
//! spaces between words) is found by any part of it; titles rank before tags before bodies.

use super::audit::{self, Change};
use super::board_view::like_pattern;
use super::deals::member_ref;
use super::scripts::EDITORS;
use super::{ServiceError, ServiceResult, invalid, now};
use crate::migration::tables::{KbArticles, Members};
use crate::session::CurrentMember;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, JoinType, LikeExpr, Order, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult, TransactionTrait};
use shared::ArticleId;
use shared::api::{
    Article, ArticleCategory, ArticlePatch, ArticleQuery, KbSearch, MAX_SEARCH, MAX_SEARCH_RESULTS,
    NewArticle, join_tags, split_tags,
};

fn require_editor(actor: &CurrentMember) -> ServiceResult<()> {
    if EDITORS.iter().any(|r| actor.has(*r)) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

#[derive(Debug, FromQueryResult)]
struct Row {
    id: i64,
    category: String,
    title: String,
    body: String,
    tags: String,
    version: i32,
    created_by: Option<i64>,
    created_by_name: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

fn to_wire(r: Row) -> Article {
    Article {
        id: ArticleId(r.id),
        category: ArticleCategory::parse(&r.category).unwrap_or(ArticleCategory::Product),
        title: r.title,
        body: r.body,
        tags: split_tags(&r.tags),
        version: r.version,
        created_by: member_ref(r.created_by, r.created_by_name),
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

fn select() -> SelectStatement {
    let mut q = Query::select();
    q.columns([
        (KbArticles::Table, KbArticles::Id),
        (KbArticles::Table, KbArticles::Category),
        (KbArticles::Table, KbArticles::Title),
        (KbArticles::Table, KbArticles::Body),
        (KbArticles::Table, KbArticles::Tags),
        (KbArticles::Table, KbArticles::Version),
        (KbArticles::Table, KbArticles::CreatedBy),
        (KbArticles::Table, KbArticles::CreatedAt),
        (KbArticles::Table, KbArticles::UpdatedAt),
    ])
    .expr_as(
        Expr::col((Members::Table, Members::Name)),
        Alias::new("created_by_name"),
    )
    .from(KbArticles::Table)
    .join(
        JoinType::LeftJoin,
        Members::Table,
        Expr::col((Members::Table, Members::Id)).equals((KbArticles::Table, KbArticles::CreatedBy)),
    );
    q
}

async fn rows<C: ConnectionTrait>(db: &C, q: &SelectStatement) -> ServiceResult<Vec<Article>> {
    Ok(Row::find_by_statement(db.get_database_backend().build(q))
        .all(db)
        .await?
        .into_iter()
        .map(to_wire)
        .collect())
}

/// Articles by category, then title.
pub async fn list<C: ConnectionTrait>(db: &C, q: &ArticleQuery) -> ServiceResult<Vec<Article>> {
    let mut s = select();
    if let Some(c) = q.category {
        s.and_where(Expr::col((KbArticles::Table, KbArticles::Category)).eq(c.as_str()));
    }
    s.order_by((KbArticles::Table, KbArticles::Category), Order::Asc)
        .order_by((KbArticles::Table, KbArticles::Title), Order::Asc)
        .order_by((KbArticles::Table, KbArticles::Id), Order::Asc);
    rows(db, &s).await
}

/// One article.
pub async fn get<C: ConnectionTrait>(db: &C, id: ArticleId) -> ServiceResult<Article> {
    let mut s = select();
    s.and_where(Expr::col((KbArticles::Table, KbArticles::Id)).eq(id.0));
    rows(db, &s)
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound("article"))
}

/// Writes an article (managers and admins; audited).
pub async fn create(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    new: &NewArticle,
) -> ServiceResult<Article> {
    require_editor(actor)?;
    new.validate().map_err(ServiceError::Invalid)?;
    let t = now();
    let txn = db.begin().await?;
    let mut q = Query::insert();
    q.into_table(KbArticles::Table)
        .columns([
            KbArticles::Category,
            KbArticles::Title,
            KbArticles::Body,
            KbArticles::Tags,
            KbArticles::CreatedBy,
            KbArticles::CreatedAt,
            KbArticles::UpdatedAt,
            KbArticles::Version,
        ])
        .values([
            new.category.as_str().into(),
            new.title.trim().into(),
            new.body.trim().into(),
            join_tags(&new.tags).into(),
            Some(actor.id.0).into(),
            t.into(),
            t.into(),
            1.into(),
        ])
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    q.returning_col(KbArticles::Id);
    let id = txn
        .query_one(&q)
        .await?
        .ok_or_else(|| ServiceError::Internal("no article id".into()))?
        .try_get::<i64>("", "id")?;
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "kb_article",
            entity_id: id,
            field: "created",
            old: None,
            new: Some(new.title.trim().to_owned()),
        },
    )
    .await?;
    let a = get(&txn, ArticleId(id)).await?;
    txn.commit().await?;
    Ok(a)
}

fn stale(current: Article) -> ServiceError {
    ServiceError::Stale {
        message: "Someone else changed this article since you opened it.".into(),
        current: serde_json::to_value(current).unwrap_or_default(),
    }
}

/// Changes an article if it is still at `patch.version` (managers and admins; each changed
/// field audited). No change at all leaves it, and its version, as it is.
pub async fn update(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: ArticleId,
    patch: &ArticlePatch,
) -> ServiceResult<Article> {
    require_editor(actor)?;
    patch.validate().map_err(ServiceError::Invalid)?;
    let txn = db.begin().await?;
    let before = get(&txn, id).await?;
    if before.version != patch.version {
        return Err(stale(before));
    }
    let mut changes: Vec<(&str, String, String)> = Vec::new();
    let mut q = Query::update();
    q.table(KbArticles::Table);
    if let Some(c) = patch.category
        && c != before.category
    {
        q.value(KbArticles::Category, c.as_str());
        changes.push((
            "category",
            before.category.as_str().into(),
            c.as_str().into(),
        ));
    }
    if let Some(t) = patch.title.as_deref().map(str::trim)
        && t != before.title
    {
        q.value(KbArticles::Title, t);
        changes.push(("title", before.title.clone(), t.to_owned()));
    }
    if let Some(b) = patch.body.as_deref().map(str::trim)
        && b != before.body
    {
        q.value(KbArticles::Body, b);
        changes.push(("body", before.body.clone(), b.to_owned()));
    }
    if let Some(tags) = &patch.tags {
        let new = join_tags(tags);
        let old = join_tags(&before.tags);
        if new != old {
            q.value(KbArticles::Tags, new.clone());
            changes.push(("tags", old, new));
        }
    }
    if changes.is_empty() {
        return Ok(before);
    }
    let t = now();
    q.value(KbArticles::Version, Expr::col(KbArticles::Version).add(1))
        .value(KbArticles::UpdatedAt, t)
        .and_where(Expr::col(KbArticles::Id).eq(id.0))
        .and_where(Expr::col(KbArticles::Version).eq(patch.version));
    if txn.execute(&q).await?.rows_affected() == 0 {
        drop(txn);
        return Err(stale(get(db, id).await?));
    }
    let rows: Vec<_> = changes
        .into_iter()
        .map(|(field, old, new)| {
            (
                actor.id,
                Change {
                    entity: "kb_article",
                    entity_id: id.0,
                    field,
                    old: Some(old),
                    new: Some(new),
                },
                t,
            )
        })
        .collect();
    audit::record_rows(&txn, &rows).await?;
    let a = get(&txn, id).await?;
    txn.commit().await?;
    Ok(a)
}

/// Articles with every word of `q` in the title, the body or a tag: those with the words in
/// the title first, then in tags, then newest; at most [`MAX_SEARCH_RESULTS`].
pub async fn search<C: ConnectionTrait>(db: &C, q: &KbSearch) -> ServiceResult<Vec<Article>> {
    if q.q.chars().count() > MAX_SEARCH {
        return Err(invalid("q", "At most 200 characters."));
    }
    let words: Vec<String> = q.words().into_iter().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Err(ServiceError::Invalid(vec![shared::FieldError {
            field: "q".into(),
            code: "required".into(),
            message: "Enter a word to search for.".into(),
        }]));
    }
    let lower = |c: KbArticles| Func::lower(Expr::col((KbArticles::Table, c)));
    let mut s = select();
    for w in &words {
        let p = like_pattern(w);
        let like = || LikeExpr::new(p.clone()).escape('\\');
        s.cond_where(
            Cond::any()
                .add(Expr::expr(lower(KbArticles::Title)).like(like()))
                .add(Expr::expr(lower(KbArticles::Body)).like(like()))
                .add(Expr::expr(lower(KbArticles::Tags)).like(like())),
        );
    }
    s.order_by((KbArticles::Table, KbArticles::UpdatedAt), Order::Desc)
        .order_by((KbArticles::Table, KbArticles::Id), Order::Desc)
        .limit(500);
    let mut found = rows(db, &s).await?;
    let score = |a: &Article| {
        let title = a.title.to_lowercase();
        let tags = a.tags.join(",").to_lowercase();
        words
            .iter()
            .map(|w| {
                if title.contains(w.as_str()) {
                    4
                } else if tags.contains(w.as_str()) {
                    2
                } else {
                    1
                }
            })
            .sum::<u32>()
    };
    // Stable: equal scores keep the newest first.
    found.sort_by_key(|a| std::cmp::Reverse(score(a)));
    found.truncate(MAX_SEARCH_RESULTS);
    Ok(found)
}
