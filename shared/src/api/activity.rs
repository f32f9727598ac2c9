//! A deal's activities (calls, meetings, e-mails, visits, tasks) and its audit trail.

use crate::api::MemberRef;
use crate::{ActivityId, DealId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The kinds of activity.
pub const ACTIVITY_KINDS: [&str; 5] = ["call", "meeting", "email", "visit", "task"];

/// An activity of a deal (`GET /api/v1/deals/{id}/activities`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    /// The activity.
    pub id: ActivityId,
    /// The deal.
    pub deal_id: DealId,
    /// call, meeting, email, visit or task.
    pub kind: String,
    /// Who did it or will.
    pub member: MemberRef,
    /// What it is about.
    pub subject: String,
    /// Notes.
    pub notes: String,
    /// When it is planned (UTC), for planned activities.
    pub planned_at: Option<DateTime<Utc>>,
    /// When it was done (UTC); absent while planned.
    pub done_at: Option<DateTime<Utc>>,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/deals/{id}/activities`: plan an activity (`planned_at`) or record one done
/// (`done_at`); exactly one of the two.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewActivity {
    /// call, meeting, email, visit or task.
    pub kind: String,
    /// What it is about (1–200 characters).
    pub subject: String,
    /// Notes (up to 5,000 characters).
    #[serde(default)]
    pub notes: String,
    /// When it is planned (UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_at: Option<DateTime<Utc>>,
    /// When it was done (UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<DateTime<Utc>>,
}

impl NewActivity {
    /// Kind known, subject 1–200, notes ≤ 5,000, exactly one of planned/done.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = crate::validate::Checks::new();
        if !ACTIVITY_KINDS.contains(&self.kind.as_str()) {
            c.fail(
                "kind",
                "invalid_value",
                "One of call, meeting, email, visit, task.",
            );
        }
        c.text("subject", &self.subject, 200);
        if self.notes.chars().count() > 5000 {
            c.fail("notes", "too_long", "At most 5,000 characters.");
        }
        match (self.planned_at, self.done_at) {
            (Some(_), None) | (None, Some(_)) => {}
            (None, None) => c.fail(
                "planned_at",
                "required",
                "Give when it is planned or was done.",
            ),
            (Some(_), Some(_)) => {
                c.fail("done_at", "conflict", "Either planned or done, not both.")
            }
        }
        c.finish()
    }
}

/// One entry of a deal's audit trail (`GET /api/v1/deals/{id}/audit`), newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Who changed it (absent for the system).
    pub member: Option<MemberRef>,
    /// The field (`created` for the deal's creation, `stage_id`, `amount`, …).
    pub field: String,
    /// Value before.
    pub old_value: Option<String>,
    /// Value after.
    pub new_value: Option<String>,
    /// When (UTC).
    pub at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call() -> NewActivity {
        NewActivity {
            kind: "call".into(),
            subject: "初回ヒアリング".into(),
            notes: String::new(),
            planned_at: Some(Utc::now()),
            done_at: None,
        }
    }

    fn fields(a: &NewActivity) -> Vec<String> {
        a.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.field)
            .collect()
    }

    #[test]
    fn activity_checks() {
        assert!(call().validate().is_ok());
        let mut a = call();
        a.kind = "fax".into();
        a.subject = String::new();
        assert_eq!(fields(&a), ["kind", "subject"]);
        let mut b = call();
        b.planned_at = None;
        assert_eq!(fields(&b), ["planned_at"]);
        let mut d = call();
        d.done_at = Some(Utc::now());
        assert_eq!(fields(&d), ["done_at"]);
    }
}
