//! Configuration: defaults, overridden by environment variables (and command-line flags).
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `BATON_ADDR` | `127.0.0.1:3000` | where to listen |
//! | `DATABASE_URL` | `sqlite://data/baton.db` | SQLite file (created on first start, WAL) or `postgres://…` |
//! | `BATON_DEMO` | off | seed the demo team into an empty database |
//! | `BATON_DIST` | `app/dist` | the built browser app to serve |
//! | `BATON_COOKIE_SECURE` | off | mark the session cookie `Secure` (turn on behind HTTPS) |
//! | `BATON_SESSION_DAYS` | `14` | idle days after which a session expires |
//! | `BATON_COMPANY_NAME` | empty (the demo's company with the demo team) | the team's own company, `{member.company}` in talk scripts |
//! | `RUST_LOG` | `info` | log filter |

use std::fmt;
use std::path::PathBuf;

/// The server's settings.
#[derive(Clone)]
pub struct Config {
    /// Listen address.
    pub addr: String,
    /// Database URL (never logged: it may hold a password).
    pub database_url: String,
    /// Seed the demo team into an empty database.
    pub demo: bool,
    /// The built app's directory.
    pub dist: PathBuf,
    /// Whether the session cookie is `Secure`.
    pub cookie_secure: bool,
    /// Idle lifetime of a session.
    pub session_days: i64,
    /// The team's own company name: what `{member.company}` says in a talk script during a
    /// call (empty: not configured; with the demo team, the demo's company is used).
    pub company_name: String,
    /// Failed sign-ins allowed per account within the window.
    pub login_failures_per_account: u32,
    /// Failed sign-ins allowed per client address within the window.
    pub login_failures_per_address: u32,
    /// Largest request body in bytes.
    pub body_limit: usize,
    /// How often the event pump looks for other instances' events when nothing woke it
    /// (PostgreSQL also wakes it through LISTEN/NOTIFY).
    pub event_poll: std::time::Duration,
}

/// The default database: a SQLite file under `data/`.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/baton.db";

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: "127.0.0.1:3000".to_owned(),
            database_url: DEFAULT_DATABASE_URL.to_owned(),
            demo: false,
            dist: PathBuf::from("app/dist"),
            cookie_secure: false,
            session_days: 14,
            company_name: String::new(),
            login_failures_per_account: 5,
            login_failures_per_address: 50,
            body_limit: 256 * 1024,
            event_poll: crate::events::POLL,
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("database_url", &redact_url(&self.database_url))
            .field("demo", &self.demo)
            .field("dist", &self.dist)
            .field("cookie_secure", &self.cookie_secure)
            .field("session_days", &self.session_days)
            .field("company_name", &self.company_name)
            .finish_non_exhaustive()
    }
}

/// The URL with any password replaced by `***`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show_in_debug() {
        let c = Config {
            database_url: "postgres://baton:s3cret@localhost/baton".into(),
            ..Config::default()
        };
        let s = format!("{c:?}");
        assert!(!s.contains("s3cret"), "{s}");
        assert!(s.contains("baton:***@localhost"), "{s}");
        assert_eq!(
            redact_url("sqlite://data/baton.db"),
            "sqlite://data/baton.db"
        );
    }
}
