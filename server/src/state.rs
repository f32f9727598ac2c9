//! Shared state of the running server.

use crate::config::Config;
use crate::rate_limit::LoginLimiter;
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
}

impl AppState {
    /// State over a connected (and migrated) database.
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        let limiter = LoginLimiter::new(
            config.login_failures_per_account,
            config.login_failures_per_address,
        );
        Self {
            db,
            config: Arc::new(config),
            limiter: Arc::new(limiter),
        }
    }
}
