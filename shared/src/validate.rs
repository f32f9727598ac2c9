//! Field validation shared by the browser (to say what to fix before sending) and the server
//! (which never trusts the browser). Each check returns the field errors it found.

use crate::FieldError;

/// Collects field errors; `finish` turns them into a result.
#[derive(Debug, Default)]
pub struct Checks {
    errors: Vec<FieldError>,
}

impl Checks {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error on `field`.
    pub fn fail(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        });
    }

    /// Requires a non-blank value of at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.fail(field, "required", "This field is required.");
        } else if value.chars().count() > max {
            self.fail(field, "too_long", format!("At most {max} characters."));
        }
    }

    /// Requires a plausible e-mail address.
    pub fn email(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.fail(field, "required", "Enter an e-mail address.");
        } else if !is_plausible_email(value.trim()) {
            self.fail(
                field,
                "invalid_email",
                "Enter an e-mail address such as name@example.com.",
            );
        } else if value.len() > 254 {
            self.fail(field, "too_long", "At most 254 characters.");
        }
    }

    /// The errors found, or `Ok(())`.
    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

/// One `@`, something before it, a dot-separated domain after it, no spaces.
pub fn is_plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !s.chars().any(char::is_whitespace)
}

/// Normalises an e-mail address for lookup: trimmed and lower-cased.
pub fn normalize_email(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Minimum length of a member's password.
pub const MIN_PASSWORD_LEN: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_plausible_email("manager@example.com"));
        assert!(is_plausible_email("a.b+c@sub.example.co.jp"));
        for bad in [
            "",
            "no-at",
            "@example.com",
            "a@b",
            "a@.com",
            "a@b.",
            "a b@c.com",
            "a@@b.com",
            "a@b..com",
        ] {
            assert!(!is_plausible_email(bad), "{bad} should be refused");
        }
        assert_eq!(
            normalize_email("  Manager@Example.COM "),
            "manager@example.com"
        );
    }

    #[test]
    fn checks_collect_every_error() {
        let mut c = Checks::new();
        c.text("name", "   ", 10);
        c.text("title", "12345678901", 10);
        c.text("ok", "fine", 10);
        c.email("email", "nope");
        let errs = c.finish().err().unwrap_or_default();
        let codes: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("name", "required"),
                ("title", "too_long"),
                ("email", "invalid_email")
            ]
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let mut c = Checks::new();
        c.text("name", "株式会社さくら", 7);
        assert!(c.finish().is_ok());
    }
}
