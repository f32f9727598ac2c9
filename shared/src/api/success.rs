//! Customer success: the accounts handed to a success member (what was promised, the
//! onboarding checklist, when they were last contacted), the checklist template the managers
//! keep, and each segment's contact interval.

use crate::api::{AccountRef, MemberRef};
use crate::{AccountId, ChecklistItemId, DealId, HandoffId, MemberId, Money, SegmentId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// Most items in the onboarding checklist template.
pub const CHECKLIST_MAX_ITEMS: usize = 30;
/// Longest label of one checklist item, in characters.
pub const CHECKLIST_LABEL_MAX: usize = 200;
/// Longest contact interval a segment may have, in days.
pub const CONTACT_INTERVAL_MAX: u32 = 365;

/// `GET`/`PUT /api/v1/success/checklist-template`: the onboarding checklist, in order. Each
/// account taken over by success gets a copy when the hand-off is accepted; later edits change
/// only the accounts taken over afterwards.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChecklistTemplate {
    /// Item labels, in order (1–30, each 1–200 characters, no two alike).
    pub items: Vec<String>,
}

impl ChecklistTemplate {
    /// At least one item and at most [`CHECKLIST_MAX_ITEMS`]; each label non-blank, at most
    /// [`CHECKLIST_LABEL_MAX`] characters, and different from the others. An error on one item
    /// names it as `items[i]` (from 0).
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = crate::validate::Checks::new();
        if self.items.is_empty() {
            c.fail("items", "required", "Give at least one item.");
        } else if self.items.len() > CHECKLIST_MAX_ITEMS {
            c.fail(
                "items",
                "too_many",
                format!("At most {CHECKLIST_MAX_ITEMS} items."),
            );
        }
        for (i, label) in self.items.iter().enumerate() {
            let field = format!("items[{i}]");
            let t = label.trim();
            if t.is_empty() {
                c.fail(&field, "required", format!("Item {} is empty.", i + 1));
            } else if t.chars().count() > CHECKLIST_LABEL_MAX {
                c.fail(
                    &field,
                    "too_long",
                    format!(
                        "Item {} is longer than {CHECKLIST_LABEL_MAX} characters.",
                        i + 1
                    ),
                );
            } else if self.items[..i].iter().any(|x| x.trim() == t) {
                c.fail(
                    &field,
                    "duplicate",
                    format!("Item {} repeats an earlier item.", i + 1),
                );
            }
        }
        c.finish()
    }
}

/// One item of an account's onboarding checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChecklistItem {
    /// The item.
    pub id: ChecklistItemId,
    /// What is to be done (copied from the template when the account was taken over).
    pub label: String,
    /// Whether it is done.
    pub done: bool,
    /// When it was ticked (UTC).
    pub done_at: Option<DateTime<Utc>>,
    /// Who ticked it.
    pub done_by: Option<MemberRef>,
}

/// `PATCH /api/v1/success/accounts/{account_id}/checklist/{item_id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChecklistItemPatch {
    /// Done or not.
    pub done: bool,
}

/// Whose accounts: `me`, a member id (managers), or `all` (managers).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum SuccessOwner {
    /// The signed-in member.
    #[default]
    Me,
    /// One member (managers).
    Member(MemberId),
    /// Every success owner (managers).
    All,
}

impl TryFrom<String> for SuccessOwner {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s).ok_or_else(|| format!("expected `me`, `all` or a member id, not `{s}`"))
    }
}

impl SuccessOwner {
    /// Reads `me`, `all` or a number.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "me" => Some(Self::Me),
            "all" => Some(Self::All),
            _ => s.parse::<i64>().ok().map(|id| Self::Member(MemberId(id))),
        }
    }

    /// As written in a query string.
    pub fn as_query(self) -> String {
        match self {
            Self::Me => "me".into(),
            Self::All => "all".into(),
            Self::Member(id) => id.to_string(),
        }
    }
}

/// `GET /api/v1/success/accounts?owner=…&stale=…`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct SuccessQuery {
    /// Whose accounts: `me` (default), a member id or `all` (both for managers).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    #[serde(default)]
    pub owner: Option<SuccessOwner>,
    /// Only the accounts past their segment's contact interval, most overdue first.
    #[serde(default)]
    pub stale: Option<bool>,
}

impl SuccessQuery {
    /// The query string (without `?`).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(o) = self.owner {
            parts.push(format!("owner={}", o.as_query()));
        }
        if let Some(s) = self.stale {
            parts.push(format!("stale={s}"));
        }
        parts.join("&")
    }
}

/// The accepted won hand-off of a deal: what the closer promised, and who they are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandedOver {
    /// The hand-off.
    pub handoff_id: HandoffId,
    /// Who handed the account over.
    pub from: Option<MemberRef>,
    /// When success accepted it (UTC).
    pub accepted_at: Option<DateTime<Utc>>,
    /// The note, by field (contract terms, deliverables, key contacts, risks).
    pub note: BTreeMap<String, String>,
}

/// A deal of an account in customer success.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuccessDeal {
    /// The deal.
    pub id: DealId,
    /// Its title.
    pub title: String,
    /// Its stage.
    pub stage_name: String,
    /// Its value.
    pub amount: Money,
    /// Its success owner.
    pub success: Option<MemberRef>,
    /// The accepted won hand-off, if any.
    pub handed_over: Option<HandedOver>,
}

/// The segment of an account, with its contact interval.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SegmentRef {
    /// The segment.
    pub id: SegmentId,
    /// Its name.
    pub name: String,
}

/// An account in a success member's inbox (`GET /api/v1/success/accounts`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuccessAccount {
    /// The account.
    pub account: AccountRef,
    /// Its segment.
    pub segment: Option<SegmentRef>,
    /// The segment's contact interval in days (none: no rhythm, never overdue).
    pub contact_interval_days: Option<u32>,
    /// Its deals with the asked-for success owner (lost ones left out).
    pub deals: Vec<SuccessDeal>,
    /// The onboarding checklist, in order.
    pub checklist: Vec<ChecklistItem>,
    /// How many items are done.
    pub checklist_done: u32,
    /// The last done call, meeting, e-mail or visit (UTC); none if never.
    pub last_contacted_at: Option<DateTime<Utc>>,
    /// Whole days since the last contact, or, if never contacted, since success took the
    /// account over.
    pub days_since_contact: Option<u32>,
    /// Days past the contact interval, when the account is overdue
    /// (`days_since_contact > contact_interval_days`).
    pub overdue_days: Option<u32>,
}

impl SuccessAccount {
    /// Whether one of the deals is owned by `member` in success.
    pub fn owned_by(&self, member: MemberId) -> bool {
        self.deals
            .iter()
            .any(|d| d.success.as_ref().is_some_and(|m| m.id == member))
    }
}

/// Requires the field to be present (it may be `null`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Option::<u32>::deserialize(d)
}

/// `PATCH /api/v1/segments/{id}` (managers): how often its accounts are to be contacted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SegmentPatch {
    /// Days, 1–365, or `null` for no contact rhythm.
    #[serde(deserialize_with = "present")]
    pub contact_interval_days: Option<u32>,
}

impl SegmentPatch {
    /// The interval, when given, is 1–365 days.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = crate::validate::Checks::new();
        if let Some(n) = self.contact_interval_days
            && !(1..=CONTACT_INTERVAL_MAX).contains(&n)
        {
            c.fail(
                "contact_interval_days",
                "out_of_range",
                "Give the interval in days, from 1 to 365, or leave it empty.",
            );
        }
        c.finish()
    }
}

/// The account an item belongs to, for paths.
pub fn checklist_item_path(account: AccountId, item: ChecklistItemId) -> String {
    format!("/api/v1/success/accounts/{account}/checklist/{item}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(t: &ChecklistTemplate) -> Vec<String> {
        t.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.field)
            .collect()
    }

    #[test]
    fn template_items_are_checked_one_by_one() {
        let ok = ChecklistTemplate {
            items: vec!["キックオフ".into(), "管理者研修".into()],
        };
        assert!(ok.validate().is_ok());
        assert_eq!(fields(&ChecklistTemplate { items: vec![] }), ["items"]);
        let bad = ChecklistTemplate {
            items: vec![
                "キックオフ".into(),
                "  ".into(),
                "x".repeat(201),
                " キックオフ ".into(),
            ],
        };
        assert_eq!(fields(&bad), ["items[1]", "items[2]", "items[3]"]);
        let many = ChecklistTemplate {
            items: (0..31).map(|i| format!("item {i}")).collect(),
        };
        assert_eq!(fields(&many), ["items"]);
    }

    #[test]
    fn interval_is_one_to_365_days_or_none() {
        let p = |n: Option<u32>| SegmentPatch {
            contact_interval_days: n,
        };
        assert!(p(None).validate().is_ok());
        assert!(p(Some(1)).validate().is_ok());
        assert!(p(Some(365)).validate().is_ok());
        assert!(p(Some(0)).validate().is_err());
        assert!(p(Some(366)).validate().is_err());
    }

    #[test]
    fn the_interval_must_be_named_even_when_cleared() {
        let cleared: SegmentPatch =
            serde_json::from_str(r#"{"contact_interval_days":null}"#).unwrap();
        assert_eq!(cleared.contact_interval_days, None);
        assert!(serde_json::from_str::<SegmentPatch>("{}").is_err());
    }

    #[test]
    fn owner_reads_me_all_or_an_id() {
        assert_eq!(SuccessOwner::parse("me"), Some(SuccessOwner::Me));
        assert_eq!(SuccessOwner::parse("all"), Some(SuccessOwner::All));
        assert_eq!(
            SuccessOwner::parse("7"),
            Some(SuccessOwner::Member(MemberId(7)))
        );
        assert_eq!(SuccessOwner::parse("x"), None);
        let q = SuccessQuery {
            owner: Some(SuccessOwner::All),
            stale: Some(true),
        };
        assert_eq!(q.to_query_string(), "owner=all&stale=true");
    }
}
