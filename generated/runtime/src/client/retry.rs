//! When a failed attempt is tried again, and after how long.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::header::HeaderMap;

/// Retries with exponential backoff and jitter.
///
/// What is retried: errors the endpoint's table marks retryable, throttling
/// replies, connection failures, and — for idempotent endpoints only —
/// timeouts and 5xx replies without a documented code. A call that creates
/// something is thus never repeated after an answer that might mean it
/// happened. A server's `Retry-After`, `x-acs-retry-after` or
/// `x-ogw-ratelimit-reset` lengthens the wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1: no retries).
    pub max_attempts: u32,
    /// Wait before the first retry.
    pub initial_delay: Duration,
    /// Longest wait between attempts.
    pub max_delay: Duration,
    /// No retry starts after this much time since the first attempt.
    pub max_elapsed: Duration,
    /// The longest wait a server may ask for (`Retry-After`,
    /// `x-ogw-ratelimit-reset`, `x-acs-retry-after`): a longer one is cut to this.
    pub max_server_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
            max_server_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The waits between attempts, jittered.
    pub(crate) fn delays(&self) -> impl Iterator<Item = Duration> {
        ExponentialBuilder::default()
            .with_min_delay(self.initial_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_attempts.saturating_sub(1) as usize)
            .with_jitter()
            .build()
    }
}

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryClass {
    /// The table marks the vendor's error retryable (or it is throttling).
    Retryable,
    /// Never reached the server.
    Connect,
    /// Timed out, or a 5xx without a documented code: may have happened.
    Uncertain,
    /// Retrying cannot help.
    Final,
}

/// Whether to try again.
pub(crate) fn should_retry(failure: RetryClass, idempotent: bool) -> bool {
    match failure {
        RetryClass::Retryable | RetryClass::Connect => true,
        RetryClass::Uncertain => idempotent,
        RetryClass::Final => false,
    }
}

/// The wait a reply asks for, if any.
pub(crate) fn server_delay(headers: &HeaderMap) -> Option<Duration> {
    let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
    number("retry-after")
        .map(Duration::from_secs)
        // Alibaba Cloud gives milliseconds.
        .or_else(|| number("x-acs-retry-after").map(Duration::from_millis))
        .or_else(|| number("x-ogw-ratelimit-reset").map(Duration::from_secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_are_bounded_and_counted() {
        let policy = RetryPolicy {
            max_attempts: 4,
            initial_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            max_elapsed: Duration::from_secs(10),
            max_server_delay: Duration::from_secs(60),
        };
        let delays: Vec<_> = policy.delays().collect();
        assert_eq!(delays.len(), 3);
        assert!(delays.iter().all(|d| *d <= Duration::from_millis(600)), "{delays:?}");
        assert_eq!(RetryPolicy::none().delays().count(), 0);
    }

    #[test]
    fn creates_are_not_repeated_after_an_uncertain_failure() {
        assert!(!should_retry(RetryClass::Uncertain, false));
        assert!(should_retry(RetryClass::Uncertain, true));
        assert!(should_retry(RetryClass::Retryable, false));
        assert!(!should_retry(RetryClass::Final, true));
    }

    #[test]
    fn server_waits_are_read_from_each_vendors_header() {
        let mut headers = HeaderMap::new();
        headers.insert("x-acs-retry-after", "1500".parse().unwrap());
        assert_eq!(server_delay(&headers), Some(Duration::from_millis(1500)));
        headers.insert("retry-after", "2".parse().unwrap());
        assert_eq!(server_delay(&headers), Some(Duration::from_secs(2)));
    }
}
