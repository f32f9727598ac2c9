//! Talk scripts: one draft per script, edited by managers and admins with a version check
//! (`talk_scripts.draft_version`), and published as immutable numbered versions
//! (`talk_script_versions`; `talk_scripts.published_version` is the one calls run). A draft may
//! have problems while it is being edited; publishing refuses any (`shared::script::validate`,
//! plus links to articles that do not exist). Appointers and closers read only what is
//! published. Every write is audited.

use super::audit::{self, Change};
use super::deals::member_ref;
use super::{ServiceError, ServiceResult, invalid, now};
use crate::migration::tables::{KbArticles, Members, Pipelines, TalkScriptVersions, TalkScripts};
use crate::session::CurrentMember;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query, SelectStatement};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult, SqlErr, TransactionTrait,
};
use shared::api::{
    NewScript, PublishScript, SaveDraft, Script, ScriptPurpose, ScriptQuery, ScriptSummary,
    ScriptVersion, VersionInfo,
};
use shared::script::{Problem, ScriptGraph, article_problems, diff, validate};
use shared::{ArticleId, FieldError, PipelineId, Role, ScriptId};
use std::collections::BTreeSet;

/// Who may edit scripts and see drafts.
pub const EDITORS: [Role; 2] = [Role::Manager, Role::Admin];
/// Who may read published scripts.
pub const READERS: [Role; 4] = [Role::Manager, Role::Admin, Role::Appointer, Role::Closer];

fn edits(actor: &CurrentMember) -> bool {
    EDITORS.iter().any(|r| actor.has(*r))
}

fn require_reader(actor: &CurrentMember) -> ServiceResult<()> {
    if READERS.iter().any(|r| actor.has(*r)) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

fn require_editor(actor: &CurrentMember) -> ServiceResult<()> {
    if edits(actor) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

#[derive(Debug, FromQueryResult)]
struct Row {
    id: i64,
    name: String,
    pipeline_id: Option<i64>,
    pipeline_name: Option<String>,
    purpose: String,
    draft_version: i32,
    published_version: Option<i32>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// `SELECT … FROM talk_scripts LEFT JOIN pipelines` (without the draft).
fn select() -> SelectStatement {
    let mut q = Query::select();
    q.columns([
        (TalkScripts::Table, TalkScripts::Id),
        (TalkScripts::Table, TalkScripts::Name),
        (TalkScripts::Table, TalkScripts::PipelineId),
        (TalkScripts::Table, TalkScripts::Purpose),
        (TalkScripts::Table, TalkScripts::DraftVersion),
        (TalkScripts::Table, TalkScripts::PublishedVersion),
        (TalkScripts::Table, TalkScripts::CreatedAt),
        (TalkScripts::Table, TalkScripts::UpdatedAt),
    ])
    .expr_as(
        Expr::col((Pipelines::Table, Pipelines::Name)),
        Alias::new("pipeline_name"),
    )
    .from(TalkScripts::Table)
    .join(
        JoinType::LeftJoin,
        Pipelines::Table,
        Expr::col((Pipelines::Table, Pipelines::Id))
            .equals((TalkScripts::Table, TalkScripts::PipelineId)),
    );
    q
}

fn purpose(s: &str) -> ScriptPurpose {
    ScriptPurpose::parse(s).unwrap_or(ScriptPurpose::ColdCall)
}

fn summary(r: Row) -> ScriptSummary {
    ScriptSummary {
        id: ScriptId(r.id),
        name: r.name,
        pipeline_id: r.pipeline_id.map(PipelineId),
        pipeline_name: r.pipeline_name,
        purpose: purpose(&r.purpose),
        draft_version: r.draft_version,
        published_version: r.published_version,
        updated_at: r.updated_at,
    }
}

fn parse_graph(text: &str) -> ServiceResult<ScriptGraph> {
    serde_json::from_str(text).map_err(|e| ServiceError::Internal(format!("stored graph: {e}")))
}

fn graph_text(g: &ScriptGraph) -> ServiceResult<String> {
    serde_json::to_string(g).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// Scripts by name, with their pipeline and purpose. Appointers and closers see only the
/// published ones.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    q: &ScriptQuery,
) -> ServiceResult<Vec<ScriptSummary>> {
    require_reader(actor)?;
    let mut s = select();
    if !edits(actor) {
        s.and_where(Expr::col((TalkScripts::Table, TalkScripts::PublishedVersion)).is_not_null());
    }
    if let Some(p) = q.pipeline_id {
        s.and_where(Expr::col((TalkScripts::Table, TalkScripts::PipelineId)).eq(p.0));
    }
    if let Some(p) = q.purpose {
        s.and_where(Expr::col((TalkScripts::Table, TalkScripts::Purpose)).eq(p.as_str()));
    }
    s.order_by((TalkScripts::Table, TalkScripts::Name), Order::Asc)
        .order_by((TalkScripts::Table, TalkScripts::Id), Order::Asc);
    Ok(Row::find_by_statement(db.get_database_backend().build(&s))
        .all(db)
        .await?
        .into_iter()
        .map(summary)
        .collect())
}

async fn row<C: ConnectionTrait>(db: &C, id: ScriptId) -> ServiceResult<Row> {
    let mut s = select();
    s.and_where(Expr::col((TalkScripts::Table, TalkScripts::Id)).eq(id.0));
    Row::find_by_statement(db.get_database_backend().build(&s))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("script"))
}

async fn draft<C: ConnectionTrait>(db: &C, id: ScriptId) -> ServiceResult<ScriptGraph> {
    #[derive(FromQueryResult)]
    struct D {
        draft: String,
    }
    let mut s = Query::select();
    s.column(TalkScripts::Draft)
        .from(TalkScripts::Table)
        .and_where(Expr::col(TalkScripts::Id).eq(id.0));
    let d = D::find_by_statement(db.get_database_backend().build(&s))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("script"))?;
    parse_graph(&d.draft)
}

#[derive(Debug, FromQueryResult)]
struct VersionRow {
    graph: String,
    published_by: Option<i64>,
    published_by_name: Option<String>,
    published_at: DateTime<Utc>,
}

fn select_versions(id: ScriptId) -> SelectStatement {
    let mut s = Query::select();
    s.columns([
        (TalkScriptVersions::Table, TalkScriptVersions::Number),
        (TalkScriptVersions::Table, TalkScriptVersions::Graph),
        (TalkScriptVersions::Table, TalkScriptVersions::PublishedBy),
        (TalkScriptVersions::Table, TalkScriptVersions::PublishedAt),
    ])
    .expr_as(
        Expr::col((Members::Table, Members::Name)),
        Alias::new("published_by_name"),
    )
    .from(TalkScriptVersions::Table)
    .join(
        JoinType::LeftJoin,
        Members::Table,
        Expr::col((Members::Table, Members::Id))
            .equals((TalkScriptVersions::Table, TalkScriptVersions::PublishedBy)),
    )
    .and_where(Expr::col((TalkScriptVersions::Table, TalkScriptVersions::ScriptId)).eq(id.0));
    s
}

async fn version_row<C: ConnectionTrait>(
    db: &C,
    id: ScriptId,
    number: i32,
) -> ServiceResult<Option<VersionRow>> {
    let mut s = select_versions(id);
    s.and_where(Expr::col((TalkScriptVersions::Table, TalkScriptVersions::Number)).eq(number));
    Ok(
        VersionRow::find_by_statement(db.get_database_backend().build(&s))
            .one(db)
            .await?,
    )
}

async fn versions<C: ConnectionTrait>(db: &C, id: ScriptId) -> ServiceResult<Vec<VersionInfo>> {
    #[derive(FromQueryResult)]
    struct V {
        number: i32,
        published_by: Option<i64>,
        published_by_name: Option<String>,
        published_at: DateTime<Utc>,
    }
    let mut s = select_versions(id);
    s.order_by(
        (TalkScriptVersions::Table, TalkScriptVersions::Number),
        Order::Desc,
    );
    Ok(V::find_by_statement(db.get_database_backend().build(&s))
        .all(db)
        .await?
        .into_iter()
        .map(|v| VersionInfo {
            number: v.number,
            published_by: member_ref(v.published_by, v.published_by_name),
            published_at: v.published_at,
        })
        .collect())
}

/// The ids of the articles that exist, of those `graph` links.
async fn known_articles<C: ConnectionTrait>(
    db: &C,
    graph: &ScriptGraph,
) -> ServiceResult<BTreeSet<ArticleId>> {
    #[derive(FromQueryResult)]
    struct A {
        id: i64,
    }
    let linked: BTreeSet<i64> = graph
        .steps
        .iter()
        .filter_map(|s| s.article)
        .map(|a| a.0)
        .collect();
    if linked.is_empty() {
        return Ok(BTreeSet::new());
    }
    let mut s = Query::select();
    s.column(KbArticles::Id)
        .from(KbArticles::Table)
        .and_where(Expr::col(KbArticles::Id).is_in(linked));
    Ok(A::find_by_statement(db.get_database_backend().build(&s))
        .all(db)
        .await?
        .into_iter()
        .map(|a| ArticleId(a.id))
        .collect())
}

/// Everything that keeps `graph` from being published.
async fn problems<C: ConnectionTrait>(db: &C, graph: &ScriptGraph) -> ServiceResult<Vec<Problem>> {
    let mut p = validate(graph);
    p.extend(article_problems(graph, &known_articles(db, graph).await?));
    Ok(p)
}

/// One script as `actor` may see it: editors get the draft and its problems.
pub(crate) async fn view<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    id: ScriptId,
) -> ServiceResult<Script> {
    let r = row(db, id).await?;
    let editor = edits(actor);
    if !editor && r.published_version.is_none() {
        return Err(ServiceError::NotFound("script"));
    }
    let (draft, draft_problems) = if editor {
        let d = draft(db, id).await?;
        let p = problems(db, &d).await?;
        (Some(d), p)
    } else {
        (None, Vec::new())
    };
    let published = match r.published_version {
        Some(n) => match version_row(db, id, n).await? {
            Some(v) => Some(parse_graph(&v.graph)?),
            None => None,
        },
        None => None,
    };
    Ok(Script {
        id,
        name: r.name,
        pipeline_id: r.pipeline_id.map(PipelineId),
        pipeline_name: r.pipeline_name,
        purpose: purpose(&r.purpose),
        draft,
        draft_version: r.draft_version,
        draft_problems,
        published_version: r.published_version,
        published,
        versions: versions(db, id).await?,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// One script (appointers and closers: only a published one, without the draft).
pub async fn get<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    id: ScriptId,
) -> ServiceResult<Script> {
    require_reader(actor)?;
    view(db, actor, id).await
}

/// Creates a script for a pipeline and a purpose, with an empty draft unless one is given
/// (managers and admins; audited).
pub async fn create(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    new: &NewScript,
) -> ServiceResult<Script> {
    require_editor(actor)?;
    new.validate().map_err(ServiceError::Invalid)?;
    let graph = new.graph.clone().unwrap_or_default();
    let text = graph_text(&graph)?;
    let txn = db.begin().await?;
    let mut s = Query::select();
    s.column(Pipelines::Id)
        .from(Pipelines::Table)
        .and_where(Expr::col(Pipelines::Id).eq(new.pipeline_id.0));
    if txn.query_one(&s).await?.is_none() {
        return Err(invalid("pipeline_id", "No such pipeline."));
    }
    let t = now();
    let mut q = Query::insert();
    q.into_table(TalkScripts::Table)
        .columns([
            TalkScripts::PipelineId,
            TalkScripts::Name,
            TalkScripts::Purpose,
            TalkScripts::Draft,
            TalkScripts::DraftVersion,
            TalkScripts::CreatedBy,
            TalkScripts::CreatedAt,
            TalkScripts::UpdatedAt,
        ])
        .values([
            Some(new.pipeline_id.0).into(),
            new.name.trim().into(),
            new.purpose.as_str().into(),
            text.into(),
            1.into(),
            Some(actor.id.0).into(),
            t.into(),
            t.into(),
        ])
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    q.returning_col(TalkScripts::Id);
    let id = txn
        .query_one(&q)
        .await?
        .ok_or_else(|| ServiceError::Internal("no script id".into()))?
        .try_get::<i64>("", "id")?;
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "talk_script",
            entity_id: id,
            field: "created",
            old: None,
            new: Some(format!("{} ({})", new.name.trim(), new.purpose.as_str())),
        },
    )
    .await?;
    let script = view(&txn, actor, ScriptId(id)).await?;
    txn.commit().await?;
    Ok(script)
}

async fn stale<C: ConnectionTrait>(db: &C, actor: &CurrentMember, id: ScriptId) -> ServiceError {
    match view(db, actor, id).await {
        Ok(current) => ServiceError::Stale {
            message: "Someone else changed this draft since you opened it.".into(),
            current: serde_json::to_value(current).unwrap_or_default(),
        },
        Err(e) => e,
    }
}

/// Saves the whole draft if it is still at `body.version` (else 409 with the script as it is
/// now). The draft may have problems. Saving the draft as it is changes nothing.
pub async fn save_draft(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: ScriptId,
    body: &SaveDraft,
) -> ServiceResult<Script> {
    require_editor(actor)?;
    let txn = db.begin().await?;
    let r = row(&txn, id).await?;
    if r.draft_version != body.version {
        return Err(stale(&txn, actor, id).await);
    }
    if draft(&txn, id).await? == body.graph {
        return view(&txn, actor, id).await;
    }
    let mut q = Query::update();
    q.table(TalkScripts::Table)
        .value(TalkScripts::Draft, graph_text(&body.graph)?)
        .value(
            TalkScripts::DraftVersion,
            Expr::col(TalkScripts::DraftVersion).add(1),
        )
        .value(TalkScripts::UpdatedAt, now())
        .and_where(Expr::col(TalkScripts::Id).eq(id.0))
        .and_where(Expr::col(TalkScripts::DraftVersion).eq(body.version));
    if txn.execute(&q).await?.rows_affected() == 0 {
        drop(txn);
        return Err(stale(db, actor, id).await);
    }
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "talk_script",
            entity_id: id.0,
            field: "draft",
            old: Some(body.version.to_string()),
            new: Some((body.version + 1).to_string()),
        },
    )
    .await?;
    let script = view(&txn, actor, id).await?;
    txn.commit().await?;
    Ok(script)
}

fn problem_fields(problems: &[Problem]) -> Vec<FieldError> {
    problems
        .iter()
        .map(|p| {
            let f = p.field();
            FieldError {
                field: if f.is_empty() {
                    "draft".into()
                } else {
                    format!("draft.{f}")
                },
                code: p.code.as_str().into(),
                message: p.message(),
            }
        })
        .collect()
}

fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Publishes the draft as it is at `body.version` as version n + 1, the one calls run from
/// now on. Refused with 422 listing every problem (fields `draft.steps[i]…`, codes from
/// `shared::script::ProblemCode`), or when the draft is the latest version unchanged.
pub async fn publish(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: ScriptId,
    body: &PublishScript,
) -> ServiceResult<Script> {
    require_editor(actor)?;
    let txn = db.begin().await?;
    let r = row(&txn, id).await?;
    if r.draft_version != body.version {
        return Err(stale(&txn, actor, id).await);
    }
    let graph = draft(&txn, id).await?;
    let found = problems(&txn, &graph).await?;
    if !found.is_empty() {
        return Err(ServiceError::Invalid(problem_fields(&found)));
    }
    let latest = versions(&txn, id).await?.first().map(|v| v.number);
    if let Some(n) = latest
        && let Some(v) = version_row(&txn, id, n).await?
        && parse_graph(&v.graph)? == graph
    {
        return Err(ServiceError::Invalid(vec![FieldError {
            field: "draft".into(),
            code: "unchanged".into(),
            message: format!("The draft is version {n} as published; change it first."),
        }]));
    }
    let number = latest.unwrap_or(0) + 1;
    let t = now();
    let mut q = Query::insert();
    q.into_table(TalkScriptVersions::Table)
        .columns([
            TalkScriptVersions::ScriptId,
            TalkScriptVersions::Number,
            TalkScriptVersions::Graph,
            TalkScriptVersions::PublishedBy,
            TalkScriptVersions::PublishedAt,
        ])
        .values([
            id.0.into(),
            number.into(),
            graph_text(&graph)?.into(),
            Some(actor.id.0).into(),
            t.into(),
        ])
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    match txn.execute(&q).await {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            drop(txn);
            return Err(stale(db, actor, id).await);
        }
        Err(e) => return Err(e.into()),
    }
    let mut u = Query::update();
    u.table(TalkScripts::Table)
        .value(TalkScripts::PublishedVersion, number)
        .value(TalkScripts::UpdatedAt, t)
        .and_where(Expr::col(TalkScripts::Id).eq(id.0))
        .and_where(Expr::col(TalkScripts::DraftVersion).eq(body.version));
    if txn.execute(&u).await?.rows_affected() == 0 {
        drop(txn);
        return Err(stale(db, actor, id).await);
    }
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "talk_script",
            entity_id: id.0,
            field: "published_version",
            old: r.published_version.map(|n| n.to_string()),
            new: Some(number.to_string()),
        },
    )
    .await?;
    let script = view(&txn, actor, id).await?;
    txn.commit().await?;
    Ok(script)
}

/// A published version and what changed from the one before.
pub async fn version<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    id: ScriptId,
    number: i32,
) -> ServiceResult<ScriptVersion> {
    require_reader(actor)?;
    let r = row(db, id).await?;
    if !edits(actor) && r.published_version.is_none() {
        return Err(ServiceError::NotFound("script"));
    }
    let v = version_row(db, id, number)
        .await?
        .ok_or(ServiceError::NotFound("script version"))?;
    let graph = parse_graph(&v.graph)?;
    let before = match number.checked_sub(1) {
        Some(p) if p >= 1 => version_row(db, id, p).await?,
        _ => None,
    };
    let diff = match before {
        Some(b) => Some(diff(&parse_graph(&b.graph)?, &graph)),
        None => None,
    };
    Ok(ScriptVersion {
        script_id: id,
        number,
        graph,
        published_by: member_ref(v.published_by, v.published_by_name),
        published_at: v.published_at,
        diff,
    })
}
