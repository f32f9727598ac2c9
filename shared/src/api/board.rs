//! The funnel board: a column per stage with totals computed by the server, the first cards of
//! each column, and a cursor per column for the rest.

use crate::api::{DealRow, MemberRef, Stage};
use crate::client::encode_component;
use crate::{ActivityId, HandoffId, MemberId, Money, PipelineId, Role, SegmentId, TerritoryId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Cards per column when the request names no limit: a screenful and more on a tall screen
/// (a column asks for its next page as it scrolls).
pub const DEFAULT_COLUMN_PAGE: u32 = 20;
/// Most cards per column in one request.
pub const MAX_COLUMN_PAGE: u32 = 200;

/// Board filters (also the query of a column's next page). All are optional and combine.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BoardQuery {
    /// Deals this member owns (in `role` if given, else in any role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<MemberId>,
    /// With `owner_id`: which owner; alone: deals in stages this role owns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Accounts in this segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_id: Option<SegmentId>,
    /// Accounts in this territory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory_id: Option<TerritoryId>,
    /// Amount at least this (minor units).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_amount: Option<i64>,
    /// Amount at most this (minor units).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<i64>,
    /// Text in the deal's title or the account's name or kana.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only deals that have sat in their stage longer than the stage's limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stalled: Option<bool>,
    /// Cards per column, 1–200 (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// A column page's cursor (column requests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// The cookie in which the app keeps the pipeline last shown on the board (not a secret: the
/// server reads it only to know which board's data to put in the page).
pub const BOARD_PIPELINE_COOKIE: &str = "baton_board";

/// The signed-in member: the path the client asks (and the page carries the answer under).
pub const ME_PATH: &str = "/api/v1/me";

/// The pipelines: the path the client asks (and the page carries the answer under).
pub const PIPELINES_PATH: &str = "/api/v1/pipelines";

/// The members (the board's owner filter lists them): the path the client asks (and the
/// board's page carries the answer under).
pub const MEMBERS_PATH: &str = "/api/v1/members";

/// The segments (a board filter): the path the client asks (and the board's page carries the
/// answer under).
pub const SEGMENTS_PATH: &str = "/api/v1/segments";

/// The territories (a board filter): the path the client asks (and the board's page carries
/// the answer under).
pub const TERRITORIES_PATH: &str = "/api/v1/territories";

/// The path of a pipeline's board with these filters, as the client asks for it (the page
/// carries the answer under the same path).
pub fn board_path(pipeline: PipelineId, q: &BoardQuery) -> String {
    let query = q.to_query_string();
    if query.is_empty() {
        format!("/api/v1/pipelines/{pipeline}/board")
    } else {
        format!("/api/v1/pipelines/{pipeline}/board?{query}")
    }
}

impl BoardQuery {
    /// The query string (without `?`).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |k: &str, v: String| parts.push(format!("{k}={}", encode_component(&v)));
        if let Some(v) = self.owner_id {
            push("owner_id", v.to_string());
        }
        if let Some(v) = self.role {
            push("role", v.as_str().to_owned());
        }
        if let Some(v) = self.segment_id {
            push("segment_id", v.to_string());
        }
        if let Some(v) = self.territory_id {
            push("territory_id", v.to_string());
        }
        if let Some(v) = self.min_amount {
            push("min_amount", v.to_string());
        }
        if let Some(v) = self.max_amount {
            push("max_amount", v.to_string());
        }
        if let Some(v) = &self.q {
            push("q", v.clone());
        }
        if let Some(v) = self.stalled {
            push("stalled", v.to_string());
        }
        if let Some(v) = self.limit {
            push("limit", v.to_string());
        }
        if let Some(v) = &self.cursor {
            push("cursor", v.clone());
        }
        parts.join("&")
    }
}

/// The next planned activity of a deal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextActivity {
    /// The activity.
    pub id: ActivityId,
    /// call, meeting, email, visit or task.
    pub kind: String,
    /// What it is about.
    pub subject: String,
    /// When (UTC).
    pub planned_at: DateTime<Utc>,
}

/// A hand-off of the deal waiting for its receiver.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingHandoff {
    /// The hand-off.
    pub id: HandoffId,
    /// The role receiving it.
    pub to_role: Role,
    /// Who receives it, once chosen.
    pub to: Option<MemberRef>,
    /// When it was sent (UTC).
    pub sent_at: DateTime<Utc>,
    /// When it must be answered (business time), if its type has a deadline.
    #[serde(default)]
    pub due_at: Option<DateTime<Utc>>,
}

/// A card on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DealCard {
    /// The deal.
    #[serde(flatten)]
    pub deal: DealRow,
    /// Whether it has sat in its stage longer than the stage's limit.
    pub stalled: bool,
    /// The next planned activity, if any.
    pub next_activity: Option<NextActivity>,
    /// A hand-off waiting for its receiver, if any.
    pub pending_handoff: Option<PendingHandoff>,
}

/// Sums of one currency in a column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ColumnTotal {
    /// Sum of the amounts.
    pub amount: Money,
    /// Sum weighted by the stage's win probability.
    pub weighted: Money,
}

/// One stage's column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Column {
    /// The stage.
    pub stage: Stage,
    /// Deals in the column that match the filter.
    pub count: i64,
    /// Totals per currency (one entry when all deals share a currency).
    pub totals: Vec<ColumnTotal>,
    /// The first cards, in the team's order.
    pub cards: Vec<DealCard>,
    /// Pass to the column's deals endpoint for more; absent when all cards are here.
    pub next_cursor: Option<String>,
}

/// `GET /api/v1/pipelines/{id}/board`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    /// The pipeline.
    pub pipeline_id: PipelineId,
    /// Its name.
    pub name: String,
    /// A column per stage, in order.
    pub columns: Vec<Column>,
    /// The newest event when this board was read. Opening the event stream from it
    /// (`GET /api/v1/events?last_event_id=…`) replays every change made since, so that none
    /// falls between this answer and the stream (a change already in this answer may come
    /// again; a deal's `version` tells).
    pub last_event_id: i64,
}

/// `GET /api/v1/pipelines/{id}/stages/{stage_id}/deals`: more cards of one column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ColumnPage {
    /// The next cards.
    pub cards: Vec<DealCard>,
    /// For the page after; absent at the end.
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn board_query_string() {
        let q = BoardQuery {
            owner_id: Some(MemberId(5)),
            role: Some(Role::Closer),
            q: Some("山田 製作所".into()),
            stalled: Some(true),
            ..BoardQuery::default()
        };
        assert_eq!(
            q.to_query_string(),
            "owner_id=5&role=closer&q=%E5%B1%B1%E7%94%B0%20%E8%A3%BD%E4%BD%9C%E6%89%80&stalled=true"
        );
    }
}
