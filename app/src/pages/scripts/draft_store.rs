//! The unsaved draft kept in this browser (`localStorage`, one entry per member and script),
//! so a crash or a closed tab loses nothing: written on every edit the server has not yet
//! acknowledged, removed once it has, and offered back on the next visit when it differs from
//! the server's draft.

use serde::{Deserialize, Serialize};
use shared::script::ScriptGraph;
use shared::{MemberId, ScriptId};

/// A draft kept in this browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    /// The server's draft version the edits started from.
    pub base_version: i32,
    /// The draft as the member left it.
    pub graph: ScriptGraph,
    /// When it was kept (milliseconds since the epoch).
    pub kept_at_ms: i64,
}

/// What to do with a kept draft when the page opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offer {
    /// Nothing kept.
    Nothing,
    /// The kept draft is the server's: forget it.
    Forget,
    /// Offer to restore it; `server_changed`: the server's draft moved on since.
    Restore {
        /// Someone saved the server's draft after these edits started.
        server_changed: bool,
    },
}

/// What to offer for `kept` when the server has `graph` at `version`.
pub fn offer(kept: Option<&Kept>, graph: &ScriptGraph, version: i32) -> Offer {
    match kept {
        None => Offer::Nothing,
        Some(k) if k.graph == *graph => Offer::Forget,
        Some(k) => Offer::Restore {
            server_changed: k.base_version != version,
        },
    }
}

/// The storage key of a member's draft of a script.
pub fn key(member: MemberId, script: ScriptId) -> String {
    format!("baton.script-draft.{member}.{script}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The draft kept under `key`, if any (an unreadable entry counts as none).
pub fn load(key: &str) -> Option<Kept> {
    let raw = storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&raw).ok()
}

/// Keeps `kept` under `key` (a full or disabled storage only loses the copy).
pub fn store(key: &str, kept: &Kept) {
    if let (Some(s), Ok(raw)) = (storage(), serde_json::to_string(kept)) {
        let _ = s.set_item(key, &raw);
    }
}

/// Forgets the draft under `key`.
pub fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_only_what_differs() {
        let server = ScriptGraph {
            start: "a".into(),
            steps: Vec::new(),
        };
        let same = Kept {
            base_version: 3,
            graph: server.clone(),
            kept_at_ms: 0,
        };
        assert_eq!(offer(None, &server, 3), Offer::Nothing);
        assert_eq!(offer(Some(&same), &server, 4), Offer::Forget);
        let mine = Kept {
            graph: ScriptGraph::default(),
            ..same
        };
        assert_eq!(
            offer(Some(&mine), &server, 3),
            Offer::Restore {
                server_changed: false
            }
        );
        assert_eq!(
            offer(Some(&mine), &server, 5),
            Offer::Restore {
                server_changed: true
            }
        );
        let back: Kept = serde_json::from_str(&serde_json::to_string(&mine).unwrap()).unwrap();
        assert_eq!(back, mine);
        assert_eq!(key(MemberId(1), ScriptId(7)), "baton.script-draft.1.7");
    }
}
