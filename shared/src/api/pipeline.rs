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

fn check_stage_values(
    c: &mut crate::validate::Checks,
    name: Option<&str>,
    probability: Option<i32>,
    stall_days: Option<i32>,
) {
    if let Some(n) = name {
        c.text("name", n, 100);
    }
    if probability.is_some_and(|p| !(0..=100).contains(&p)) {
        c.fail("probability", "out_of_range", "A percentage from 0 to 100.");
    }
    if stall_days.is_some_and(|d| !(1..=3650).contains(&d)) {
        c.fail("stall_days", "out_of_range", "From 1 to 3650 days.");
    }
}

/// `POST /api/v1/pipelines` (managers): a new pipeline with its stages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPipeline {
    /// Name.
    pub name: String,
    /// Sales or customer success.
    pub kind: PipelineKind,
    /// Its stages in order (at least one).
    pub stages: Vec<NewStage>,
}

impl NewPipeline {
    /// Name and every stage checked.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = crate::validate::Checks::new();
        c.text("name", &self.name, 100);
        if self.stages.is_empty() {
            c.fail("stages", "required", "A pipeline needs at least one stage.");
        }
        let mut all = c.finish().err().unwrap_or_default();
        for (i, s) in self.stages.iter().enumerate() {
            if let Err(errs) = s.validate() {
                all.extend(errs.into_iter().map(|mut e| {
                    e.field = format!("stages[{i}].{}", e.field);
                    e
                }));
            }
        }
        if all.is_empty() { Ok(()) } else { Err(all) }
    }
}

/// `PATCH /api/v1/pipelines/{id}` (managers).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PipelinePatch {
    /// New name.
    pub name: String,
}

/// A stage to add: `POST /api/v1/pipelines/{id}/stages` (managers), or part of a new pipeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewStage {
    /// Name.
    pub name: String,
    /// Win probability in percent.
    pub probability: i32,
    /// The role that works it.
    pub owning_role: Role,
    /// Days before a deal in it counts as stalled.
    pub stall_days: i32,
    /// Open (default), won or lost.
    #[serde(default = "open")]
    pub kind: StageKind,
    /// Where to insert it (0 = first; default: last). Only for a stage added to a pipeline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i32>,
}

fn open() -> StageKind {
    StageKind::Open
}

impl NewStage {
    /// Name, probability and stall limit.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = crate::validate::Checks::new();
        check_stage_values(
            &mut c,
            Some(&self.name),
            Some(self.probability),
            Some(self.stall_days),
        );
        if self.position.is_some_and(|p| p < 0) {
            c.fail("position", "out_of_range", "From 0.");
        }
        c.finish()
    }
}

/// `PATCH /api/v1/pipelines/{id}/stages/{stage_id}` (managers): any of the settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StagePatch {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New win probability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<i32>,
    /// New owning role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owning_role: Option<Role>,
    /// New stall limit in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stall_days: Option<i32>,
    /// New kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<StageKind>,
}

impl StagePatch {
    /// The values given are acceptable.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = crate::validate::Checks::new();
        check_stage_values(
            &mut c,
            self.name.as_deref(),
            self.probability,
            self.stall_days,
        );
        c.finish()
    }
}

/// `PUT /api/v1/pipelines/{id}/stages/order` (managers): every stage id of the pipeline, once,
/// in the new order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StageOrder {
    /// The stages in their new order.
    pub stage_ids: Vec<StageId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_pipelines_name_the_bad_stage_fields() {
        let p = NewPipeline {
            name: "".into(),
            kind: PipelineKind::Sales,
            stages: vec![NewStage {
                name: "ok".into(),
                probability: 101,
                owning_role: Role::Closer,
                stall_days: 0,
                kind: StageKind::Open,
                position: None,
            }],
        };
        let fields: Vec<String> = p
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(
            fields,
            ["name", "stages[0].probability", "stages[0].stall_days"]
        );
        let s: NewStage = serde_json::from_str(
            r#"{"name":"x","probability":5,"owning_role":"appointer","stall_days":3}"#,
        )
        .unwrap_or_else(|_| NewStage {
            name: String::new(),
            probability: 0,
            owning_role: Role::Admin,
            stall_days: 0,
            kind: StageKind::Won,
            position: None,
        });
        assert_eq!(s.kind, StageKind::Open, "open by default");
    }
}
