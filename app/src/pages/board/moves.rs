//! The move protocol: a dropped card moves on the board at once, then the server is asked with
//! the card's version, its new neighbours and an idempotency key. The answer settles it: the
//! server's row (new version and rank), or the card where the server has it and a message
//! saying why (someone else changed it first, the member's roles do not allow it, or the
//! connection failed after retries with the same key). Either way the column figures are then
//! taken from the server again.

use super::{BoardCtx, is_stalled, state};
use crate::app::is_unauthorized;
use crate::i18n::{self, Msg};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{DealRow, Stage};
use shared::client::ClientError;
use shared::{DealId, ErrorCode, StageId};

/// Waits before each retry after a lost connection, in milliseconds.
const RETRY_WAITS: [u32; 2] = [300, 1200];

/// A fresh idempotency key for one move (every retry of the move sends the same key).
fn new_key() -> String {
    let a = (js_sys::Math::random() * 1e15) as u64;
    let b = (js_sys::Math::random() * 1e15) as u64;
    format!("mv-{a:x}{b:x}")
}

/// What a refused move tells the member.
fn refusal(err: &ClientError, has_current: bool) -> Msg {
    match (err.code(), has_current) {
        (Some(ErrorCode::Conflict), true) => Msg::MoveConflict,
        (Some(ErrorCode::Conflict), false) => Msg::MoveStale,
        (Some(ErrorCode::Forbidden), _) => Msg::MoveForbidden,
        _ => Msg::MoveFailed,
    }
}

impl BoardCtx {
    fn stage(self, id: StageId) -> Option<Stage> {
        self.pipeline.with_untracked(|p| {
            p.as_ref()
                .and_then(|p| p.stages.iter().find(|s| s.id == id).cloned())
        })
    }

    /// Shows a deal as the server has it (see [`state::BoardState::place`]).
    pub fn show(self, row: DealRow) {
        let stalled = self
            .stage(row.stage_id)
            .is_some_and(|s| is_stalled(&s, &row));
        self.board.try_update(|b| {
            if let Some(b) = b {
                b.place(row, stalled);
            }
        });
    }

    /// Moves a card locally at once and asks the server.
    pub(super) fn commit(self, deal: DealId, to: usize, index: usize) {
        // On its way before the card is drawn in its new place, so that it is drawn as saving.
        self.in_flight.update_value(|s| {
            s.insert(deal);
        });
        let Some((request, undo)) = self
            .board
            .try_update(|b| b.as_mut().and_then(|b| b.move_locally(deal, to, index)))
            .flatten()
        else {
            self.in_flight.update_value(|s| {
                s.remove(&deal);
            });
            return;
        };
        let session = self.session;
        spawn_local(async move {
            let key = new_key();
            let client = session.client();
            let mut result = client.move_deal_once(deal, &request, &key).await;
            // A lost connection: the same key makes the retry safe.
            for wait in RETRY_WAITS {
                if !matches!(result, Err(ClientError::Network(_))) {
                    break;
                }
                gloo_timers::future::TimeoutFuture::new(wait).await;
                result = client.move_deal_once(deal, &request, &key).await;
            }
            self.settle(deal, undo, result);
        });
    }

    fn settle(self, deal: DealId, undo: state::Undo, result: Result<DealRow, ClientError>) {
        self.in_flight.try_update_value(|s| {
            s.remove(&deal);
        });
        let mut settled_version = None;
        match result {
            Ok(row) => {
                settled_version = Some(row.version);
                self.show(row);
            }
            Err(err) if is_unauthorized(&err) => {
                self.session.expire();
                return;
            }
            Err(err) => {
                let current = err
                    .api_error()
                    .and_then(|e| e.error.current.clone())
                    .and_then(|v| serde_json::from_value::<DealRow>(v).ok());
                let msg = refusal(&err, current.is_some());
                self.board.try_update(|b| {
                    if let Some(b) = b {
                        b.undo(undo);
                    }
                });
                if let Some(now) = current {
                    settled_version = Some(now.version);
                    self.show(now);
                }
                if msg == Msg::MoveStale {
                    self.reload();
                }
                self.toast.try_set(Some(msg));
                let locale = self.i18n.locale_untracked();
                self.announce.try_set(i18n::text(locale, msg).to_owned());
            }
        }
        // A change of the team's that arrived while the move was on its way, if it is newer.
        let held = self.held.try_update_value(|h| h.remove(&deal)).flatten();
        if let Some(row) = held
            && settled_version.is_none_or(|v| row.version > v)
        {
            self.show(row);
        }
        self.schedule_reconcile();
    }
}
