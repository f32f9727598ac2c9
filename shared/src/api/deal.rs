//! Deals: the list of a pipeline, grouped by stage on the client.

use crate::api::MemberRef;
use crate::{AccountId, DealId, MemberId, Money, PipelineId, StageId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Largest page of deals one request returns.
pub const MAX_DEAL_PAGE: u32 = 500;
/// Page size when the request names none.
pub const DEFAULT_DEAL_PAGE: u32 = 100;

/// `GET /api/v1/deals` query: which deals, and where to continue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DealQuery {
    /// The pipeline (required).
    pub pipeline_id: Option<PipelineId>,
    /// Only this stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_id: Option<StageId>,
    /// Only deals this member owns in any role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<MemberId>,
    /// Continue after the page that returned this cursor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1–500 (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl DealQuery {
    /// The query string this query is sent as (without the `?`).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = self.pipeline_id {
            parts.push(format!("pipeline_id={p}"));
        }
        if let Some(s) = self.stage_id {
            parts.push(format!("stage_id={s}"));
        }
        if let Some(o) = self.owner_id {
            parts.push(format!("owner_id={o}"));
        }
        if let Some(c) = &self.cursor {
            parts.push(format!("cursor={}", crate::client::encode_component(c)));
        }
        if let Some(l) = self.limit {
            parts.push(format!("limit={l}"));
        }
        parts.join("&")
    }
}

/// The account a deal is for, as shown beside the deal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountRef {
    /// The account's id.
    pub id: AccountId,
    /// Company name.
    pub name: String,
}

/// A deal as a row of a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DealRow {
    /// The deal's id.
    pub id: DealId,
    /// Its pipeline.
    pub pipeline_id: PipelineId,
    /// Its current stage.
    pub stage_id: StageId,
    /// What is being sold.
    pub title: String,
    /// The customer.
    pub account: AccountRef,
    /// The deal's value.
    pub amount: Money,
    /// The appointer who booked it.
    pub appointer: Option<MemberRef>,
    /// The closer who works it.
    pub closer: Option<MemberRef>,
    /// The customer-success owner.
    pub success: Option<MemberRef>,
    /// When it is expected to close.
    pub expected_close_on: Option<NaiveDate>,
    /// When it entered its current stage (UTC).
    pub stage_entered_at: DateTime<Utc>,
    /// Last change (UTC).
    pub updated_at: DateTime<Utc>,
    /// Concurrency version: send it back with an edit.
    pub version: i32,
    /// The deal's place in the team's order within its stage: compare ranks byte by byte
    /// (plain string order) to sort a column.
    pub rank: String,
}

/// A `deal.moved` event: the deal after the move, and the stage it left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DealMoved {
    /// The deal as it is now.
    #[serde(flatten)]
    pub deal: DealRow,
    /// The stage it was in before.
    pub from_stage_id: StageId,
}

/// Count and amounts of the filtered deals in one stage and currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageTotal {
    /// The stage.
    pub stage_id: StageId,
    /// How many deals.
    pub count: i64,
    /// Sum of their amounts.
    pub amount: Money,
    /// Sum weighted by the stage's win probability.
    pub weighted: Money,
}

/// A page of deals: `GET /api/v1/deals`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DealPage {
    /// Deals in pipeline order: by stage, then the team's order within the stage.
    pub deals: Vec<DealRow>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// Totals per stage over every deal the filter matches (not just this page).
    pub totals: Vec<StageTotal>,
}

/// `POST /api/v1/deals/{id}/move`: put the deal into `stage_id`, between `after_id` and
/// `before_id` (either may be left out: the deal then goes right after `after_id`, right before
/// `before_id`, or to the end of the stage). `version` is the deal's version the client saw; a
/// stale one gets 409 with the deal as it is now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MoveDeal {
    /// The stage to move into (same pipeline).
    pub stage_id: StageId,
    /// The deal the moved deal goes right after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_id: Option<DealId>,
    /// The deal the moved deal goes right before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_id: Option<DealId>,
    /// The version the client last saw.
    pub version: i32,
}

/// Reads a field that may be absent (`None`), `null` (`Some(None)`) or a value.
fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

/// Checks a currency code: three capital letters.
fn is_currency(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())
}

/// `POST /api/v1/deals`: a new deal at the end of its stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewDeal {
    /// The pipeline.
    pub pipeline_id: PipelineId,
    /// The stage (default: the pipeline's first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_id: Option<StageId>,
    /// The customer.
    pub account_id: AccountId,
    /// What is being sold.
    pub title: String,
    /// Value in minor units, not negative.
    #[serde(default)]
    pub amount: i64,
    /// ISO 4217 code (default JPY).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The appointer (must hold the role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointer_id: Option<MemberId>,
    /// The closer (must hold the role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closer_id: Option<MemberId>,
    /// The customer-success owner (must hold the role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_id: Option<MemberId>,
    /// Expected close date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_close_on: Option<NaiveDate>,
}

impl NewDeal {
    /// Title, amount and currency.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = crate::validate::Checks::new();
        c.text("title", &self.title, 200);
        if self.amount < 0 {
            c.fail("amount", "negative", "Not negative.");
        }
        if let Some(cur) = &self.currency
            && !is_currency(cur)
        {
            c.fail(
                "currency",
                "invalid_currency",
                "Three capital letters, e.g. JPY.",
            );
        }
        c.finish()
    }
}

/// `PATCH /api/v1/deals/{id}`: change some fields; `version` is the version edited. Owner
/// fields and the expected close date take `null` to clear them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DealPatch {
    /// The version the edit started from.
    pub version: i32,
    /// New title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// New amount (minor units).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    /// New currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// New expected close date, or `null` to clear.
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub expected_close_on: Option<Option<NaiveDate>>,
    /// New appointer, or `null` to clear (managers only).
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<MemberId>))]
    pub appointer_id: Option<Option<MemberId>>,
    /// New closer, or `null` to clear (managers only).
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<MemberId>))]
    pub closer_id: Option<Option<MemberId>>,
    /// New customer-success owner, or `null` to clear (managers only).
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<MemberId>))]
    pub success_id: Option<Option<MemberId>>,
}

impl DealPatch {
    /// The values given are acceptable.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = crate::validate::Checks::new();
        if let Some(t) = &self.title {
            c.text("title", t, 200);
        }
        if self.amount.is_some_and(|a| a < 0) {
            c.fail("amount", "negative", "Not negative.");
        }
        if let Some(cur) = &self.currency
            && !is_currency(cur)
        {
            c.fail(
                "currency",
                "invalid_currency",
                "Three capital letters, e.g. JPY.",
            );
        }
        c.finish()
    }

    /// Whether it changes who owns the deal.
    pub fn changes_owners(&self) -> bool {
        self.appointer_id.is_some() || self.closer_id.is_some() || self.success_id.is_some()
    }
}

/// One move of a deal between stages: `GET /api/v1/deals/{id}/history`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageMove {
    /// Stage before (none for the first entry).
    pub from_stage_id: Option<StageId>,
    /// Stage after.
    pub to_stage_id: StageId,
    /// Who moved it.
    pub moved_by: Option<MemberRef>,
    /// When (UTC).
    pub moved_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_tells_absent_from_null() {
        let p: DealPatch = serde_json::from_str(
            r#"{"version":3,"closer_id":null,"expected_close_on":"2027-01-31"}"#,
        )
        .unwrap_or_default();
        assert_eq!(p.version, 3);
        assert_eq!(p.closer_id, Some(None));
        assert_eq!(p.appointer_id, None);
        assert_eq!(
            p.expected_close_on,
            Some(NaiveDate::from_ymd_opt(2027, 1, 31))
        );
        assert!(p.changes_owners());
        let p: DealPatch = serde_json::from_str(r#"{"version":1,"title":"x"}"#).unwrap_or_default();
        assert!(!p.changes_owners());
        let bad = DealPatch {
            title: Some(" ".into()),
            amount: Some(-1),
            currency: Some("yen".into()),
            ..DealPatch::default()
        };
        assert_eq!(bad.validate().err().map(|e| e.len()), Some(3));
    }

    #[test]
    fn query_string_encodes_cursor() {
        let q = DealQuery {
            pipeline_id: Some(PipelineId(1)),
            owner_id: Some(MemberId(3)),
            cursor: Some("2|a0 x|9".into()),
            limit: Some(50),
            ..DealQuery::default()
        };
        assert_eq!(
            q.to_query_string(),
            "pipeline_id=1&owner_id=3&cursor=2%7Ca0%20x%7C9&limit=50"
        );
    }
}
