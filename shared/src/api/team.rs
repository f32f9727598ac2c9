//! The team role matrix (who holds which role, with what weight, capacity and coverage), member
//! absences, and the routing preview (who would get the next item, and why each member would
//! or would not).

use crate::routing::Verdict;
use crate::{MemberId, Role, SegmentId, TerritoryId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Largest capacity (open items, or new items a day).
pub const MAX_CAPACITY: u32 = 100_000;
/// Most territories or segments in one coverage list.
pub const MAX_COVERAGE_IDS: usize = 1_000;
/// Longest absence note.
pub const MAX_ABSENCE_NOTE: usize = 500;
/// Longest absence, in days.
pub const MAX_ABSENCE_DAYS: i64 = 366;

/// One member × one role of the matrix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleCell {
    /// The role.
    pub role: Role,
    /// Whether the member holds it.
    pub held: bool,
    /// Share of the routed work, 1–100 (1 when not held).
    pub weight: u32,
    /// Most open items at once (none: no limit).
    pub capacity_open: Option<u32>,
    /// Most new items a day (none: no limit).
    pub capacity_daily: Option<u32>,
    /// Territories covered; empty: all.
    pub territory_ids: Vec<TerritoryId>,
    /// Segments covered; empty: all.
    pub segment_ids: Vec<SegmentId>,
    /// Open items now: open deals they own in this role plus hand-offs waiting for them in it.
    pub open: u32,
    /// Items routed to them in this role since midnight (Asia/Tokyo).
    pub today: u32,
}

/// A member's absence (both days included).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Absence {
    /// The absence's id.
    pub id: i64,
    /// Whose.
    pub member_id: MemberId,
    /// First day away.
    pub starts_on: NaiveDate,
    /// Last day away.
    pub ends_on: NaiveDate,
    /// Why, for the team (may be empty).
    pub note: String,
}

/// One row of the matrix: a member, the five roles, their absences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatrixMember {
    /// The member.
    pub id: MemberId,
    /// Display name.
    pub name: String,
    /// The five roles, in `Role::ALL` order, held or not.
    pub roles: Vec<RoleCell>,
    /// Absences that have not ended yet, by first day.
    pub absences: Vec<Absence>,
    /// Whether they are away today.
    pub absent_today: bool,
}

/// Why a territory × segment has nobody for a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GapReason {
    /// Nobody holding the role covers it.
    Nobody,
    /// Everyone covering it is away today.
    AllAbsent,
}

/// A territory × segment pair that a routed role has nobody for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageGap {
    /// The territory.
    pub territory_id: TerritoryId,
    /// The segment.
    pub segment_id: SegmentId,
    /// The role (appointer, closer or success).
    pub role: Role,
    /// Why.
    pub reason: GapReason,
}

/// `GET /api/v1/team/matrix` (managers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamMatrix {
    /// Today in the team's time zone (Asia/Tokyo).
    pub today: NaiveDate,
    /// Every active member, by id.
    pub members: Vec<MatrixMember>,
    /// Every territory × segment × routed role with nobody available.
    pub gaps: Vec<CoverageGap>,
}

/// `PUT /api/v1/team/members/{id}/roles/{role}` (managers): the whole cell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleCellUpdate {
    /// Whether the member holds the role.
    pub held: bool,
    /// Share of the routed work, 1–100.
    pub weight: u32,
    /// Most open items at once (absent: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_open: Option<u32>,
    /// Most new items a day (absent: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_daily: Option<u32>,
    /// Territories covered; empty: all.
    #[serde(default)]
    pub territory_ids: Vec<TerritoryId>,
    /// Segments covered; empty: all.
    #[serde(default)]
    pub segment_ids: Vec<SegmentId>,
}

impl RoleCellUpdate {
    /// Weight 1–100; capacities at most 100,000; at most 1,000 ids per list.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = crate::validate::Checks::new();
        if !(1..=crate::routing::MAX_WEIGHT).contains(&self.weight) {
            c.fail("weight", "out_of_range", "From 1 to 100.");
        }
        for (field, v) in [
            ("capacity_open", self.capacity_open),
            ("capacity_daily", self.capacity_daily),
        ] {
            if v.is_some_and(|v| v > MAX_CAPACITY) {
                c.fail(field, "out_of_range", "At most 100000.");
            }
        }
        if self.territory_ids.len() > MAX_COVERAGE_IDS {
            c.fail("territory_ids", "too_many", "At most 1000 territories.");
        }
        if self.segment_ids.len() > MAX_COVERAGE_IDS {
            c.fail("segment_ids", "too_many", "At most 1000 segments.");
        }
        c.finish()
    }
}

/// `POST /api/v1/team/members/{id}/absences` (managers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAbsence {
    /// First day away.
    pub starts_on: NaiveDate,
    /// Last day away (not before the first).
    pub ends_on: NaiveDate,
    /// Why (at most 500 characters).
    #[serde(default)]
    pub note: String,
}

impl NewAbsence {
    /// Ends on or after it starts, at most 366 days; note at most 500 characters.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = crate::validate::Checks::new();
        if self.ends_on < self.starts_on {
            c.fail(
                "ends_on",
                "before_start",
                "The last day is before the first.",
            );
        } else if (self.ends_on - self.starts_on).num_days() >= MAX_ABSENCE_DAYS {
            c.fail("ends_on", "too_long", "At most 366 days.");
        }
        if self.note.chars().count() > MAX_ABSENCE_NOTE {
            c.fail("note", "too_long", "At most 500 characters.");
        }
        c.finish()
    }
}

/// `DELETE /api/v1/team/members/{id}/absences?absence_id=…`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AbsenceRef {
    /// The absence to remove.
    pub absence_id: i64,
}

/// `GET /api/v1/team/routing/preview?role=…&territory_id=…&segment_id=…` (managers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct RoutingPreviewQuery {
    /// The role the next item is for.
    pub role: Role,
    /// The item's territory (absent: unknown, every member covers it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory_id: Option<TerritoryId>,
    /// The item's segment (absent: unknown, every member covers it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_id: Option<SegmentId>,
}

impl RoutingPreviewQuery {
    /// The query string (without `?`).
    pub fn to_query_string(&self) -> String {
        let mut parts = vec![format!("role={}", self.role.as_str())];
        if let Some(t) = self.territory_id {
            parts.push(format!("territory_id={t}"));
        }
        if let Some(s) = self.segment_id {
            parts.push(format!("segment_id={s}"));
        }
        parts.join("&")
    }
}

/// One member holding the role, in a routing preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewCandidate {
    /// The member.
    pub member_id: MemberId,
    /// Display name.
    pub name: String,
    /// What would happen to them.
    pub verdict: Verdict,
    /// Weight, 1–100.
    pub weight: u32,
    /// Their routing credit now.
    pub credit: i64,
    /// Open items now.
    pub open: u32,
    /// Most open items (none: no limit).
    pub capacity_open: Option<u32>,
    /// Items routed to them today.
    pub today: u32,
    /// Most new items a day (none: no limit).
    pub capacity_daily: Option<u32>,
}

/// Who would get the next item (nothing is changed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingPreview {
    /// The role.
    pub role: Role,
    /// The territory asked about.
    pub territory_id: Option<TerritoryId>,
    /// The segment asked about.
    pub segment_id: Option<SegmentId>,
    /// Who would be chosen (none: nobody is eligible).
    pub chosen: Option<MemberId>,
    /// Every active member holding the role, by id, with their verdict.
    pub candidates: Vec<PreviewCandidate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(r: Result<(), Vec<crate::FieldError>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.field)
            .collect()
    }

    #[test]
    fn role_cell_checks() {
        let ok = RoleCellUpdate {
            held: true,
            weight: 100,
            capacity_open: Some(10),
            capacity_daily: None,
            territory_ids: vec![],
            segment_ids: vec![],
        };
        assert!(ok.validate().is_ok());
        let bad = RoleCellUpdate {
            weight: 0,
            capacity_daily: Some(MAX_CAPACITY + 1),
            ..ok
        };
        assert_eq!(fields(bad.validate()), ["weight", "capacity_daily"]);
    }

    #[test]
    fn absence_checks() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap_or_default();
        let ok = NewAbsence {
            starts_on: d("2026-11-24"),
            ends_on: d("2026-11-24"),
            note: String::new(),
        };
        assert!(ok.validate().is_ok());
        let bad = NewAbsence {
            ends_on: d("2026-11-23"),
            ..ok.clone()
        };
        assert_eq!(fields(bad.validate()), ["ends_on"]);
    }

    #[test]
    fn preview_query_string() {
        let q = RoutingPreviewQuery {
            role: Role::Closer,
            territory_id: Some(TerritoryId(2)),
            segment_id: None,
        };
        assert_eq!(q.to_query_string(), "role=closer&territory_id=2");
    }
}
