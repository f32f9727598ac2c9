//! Configuring pipelines (managers): create and rename pipelines; add, change, reorder and
//! remove stages. A stage is removed only when no deal is in it (its deals must be moved
//! first), and never the last one; a removed stage is archived, so the stage history of the
//! deals that passed through it stays readable. Every change is audited and announced.

use super::audit::{self, Change};
use super::invalid;
use super::{ServiceError, ServiceResult, now, pipelines};
use crate::entity::{deal, pipeline, stage};
use crate::session::CurrentMember;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use shared::api::{
    NewPipeline, NewStage, Pipeline, PipelineKind, PipelinePatch, StageKind, StageOrder, StagePatch,
};
use shared::{PipelineId, StageId};

fn kind_str(k: StageKind) -> &'static str {
    match k {
        StageKind::Open => "open",
        StageKind::Won => "won",
        StageKind::Lost => "lost",
    }
}

async fn audit_pipeline<C: ConnectionTrait>(
    db: &C,
    actor: &CurrentMember,
    id: i64,
    field: &str,
    old: Option<String>,
    new: Option<String>,
) -> ServiceResult<()> {
    audit::record(
        db,
        Some(actor.id),
        Change {
            entity: "pipeline",
            entity_id: id,
            field,
            old,
            new,
        },
    )
    .await?;
    Ok(())
}

async fn live_stages<C: ConnectionTrait>(
    db: &C,
    pipeline: i64,
) -> ServiceResult<Vec<stage::Model>> {
    Ok(stage::Entity::find()
        .filter(stage::Column::PipelineId.eq(pipeline))
        .filter(stage::Column::ArchivedAt.is_null())
        .order_by_asc(stage::Column::Position)
        .order_by_asc(stage::Column::Id)
        .all(db)
        .await?)
}

/// Renumbers the stages 0, 1, 2 … in the given order.
async fn renumber<C: ConnectionTrait>(db: &C, stages: &[stage::Model]) -> ServiceResult<()> {
    for (i, s) in stages.iter().enumerate() {
        if s.position != i as i32 {
            let mut a: stage::ActiveModel = s.clone().into();
            a.position = Set(i as i32);
            a.update(db).await?;
        }
    }
    Ok(())
}

/// Finishes a change: commits, announces, answers with the pipeline as it is now.
async fn done(txn: sea_orm::DatabaseTransaction, id: i64) -> ServiceResult<Pipeline> {
    let p = pipelines::find_pipeline(&txn, PipelineId(id)).await?;
    crate::events::record(&txn, "pipeline.updated", &p).await?;
    sea_orm::TransactionSession::commit(txn).await?;
    Ok(p)
}

/// Creates a pipeline with its stages, after the others.
pub async fn create_pipeline(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    new: &NewPipeline,
) -> ServiceResult<Pipeline> {
    new.validate().map_err(ServiceError::Invalid)?;
    let txn = db.begin().await?;
    let last = pipeline::Entity::find()
        .order_by_desc(pipeline::Column::Position)
        .one(&txn)
        .await?
        .map_or(-1, |p| p.position);
    let p = pipeline::ActiveModel {
        name: Set(new.name.trim().to_owned()),
        kind: Set(match new.kind {
            PipelineKind::Sales => "sales".into(),
            PipelineKind::Success => "success".into(),
        }),
        position: Set(last + 1),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (i, s) in new.stages.iter().enumerate() {
        insert_stage(&txn, p.id, s, i as i32).await?;
    }
    audit_pipeline(&txn, actor, p.id, "created", None, Some(p.name.clone())).await?;
    done(txn, p.id).await
}

async fn insert_stage<C: ConnectionTrait>(
    db: &C,
    pipeline: i64,
    s: &NewStage,
    position: i32,
) -> ServiceResult<stage::Model> {
    Ok(stage::ActiveModel {
        pipeline_id: Set(pipeline),
        name: Set(s.name.trim().to_owned()),
        position: Set(position),
        probability: Set(s.probability),
        owning_role: Set(s.owning_role.as_str().to_owned()),
        stall_days: Set(s.stall_days),
        kind: Set(kind_str(s.kind).to_owned()),
        archived_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Renames a pipeline.
pub async fn rename_pipeline(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: PipelineId,
    patch: &PipelinePatch,
) -> ServiceResult<Pipeline> {
    let mut c = shared::validate::Checks::new();
    c.text("name", &patch.name, 100);
    c.finish().map_err(ServiceError::Invalid)?;
    let txn = db.begin().await?;
    let p = pipeline::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("pipeline"))?;
    let name = patch.name.trim().to_owned();
    if name != p.name {
        audit_pipeline(
            &txn,
            actor,
            p.id,
            "name",
            Some(p.name.clone()),
            Some(name.clone()),
        )
        .await?;
        let mut a: pipeline::ActiveModel = p.into();
        a.name = Set(name);
        a.update(&txn).await?;
    }
    done(txn, id.0).await
}

/// Adds a stage at `position` (default: last).
pub async fn add_stage(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: PipelineId,
    new: &NewStage,
) -> ServiceResult<Pipeline> {
    new.validate().map_err(ServiceError::Invalid)?;
    let txn = db.begin().await?;
    pipeline::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("pipeline"))?;
    let mut stages = live_stages(&txn, id.0).await?;
    let at = new
        .position
        .map_or(stages.len(), |p| (p as usize).min(stages.len()));
    let s = insert_stage(&txn, id.0, new, at as i32).await?;
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "stage",
            entity_id: s.id,
            field: "created",
            old: None,
            new: Some(s.name.clone()),
        },
    )
    .await?;
    stages.insert(at, s);
    renumber(&txn, &stages).await?;
    done(txn, id.0).await
}

/// Changes a stage's settings.
pub async fn update_stage(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: PipelineId,
    sid: StageId,
    patch: &StagePatch,
) -> ServiceResult<Pipeline> {
    patch.validate().map_err(ServiceError::Invalid)?;
    let txn = db.begin().await?;
    let s = live_stages(&txn, id.0)
        .await?
        .into_iter()
        .find(|s| s.id == sid.0)
        .ok_or(ServiceError::NotFound("stage"))?;
    let mut a: stage::ActiveModel = s.clone().into();
    let mut changes: Vec<(&str, String, String)> = Vec::new();
    if let Some(n) = patch
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| *n != s.name)
    {
        changes.push(("name", s.name.clone(), n.to_owned()));
        a.name = Set(n.to_owned());
    }
    if let Some(p) = patch.probability.filter(|p| *p != s.probability) {
        changes.push(("probability", s.probability.to_string(), p.to_string()));
        a.probability = Set(p);
    }
    if let Some(r) = patch.owning_role.filter(|r| r.as_str() != s.owning_role) {
        changes.push(("owning_role", s.owning_role.clone(), r.as_str().to_owned()));
        a.owning_role = Set(r.as_str().to_owned());
    }
    if let Some(d) = patch.stall_days.filter(|d| *d != s.stall_days) {
        changes.push(("stall_days", s.stall_days.to_string(), d.to_string()));
        a.stall_days = Set(d);
    }
    if let Some(k) = patch.kind.map(kind_str).filter(|k| *k != s.kind) {
        changes.push(("kind", s.kind.clone(), k.to_owned()));
        a.kind = Set(k.to_owned());
    }
    for (field, old, new) in &changes {
        audit::record(
            &txn,
            Some(actor.id),
            Change {
                entity: "stage",
                entity_id: s.id,
                field,
                old: Some(old.clone()),
                new: Some(new.clone()),
            },
        )
        .await?;
    }
    if !changes.is_empty() {
        a.update(&txn).await?;
    }
    done(txn, id.0).await
}

/// Puts the stages in a new order: every live stage of the pipeline, once each.
pub async fn reorder_stages(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: PipelineId,
    order: &StageOrder,
) -> ServiceResult<Pipeline> {
    let txn = db.begin().await?;
    pipeline::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("pipeline"))?;
    let stages = live_stages(&txn, id.0).await?;
    let mut given: Vec<i64> = order.stage_ids.iter().map(|s| s.0).collect();
    let mut have: Vec<i64> = stages.iter().map(|s| s.id).collect();
    let before = have
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    given.sort_unstable();
    have.sort_unstable();
    if given != have {
        return Err(invalid(
            "stage_ids",
            "List every stage of this pipeline exactly once.",
        ));
    }
    let ordered: Vec<stage::Model> = order
        .stage_ids
        .iter()
        .filter_map(|sid| stages.iter().find(|s| s.id == sid.0).cloned())
        .collect();
    renumber(&txn, &ordered).await?;
    let after = order
        .stage_ids
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",");
    audit_pipeline(&txn, actor, id.0, "stage_order", Some(before), Some(after)).await?;
    done(txn, id.0).await
}

/// Removes (archives) an empty stage; 409 while deals are in it or when it is the last one.
pub async fn remove_stage(
    db: &DatabaseConnection,
    actor: &CurrentMember,
    id: PipelineId,
    sid: StageId,
) -> ServiceResult<Pipeline> {
    let txn = db.begin().await?;
    let mut stages = live_stages(&txn, id.0).await?;
    let at = stages
        .iter()
        .position(|s| s.id == sid.0)
        .ok_or(ServiceError::NotFound("stage"))?;
    let deals = deal::Entity::find()
        .filter(deal::Column::StageId.eq(sid.0))
        .select_only()
        .column(deal::Column::Id)
        .count(&txn)
        .await?;
    if deals > 0 {
        return Err(ServiceError::Conflict(format!(
            "{deals} deals are in this stage; move them to another stage first."
        )));
    }
    if stages.len() == 1 {
        return Err(ServiceError::Conflict(
            "A pipeline keeps at least one stage.".into(),
        ));
    }
    let s = stages.remove(at);
    audit::record(
        &txn,
        Some(actor.id),
        Change {
            entity: "stage",
            entity_id: s.id,
            field: "archived",
            old: None,
            new: Some(s.name.clone()),
        },
    )
    .await?;
    let mut a: stage::ActiveModel = s.into();
    a.archived_at = Set(Some(now()));
    a.update(&txn).await?;
    renumber(&txn, &stages).await?;
    done(txn, id.0).await
}
