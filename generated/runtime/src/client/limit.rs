//! Client-side pacing to each endpoint's documented quota, so a burst
//! queues here instead of being throttled by the vendor. One limiter per
//! endpoint, shared by every clone of the client.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// Quotas are paced with this much slack, so that network jitter cannot
/// bunch two calls closer at the server than the quota allows.
const SLACK: f64 = 1.05;

/// Per-endpoint limiters.
#[derive(Debug, Default)]
pub struct Limiter {
    endpoints: Mutex<HashMap<&'static str, Arc<DefaultDirectRateLimiter>>>,
}

impl Limiter {
    /// Waits until `endpoint` may be called again under `per_second`.
    ///
    /// Calls are spaced evenly (no burst allowance): with a burst, a
    /// one-second window could see nearly twice the quota.
    pub async fn wait(&self, endpoint: &'static str, per_second: u32) {
        let Some(rate) = NonZeroU32::new(per_second) else {
            return;
        };
        let limiter = {
            let Ok(mut endpoints) = self.endpoints.lock() else {
                return;
            };
            endpoints
                .entry(endpoint)
                .or_insert_with(|| {
                    let period = Duration::from_secs_f64(SLACK / f64::from(rate.get()));
                    let quota = Quota::with_period(period).unwrap_or_else(|| Quota::per_second(rate));
                    Arc::new(RateLimiter::direct(quota))
                })
                .clone()
        };
        limiter.until_ready().await;
    }
}
