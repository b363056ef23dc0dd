//! What the sandbox bounds so that no caller can hold it up or grow it
//! ([`Limits`]), and its memory with a time window: nonces already seen,
//! and calls per second.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// The sandbox's bounds on what a caller can make it wait for or keep.
/// Every field may be changed in [`crate::Options::limits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time a client has to send a request's headers (default 10 s); then
    /// the connection is closed.
    pub header_read_timeout: Duration,
    /// Time a client has to send a request's body (default 30 s); then the
    /// vendor's malformed-request error is answered with HTTP 408.
    pub body_read_timeout: Duration,
    /// The largest request body read (default 8 MiB; the vendors' own are
    /// far lower); a longer one is answered with HTTP 413 in the vendor's envelope.
    pub max_body_bytes: usize,
    /// The longest text value a request may carry (default 64 KiB, far above
    /// any vendor's field limit): a longer one is the vendor's too-long error,
    /// and is never kept in the sandbox's state.
    pub max_text_bytes: usize,
    /// Signature nonces remembered at once (default 262,144, some 40 MiB).
    /// When that many are live, signed calls are answered as throttled
    /// until the oldest leave the window, so a replay is never let through.
    pub max_nonces: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            max_body_bytes: 8 * 1024 * 1024,
            max_text_bytes: 64 * 1024,
            max_nonces: 1 << 18,
        }
    }
}

/// Whether a nonce may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonceUse {
    /// Not seen within the window: now remembered.
    First,
    /// Seen within the window.
    Reused,
    /// The store is full of live nonces; the call must wait.
    Full,
}

/// The longest nonce remembered: the vendors' are UUIDs (36 characters); a
/// longer one is refused as a malformed signature before it is stored.
pub const MAX_NONCE_LEN: usize = 128;

/// Nonces seen within the window; older ones are forgotten (the timestamp
/// check rejects requests that old anyway).
#[derive(Debug)]
pub struct NonceStore {
    window: Duration,
    capacity: usize,
    seen: HashMap<String, Instant>,
    prune_at: usize,
}

impl NonceStore {
    /// A store remembering up to `capacity` nonces for `window`.
    pub fn new(window: Duration, capacity: usize) -> NonceStore {
        NonceStore {
            window,
            capacity,
            seen: HashMap::new(),
            prune_at: 1024.min(capacity),
        }
    }

    /// Records `nonce` unless it was used within the window or the store is full.
    pub fn first_use(&mut self, nonce: String, now: Instant) -> NonceUse {
        if self.seen.len() >= self.prune_at {
            // Amortised: each prune at least halves the work until the next.
            let window = self.window;
            self.seen.retain(|_, at| now.duration_since(*at) < window);
            // Never above the capacity (a full store prunes on every new nonce).
            self.prune_at = self.seen.len().saturating_mul(2).max(1024).min(self.capacity.max(1));
        }
        match self.seen.get(&nonce) {
            Some(at) if now.duration_since(*at) < self.window => NonceUse::Reused,
            Some(_) => {
                self.seen.insert(nonce, now);
                NonceUse::First
            }
            None if self.seen.len() >= self.capacity => NonceUse::Full,
            None => {
                self.seen.insert(nonce, now);
                NonceUse::First
            }
        }
    }
}

/// Accepted calls per key within the last second (a sliding window, so no
/// second-long span ever holds more than the quota).
#[derive(Debug, Default)]
pub struct RateLimiter {
    calls: HashMap<String, VecDeque<Instant>>,
}

impl RateLimiter {
    /// Counts a call against `per_second` for `key`; false when over quota
    /// (a refused call is not counted).
    pub fn admit(&mut self, key: &str, per_second: u32, now: Instant) -> bool {
        let calls = self.calls.entry(key.to_owned()).or_default();
        while calls
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            calls.pop_front();
        }
        if calls.len() >= per_second as usize {
            return false;
        }
        calls.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_accepted_once_per_window() {
        let mut store = NonceStore::new(Duration::from_secs(60), 100);
        let t0 = Instant::now();
        assert_eq!(store.first_use("n1".into(), t0), NonceUse::First);
        assert_eq!(
            store.first_use("n1".into(), t0 + Duration::from_secs(59)),
            NonceUse::Reused
        );
        assert_eq!(
            store.first_use("n1".into(), t0 + Duration::from_secs(61)),
            NonceUse::First
        );
    }

    #[test]
    fn a_full_store_refuses_new_nonces_until_old_ones_leave_the_window() {
        let mut store = NonceStore::new(Duration::from_secs(60), 3);
        let t0 = Instant::now();
        for n in ["a", "b", "c"] {
            assert_eq!(store.first_use(n.into(), t0), NonceUse::First);
        }
        assert_eq!(store.first_use("d".into(), t0), NonceUse::Full);
        assert_eq!(
            store.first_use("a".into(), t0),
            NonceUse::Reused,
            "a replay is still a replay"
        );
        assert_eq!(
            store.first_use("d".into(), t0 + Duration::from_secs(61)),
            NonceUse::First
        );
        assert!(store.seen.len() <= 3);
    }

    #[test]
    fn no_second_holds_more_than_the_quota() {
        let mut limiter = RateLimiter::default();
        let t0 = Instant::now();
        let admitted = (0..25)
            .filter(|i| limiter.admit("k", 10, t0 + Duration::from_millis(i * 30)))
            .count();
        assert_eq!(admitted, 10);
        assert!(limiter.admit("k", 10, t0 + Duration::from_millis(1001)));
        assert!(limiter.admit("other", 10, t0));
    }
}
