//! Connecting to the database and migrating it.
//!
//! SQLite runs in WAL mode, fully synced (`synchronous = FULL`: a commit is on disk before
//! it is acknowledged, so an acknowledged move survives a power cut; group commit in
//! `writer.rs` keeps that affordable), with foreign keys on and a busy timeout, its file created
//! (with its directory) on first start. PostgreSQL is used when the URL says `postgres://`.

use crate::migration::Migrator;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

/// Opens the database at `url`, creating a SQLite file and its directory when needed.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        if let Some(dir) = sqlite_dir(url) {
            std::fs::create_dir_all(&dir).map_err(|e| {
                DbErr::Custom(format!("cannot create the database directory {dir}: {e}"))
            })?;
        }
        let memory = url.contains(":memory:") || url.contains("mode=memory");
        opts.max_connections(if memory { 1 } else { 16 })
            .min_connections(1);
        opts.map_sqlx_sqlite_opts(move |o| {
            let o = o
                .create_if_missing(true)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                .synchronous(SqliteSynchronous::Full);
            if memory {
                o
            } else {
                o.journal_mode(SqliteJournalMode::Wal)
            }
        });
    } else {
        opts.max_connections(32).min_connections(2);
    }
    Database::connect(opts).await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// The directory of a SQLite file URL, if it has one.
fn sqlite_dir(url: &str) -> Option<String> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next()?;
    if path.is_empty() || path.contains(":memory:") {
        return None;
    }
    let parent = std::path::Path::new(path).parent()?;
    let s = parent.to_string_lossy().into_owned();
    if s.is_empty() { None } else { Some(s) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_directories() {
        assert_eq!(
            sqlite_dir("sqlite://data/baton.db").as_deref(),
            Some("data")
        );
        assert_eq!(
            sqlite_dir("sqlite:///var/lib/baton/b.db?mode=rwc").as_deref(),
            Some("/var/lib/baton")
        );
        assert_eq!(sqlite_dir("sqlite::memory:"), None);
        assert_eq!(sqlite_dir("sqlite://baton.db"), None);
    }
}
