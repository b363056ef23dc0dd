//! Feishu tenant tokens: exchanged from the app secret, cached, shared by
//! every clone of a client, fetched once however many calls need one at the
//! same moment, refreshed ahead of expiry, and dropped when the vendor says
//! the token is no longer valid.

use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};
use tokio::sync::Mutex;

use super::error::AuthError;
use crate::error_table::ErrorCode;

/// Feishu's exchange for self-built apps.
pub const TENANT_TOKEN_PATH: &str = "/open-apis/auth/v3/tenant_access_token/internal";

/// Codes after which the official SDKs fetch a new token and try once more:
/// invalid tenant token, invalid app token, invalid token format.
pub const TOKEN_INVALID_CODES: [i64; 3] = [99991663, 99991664, 99991671];

/// The longest margin before expiry at which a token is refreshed (the
/// official SDKs keep 3–10 minutes).
const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// The longest lifetime a token reply is believed for (Feishu's are two hours).
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// The largest token-exchange reply read (a real one is under 200 bytes).
const MAX_EXCHANGE_REPLY: usize = 64 * 1024;

/// How long the token exchange may take by default
/// ([`super::ClientBuilder::token_exchange_timeout`]): it holds up every call waiting for a token.
pub const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(30);

/// A cached tenant token.
struct Cached {
    token: SecretString,
    refresh_at: Instant,
}

/// The cache; one per client, shared by its clones.
pub struct TokenCache {
    app_id: String,
    app_secret: SecretString,
    exchange_timeout: Duration,
    slot: Mutex<Option<Cached>>,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("app_id", &self.app_id)
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    /// A cache for one app, whose exchanges take at most `exchange_timeout`.
    pub fn new(app_id: String, app_secret: SecretString, exchange_timeout: Duration) -> TokenCache {
        TokenCache {
            app_id,
            app_secret,
            exchange_timeout,
            slot: Mutex::new(None),
        }
    }

    /// A valid token, exchanging the secret when there is none. The lock is
    /// held across the exchange, so concurrent callers wait for one fetch;
    /// the exchange's timeout bounds that wait, and each caller's deadline its own.
    pub async fn token(&self, http: &reqwest::Client, base_url: &str) -> Result<SecretString, AuthError> {
        let mut slot = self.slot.lock().await;
        if let Some(cached) = slot.as_ref().filter(|c| c.refresh_at > Instant::now()) {
            return Ok(cached.token.clone());
        }
        let (token, expire) = self.exchange(http, base_url).await?;
        // Feishu's tokens live two hours; a reply claiming more is believed
        // only up to a day, and the arithmetic cannot overflow.
        let lifetime = Duration::from_secs(expire.min(MAX_TOKEN_LIFETIME.as_secs()));
        let margin = REFRESH_MARGIN.min(lifetime / 4);
        let now = Instant::now();
        *slot = Some(Cached {
            token: token.clone(),
            refresh_at: now.checked_add(lifetime.saturating_sub(margin)).unwrap_or(now),
        });
        Ok(token)
    }

    /// Forgets `token` if it is the cached one (the vendor refused it).
    pub async fn invalidate(&self, token: &SecretString) {
        let mut slot = self.slot.lock().await;
        if slot
            .as_ref()
            .is_some_and(|c| c.token.expose_secret() == token.expose_secret())
        {
            *slot = None;
        }
    }

    /// The exchange goes out on the plain HTTP client, past no middleware:
    /// its body holds the app secret.
    async fn exchange(&self, http: &reqwest::Client, base_url: &str) -> Result<(SecretString, u64), AuthError> {
        let body = json!({ "app_id": self.app_id, "app_secret": self.app_secret.expose_secret() });
        let failed = |status: u16, message: String, request_id: Option<String>| AuthError::TokenExchange {
            status,
            code: ErrorCode::Int(-1),
            message,
            request_id,
        };
        let response = http
            .post(format!("{base_url}{TENANT_TOKEN_PATH}"))
            .json(&body)
            .timeout(self.exchange_timeout)
            .send()
            .await
            .map_err(|e| {
                failed(
                    0,
                    super::transport_message(&reqwest_middleware::Error::Reqwest(e)),
                    None,
                )
            })?;
        let status = response.status().as_u16();
        if response.status().is_redirection() {
            // Never followed: the body holds the app secret.
            return Err(failed(
                status,
                "the token exchange was redirected; redirects are not followed".to_owned(),
                None,
            ));
        }
        let request_id = response
            .headers()
            .get("x-tt-logid")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = super::call::read_limited(response, MAX_EXCHANGE_REPLY)
            .await
            .map_err(|e| {
                let message = match e {
                    super::call::ReadError::TooLarge => format!("the reply is longer than {MAX_EXCHANGE_REPLY} bytes"),
                    super::call::ReadError::Io(e) => super::transport_message(&reqwest_middleware::Error::Reqwest(e)),
                };
                failed(status, message, request_id.clone())
            })?;
        let reply: Value = serde_json::from_slice(&bytes).map_err(|_| {
            failed(
                status,
                format!("not JSON: {}", crate::wire::excerpt(&bytes)),
                request_id.clone(),
            )
        })?;
        let code = reply.get("code").and_then(Value::as_i64).unwrap_or(-1);
        let token = reply.get("tenant_access_token").and_then(Value::as_str);
        let expire = reply.get("expire").and_then(Value::as_u64);
        match (code, token, expire) {
            (0, Some(token), Some(expire)) => Ok((token.to_owned().into(), expire)),
            _ => Err(AuthError::TokenExchange {
                status,
                code: ErrorCode::Int(code),
                message: reply.get("msg").and_then(Value::as_str).unwrap_or_default().to_owned(),
                request_id,
            }),
        }
    }
}
