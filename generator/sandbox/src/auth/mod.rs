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
fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
