//! Hand-offs: a deal passed from one member to another across roles, as a record with a
//! structured note, a deadline, and an answer (accepted, or rejected with a reason).

use crate::api::{AccountRef, MemberRef};
use crate::client::encode_component;
use crate::{DealId, HandoffId, MemberId, Money, Role, StageId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What is being handed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HandoffKind {
    /// An appointment, from the appointer to a closer.
    Appointment,
    /// A won account, from the closer to customer success.
    Won,
    /// Any other hand-over between roles (by hand, or a move across roles).
    Stage,
}

impl HandoffKind {
    /// Every kind.
    pub const ALL: [HandoffKind; 3] = [Self::Appointment, Self::Won, Self::Stage];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Appointment => "appointment",
            Self::Won => "won",
            Self::Stage => "stage",
        }
    }

    /// The kind of a hand-over from one role to another.
    pub fn between(from: Role, to: Role) -> Self {
        match (from, to) {
            (Role::Appointer, Role::Closer) => Self::Appointment,
            (Role::Closer, Role::Success) => Self::Won,
            _ => Self::Stage,
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a hand-off stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HandoffStatus {
    /// Waiting for the receiver.
    Pending,
    /// Taken over: the receiver owns the deal in their role.
    Accepted,
    /// Sent back with a reason: the deal returned to the giver's stage.
    Rejected,
}

impl HandoffStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Accepted, Self::Rejected]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// How a hand-off stands against its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    /// Answered in time, or pending with time left.
    OnTime,
    /// Pending, with less than a quarter of its business time left (or under an hour).
    DueSoon,
    /// Answered late, or pending past its deadline.
    Breached,
}

/// The deal a hand-off is about, as the inbox shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoffDeal {
    /// The deal.
    pub id: DealId,
    /// Its title.
    pub title: String,
    /// Its account.
    pub account: AccountRef,
    /// Its amount.
    pub amount: Money,
    /// The stage it is in now.
    pub stage_id: StageId,
    /// That stage's name.
    pub stage_name: String,
}

/// A hand-off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Handoff {
    /// Its id.
    pub id: HandoffId,
    /// What is handed over.
    pub kind: HandoffKind,
    /// Where it stands.
    pub status: HandoffStatus,
    /// The deal.
    pub deal: HandoffDeal,
    /// The giver (none if they have left the team).
    pub from: Option<MemberRef>,
    /// The giver's role.
    pub from_role: Role,
    /// The receiver (none: anyone holding `to_role` may take it).
    pub to: Option<MemberRef>,
    /// The receiver's role.
    pub to_role: Role,
    /// The hand-off note: the type's fields (need, budget, …) and their text.
    pub note: BTreeMap<String, String>,
    /// The type's required note fields that are still empty.
    pub missing: Vec<String>,
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// When it must be answered (business time).
    pub due_at: Option<DateTime<Utc>>,
    /// Against the deadline.
    pub sla: SlaState,
    /// When it was accepted.
    pub accepted_at: Option<DateTime<Utc>>,
    /// When it was rejected.
    pub rejected_at: Option<DateTime<Utc>>,
    /// The reject reason's code.
    pub reject_reason: Option<String>,
    /// The receiver's words on rejecting.
    pub reject_note: Option<String>,
}

/// Whose hand-offs: `me`, or a member's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum Party {
    /// The signed-in member.
    Me,
    /// A member (managers).
    Member(MemberId),
}

impl TryFrom<String> for Party {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s).ok_or_else(|| format!("expected `me` or a member id, not `{s}`"))
    }
}

impl Party {
    /// Reads `me` or a number.
    pub fn parse(s: &str) -> Option<Self> {
        if s == "me" {
            Some(Self::Me)
        } else {
            s.parse::<i64>().ok().map(|id| Self::Member(MemberId(id)))
        }
    }

    fn as_query(self) -> String {
        match self {
            Self::Me => "me".into(),
            Self::Member(id) => id.to_string(),
        }
    }
}

/// `GET /api/v1/handoffs`: filters (all optional; without `to` or `from`, managers see all
/// and others see their own, sent or received).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct HandoffQuery {
    /// Addressed to (`me` or a member id).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    #[serde(default)]
    pub to: Option<Party>,
    /// Sent by (`me` or a member id).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    #[serde(default)]
    pub from: Option<Party>,
    /// In this state.
    #[serde(default)]
    pub status: Option<HandoffStatus>,
    /// Of this deal.
    #[serde(default)]
    pub deal_id: Option<DealId>,
}

impl HandoffQuery {
    /// The query string (without `?`).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = self.to {
            parts.push(format!("to={}", p.as_query()));
        }
        if let Some(p) = self.from {
            parts.push(format!("from={}", p.as_query()));
        }
        if let Some(s) = self.status {
            parts.push(format!("status={}", s.as_str()));
        }
        if let Some(d) = self.deal_id {
            parts.push(format!("deal_id={d}"));
        }
        parts.join("&")
    }
}

/// `POST /api/v1/handoffs`: hand a deal over by hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewHandoff {
    /// The deal.
    pub deal_id: DealId,
    /// The receiver.
    pub to_member_id: MemberId,
    /// The role they take the deal in.
    pub to_role: Role,
    /// The note, by field.
    #[serde(default)]
    pub note: BTreeMap<String, String>,
}

/// `PATCH /api/v1/handoffs/{id}`: the giver completes the note while it is pending.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HandoffNotePatch {
    /// The note, by field (replaces the note).
    pub note: BTreeMap<String, String>,
}

/// `POST /api/v1/handoffs/{id}/reject`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RejectHandoff {
    /// A reason's code from `GET /api/v1/handoffs/reasons` (required).
    #[serde(default)]
    pub reason: String,
    /// The receiver's words.
    #[serde(default)]
    pub note: String,
}

/// A reason to reject a hand-off, from the managed list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectReason {
    /// Stable code.
    pub code: String,
    /// 日本語の表示名.
    pub label_ja: String,
    /// English label.
    pub label_en: String,
    /// Offered to receivers (a retired reason stays in past hand-offs and the numbers).
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// `GET /api/v1/handoffs/reasons?include_retired=true`: the retired reasons too (for the labels
/// of past hand-offs, and the managers' settings).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ReasonQuery {
    /// With the retired reasons (after the active ones).
    #[serde(default)]
    pub include_retired: bool,
}

/// `POST /api/v1/handoffs/reasons` (managers): a new reject reason, offered last.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRejectReason {
    /// Stable code (lower-case letters, digits and `_`, up to 40); empty: made from the
    /// English label.
    #[serde(default)]
    pub code: String,
    /// 日本語の表示名 (required, up to 100).
    #[serde(default)]
    pub label_ja: String,
    /// English label (required, up to 100).
    #[serde(default)]
    pub label_en: String,
}

/// `PATCH /api/v1/handoffs/reasons/{code}` (managers): what is given changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RejectReasonPatch {
    /// 日本語の表示名.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_ja: Option<String>,
    /// English label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// Offered again (`true`) or retired (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Its place among all reasons, from 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
}

/// A code made from an English label: lower-case words joined by `_`, up to 40 characters
/// (empty if the label has no Latin letters or digits).
pub fn reason_code_from(label: &str) -> String {
    let mut out = String::new();
    for word in label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_ascii_lowercase();
        let sep = usize::from(!out.is_empty());
        if out.len() + sep + word.len() > 40 {
            break;
        }
        if sep == 1 {
            out.push('_');
        }
        out.push_str(&word);
    }
    out
}

/// Whether `code` is a valid reason code or note field name.
pub fn is_field_name(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 40
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A hand-off type's rules, set by managers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoffType {
    /// The kind.
    pub kind: HandoffKind,
    /// Business minutes the receiver has to answer (business hours, weekdays, Japanese
    /// public holidays off).
    pub sla_minutes: u32,
    /// Note fields the giver must fill.
    pub required_fields: Vec<String>,
}

/// `PUT /api/v1/handoffs/types/{kind}` (managers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HandoffTypePatch {
    /// Business minutes to answer, 1–43,200.
    pub sla_minutes: u32,
    /// Required note fields (lower-case words and `_`).
    pub required_fields: Vec<String>,
}

/// `GET /api/v1/handoffs/stats?from=…&to=…`: the period (dates in the team's time zone,
/// both included).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct StatsPeriod {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl StatsPeriod {
    /// The query string (without `?`).
    pub fn to_query_string(&self) -> String {
        format!(
            "from={}&to={}",
            encode_component(&self.from.to_string()),
            encode_component(&self.to.to_string())
        )
    }
}

/// How often a reason was given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonCount {
    /// The reason's code.
    pub reason: String,
    /// Times given.
    pub count: u32,
}

/// One member's hand-offs along one edge (appointer → closer, closer → success, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EdgeStats {
    /// The member (as giver in `sent`…`rejected`, as receiver in `received`…`breaches`).
    pub member: MemberRef,
    /// The giving role.
    pub from_role: Role,
    /// The receiving role.
    pub to_role: Role,
    /// Sent by the member.
    pub sent: u32,
    /// Of those, accepted.
    pub accepted: u32,
    /// Of those, rejected.
    pub rejected: u32,
    /// Of those, rejected, by reason.
    pub rejected_by_reason: Vec<ReasonCount>,
    /// Received by the member.
    pub received: u32,
    /// Median business minutes from sending to accepting, of those the member accepted.
    pub median_minutes_to_accept: Option<i64>,
    /// Received and answered late, or pending past the deadline.
    pub breaches: u32,
}

/// `GET /api/v1/handoffs/stats`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoffStats {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Per member and edge, members by name.
    pub rows: Vec<EdgeStats>,
    /// For the deals won in the period: every member who carried them, per role.
    #[serde(default)]
    pub won_credit: Vec<WonCredit>,
}

/// One member's credit, in one role, for the deals won in a period: the appointer who set
/// them, the closers who carried and won them, the success owners who took them over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WonCredit {
    /// The member.
    pub member: MemberRef,
    /// The role they carried the deals in.
    pub role: Role,
    /// Won deals they carried in that role.
    pub deals: u32,
    /// Those deals' amounts, one sum per currency (by currency code).
    pub amounts: Vec<Money>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_queries() {
        assert_eq!(
            HandoffKind::between(Role::Appointer, Role::Closer),
            HandoffKind::Appointment
        );
        assert_eq!(
            HandoffKind::between(Role::Closer, Role::Success),
            HandoffKind::Won
        );
        assert_eq!(
            HandoffKind::between(Role::Closer, Role::Appointer),
            HandoffKind::Stage
        );
        assert_eq!(HandoffKind::parse("won"), Some(HandoffKind::Won));
        let q = HandoffQuery {
            to: Some(Party::Me),
            status: Some(HandoffStatus::Pending),
            ..Default::default()
        };
        assert_eq!(q.to_query_string(), "to=me&status=pending");
        assert_eq!(Party::parse("12"), Some(Party::Member(MemberId(12))));
        assert_eq!(Party::parse("x"), None);
    }

    #[test]
    fn reason_codes_come_from_english_labels() {
        assert_eq!(
            reason_code_from("Wrong contact person"),
            "wrong_contact_person"
        );
        assert_eq!(
            reason_code_from("  No budget (this year) "),
            "no_budget_this_year"
        );
        assert_eq!(reason_code_from("担当者違い"), "");
        let long = reason_code_from(&"abcdefghij ".repeat(6));
        assert_eq!(long, "abcdefghij_abcdefghij_abcdefghij");
        assert!(is_field_name(&long));
        assert!(!is_field_name("No"));
        assert!(!is_field_name(""));
    }
}
