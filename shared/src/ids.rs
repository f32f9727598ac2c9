//! Typed ids: a deal id can never be passed where a stage id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v)
            }
        }
    )*};
}

id_type!(
    /// A member of the team (a person who signs in).
    MemberId,
    /// A customer group (segment).
    SegmentId,
    /// A sales territory.
    TerritoryId,
    /// A customer company.
    AccountId,
    /// A person at an account.
    ContactId,
    /// A pipeline of stages.
    PipelineId,
    /// A stage of a pipeline.
    StageId,
    /// A deal.
    DealId,
    /// An activity (call, meeting, e-mail, visit, task).
    ActivityId,
    /// A hand-off between members.
    HandoffId,
    /// A talk script.
    ScriptId,
    /// A knowledge-base article.
    ArticleId,
    /// An item of an account's onboarding checklist (customer success).
    ChecklistItemId,
    /// A call an appointer made with a talk script.
    CallId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_numbers_on_the_wire() {
        assert_eq!(
            serde_json::to_string(&DealId(42)).ok().as_deref(),
            Some("42")
        );
        let id: StageId = serde_json::from_str("7").unwrap_or(StageId(0));
        assert_eq!(id, StageId(7));
        assert_eq!(DealId(5).to_string(), "5");
    }
}
