//! Feishu bearer tokens, and the app-secret → tenant-token exchange.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::Caller;
use crate::incoming::Incoming;
use crate::reply::{Refusal, Replier};
use crate::Shared;
use apigen::model::{Condition, TokenType};

/// The longest token lifetime a fixture may ask for (a year).
const MAX_TOKEN_TTL_SECONDS: u64 = 365 * 24 * 60 * 60;

/// Compares a secret with what was sent in time that does not depend on
/// where they differ (only on the length of what was sent).
pub(crate) fn same_secret(secret: &str, sent: &str) -> bool {
    let (a, b) = (secret.as_bytes(), sent.as_bytes());
    let mut differ = u8::from(a.len() != b.len());
    for (i, byte) in b.iter().enumerate() {
        differ |= byte ^ a.get(i).copied().unwrap_or(0);
    }
    differ == 0
}

/// The exchange endpoint (Feishu's self-built-app flow).
pub const TENANT_TOKEN_PATH: &str = "/open-apis/auth/v3/tenant_access_token/internal";

/// A tenant token the sandbox issued.
#[derive(Debug)]
pub struct IssuedToken {
    /// The token.
    pub token: String,
    /// Its app.
    pub app_id: String,
    /// When it stops working.
    pub expires: Instant,
}

/// The token type a bearer token is meant as, by its prefix (`t-`, `u-`, `a-`).
pub fn presented_token_type(incoming: &Incoming) -> Option<TokenType> {
    let token = incoming.header("authorization")?.trim().strip_prefix("Bearer ")?.trim();
    match token.get(..2)? {
        "t-" => Some(TokenType::Tenant),
        "u-" => Some(TokenType::User),
        "a-" => Some(TokenType::App),
        _ => None,
    }
}

/// Checks `Authorization: Bearer <token>` for an endpoint wanting `wanted`.
pub fn bearer(shared: &Shared, wanted: TokenType, scheme: &str, incoming: &Incoming) -> Result<Caller, Refusal> {
    let header = incoming.header("authorization").map(str::trim).unwrap_or_default();
    if header.is_empty() {
        return Err(Refusal::about(Condition::AuthMissing, scheme));
    }
    let token = header
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| t.starts_with("t-") || t.starts_with("u-") || t.starts_with("a-"))
        .ok_or_else(|| Refusal::about(Condition::AuthMalformed, scheme))?;
    let invalid = || Refusal::about(Condition::AuthInvalid, scheme);
    match wanted {
        TokenType::Tenant => {
            let app_id = tenant_token_app(shared, token).ok_or_else(invalid)?;
            Ok(Caller {
                tenant: app_tenant(shared, &app_id),
                app: app_id,
                user: None,
            })
        }
        TokenType::User => {
            let users = &shared.fixtures.feishu.users;
            let user = users
                .iter()
                .position(|u| same_secret(u.token.expose(), token))
                .ok_or_else(invalid)?;
            let app_id = users[user].app_id.clone();
            Ok(Caller {
                tenant: app_tenant(shared, &app_id),
                app: app_id,
                user: Some(user),
            })
        }
        // App tokens are not issued by the sandbox (no seed endpoint uses one).
        TokenType::App => Err(invalid()),
    }
}

/// The app of a live tenant token, fixed or issued.
fn tenant_token_app(shared: &Shared, token: &str) -> Option<String> {
    let feishu = &shared.fixtures.feishu;
    if let Some(fixed) = feishu
        .tenant_tokens
        .iter()
        .find(|t| same_secret(t.token.expose(), token))
    {
        return Some(fixed.app_id.clone());
    }
    let issued = shared.state.feishu.lock().ok()?;
    issued
        .tokens
        .iter()
        .find(|t| t.token == token && t.expires > Instant::now())
        .map(|t| t.app_id.clone())
}

fn app_tenant(shared: &Shared, app_id: &str) -> Option<String> {
    shared
        .fixtures
        .feishu
        .apps
        .iter()
        .find(|a| a.app_id == app_id)
        .map(|a| a.tenant.clone())
}

/// `POST /open-apis/auth/v3/tenant_access_token/internal`.
///
/// Like Feishu, a token with more than a quarter of its lifetime left (30 of
/// 120 minutes) is handed out again; after that a new one is issued and both
/// stay valid until they expire.
pub fn exchange(shared: &Shared, replier: &Replier<'_>, incoming: &Incoming) -> Response {
    let body: Value = serde_json::from_slice(&incoming.body).unwrap_or(Value::Null);
    let field = |name: &str| body.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
    let (app_id, app_secret) = (field("app_id"), field("app_secret"));
    let feishu = &shared.fixtures.feishu;
    let Some(app) = feishu.apps.iter().find(|a| a.app_id == app_id) else {
        return replier.error(400, json!(10003), "invalid param");
    };
    if !same_secret(app.app_secret.expose(), &app_secret) {
        return replier.error(400, json!(10014), "app secret invalid");
    }
    // A fixture's lifetime is believed up to a year, so `now + ttl` cannot overflow.
    let ttl = Duration::from_secs(feishu.token_ttl_seconds.min(MAX_TOKEN_TTL_SECONDS));
    let now = Instant::now();
    let Ok(mut state) = shared.state.feishu.lock() else {
        return replier.error(500, json!(1780001), "Internal server error.");
    };
    state.tokens.retain(|t| t.expires > now);
    state.exchanges = state.exchanges.saturating_add(1);
    let reusable = state
        .tokens
        .iter()
        .filter(|t| t.app_id == app_id && t.expires.duration_since(now) > ttl / 4)
        .max_by_key(|t| t.expires);
    let (token, expires) = match reusable {
        Some(t) => (t.token.clone(), t.expires),
        None => {
            let token = format!("t-{}", uuid::Uuid::new_v4().simple());
            state.tokens.push(IssuedToken {
                token: token.clone(),
                app_id,
                expires: now + ttl,
            });
            (token, now + ttl)
        }
    };
    let body = json!({
        "code": 0,
        "msg": "ok",
        "tenant_access_token": token,
        "expire": expires.duration_since(now).as_secs(),
    });
    replier.json(StatusCode::OK, &body)
}
