//! Memory with a time window: nonces already seen, and calls per second.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// The longest nonce remembered: the vendors' are UUIDs (36 characters); a
/// longer one is refused as a malformed signature before it is stored.
pub const MAX_NONCE_LEN: usize = 128;

/// Nonces seen within the window; older ones are forgotten (the timestamp
/// check rejects requests that old anyway).
#[derive(Debug)]
pub struct NonceStore {
    window: Duration,
    seen: HashMap<String, Instant>,
    prune_at: usize,
}

impl NonceStore {
    /// A store remembering nonces for `window`.
    pub fn new(window: Duration) -> NonceStore {
        NonceStore {
            window,
            seen: HashMap::new(),
            prune_at: 1024,
        }
    }

    /// Records `nonce`; false when it was used within the window.
    pub fn first_use(&mut self, nonce: String, now: Instant) -> bool {
        if self.seen.len() >= self.prune_at {
            // Amortised: each prune at least halves the work until the next.
            let window = self.window;
            self.seen.retain(|_, at| now.duration_since(*at) < window);
            self.prune_at = (self.seen.len() * 2).max(1024);
        }
        match self.seen.get(&nonce) {
            Some(at) if now.duration_since(*at) < self.window => false,
            _ => {
                self.seen.insert(nonce, now);
                true
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
        let mut store = NonceStore::new(Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(store.first_use("n1".into(), t0));
        assert!(!store.first_use("n1".into(), t0 + Duration::from_secs(59)));
        assert!(store.first_use("n1".into(), t0 + Duration::from_secs(61)));
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
