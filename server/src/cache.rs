//! In-process read caches, so the hot reads (who is this session; the deals list) do not go
//! to the database on every request.
//!
//! Policy:
//! - Sessions are cached for [`SESSION_TTL`] at most and never past their expiry; signing out
//!   or changing a member's preferences drops that member's entries at once.
//! - Read responses are cached under a *data generation*. Every write that changes what a
//!   cached read shows (deals, accounts, stages, pipelines, member names) calls
//!   [`ReadCache::invalidate`] after it commits, which bumps the generation; an entry from an
//!   older generation is never served.
//! - The response cache is on only for SQLite, where one server process owns the database.
//!   With PostgreSQL several instances may write, and one instance's cache cannot see another's
//!   writes, so it stays off there.

use crate::session::CurrentMember;
use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long a session may be served from memory before the database is asked again.
pub const SESSION_TTL: Duration = Duration::from_secs(10);
const MAX_ENTRIES: usize = 10_000;

/// A cached session: its member, when it expires, when it was cached.
type SessionEntry = (CurrentMember, chrono::DateTime<chrono::Utc>, Instant);

/// Sessions by id.
#[derive(Debug, Default)]
pub struct SessionCache {
    entries: RwLock<HashMap<String, SessionEntry>>,
}

impl SessionCache {
    /// The cached member of a live session, if fresh.
    pub fn get(&self, session_id: &str) -> Option<CurrentMember> {
        let entries = self.entries.read().ok()?;
        let (member, expires_at, cached_at) = entries.get(session_id)?;
        (cached_at.elapsed() < SESSION_TTL && *expires_at > chrono::Utc::now())
            .then(|| member.clone())
    }

    /// Remembers a session's member until `expires_at` (or the TTL, whichever is first).
    pub fn put(&self, member: &CurrentMember, expires_at: chrono::DateTime<chrono::Utc>) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MAX_ENTRIES {
                entries.retain(|_, (_, _, at)| at.elapsed() < SESSION_TTL);
                if entries.len() >= MAX_ENTRIES {
                    entries.clear();
                }
            }
            entries.insert(
                member.session_id.clone(),
                (member.clone(), expires_at, Instant::now()),
            );
        }
    }

    /// Forgets one session.
    pub fn remove(&self, session_id: &str) {
        if let Ok(mut entries) = self.entries.write() {
            entries.remove(session_id);
        }
    }

    /// Forgets every session of a member (their name, roles or preferences changed).
    pub fn remove_member(&self, member: shared::MemberId) {
        if let Ok(mut entries) = self.entries.write() {
            entries.retain(|_, (m, _, _)| m.id != member);
        }
    }
}

/// Serialized read responses under a data generation.
#[derive(Debug)]
pub struct ReadCache {
    enabled: bool,
    generation: AtomicU64,
    entries: RwLock<HashMap<String, (u64, Bytes)>>,
}

impl ReadCache {
    /// A cache; `enabled` is false where other processes may write the same database.
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            generation: AtomicU64::new(0),
            entries: RwLock::default(),
        }
    }

    /// The current generation: take it *before* reading the database, store under it.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// A response stored under the current generation.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        if !self.enabled {
            return None;
        }
        let generation = self.generation();
        let entries = self.entries.read().ok()?;
        entries
            .get(key)
            .filter(|(g, _)| *g == generation)
            .map(|(_, b)| b.clone())
    }

    /// Stores a response read at `generation` (ignored if a write has happened since).
    pub fn put(&self, key: String, generation: u64, body: Bytes) {
        if !self.enabled || generation != self.generation() {
            return;
        }
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, (generation, body));
        }
    }

    /// Call after every committed write that changes what a cached read shows.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut entries) = self.entries.write() {
            entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_hides_every_older_entry() {
        let c = ReadCache::new(true);
        let g = c.generation();
        c.put("deals?1".into(), g, Bytes::from_static(b"old"));
        assert_eq!(c.get("deals?1").as_deref(), Some(&b"old"[..]));
        c.invalidate();
        assert_eq!(c.get("deals?1"), None);
        // A read that started before the write must not store its (stale) answer.
        c.put("deals?1".into(), g, Bytes::from_static(b"stale"));
        assert_eq!(c.get("deals?1"), None);
    }

    #[test]
    fn disabled_cache_stores_nothing() {
        let c = ReadCache::new(false);
        c.put("k".into(), c.generation(), Bytes::from_static(b"x"));
        assert_eq!(c.get("k"), None);
    }

    fn member(session: &str, id: i64) -> CurrentMember {
        CurrentMember {
            me: shared::api::Me {
                id: shared::MemberId(id),
                name: "n".into(),
                email: "e@x.jp".into(),
                roles: vec![],
                locale: shared::Locale::Ja,
                time_zone: "Asia/Tokyo".into(),
            },
            session_id: session.into(),
        }
    }

    #[test]
    fn sessions_expire_and_can_be_dropped_by_member() {
        let c = SessionCache::default();
        let later = chrono::Utc::now() + chrono::Duration::hours(1);
        c.put(&member("a", 1), later);
        c.put(&member("b", 1), later);
        c.put(&member("c", 2), later);
        assert!(c.get("a").is_some());
        c.remove_member(shared::MemberId(1));
        assert!(c.get("a").is_none() && c.get("b").is_none());
        assert!(c.get("c").is_some());
        c.put(
            &member("d", 3),
            chrono::Utc::now() - chrono::Duration::seconds(1),
        );
        assert!(c.get("d").is_none(), "never past the session's expiry");
        c.remove("c");
        assert!(c.get("c").is_none());
    }
}
