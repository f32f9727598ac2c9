//! Signing in and out, and the signed-in member.

use crate::validate::Checks;
use crate::{FieldError, Locale, MemberId, Role};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/auth/login`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The member's e-mail address (case does not matter).
    pub email: String,
    /// The member's password.
    pub password: String,
}

impl LoginRequest {
    /// Both fields present, the address plausible, the password not absurdly long.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checks::new();
        c.email("email", &self.email);
        if self.password.is_empty() {
            c.fail("password", "required", "Enter your password.");
        } else if self.password.len() > 1024 {
            c.fail("password", "too_long", "At most 1024 characters.");
        }
        c.finish()
    }
}

/// The signed-in member: `GET /api/v1/me`, and the answer to a successful login.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The member's id.
    pub id: MemberId,
    /// Display name.
    pub name: String,
    /// E-mail address (the sign-in name).
    pub email: String,
    /// Every role the member holds.
    pub roles: Vec<Role>,
    /// Preferred UI language.
    pub locale: Locale,
    /// IANA time zone times are shown in, e.g. `Asia/Tokyo`.
    pub time_zone: String,
}

impl Me {
    /// Whether the member holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// `PATCH /api/v1/me`: the member's own preferences.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MePatch {
    /// New UI language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    /// New IANA time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

impl MePatch {
    /// A time zone must look like an IANA name (`Area/City`) or be `UTC`.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checks::new();
        if let Some(tz) = &self.time_zone
            && !is_plausible_time_zone(tz)
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

/// `UTC`, or `Area/Location` made of letters, digits, `_`, `-`, `+` and `/`.
pub fn is_plausible_time_zone(tz: &str) -> bool {
    tz == "UTC"
        || (tz.len() <= 64
            && tz.contains('/')
            && !tz.starts_with('/')
            && !tz.ends_with('/')
            && tz
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_requires_both_fields() {
        let r = LoginRequest {
            email: String::new(),
            password: String::new(),
        };
        let errs = r.validate().err().unwrap_or_default();
        assert_eq!(errs.len(), 2);
        let ok = LoginRequest {
            email: "manager@example.com".into(),
            password: "x".into(),
        };
        assert!(ok.validate().is_ok());
    }

    #[test]
    fn login_refuses_unknown_fields() {
        let r: Result<LoginRequest, _> =
            serde_json::from_str(r#"{"email":"a@b.co","password":"x","admin":true}"#);
        assert!(r.is_err());
    }

    #[test]
    fn time_zones() {
        assert!(is_plausible_time_zone("Asia/Tokyo"));
        assert!(is_plausible_time_zone("America/Argentina/Buenos_Aires"));
        assert!(is_plausible_time_zone("UTC"));
        assert!(!is_plausible_time_zone("Tokyo"));
        assert!(!is_plausible_time_zone("Asia/Tokyo; DROP"));
        assert!(!is_plausible_time_zone("/etc/passwd"));
    }
}
