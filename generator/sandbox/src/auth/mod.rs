//! Who is calling: each vendor's credentials, checked as the vendor does.

mod aliyun;
pub(crate) mod feishu;
mod sangfor;

use super::incoming::Incoming;
use super::reply::Refusal;
use super::Shared;
use apigen::model::{AuthKind, AuthScheme};

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

/// Checks the request's credentials for the endpoint's auth scheme.
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
