//! The send queue of a call's clicks: the screen moves on at once and the clicks go to the
//! server behind it, strictly one at a time and in order, each with its sequence number and an
//! idempotency key (the same key on every retry, so a click is recorded once). A lost
//! connection is retried, waiting longer each time, for as long as the page is open; an
//! answer that confirms a click must leave the call where the screen expected it; a refusal
//! (409, 422, …) or a confirmation that disagrees empties the queue and the call is loaded
//! again from the server. Pure (the page drives it), tested natively; kept in `localStorage`
//! by the page so a crash loses no click.

use super::run::Position;
use serde::{Deserialize, Serialize};
use shared::api::CallAnswer;
use std::collections::VecDeque;

/// Waits before each retry after a lost connection, in milliseconds (the last repeats).
pub const RETRY_WAITS: [u32; 6] = [250, 500, 1000, 2000, 4000, 8000];

/// One click on its way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// The request (with its sequence number).
    pub body: CallAnswer,
    /// Its idempotency key.
    pub key: String,
    /// Where the call must be once the server has it.
    pub expect: Position,
}

/// What came back for the click sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answered {
    /// Recorded: the call's last sequence number and position now.
    Recorded {
        /// The call's `seq`.
        seq: i32,
        /// Where it is.
        at: Position,
    },
    /// No answer (offline, refused connection, aborted).
    Network,
    /// The session is gone (401).
    Unauthorized,
    /// Any other refusal, with its status (none for an unreadable answer).
    Refused(Option<u16>),
}

/// Why the call must be loaded again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// The server refused a click (the status, if any).
    Refused(Option<u16>),
    /// The server recorded it but has the call somewhere else than the screen.
    Diverged,
}

/// What to do after an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    /// Confirmed; send the next click, if any.
    Confirmed,
    /// Wait this long, then send the same click again.
    Retry(u32),
    /// The queue is emptied; load the call again and say why.
    Reload(Why),
    /// The session ended; the queue is emptied.
    Expired,
}

/// The clicks not yet confirmed, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SendQueue {
    items: VecDeque<Pending>,
    in_flight: bool,
    failures: usize,
}

impl SendQueue {
    /// A queue holding clicks kept from before a reload.
    pub fn with(items: Vec<Pending>) -> Self {
        Self {
            items: items.into(),
            ..Self::default()
        }
    }

    /// Adds a click behind the others.
    pub fn push(&mut self, p: Pending) {
        self.items.push_back(p);
    }

    /// How many clicks are not yet confirmed.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether every click is confirmed.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether the last attempt failed for want of a connection.
    pub fn offline(&self) -> bool {
        self.failures > 0
    }

    /// The clicks, oldest first (to keep them across a reload).
    pub fn items(&self) -> Vec<Pending> {
        self.items.iter().cloned().collect()
    }

    /// The next click to send, unless one is on its way already (then none: strictly one at
    /// a time).
    pub fn take(&mut self) -> Option<Pending> {
        if self.in_flight {
            return None;
        }
        let next = self.items.front().cloned()?;
        self.in_flight = true;
        Some(next)
    }

    /// Settles the click on its way with the server's answer.
    pub fn settle(&mut self, answered: Answered) -> Settled {
        self.in_flight = false;
        let Some(front) = self.items.front() else {
            return Settled::Confirmed;
        };
        match answered {
            Answered::Recorded { seq, at } => {
                self.failures = 0;
                let expected = front.body.seq == Some(seq) && front.expect == at;
                if expected {
                    self.items.pop_front();
                    Settled::Confirmed
                } else {
                    self.items.clear();
                    Settled::Reload(Why::Diverged)
                }
            }
            Answered::Network => {
                let wait = RETRY_WAITS[self.failures.min(RETRY_WAITS.len() - 1)];
                self.failures += 1;
                Settled::Retry(wait)
            }
            Answered::Unauthorized => {
                self.items.clear();
                self.failures = 0;
                Settled::Expired
            }
            Answered::Refused(status) => {
                self.items.clear();
                self.failures = 0;
                Settled::Reload(Why::Refused(status))
            }
        }
    }

    /// Drops every click (the call was loaded again).
    pub fn clear(&mut self) {
        self.items.clear();
        self.failures = 0;
    }
}

/// The clicks kept from before a reload that the server does not have yet: those after its
/// last sequence number, which must follow it without a gap (otherwise none).
pub fn still_to_send(kept: Vec<Pending>, server_seq: i32) -> Vec<Pending> {
    let rest: Vec<Pending> = kept
        .into_iter()
        .filter(|p| p.body.seq.is_some_and(|s| s > server_seq))
        .collect();
    let in_order = rest
        .iter()
        .enumerate()
        .all(|(i, p)| p.body.seq == Some(server_seq + 1 + i as i32));
    if in_order { rest } else { Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn click(seq: i32, step: &str, len: usize) -> Pending {
        Pending {
            body: CallAnswer {
                seq: Some(seq),
                ..CallAnswer::answer("s", 0)
            },
            key: format!("k{seq}"),
            expect: Position {
                step: Some(step.into()),
                outcome: None,
                path_len: len,
            },
        }
    }

    fn recorded(p: &Pending) -> Answered {
        Answered::Recorded {
            seq: p.body.seq.unwrap_or(0),
            at: p.expect.clone(),
        }
    }

    #[test]
    fn one_at_a_time_in_order() {
        let mut q = SendQueue::default();
        q.push(click(1, "a", 1));
        q.push(click(2, "b", 2));
        let first = q.take().expect("first");
        assert_eq!(first.key, "k1");
        assert_eq!(q.take(), None, "the second waits for the first");
        assert_eq!(q.settle(recorded(&first)), Settled::Confirmed);
        let second = q.take().expect("second");
        assert_eq!(second.key, "k2");
        assert_eq!(q.settle(recorded(&second)), Settled::Confirmed);
        assert!(q.is_empty());
        assert_eq!(q.take(), None);
    }

    #[test]
    fn lost_connections_retry_the_same_click_waiting_longer() {
        let mut q = SendQueue::default();
        q.push(click(1, "a", 1));
        let mut waits = Vec::new();
        for _ in 0..8 {
            let p = q.take().expect("same click");
            assert_eq!(p.key, "k1", "the same key every time");
            match q.settle(Answered::Network) {
                Settled::Retry(w) => waits.push(w),
                other => panic!("{other:?}"),
            }
            assert!(q.offline());
        }
        assert_eq!(waits, vec![250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
        let p = q.take().expect("again");
        assert_eq!(q.settle(recorded(&p)), Settled::Confirmed);
        assert!(!q.offline());
        assert!(q.is_empty());
    }

    #[test]
    fn refusals_and_disagreements_empty_the_queue() {
        let mut q = SendQueue::default();
        q.push(click(1, "a", 1));
        q.push(click(2, "b", 2));
        q.take();
        assert_eq!(
            q.settle(Answered::Refused(Some(409))),
            Settled::Reload(Why::Refused(Some(409)))
        );
        assert!(q.is_empty());

        q.push(click(1, "a", 1));
        let p = q.take().expect("p");
        let elsewhere = Answered::Recorded {
            seq: 1,
            at: Position {
                step: Some("z".into()),
                outcome: None,
                path_len: 1,
            },
        };
        assert_eq!(q.settle(elsewhere), Settled::Reload(Why::Diverged));
        assert!(q.is_empty());

        q.push(click(1, "a", 1));
        q.take();
        let other_tab = Answered::Recorded {
            seq: 3,
            at: p.expect.clone(),
        };
        assert_eq!(q.settle(other_tab), Settled::Reload(Why::Diverged));

        q.push(click(1, "a", 1));
        q.take();
        assert_eq!(q.settle(Answered::Unauthorized), Settled::Expired);
        assert!(q.is_empty());
    }

    #[test]
    fn kept_clicks_resume_after_the_servers_last() {
        let kept = vec![click(3, "a", 1), click(4, "b", 2), click(5, "c", 3)];
        let keys = |v: Vec<Pending>| v.into_iter().map(|p| p.key).collect::<Vec<_>>();
        assert_eq!(keys(still_to_send(kept.clone(), 2)), vec!["k3", "k4", "k5"]);
        assert_eq!(keys(still_to_send(kept.clone(), 4)), vec!["k5"]);
        assert_eq!(keys(still_to_send(kept.clone(), 5)), Vec::<String>::new());
        // A gap: the server is behind by more than was kept.
        assert_eq!(keys(still_to_send(kept, 1)), Vec::<String>::new());
    }
}
