//! Sign-in rate limiting, per account and per client address: after too many failures within
//! the window, further attempts are refused with 429 until the oldest failure ages out.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a failure counts.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
const MAX_KEYS: usize = 100_000;

/// Failure counts by account and by address.
#[derive(Debug)]
pub struct LoginLimiter {
    per_account: u32,
    per_address: u32,
    accounts: Mutex<HashMap<String, VecDeque<Instant>>>,
    addresses: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl LoginLimiter {
    /// Allows `per_account` failures per e-mail and `per_address` per IP within [`WINDOW`].
    pub fn new(per_account: u32, per_address: u32) -> Self {
        Self {
            per_account,
            per_address,
            accounts: Mutex::default(),
            addresses: Mutex::default(),
        }
    }

    /// `Err(seconds to wait)` if this account or address is locked out now.
    pub fn check(&self, email: &str, ip: Option<IpAddr>, now: Instant) -> Result<(), u64> {
        let wait_a = wait(&self.accounts, &email.to_owned(), self.per_account, now);
        let wait_b = ip.and_then(|ip| wait(&self.addresses, &ip, self.per_address, now));
        match wait_a.max(wait_b) {
            Some(secs) => Err(secs),
            None => Ok(()),
        }
    }

    /// Records a failed attempt.
    pub fn failed(&self, email: &str, ip: Option<IpAddr>, now: Instant) {
        record(&self.accounts, email.to_owned(), now);
        if let Some(ip) = ip {
            record(&self.addresses, ip, now);
        }
    }

    /// Forgets an account's failures after a successful sign-in.
    pub fn succeeded(&self, email: &str) {
        if let Ok(mut m) = self.accounts.lock() {
            m.remove(email);
        }
    }
}

fn prune(q: &mut VecDeque<Instant>, now: Instant) {
    while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
        q.pop_front();
    }
}

fn wait<K: std::hash::Hash + Eq>(
    map: &Mutex<HashMap<K, VecDeque<Instant>>>,
    key: &K,
    limit: u32,
    now: Instant,
) -> Option<u64> {
    let mut m = map.lock().ok()?;
    let q = m.get_mut(key)?;
    prune(q, now);
    if q.len() as u32 >= limit {
        let oldest = *q.front()?;
        let left = WINDOW.saturating_sub(now.duration_since(oldest));
        Some(left.as_secs().max(1))
    } else {
        None
    }
}

fn record<K: std::hash::Hash + Eq>(
    map: &Mutex<HashMap<K, VecDeque<Instant>>>,
    key: K,
    now: Instant,
) {
    let Ok(mut m) = map.lock() else { return };
    if m.len() >= MAX_KEYS {
        m.retain(|_, q| {
            prune(q, now);
            !q.is_empty()
        });
    }
    let q = m.entry(key).or_default();
    prune(q, now);
    q.push_back(now);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_an_account_after_repeated_failures_and_releases_it() {
        let l = LoginLimiter::new(3, 100);
        let t0 = Instant::now();
        let ip = Some(IpAddr::from([127, 0, 0, 1]));
        for i in 0..3 {
            assert!(l.check("a@x.jp", ip, t0).is_ok(), "attempt {i}");
            l.failed("a@x.jp", ip, t0);
        }
        let wait = l.check("a@x.jp", ip, t0).err().unwrap_or_default();
        assert!(wait > 800 && wait <= 900, "{wait}");
        assert!(
            l.check("b@x.jp", ip, t0).is_ok(),
            "other accounts are not affected"
        );
        assert!(
            l.check("a@x.jp", ip, t0 + WINDOW).is_ok(),
            "failures age out"
        );
    }

    #[test]
    fn locks_an_address_across_accounts() {
        let l = LoginLimiter::new(100, 4);
        let t0 = Instant::now();
        let ip = Some(IpAddr::from([10, 0, 0, 9]));
        for i in 0..4 {
            l.failed(&format!("u{i}@x.jp"), ip, t0);
        }
        assert!(l.check("new@x.jp", ip, t0).is_err());
        assert!(
            l.check("new@x.jp", Some(IpAddr::from([10, 0, 0, 8])), t0)
                .is_ok()
        );
    }

    #[test]
    fn success_clears_the_account() {
        let l = LoginLimiter::new(2, 100);
        let t0 = Instant::now();
        l.failed("a@x.jp", None, t0);
        l.succeeded("a@x.jp");
        l.failed("a@x.jp", None, t0);
        assert!(l.check("a@x.jp", None, t0).is_ok());
    }
}
