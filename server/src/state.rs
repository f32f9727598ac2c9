//! Shared state of the running server.

use crate::cache::{ReadCache, SessionCache};
use crate::config::Config;
use crate::events::EventBus;
use crate::rate_limit::LoginLimiter;
use crate::writer::MoveWriter;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Settings.
    pub config: Arc<Config>,
    /// Sign-in attempt counters.
    pub limiter: Arc<LoginLimiter>,
    /// Live sessions, briefly.
    pub sessions: Arc<SessionCache>,
    /// Read responses under a data generation.
    pub reads: Arc<ReadCache>,
    /// Live events to the open streams.
    pub events: Arc<EventBus>,
    /// Moves, committed in groups (see [`crate::writer`]).
    pub moves: MoveWriter,
    /// On SQLite, write transactions of this process take turns (see [`AppState::writing`]).
    writer: Option<Arc<tokio::sync::Mutex<()>>>,
}

impl AppState {
    /// State over a connected (and migrated) database; starts the event pump (call it inside
    /// the runtime).
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        let limiter = LoginLimiter::new(
            config.login_failures_per_account,
            config.login_failures_per_address,
        );
        // One process owns a SQLite database; PostgreSQL may have several writers.
        let single_writer = db.get_database_backend() == sea_orm::DbBackend::Sqlite;
        let reads = Arc::new(ReadCache::new(single_writer));
        let events = Arc::new(EventBus::default());
        crate::events::spawn_pump(db.clone(), events.clone(), reads.clone(), config.event_poll);
        let writer = single_writer.then(|| Arc::new(tokio::sync::Mutex::new(())));
        let moves = MoveWriter::spawn(db.clone(), writer.clone());
        Self {
            db,
            config: Arc::new(config),
            limiter: Arc::new(limiter),
            sessions: Arc::new(SessionCache::default()),
            reads,
            events,
            moves,
            writer,
        }
    }

    /// Hold this around a write. SQLite allows one writer at a time and refuses, rather than
    /// waits for, a transaction that read before another committed (`SQLITE_BUSY_SNAPSHOT`);
    /// taking turns here means this process's writes never collide. PostgreSQL needs no turn.
    pub async fn writing(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match &self.writer {
            Some(m) => Some(m.lock().await),
            None => None,
        }
    }
}
