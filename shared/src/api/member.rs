//! Members as others see them.

use crate::{MemberId, Role};
use serde::{Deserialize, Serialize};

/// A member in lists and filters: `GET /api/v1/members`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberSummary {
    /// The member's id.
    pub id: MemberId,
    /// Display name.
    pub name: String,
    /// Roles held.
    pub roles: Vec<Role>,
    /// Whether the member can sign in.
    pub active: bool,
}

/// A member named on a deal (an owner).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberRef {
    /// The member's id.
    pub id: MemberId,
    /// Display name.
    pub name: String,
}

/// `POST /api/v1/members` (managers only): a new member who can sign in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    /// Sign-in address; unique.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Initial password, at least 8 characters.
    pub password: String,
    /// At least one role.
    pub roles: Vec<Role>,
    /// UI language (default Japanese).
    #[serde(default)]
    pub locale: Option<crate::Locale>,
    /// IANA time zone (default Asia/Tokyo).
    #[serde(default)]
    pub time_zone: Option<String>,
}

impl NewMember {
    /// Every field checked; all problems reported at once.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = crate::validate::Checks::new();
        c.email("email", &self.email);
        c.text("name", &self.name, 100);
        if self.password.chars().count() < crate::validate::MIN_PASSWORD_LEN {
            c.fail(
                "password",
                "too_short",
                format!("At least {} characters.", crate::validate::MIN_PASSWORD_LEN),
            );
        } else if self.password.len() > 1024 {
            c.fail("password", "too_long", "At most 1024 characters.");
        }
        if self.roles.is_empty() {
            c.fail("roles", "required", "Give the member at least one role.");
        }
        if let Some(tz) = &self.time_zone
            && !crate::api::is_plausible_time_zone(tz)
        {
            c.fail(
                "time_zone",
                "invalid_time_zone",
                "Use an IANA time zone such as Asia/Tokyo.",
            );
        }
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_member_reports_every_problem() {
        let m = NewMember {
            email: "x".into(),
            name: " ".into(),
            password: "short".into(),
            roles: vec![],
            locale: None,
            time_zone: Some("Mars".into()),
        };
        let fields: Vec<String> = m
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, ["email", "name", "password", "roles", "time_zone"]);
    }
}
