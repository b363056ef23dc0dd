//! The HTTP client every generated endpoint is called with.
//!
//! Nothing here knows an endpoint: a call encodes the request as its
//! [`EndpointDescriptor`](crate::EndpointDescriptor) says, adds the auth its
//! scheme needs, paces it to the documented quota, sends it, unwraps the
//! service's envelope and maps a vendor error to the endpoint's error table,
//! retrying what may succeed on a second try. A new endpoint in the specs
//! is callable with no Rust written.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! # use apigen_runtime::{client::Client, Endpoint};
//! # fn service() -> &'static apigen_runtime::ServiceDescriptor { unimplemented!() }
//! let client: Client = Client::builder(service())
//!     .app_credentials("cli_xxx", "secret")
//!     .build()?;
//! # Ok(()) }
//! ```

mod auth;
#[cfg(feature = "blocking")]
mod blocking;
mod builder;
mod call;
pub mod credentials;
mod error;
mod feishu_token;
mod limit;
mod pages;
mod retry;

use std::sync::Arc;
use std::time::Duration;

use reqwest_middleware::ClientWithMiddleware;

#[cfg(feature = "blocking")]
pub use blocking::BlockingPages;
pub use builder::{BuildError, ClientBuilder, DEFAULT_DEADLINE, DEFAULT_MAX_REPLY_BYTES};
pub use call::{Call, Reply};
pub use error::{ApiError, AuthError, DecodeFailure, Error, TransportError};
pub use pages::PageStream;
pub use retry::RetryPolicy;

use crate::descriptor::{Endpoint, ServiceDescriptor};
use credentials::Credentials;
use feishu_token::TokenCache;

/// A client of one service. Cheap to clone; clones share the connection
/// pool, the Feishu token cache and the rate limiters.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// What clones share.
pub(crate) struct Inner {
    service: &'static ServiceDescriptor,
    base_url: String,
    /// `host[:port]` of the base URL, as reqwest sends it (signed by Alibaba Cloud V3).
    host: String,
    http: ClientWithMiddleware,
    /// The same client without the middleware, for the token exchange.
    plain_http: reqwest::Client,
    /// The largest reply body read.
    max_reply_bytes: usize,
    credentials: Credentials,
    token_cache: Option<TokenCache>,
    timeout: Duration,
    /// Bound on a whole call, retries included.
    deadline: Option<Duration>,
    retry: RetryPolicy,
    limiter: Option<limit::Limiter>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service.id)
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("token_cache", &self.inner.token_cache)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder for a client of `service`.
    pub fn builder(service: &'static ServiceDescriptor) -> ClientBuilder<Client> {
        ClientBuilder::new(service)
    }

    /// A call of endpoint `E`: set per-call options on it, then `.await` it
    /// (or `.send()` / `.send_with_reply()`).
    pub fn call<E: Endpoint>(&self, request: E) -> Call<'_, E> {
        Call::new(self, request)
    }

    /// The service.
    pub fn service(&self) -> &'static ServiceDescriptor {
        self.inner.service
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

/// A transport error's message without the URL (an Alibaba Cloud RPC URL
/// carries the signature and AccessKey id).
pub(crate) fn transport_message(error: &reqwest_middleware::Error) -> String {
    match error {
        reqwest_middleware::Error::Reqwest(e) => {
            // reqwest's own text is only "error sending request": the cause
            // (timed out, connection reset, certificate) is in its sources.
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(cause) = source {
                message.push_str(": ");
                message.push_str(&cause.to_string());
                source = cause.source();
            }
            if let Some(url) = e.url() {
                message = message.replace(url.as_str(), "<url>");
            }
            message
        }
        reqwest_middleware::Error::Middleware(e) => format!("middleware: {e}"),
    }
}
