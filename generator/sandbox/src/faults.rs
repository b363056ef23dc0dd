//! Faults on demand: from the `X-Apigen-Fault` request header or the
//! fixture's `faults` rules, so clients can test their error paths.

use std::time::Duration;

use super::incoming::Incoming;
use super::Shared;

/// The request header that asks for faults: a comma-separated list of
/// `internal`, `throttle`, `malformed`, `html`, `delay_ms=N`, `error=CODE`.
pub const FAULT_HEADER: &str = "x-apigen-fault";

/// The faults to apply to one call.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Faults {
    /// Answer the vendor's internal error.
    pub internal: bool,
    /// Answer the vendor's throttling error.
    pub throttle: bool,
    /// Answer 200 with truncated JSON.
    pub malformed: bool,
    /// Answer 502 with a gateway's HTML page.
    pub html: bool,
    /// Wait this long before answering.
    pub delay: Option<Duration>,
    /// Answer the documented error with this vendor code.
    pub error: Option<String>,
}

/// The longest injected delay: enough to test any client timeout, short
/// enough that a request cannot hold a connection for long.
pub const MAX_DELAY: Duration = Duration::from_secs(30);

impl Faults {
    /// Adds the faults named in `spec`; unknown names are ignored.
    fn add(&mut self, spec: &str) {
        for item in spec.split(',').map(str::trim) {
            match item {
                "internal" => self.internal = true,
                "throttle" => self.throttle = true,
                "malformed" => self.malformed = true,
                "html" => self.html = true,
                other => {
                    if let Some(ms) = other.strip_prefix("delay_ms=").and_then(|ms| ms.parse::<u64>().ok()) {
                        self.delay = Some(Duration::from_millis(ms).min(MAX_DELAY));
                    } else if let Some(code) = other.strip_prefix("error=") {
                        self.error = Some(code.to_owned());
                    }
                }
            }
        }
    }
}

/// A fixture rule with its remaining uses.
#[derive(Debug)]
pub struct FaultSlot {
    /// `service.endpoint`.
    pub endpoint: String,
    /// The fault list.
    pub fault: String,
    /// Calls left (`None`: every call).
    pub remaining: Option<u32>,
}

/// The faults for a call of `endpoint_key` (`service.endpoint`); uses up
/// one call of each matching counted rule.
pub fn for_call(shared: &Shared, endpoint_key: &str, incoming: &Incoming) -> Faults {
    let mut faults = Faults::default();
    if let Some(header) = incoming.header(FAULT_HEADER) {
        faults.add(header);
    }
    if let Ok(mut slots) = shared.state.faults.lock() {
        for slot in slots.iter_mut().filter(|s| s.endpoint == endpoint_key) {
            match &mut slot.remaining {
                Some(0) => continue,
                Some(n) => *n -= 1,
                None => {}
            }
            faults.add(&slot.fault);
        }
    }
    faults
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_lists_parse() {
        let mut faults = Faults::default();
        faults.add("internal, delay_ms=250,bogus,error=1785012");
        assert!(faults.internal && !faults.throttle);
        assert_eq!(faults.error.as_deref(), Some("1785012"));
        assert_eq!(faults.delay, Some(Duration::from_millis(250)));
    }
}
