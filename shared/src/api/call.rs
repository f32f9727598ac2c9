//! Call mode: the appointer's call queue, a call run on a published script version (each
//! answer recorded as it is clicked), its finish with an outcome, and the numbers per step of a
//! script version.
//!
//! `back` is recorded as a row of its own (`back: true`) that undoes the latest answer still in
//! force; the undone answer stays stored (marked undone), so a call's record keeps every click,
//! and the path and the numbers use only the answers in force. Sequence numbers count every
//! recorded click of a call (answers and backs) from 1.

use crate::api::{DealRow, MemberRef};
use crate::script::{Outcome, ScriptGraph};
use crate::validate::Checks;
use crate::{ActivityId, CallId, ContactId, DealId, FieldError, MemberId, ScriptId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ScriptPurpose;

/// Longest notes of an answer or of a call.
pub const MAX_CALL_NOTES: usize = 5000;
/// Longest not-interested reason.
pub const MAX_REASON: usize = 200;
/// Most deals the queue returns.
pub const MAX_QUEUE: usize = 200;

/// Why a deal is in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QueueReason {
    /// A planned call is due (now or earlier).
    PlannedCall,
    /// Nobody has called yet.
    NeverCalled,
}

/// The person to call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRef {
    /// The contact.
    pub id: ContactId,
    /// Their name.
    pub name: String,
    /// Their title.
    pub title: String,
    /// Their phone number.
    pub phone: String,
}

/// The published script a call is to use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScriptRef {
    /// The script.
    pub id: ScriptId,
    /// Its name.
    pub name: String,
    /// Cold call or follow-up.
    pub purpose: ScriptPurpose,
    /// The published version calls run.
    pub version: i32,
}

/// One deal of `GET /api/v1/calls/queue`, soonest due first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueEntry {
    /// The deal (with its account).
    pub deal: DealRow,
    /// Its stage's name.
    pub stage_name: String,
    /// The person to call (the deal's contact, else the account's primary one).
    pub contact: Option<ContactRef>,
    /// Since when it is due (the planned call's time, or the deal's creation when never called).
    pub due_at: DateTime<Utc>,
    /// Why it is due.
    pub reason: QueueReason,
    /// The planned call that is due, if that is the reason.
    pub planned_activity_id: Option<ActivityId>,
    /// The pipeline's published cold-call script (never called) or follow-up script (called
    /// before); none when the pipeline has no such script published.
    pub script: Option<ScriptRef>,
}

/// `POST /api/v1/calls`: start a call on a deal with a script's published version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StartCall {
    /// The deal called about.
    pub deal_id: DealId,
    /// The script (its published version is run).
    pub script_id: ScriptId,
}

/// `POST /api/v1/calls/{id}/answers`: the customer's answer at a step, or `back`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CallAnswer {
    /// The step answered: the step the call is at, or any shared (objection) step.
    #[serde(default)]
    pub step_key: String,
    /// The answer's index in that step (0-based; key 1 is index 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_index: Option<u32>,
    /// Undo the latest answer in force instead (`step_key` and `answer_index` are then ignored).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub back: bool,
    /// Notes taken at this step.
    #[serde(default)]
    pub notes: String,
    /// The click's sequence number in the call (the call's `seq` + 1). Optional; with it a
    /// repeated click is answered with the call as it is instead of being recorded twice, and a
    /// different click under a number already used is a 409.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<i32>,
}

impl CallAnswer {
    /// An answer.
    pub fn answer(step_key: &str, answer_index: u32) -> Self {
        Self {
            step_key: step_key.into(),
            answer_index: Some(answer_index),
            ..Self::default()
        }
    }

    /// A back.
    pub fn back() -> Self {
        Self {
            back: true,
            ..Self::default()
        }
    }

    /// The fields an answer needs, notes ≤ 5,000 characters.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checks::new();
        if !self.back {
            if self.step_key.trim().is_empty() {
                c.fail("step_key", "required", "Name the step answered.");
            }
            if self.answer_index.is_none() {
                c.fail("answer_index", "required", "Name the answer given.");
            }
        }
        if self.notes.chars().count() > MAX_CALL_NOTES {
            c.fail("notes", "too_long", "At most 5,000 characters.");
        }
        if self.seq.is_some_and(|s| s < 1) {
            c.fail("seq", "invalid_value", "Sequence numbers start at 1.");
        }
        c.finish()
    }
}

/// One answer in force on a call's path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PathStep {
    /// The click's sequence number.
    pub seq: i32,
    /// The step answered.
    pub step_key: String,
    /// The answer's index.
    pub answer_index: u32,
    /// The answer's label.
    pub label: String,
    /// Notes taken at the step.
    pub notes: String,
    /// When it was clicked (UTC).
    pub at: DateTime<Utc>,
}

/// A call: its script version, the path so far, where it is, and how it ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Call {
    /// The call.
    pub id: CallId,
    /// The deal called about.
    pub deal_id: Option<DealId>,
    /// Who calls.
    pub member: MemberRef,
    /// The script.
    pub script_id: ScriptId,
    /// The version run.
    pub version: i32,
    /// That version's graph.
    pub graph: ScriptGraph,
    /// The step the call is at (the start at first); none once the last answer leads to an
    /// outcome.
    pub step: Option<String>,
    /// The outcome the last answer leads to, if it does.
    pub reached_outcome: Option<Outcome>,
    /// The answers in force, in order.
    pub path: Vec<PathStep>,
    /// The last recorded sequence number (0 before any click); the next click is `seq + 1`.
    pub seq: i32,
    /// When it started (UTC).
    pub started_at: DateTime<Utc>,
    /// When it was finished (UTC).
    pub finished_at: Option<DateTime<Utc>>,
    /// How it ended.
    pub outcome: Option<Outcome>,
    /// The call's notes (given at finish).
    pub notes: String,
    /// The not-interested reason.
    pub reason: Option<String>,
    /// The activity that records it, once finished.
    pub activity_id: Option<ActivityId>,
}

/// Where a suggested closer comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CloserSource {
    /// The deal already has this closer (an owner keeps the deal, as with hand-offs).
    Deal,
    /// The team's routing would give the next appointment for the account's territory and
    /// segment to this closer (the team matrix: coverage, weights, capacities, absences).
    Routing,
}

/// The closer to preselect for an appointment, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestedCloser {
    /// The closer.
    pub member: MemberRef,
    /// Why this one.
    pub source: CloserSource,
}

/// `GET /api/v1/calls/{id}/context`: what the call screen shows beside the script: the deal,
/// the person called, the values of the script's variables, and who may hold the meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallContext {
    /// The call.
    pub call_id: CallId,
    /// The script and the version the call runs.
    pub script: ScriptRef,
    /// The deal called about (with its account).
    pub deal: Option<DealRow>,
    /// The person called: the call's contact, else the account's primary one.
    pub contact: Option<ContactRef>,
    /// The calling member's own company, for `{member.company}` (the server's
    /// `BATON_COMPANY_NAME`; empty when not configured).
    pub member_company: String,
    /// Active members holding the closer role, by name.
    pub closers: Vec<MemberRef>,
    /// The closer to preselect for an appointment: the deal's closer, else the team routing's
    /// choice; none when the deal has none and nobody is eligible.
    pub suggested_closer: Option<SuggestedCloser>,
}

/// `POST /api/v1/calls/{id}/finish`: the outcome and what it needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FinishCall {
    /// How the call ended.
    pub outcome: Outcome,
    /// Notes for the activity.
    #[serde(default)]
    pub notes: String,
    /// Why not (required with `not_interested`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When the meeting is (required with `appointment_set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_at: Option<DateTime<Utc>>,
    /// The closer who holds the meeting (required with `appointment_set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closer_id: Option<MemberId>,
    /// When to call again (required with `call_back`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_back_at: Option<DateTime<Utc>>,
}

impl FinishCall {
    /// An outcome with nothing else.
    pub fn new(outcome: Outcome) -> Self {
        Self {
            outcome,
            notes: String::new(),
            reason: None,
            meeting_at: None,
            closer_id: None,
            call_back_at: None,
        }
    }

    /// What each outcome requires, each missing field named.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checks::new();
        if self.notes.chars().count() > MAX_CALL_NOTES {
            c.fail("notes", "too_long", "At most 5,000 characters.");
        }
        match self.outcome {
            Outcome::AppointmentSet => {
                if self.meeting_at.is_none() {
                    c.fail(
                        "meeting_at",
                        "required",
                        "Give the meeting's date and time.",
                    );
                }
                if self.closer_id.is_none() {
                    c.fail(
                        "closer_id",
                        "required",
                        "Choose the closer for the meeting.",
                    );
                }
            }
            Outcome::CallBack => {
                if self.call_back_at.is_none() {
                    c.fail("call_back_at", "required", "Give when to call again.");
                }
            }
            Outcome::NotInterested => match self.reason.as_deref().map(str::trim) {
                None | Some("") => c.fail("reason", "required", "Give the reason."),
                Some(r) if r.chars().count() > MAX_REASON => {
                    c.fail("reason", "too_long", "At most 200 characters.")
                }
                Some(_) => {}
            },
            Outcome::WrongContact | Outcome::NoAnswer => {}
        }
        c.finish()
    }
}

/// `GET /api/v1/scripts/{id}/stats?version=N&compare=M`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// The version (default: the published one).
    #[serde(default)]
    pub version: Option<i32>,
    /// A second version to return beside it.
    #[serde(default)]
    pub compare: Option<i32>,
}

impl StatsQuery {
    /// The query string (without `?`).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(v) = self.version {
            parts.push(format!("version={v}"));
        }
        if let Some(v) = self.compare {
            parts.push(format!("compare={v}"));
        }
        parts.join("&")
    }
}

/// A rate with the counts it is made of: `count` of `of` (none when `of` is 0).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rate {
    /// How many did.
    pub count: i64,
    /// Out of how many.
    pub of: i64,
    /// `count / of`, none when `of` is 0.
    pub rate: Option<f64>,
}

impl Rate {
    /// `count` of `of`.
    pub fn of(count: i64, of: i64) -> Self {
        Self {
            count,
            of,
            rate: (of > 0).then(|| count as f64 / of as f64),
        }
    }
}

/// How many calls ended with an outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeCount {
    /// The outcome.
    pub outcome: Outcome,
    /// How many calls.
    pub count: i64,
}

/// How often an answer of a step was given (answers in force; undone ones are not counted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerCount {
    /// Its index in the step.
    pub index: u32,
    /// Its label.
    pub label: String,
    /// The step it leads to.
    pub next: Option<String>,
    /// Or the outcome.
    pub outcome: Option<Outcome>,
    /// How many times.
    pub count: i64,
}

/// The numbers of one step of a version (finished calls only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepStats {
    /// The step.
    pub key: String,
    /// Whether it is a shared (objection) step.
    pub shared: bool,
    /// Calls that reached it (answered it, or were at it when they finished).
    pub reached: i64,
    /// Where they went next, per answer.
    pub answers: Vec<AnswerCount>,
    /// Calls that ended at this step, per outcome.
    pub ended: Vec<OutcomeCount>,
    /// Of the calls that reached it, how many by outcome.
    pub outcomes: Vec<OutcomeCount>,
    /// Of the calls that reached it: appointment set.
    pub appointment_set: Rate,
    /// Of the calls that reached it: an appointment whose meeting was held.
    pub meeting_held: Rate,
    /// Of the calls that reached it: an appointment whose deal was won.
    pub won: Rate,
}

/// The shared step that loses the most calls: reached, then ended not interested.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObjectionLoss {
    /// The step.
    pub key: String,
    /// Calls that reached it and ended not interested, of those that reached it.
    pub lost: Rate,
}

/// The numbers of one version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionStats {
    /// The version.
    pub version: i32,
    /// Finished calls on it.
    pub calls: i64,
    /// Per outcome.
    pub outcomes: Vec<OutcomeCount>,
    /// Appointments set, of the calls.
    pub appointment_set: Rate,
    /// Meetings held, of the calls.
    pub meeting_held: Rate,
    /// Won, of the calls.
    pub won: Rate,
    /// Per step, in the graph's order.
    pub steps: Vec<StepStats>,
    /// The shared step that loses the most calls (none if no shared step lost one).
    pub worst_objection: Option<ObjectionLoss>,
}

/// `GET /api/v1/scripts/{id}/stats`: a version's numbers, and a second one beside it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScriptStats {
    /// The script.
    pub script_id: ScriptId,
    /// The version asked for.
    pub stats: VersionStats,
    /// The `compare` version.
    pub compare: Option<VersionStats>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(r: Result<(), Vec<FieldError>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.field)
            .collect()
    }

    #[test]
    fn each_outcome_names_what_it_needs() {
        assert_eq!(
            fields(FinishCall::new(Outcome::AppointmentSet).validate()),
            vec!["meeting_at", "closer_id"]
        );
        assert_eq!(
            fields(FinishCall::new(Outcome::CallBack).validate()),
            vec!["call_back_at"]
        );
        assert_eq!(
            fields(FinishCall::new(Outcome::NotInterested).validate()),
            vec!["reason"]
        );
        let blank = FinishCall {
            reason: Some("  ".into()),
            ..FinishCall::new(Outcome::NotInterested)
        };
        assert_eq!(fields(blank.validate()), vec!["reason"]);
        assert_eq!(
            fields(FinishCall::new(Outcome::NoAnswer).validate()),
            Vec::<String>::new()
        );
        assert_eq!(
            fields(FinishCall::new(Outcome::WrongContact).validate()),
            Vec::<String>::new()
        );
    }

    #[test]
    fn answers_name_their_step_and_answer_unless_back() {
        assert_eq!(
            fields(CallAnswer::default().validate()),
            vec!["step_key", "answer_index"]
        );
        assert_eq!(fields(CallAnswer::back().validate()), Vec::<String>::new());
        assert_eq!(
            fields(CallAnswer::answer("open", 0).validate()),
            Vec::<String>::new()
        );
        let zero = CallAnswer {
            seq: Some(0),
            ..CallAnswer::answer("open", 0)
        };
        assert_eq!(fields(zero.validate()), vec!["seq"]);
    }

    #[test]
    fn rates_keep_their_counts() {
        assert_eq!(Rate::of(0, 0).rate, None);
        assert_eq!(Rate::of(1, 4).rate, Some(0.25));
        assert_eq!(Rate::of(1, 4).of, 4);
    }
}
