//! Who is calling: each vendor's credentials, checked as the vendor does.

mod aliyun;
pub(crate) mod feishu;
mod sangfor;

use super::incoming::Incoming;
use super::reply::Refusal;
use super::Shared;
use apigen::model::{AuthKind, AuthScheme, AuthSchemes, Condition};

/// The authenticated caller.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// App id, API id or AccessKey id: what rate limits are counted against.
    pub app: String,
    /// Feishu tenant key.
    pub tenant: Option<String>,
    /// Index of the Feishu user (`fixtures.feishu.users`) for user tokens.
    pub user: Option<usize>,
}

/// Checks the request's credentials against each scheme the endpoint
/// accepts, in order: the first that accepts them decides. When none does,
/// the refusal is that of the scheme the credentials were meant for (a
/// `u-` token: the user scheme), else of the default (first) scheme.
pub fn authenticate_any(shared: &Shared, schemes: &AuthSchemes, incoming: &Incoming) -> Result<Caller, Refusal> {
    let meant = feishu::presented_token_type(incoming);
    let (mut first, mut fitting) = (None, None);
    for scheme in schemes.iter() {
        match authenticate(shared, scheme, incoming) {
            Ok(caller) => return Ok(caller),
            Err(refused) => {
                let fits = matches!((&scheme.kind, meant), (AuthKind::Bearer(t), Some(m)) if *t == m);
                if fits && fitting.is_none() {
                    fitting = Some(refused);
                } else if first.is_none() {
                    first = Some(refused);
                }
            }
        }
    }
    Err(fitting
        .or(first)
        .unwrap_or_else(|| Refusal::new(Condition::AuthMissing)))
}

/// Checks the request's credentials for one auth scheme.
pub fn authenticate(shared: &Shared, scheme: &AuthScheme, incoming: &Incoming) -> Result<Caller, Refusal> {
    match &scheme.kind {
        AuthKind::Bearer(token_type) => feishu::bearer(shared, *token_type, &scheme.name, incoming),
        AuthKind::AliyunSignature(versions) => aliyun::signature(shared, versions, &scheme.name, incoming),
        AuthKind::SangforSignature(query_values) => sangfor::signature(shared, *query_values, &scheme.name, incoming),
    }
}

/// Seconds since the Unix epoch.
/// Remembers a signature's nonce (`vendor/key/nonce`): a nonce seen within
/// the window is a replay; when the store is full, the call is throttled
/// rather than let through unremembered.
fn remember_nonce(shared: &Shared, nonce: String) -> Result<(), Condition> {
    use crate::limits::NonceUse;
    let mut nonces = shared.state.nonces.lock().map_err(|_| Condition::SignatureIncomplete)?;
    match nonces.first_use(nonce, std::time::Instant::now()) {
        NonceUse::First => Ok(()),
        NonceUse::Reused => Err(Condition::NonceReused),
        NonceUse::Full => Err(Condition::Throttled),
    }
}

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
