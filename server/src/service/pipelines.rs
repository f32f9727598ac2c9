//! Pipelines and their stages.

use super::ServiceResult;
use crate::entity::{pipeline, stage};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::api::{Pipeline, PipelineKind, Stage, StageKind};
use shared::{PipelineId, Role, StageId};

/// Every pipeline with its stages in order.
pub async fn list_pipelines<C: ConnectionTrait>(db: &C) -> ServiceResult<Vec<Pipeline>> {
    let pipes = pipeline::Entity::find()
        .order_by_asc(pipeline::Column::Position)
        .order_by_asc(pipeline::Column::Id)
        .all(db)
        .await?;
    let stages = stage::Entity::find()
        .filter(stage::Column::ArchivedAt.is_null())
        .order_by_asc(stage::Column::PipelineId)
        .order_by_asc(stage::Column::Position)
        .order_by_asc(stage::Column::Id)
        .all(db)
        .await?;
    Ok(pipes
        .into_iter()
        .map(|p| Pipeline {
            id: PipelineId(p.id),
            name: p.name,
            kind: if p.kind == "success" {
                PipelineKind::Success
            } else {
                PipelineKind::Sales
            },
            stages: stages
                .iter()
                .filter(|s| s.pipeline_id == p.id)
                .map(to_stage)
                .collect(),
        })
        .collect())
}

fn to_stage(s: &stage::Model) -> Stage {
    Stage {
        id: StageId(s.id),
        name: s.name.clone(),
        position: s.position,
        probability: s.probability,
        owning_role: s.owning_role.parse().unwrap_or(Role::Manager),
        stall_days: s.stall_days,
        kind: kind_of(s),
    }
}

/// How a stage row counts: open, won or lost.
pub(super) fn kind_of(s: &stage::Model) -> StageKind {
    match s.kind.as_str() {
        "won" => StageKind::Won,
        "lost" => StageKind::Lost,
        _ => StageKind::Open,
    }
}

/// One pipeline with its stages, or 404.
pub async fn find_pipeline<C: ConnectionTrait>(db: &C, id: PipelineId) -> ServiceResult<Pipeline> {
    list_pipelines(db)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(super::ServiceError::NotFound("pipeline"))
}

/// Whether the pipeline exists.
pub async fn exists<C: ConnectionTrait>(db: &C, id: PipelineId) -> ServiceResult<bool> {
    Ok(pipeline::Entity::find_by_id(id.0).one(db).await?.is_some())
}
