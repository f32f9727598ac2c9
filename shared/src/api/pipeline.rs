//! Pipelines and their stages.

use crate::{PipelineId, Role, StageId};
use serde::{Deserialize, Serialize};

/// What a pipeline is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PipelineKind {
    /// From new lead to won or lost.
    Sales,
    /// Customer success: from onboarding to renewal or churn.
    Success,
}

/// How a stage counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    /// Work in progress.
    Open,
    /// The deal is won (or the account kept).
    Won,
    /// The deal is lost (or the account churned).
    Lost,
}

/// A stage of a pipeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stage {
    /// The stage's id.
    pub id: StageId,
    /// Name as the team calls it.
    pub name: String,
    /// Order within the pipeline, from 0.
    pub position: i32,
    /// Win probability in percent, 0–100.
    pub probability: i32,
    /// The role that works deals in this stage.
    pub owning_role: Role,
    /// Days in this stage after which a deal counts as stalled.
    pub stall_days: i32,
    /// Open, won or lost.
    pub kind: StageKind,
}

/// A pipeline with its stages in order: `GET /api/v1/pipelines`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pipeline {
    /// The pipeline's id.
    pub id: PipelineId,
    /// Name.
    pub name: String,
    /// Sales or customer success.
    pub kind: PipelineKind,
    /// Stages in order.
    pub stages: Vec<Stage>,
}
