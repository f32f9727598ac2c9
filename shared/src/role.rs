//! The roles a member can hold, and the languages Baton speaks.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A role in the divided-sales team. One member may hold several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Designs the process, owns the numbers, may step into any role.
    Manager,
    /// Calls leads and books meetings (SDR).
    Appointer,
    /// Takes meetings to a signed deal (AE).
    Closer,
    /// Takes over won accounts (CSM).
    Success,
    /// Sales admin: quotes, proposals, lists.
    Admin,
}

impl Role {
    /// Every role, in the order the UI lists them.
    pub const ALL: [Role; 5] = [
        Role::Manager,
        Role::Appointer,
        Role::Closer,
        Role::Success,
        Role::Admin,
    ];

    /// The stable name stored in the database and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Manager => "manager",
            Role::Appointer => "appointer",
            Role::Closer => "closer",
            Role::Success => "success",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown role `{s}`; expected one of manager, appointer, closer, success, admin"
                )
            })
    }
}

/// A language of the UI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Locale {
    /// 日本語, the default.
    #[default]
    Ja,
    /// English.
    En,
}

impl Locale {
    /// The BCP 47 tag.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Ja => "ja",
            Locale::En => "en",
        }
    }

    /// Picks a locale from a language tag such as `en-US` or `ja`; `None` if Baton does not speak it.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "ja" => Some(Locale::Ja),
            "en" => Some(Locale::En),
            _ => None,
        }
    }
}

impl FromStr for Locale {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ja" => Ok(Locale::Ja),
            "en" => Ok(Locale::En),
            _ => Err(format!("unknown locale `{s}`; expected ja or en")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
            assert_eq!(
                serde_json::to_string(&r).ok(),
                Some(format!("\"{}\"", r.as_str()))
            );
        }
        assert!("boss".parse::<Role>().is_err());
    }

    #[test]
    fn locale_from_browser_tags() {
        assert_eq!(Locale::from_tag("ja-JP"), Some(Locale::Ja));
        assert_eq!(Locale::from_tag("en_US"), Some(Locale::En));
        assert_eq!(Locale::from_tag("EN"), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::from_tag(""), None);
    }
}
