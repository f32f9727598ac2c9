//! Accounts (the customers deals are for), and the segments and territories they fall in.

use crate::{AccountId, SegmentId, TerritoryId};
use serde::{Deserialize, Serialize};

/// Most accounts in one search answer.
pub const MAX_ACCOUNT_RESULTS: u32 = 50;

/// `GET /api/v1/accounts?q=…&limit=…`: accounts whose name or kana contains `q`, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AccountQuery {
    /// Text in the name or its kana reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// How many, 1–50 (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl AccountQuery {
    /// The query string (without `?`).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(q) = &self.q {
            parts.push(format!("q={}", crate::client::encode_component(q)));
        }
        if let Some(l) = self.limit {
            parts.push(format!("limit={l}"));
        }
        parts.join("&")
    }
}

/// An account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// The account's id.
    pub id: AccountId,
    /// Company name.
    pub name: String,
    /// Reading of the name in kana (may be empty).
    pub name_kana: String,
    /// Its segment.
    pub segment_id: Option<SegmentId>,
    /// Its territory.
    pub territory_id: Option<TerritoryId>,
    /// Main phone number (may be empty).
    pub phone: String,
}

/// `POST /api/v1/accounts`: a new customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    /// Company name.
    pub name: String,
    /// Reading in kana.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_kana: Option<String>,
    /// Segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_id: Option<SegmentId>,
    /// Territory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory_id: Option<TerritoryId>,
    /// Main phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl NewAccount {
    /// Name required (≤ 200); kana ≤ 200, phone ≤ 40.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = crate::validate::Checks::new();
        c.text("name", &self.name, 200);
        if let Some(k) = &self.name_kana
            && k.chars().count() > 200
        {
            c.fail("name_kana", "too_long", "At most 200 characters.");
        }
        if let Some(p) = &self.phone
            && p.chars().count() > 40
        {
            c.fail("phone", "too_long", "At most 40 characters.");
        }
        c.finish()
    }
}

/// A segment of the market (`GET /api/v1/segments`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Segment {
    /// The segment's id.
    pub id: SegmentId,
    /// Its name.
    pub name: String,
    /// How often its accounts are to be contacted, in days (none: no rhythm).
    #[serde(default)]
    pub contact_interval_days: Option<u32>,
}

/// A sales territory (`GET /api/v1/territories`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Territory {
    /// The territory's id.
    pub id: TerritoryId,
    /// Its name.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_account_checks() {
        let ok = NewAccount {
            name: "山田製作所".into(),
            name_kana: Some("ヤマダセイサクショ".into()),
            segment_id: None,
            territory_id: None,
            phone: None,
        };
        assert!(ok.validate().is_ok());
        let bad = NewAccount {
            name: "  ".into(),
            phone: Some("0".repeat(41)),
            ..ok
        };
        let fields: Vec<String> = bad
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, ["name", "phone"]);
    }

    #[test]
    fn account_query_string() {
        let q = AccountQuery {
            q: Some("山田 商店".into()),
            limit: Some(5),
        };
        assert_eq!(
            q.to_query_string(),
            "q=%E5%B1%B1%E7%94%B0%20%E5%95%86%E5%BA%97&limit=5"
        );
    }
}
