//! Live events: every write that others should see at once records an event row in its own
//! transaction; a pump per server instance reads new rows and broadcasts them to the open
//! `GET /api/v1/events` streams, which replay what a reconnecting client missed from its
//! `Last-Event-ID`.
//!
//! The pump is woken at once by this instance's writes, on PostgreSQL by every instance's
//! writes through LISTEN/NOTIFY (each event-recording transaction notifies [`CHANNEL`], which
//! PostgreSQL delivers at commit), and polls every [`POLL`] in case a notification was lost
//! (a dropped listening connection). Ids can commit out of order there (a sequence value is taken at
//! insert, the row appears at commit), so the pump keeps a watermark below which every id has
//! been seen, and waits up to [`GAP_GRACE`] for a missing id before it skips it (a rolled-back
//! transaction leaves such a gap for ever).

use crate::migration::tables::Events;
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, broadcast};

/// How often the pump looks for events when nothing woke it.
pub const POLL: Duration = Duration::from_millis(250);
/// The PostgreSQL notification channel of committed events.
pub const CHANNEL: &str = "baton_events";
/// How long a missing id may hold the watermark back.
pub const GAP_GRACE: Duration = Duration::from_secs(5);
/// Most events replayed to a reconnecting client.
pub const REPLAY_LIMIT: u64 = 1000;

/// An event as stored and streamed.
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult)]
pub struct StoredEvent {
    /// Increasing id; the SSE `id:`.
    pub id: i64,
    /// The SSE `event:` name, e.g. `deal.moved`.
    pub kind: String,
    /// JSON.
    pub payload: String,
}

/// This instance's broadcaster.
#[derive(Debug)]
pub struct EventBus {
    tx: broadcast::Sender<StoredEvent>,
    wake: Notify,
}

impl Default for EventBus {
    fn default() -> Self {
        Self {
            tx: broadcast::channel(4096).0,
            wake: Notify::new(),
        }
    }
}

impl EventBus {
    /// A receiver of every event broadcast from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<StoredEvent> {
        self.tx.subscribe()
    }

    /// Tells the pump that this instance committed events.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// Records an event inside the caller's transaction.
pub async fn record<C: ConnectionTrait, T: Serialize>(
    db: &C,
    kind: &str,
    payload: &T,
) -> Result<(), DbErr> {
    let json = serde_json::to_string(payload).map_err(|e| DbErr::Custom(e.to_string()))?;
    let mut q = Query::insert();
    q.into_table(Events::Table)
        .columns([Events::Kind, Events::Payload, Events::At])
        .values([kind.into(), json.into(), chrono::Utc::now().into()])
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    db.execute(&q).await?;
    notify(db).await
}

/// Tells every instance's pump (PostgreSQL) that events are coming: delivered when (and only
/// if) the transaction commits; repeats within one transaction are folded into one.
async fn notify<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared(&format!("NOTIFY {CHANNEL}")).await?;
    }
    Ok(())
}

/// Records several events of one kind, in order, in one statement.
pub async fn record_all<C: ConnectionTrait, T: Serialize>(
    db: &C,
    kind: &str,
    payloads: &[T],
) -> Result<(), DbErr> {
    if payloads.is_empty() {
        return Ok(());
    }
    let at = chrono::Utc::now();
    let mut q = Query::insert();
    q.into_table(Events::Table)
        .columns([Events::Kind, Events::Payload, Events::At]);
    for p in payloads {
        let json = serde_json::to_string(p).map_err(|e| DbErr::Custom(e.to_string()))?;
        q.values([kind.into(), json.into(), at.into()])
            .map_err(|e| DbErr::Custom(e.to_string()))?;
    }
    db.execute(&q).await?;
    notify(db).await
}

/// Events after `last`, oldest first, at most [`REPLAY_LIMIT`].
pub async fn since<C: ConnectionTrait>(db: &C, last: i64) -> Result<Vec<StoredEvent>, DbErr> {
    let mut q = Query::select();
    q.columns([Events::Id, Events::Kind, Events::Payload])
        .from(Events::Table)
        .and_where(Expr::col(Events::Id).gt(last))
        .order_by(Events::Id, Order::Asc)
        .limit(REPLAY_LIMIT);
    StoredEvent::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await
}

/// The newest event's id (0 when there is none).
pub async fn newest_id<C: ConnectionTrait>(db: &C) -> Result<i64, DbErr> {
    #[derive(FromQueryResult)]
    struct Max {
        id: Option<i64>,
    }
    let mut q = Query::select();
    q.expr_as(
        Expr::col(Events::Id).max(),
        sea_orm::sea_query::Alias::new("id"),
    )
    .from(Events::Table);
    Ok(Max::find_by_statement(db.get_database_backend().build(&q))
        .one(db)
        .await?
        .and_then(|m| m.id)
        .unwrap_or(0))
}

/// Which ids have been broadcast: everything up to `watermark`, and `seen` above it.
#[derive(Debug, Default)]
struct Progress {
    watermark: i64,
    seen: BTreeSet<i64>,
    gaps: BTreeMap<i64, Instant>,
}

impl Progress {
    /// Notes a broadcast id; returns false if it was broadcast before.
    fn take(&mut self, id: i64) -> bool {
        id > self.watermark && self.seen.insert(id)
    }

    /// Moves the watermark over seen ids, and over gaps older than the grace period.
    fn advance(&mut self, now: Instant) {
        loop {
            let next = self.watermark + 1;
            if self.seen.remove(&next) {
                self.gaps.remove(&next);
                self.watermark = next;
                continue;
            }
            if self.seen.is_empty() {
                break;
            }
            let since = *self.gaps.entry(next).or_insert(now);
            if now.duration_since(since) >= GAP_GRACE {
                self.gaps.remove(&next);
                self.watermark = next;
                continue;
            }
            break;
        }
    }
}

/// Starts this instance's pump.
pub fn spawn_pump(
    db: DatabaseConnection,
    bus: std::sync::Arc<EventBus>,
    reads: std::sync::Arc<crate::cache::ReadCache>,
    poll: Duration,
) {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        spawn_listener(db.get_postgres_connection_pool().clone(), bus.clone());
    }
    tokio::spawn(async move {
        let mut progress = Progress {
            watermark: newest_id(&db).await.unwrap_or(0),
            ..Progress::default()
        };
        loop {
            tokio::select! {
                () = bus.wake.notified() => {},
                () = tokio::time::sleep(poll) => {},
            }
            match since(&db, progress.watermark).await {
                Ok(events) => {
                    let mut fresh = false;
                    for e in events {
                        if progress.take(e.id) {
                            fresh = true;
                            // No receivers is not an error: nobody is watching.
                            let _ = bus.tx.send(e);
                        }
                    }
                    if fresh {
                        // Another instance's write may change what this one has cached.
                        reads.invalidate();
                    }
                    progress.advance(Instant::now());
                }
                Err(e) => tracing::warn!(error = %e, "event pump: cannot read events"),
            }
        }
    });
}

/// Wakes the pump whenever any instance commits events (PostgreSQL), listening again after a
/// lost connection; the pump's polling covers the time without a listener.
fn spawn_listener(pool: sea_orm::sqlx::PgPool, bus: std::sync::Arc<EventBus>) {
    use sea_orm::sqlx::postgres::PgListener;
    tokio::spawn(async move {
        loop {
            match PgListener::connect_with(&pool).await {
                Ok(mut listener) => match listener.listen(CHANNEL).await {
                    // Wake the pump once listening (it then reads what was committed before)
                    // and on every notification.
                    Ok(()) => loop {
                        bus.wake.notify_one();
                        match listener.recv().await {
                            Ok(_) => {}
                            Err(e) => {
                                tracing::warn!(error = %e, "event listener: connection lost");
                                break;
                            }
                        }
                    },
                    Err(e) => tracing::warn!(error = %e, "event listener: cannot listen"),
                },
                Err(e) => tracing::warn!(error = %e, "event listener: cannot connect"),
            }
            if pool.is_closed() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_order_ids_are_each_broadcast_once() {
        let mut p = Progress::default();
        let t0 = Instant::now();
        assert!(p.take(2), "3 is committed before 1 and 2 … here 2 first");
        assert!(p.take(3));
        p.advance(t0);
        assert_eq!(p.watermark, 0, "1 is missing: hold");
        assert!(p.take(1), "the late id is still broadcast");
        p.advance(t0);
        assert_eq!(p.watermark, 3);
        assert!(!p.take(2), "never twice");
    }

    #[test]
    fn a_gap_that_never_fills_is_skipped_after_the_grace() {
        let mut p = Progress::default();
        let t0 = Instant::now();
        assert!(p.take(2));
        p.advance(t0);
        assert_eq!(p.watermark, 0);
        p.advance(t0 + GAP_GRACE);
        assert_eq!(p.watermark, 2);
    }
}
