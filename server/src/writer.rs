//! Group commit for moves: one task per process applies the moves waiting at that moment in
//! one transaction, each in its own savepoint, and commits once.
//!
//! A commit is the expensive part of a move (with SQLite fully synced it is an fsync of the
//! write-ahead log; with PostgreSQL a WAL flush and a round trip). Under load many moves wait
//! at once; applying them in one transaction makes that cost one per batch instead of one per
//! move. Each move still runs its own checks (version, roles, neighbours) before it writes
//! anything, so a refused move leaves the batch untouched and is answered with its own error;
//! nothing is answered until
//! the batch's commit is durable. If the commit itself fails, every move of the batch is applied
//! again on its own (the ordinary path, with its retries), so no acknowledged move is lost and
//! none is acknowledged twice (idempotency keys are honoured inside and outside batches).

use crate::service::board::{self, Moved};
use crate::service::move_batch::{MoveBatch, MoveRequest};
use crate::service::{ServiceError, ServiceResult};
use crate::session::CurrentMember;
use sea_orm::{DatabaseConnection, TransactionTrait};
use shared::DealId;
use shared::api::MoveDeal;
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};

/// Most moves in one transaction.
pub const MAX_BATCH: usize = 256;

struct Job {
    actor: CurrentMember,
    id: DealId,
    req: MoveDeal,
    key: Option<String>,
    reply: oneshot::Sender<ServiceResult<Moved>>,
}

/// The handle handlers send moves to.
#[derive(Clone, Debug)]
pub struct MoveWriter {
    tx: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl MoveWriter {
    /// Starts the writer task (inside the runtime). `turn` is the process's write turn on
    /// SQLite (see `AppState::writing`), taken for each batch.
    pub fn spawn(db: DatabaseConnection, turn: Option<Arc<Mutex<()>>>) -> Self {
        let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(run(db, turn, rx));
        Self { tx }
    }

    /// Applies a move in the next batch and answers once it is committed.
    pub async fn submit(
        &self,
        actor: CurrentMember,
        id: DealId,
        req: MoveDeal,
        key: Option<String>,
    ) -> ServiceResult<Moved> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            actor,
            id,
            req,
            key,
            reply,
        };
        self.tx
            .send(job)
            .await
            .map_err(|_| ServiceError::Internal("the move writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| ServiceError::Internal("the move writer dropped a move".into()))?
    }
}

async fn run(db: DatabaseConnection, turn: Option<Arc<Mutex<()>>>, mut rx: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = rx.recv().await {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let _turn = match &turn {
            Some(m) => Some(m.lock().await),
            None => None,
        };
        // Moves that arrived while waiting for the turn join this batch.
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let jobs = std::mem::take(&mut batch);
        let started = std::time::Instant::now();
        let outcome = apply_batch(&db, &jobs).await;
        tracing::debug!(
            moves = jobs.len(),
            micros = started.elapsed().as_micros() as u64,
            ok = outcome.is_ok(),
            "move batch"
        );
        match outcome {
            Ok(results) => {
                for (job, result) in jobs.into_iter().zip(results) {
                    let _ = job.reply.send(result);
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, moves = jobs.len(), "batch failed; applying its moves one by one");
                for job in jobs {
                    let result =
                        board::move_deal(&db, &job.actor, job.id, &job.req, job.key.as_deref())
                            .await;
                    let _ = job.reply.send(result);
                }
            }
        }
    }
}

/// Applies the jobs in one transaction; `Err` when the transaction as a whole failed (nothing
/// of it is kept). A refused move wrote nothing (see [`crate::service::move_batch`]).
async fn apply_batch(
    db: &DatabaseConnection,
    jobs: &[Job],
) -> Result<Vec<ServiceResult<Moved>>, sea_orm::DbErr> {
    let fatal = |e: ServiceError| match e {
        ServiceError::Db(e) => e,
        other => sea_orm::DbErr::Custom(other.to_string()),
    };
    let requests: Vec<MoveRequest<'_>> = jobs
        .iter()
        .map(|j| MoveRequest {
            actor: &j.actor,
            id: j.id,
            req: &j.req,
            key: j.key.as_deref(),
        })
        .collect();
    let txn = db.begin().await?;
    let mut batch = MoveBatch::default();
    batch.prefetch(&txn, &requests).await.map_err(fatal)?;
    let mut results = Vec::with_capacity(jobs.len());
    for m in requests {
        match batch.apply(&txn, m).await {
            // A lost race on PostgreSQL, or a failure after the move began writing: the batch
            // is applied again move by move, where such failures are retried.
            Err(e @ (ServiceError::Db(_) | ServiceError::Internal(_))) => return Err(fatal(e)),
            other => results.push(other),
        }
    }
    batch.flush(&txn).await.map_err(fatal)?;
    txn.commit().await?;
    Ok(results)
}
