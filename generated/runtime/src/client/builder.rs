//! Configuring a client: base URL, credentials, TLS, timeouts, retries,
//! your own `reqwest::Client` and middleware.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest_middleware::{ClientBuilder as MiddlewareBuilder, Middleware};
use secrecy::SecretString;

use super::credentials::{AliyunKey, Credentials};
use super::feishu_token::TokenCache;
use super::retry::RetryPolicy;
use super::{Client, Inner};
use crate::descriptor::{AliyunSignatureVersion, ServiceDescriptor};

/// The default bound on a reply body: far above any JSON reply, room for most downloads.
pub const DEFAULT_MAX_REPLY_BYTES: usize = 64 * 1024 * 1024;

/// The default bound on a whole call, retries and token wait included.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);

/// Why a client could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// The service has no public endpoint (Sangfor aTrust is on-premises).
    #[error("{service} has no public base URL: give the deployment's with `.base_url(...)`")]
    BaseUrlRequired {
        /// Service id.
        service: &'static str,
    },
    /// `.base_url_named(...)` with a name the service does not have.
    #[error("{service} has no base URL named `{name}`; known: {known}")]
    UnknownBaseUrl {
        /// Service id.
        service: &'static str,
        /// The name asked for.
        name: String,
        /// The names it has.
        known: String,
    },
    /// The base URL does not parse, or is `http://` without `.allow_http()`.
    #[error("base URL `{url}`: {problem}")]
    BadBaseUrl {
        /// The URL.
        url: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// A root certificate or TLS setting was refused.
    #[error("the HTTP client could not be built: {0}")]
    Http(String),
}

/// Builds a client for one service; `T` is the service's client type.
pub struct ClientBuilder<T = Client> {
    service: &'static ServiceDescriptor,
    base_url: Option<String>,
    base_url_name: Option<String>,
    credentials: Credentials,
    http: Option<reqwest::Client>,
    middleware: Vec<Arc<dyn Middleware>>,
    root_certificates: Vec<reqwest::Certificate>,
    allow_http: bool,
    timeout: Duration,
    connect_timeout: Duration,
    deadline: Option<Duration>,
    exchange_timeout: Duration,
    max_reply_bytes: usize,
    retry: RetryPolicy,
    rate_limit: bool,
    client: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for ClientBuilder<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.id)
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl<T: From<Client>> ClientBuilder<T> {
    /// A builder for `service` with the defaults: the vendor's default base
    /// URL, 30 s per attempt, 10 s to connect, 30 s for the token exchange,
    /// 120 s for a whole call, [`RetryPolicy::default`], replies up to 64 MiB,
    /// documented rate limits on.
    pub fn new(service: &'static ServiceDescriptor) -> Self {
        ClientBuilder {
            service,
            base_url: None,
            base_url_name: None,
            credentials: Credentials::default(),
            http: None,
            middleware: Vec::new(),
            root_certificates: Vec::new(),
            allow_http: false,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            deadline: Some(DEFAULT_DEADLINE),
            exchange_timeout: super::feishu_token::EXCHANGE_TIMEOUT,
            max_reply_bytes: DEFAULT_MAX_REPLY_BYTES,
            retry: RetryPolicy::default(),
            rate_limit: true,
            client: PhantomData,
        }
    }

    /// Sends to this base URL (a sandbox, a private deployment, a region).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// Sends to one of the service's known base URLs (e.g. `lark`, `cn-beijing`).
    pub fn base_url_named(mut self, name: impl Into<String>) -> Self {
        self.base_url_name = Some(name.into());
        self
    }

    /// Allows `http://` base URLs (the sandbox, tests). TLS is otherwise required.
    pub fn allow_http(mut self) -> Self {
        self.allow_http = true;
        self
    }

    /// Trusts this root certificate too (a private deployment's CA).
    pub fn add_root_certificate(mut self, certificate: reqwest::Certificate) -> Self {
        self.root_certificates.push(certificate);
        self
    }

    /// Feishu: an app id and secret, exchanged for tenant tokens as needed.
    pub fn app_credentials(mut self, app_id: impl Into<String>, app_secret: impl Into<String>) -> Self {
        self.credentials.feishu_app = Some((app_id.into(), SecretString::from(app_secret.into())));
        self
    }

    /// Feishu: a fixed tenant token (no exchange, no refresh).
    pub fn tenant_access_token(mut self, token: impl Into<String>) -> Self {
        self.credentials.tenant_token = Some(SecretString::from(token.into()));
        self
    }

    /// Alibaba Cloud: an AccessKey.
    pub fn access_key(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.credentials.aliyun = Some(AliyunKey {
            id: id.into(),
            secret: SecretString::from(secret.into()),
            security_token: None,
        });
        self
    }

    /// Alibaba Cloud: an STS security token to send with the AccessKey.
    pub fn security_token(mut self, token: impl Into<String>) -> Self {
        if let Some(key) = &mut self.credentials.aliyun {
            key.security_token = Some(SecretString::from(token.into()));
        }
        self
    }

    /// Alibaba Cloud: the AccessKey (and STS token) from the standard
    /// environment variables, when they are set.
    pub fn access_key_from_env(mut self) -> Self {
        if let Some(key) = AliyunKey::from_env() {
            self.credentials.aliyun = Some(key);
        }
        self
    }

    /// Alibaba Cloud: which signature to send (default: the spec's first, V3).
    pub fn signature_version(mut self, version: AliyunSignatureVersion) -> Self {
        self.credentials.aliyun_version = Some(version);
        self
    }

    /// Sangfor aTrust: the open API's id and secret.
    pub fn api_credentials(mut self, api_id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.credentials.sangfor = Some((api_id.into(), SecretString::from(secret.into())));
        self
    }

    /// Uses your `reqwest::Client` (proxies, pools, TLS settings) instead of
    /// building one; timeouts, root certificates and `allow_http` are then yours.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Adds a `reqwest-middleware` middleware (metrics, a proxy's header,
    /// recording); it sees each signed request and its reply.
    pub fn with<M: Middleware>(mut self, middleware: M) -> Self {
        self.middleware.push(Arc::new(middleware));
        self
    }

    /// Time allowed per attempt (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest reply body read (default 64 MiB); a longer one (or one
    /// that never ends) is [`super::TransportError::ReplyTooLarge`].
    pub fn max_reply_bytes(mut self, limit: usize) -> Self {
        self.max_reply_bytes = limit;
        self
    }

    /// Time allowed for a whole call (default 120 s): waiting for a token,
    /// every attempt, and the waits between them. A call still running then
    /// ends with [`super::TransportError::Deadline`]; `None` sets no bound
    /// beyond the per-attempt timeout and the retry policy.
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// Time allowed for one Feishu token exchange (default 30 s). Calls
    /// needing a token wait for the exchange in progress, each up to its deadline.
    pub fn token_exchange_timeout(mut self, timeout: Duration) -> Self {
        self.exchange_timeout = timeout;
        self
    }

    /// Time allowed to connect (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The default retry policy of calls ([`RetryPolicy::none`] turns retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Whether calls wait for the documented per-endpoint quota (default on).
    pub fn rate_limit(mut self, on: bool) -> Self {
        self.rate_limit = on;
        self
    }

    /// The client.
    pub fn build(self) -> Result<T, BuildError> {
        let (base_url, host) = self.resolve_base_url()?;
        let http = match self.http {
            Some(http) => http,
            None => {
                // Redirects are never followed: reqwest re-sends a 307/308's
                // body (the token exchange's holds the app secret) to the new host.
                let mut builder = reqwest::Client::builder()
                    .use_rustls_tls()
                    .connect_timeout(self.connect_timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .https_only(!self.allow_http);
                for certificate in self.root_certificates {
                    builder = builder.add_root_certificate(certificate);
                }
                builder.build().map_err(|e| BuildError::Http(e.to_string()))?
            }
        };
        let plain_http = http.clone();
        let http = self
            .middleware
            .into_iter()
            .fold(MiddlewareBuilder::new(http), |b, m| b.with_arc(m))
            .build();
        let mut credentials = self.credentials;
        let token_cache = credentials
            .feishu_app
            .take()
            .map(|(id, secret)| TokenCache::new(id, secret, self.exchange_timeout));
        let inner = Inner {
            service: self.service,
            base_url,
            host,
            http,
            credentials,
            token_cache,
            plain_http,
            timeout: self.timeout,
            deadline: self.deadline,
            max_reply_bytes: self.max_reply_bytes,
            retry: self.retry,
            limiter: self.rate_limit.then(super::limit::Limiter::default),
        };
        Ok(T::from(Client { inner: Arc::new(inner) }))
    }

    /// The base URL and its `host[:port]`.
    fn resolve_base_url(&self) -> Result<(String, String), BuildError> {
        let service = self.service;
        let url = match (&self.base_url, &self.base_url_name) {
            (Some(url), _) => url.clone(),
            (None, Some(name)) => service
                .base_urls
                .iter()
                .find(|b| b.name == name)
                .map(|b| b.url.to_owned())
                .ok_or_else(|| BuildError::UnknownBaseUrl {
                    service: service.id,
                    name: name.clone(),
                    known: service.base_urls.iter().map(|b| b.name).collect::<Vec<_>>().join(", "),
                })?,
            (None, None) => service
                .base_urls
                .iter()
                .find(|b| b.default)
                .map(|b| b.url.to_owned())
                .ok_or(BuildError::BaseUrlRequired { service: service.id })?,
        };
        let bad = |problem| BuildError::BadBaseUrl {
            url: url.clone(),
            problem,
        };
        let parsed = reqwest::Url::parse(&url).map_err(|_| bad("not a URL"))?;
        match parsed.scheme() {
            "https" => {}
            "http" if self.allow_http => {}
            "http" => return Err(bad("plain http is refused unless `.allow_http()` is set")),
            _ => return Err(bad("only https (or http with `.allow_http()`) is supported")),
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(bad("a base URL has no query or fragment"));
        }
        let host = parsed.host_str().ok_or_else(|| bad("no host"))?;
        let host = match parsed.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        Ok((url, host))
    }
}
