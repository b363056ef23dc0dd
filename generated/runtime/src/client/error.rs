//! What a call can fail with. No variant holds a secret: tokens, app
//! secrets and AccessKey secrets never reach an error or its `Display`.

use std::fmt;

use serde_json::Value;

use crate::error_table::{ErrorCode, ErrorTable};
use crate::wire::EncodeError;

/// A failed call of an endpoint whose error table is `E`.
#[derive(Debug, thiserror::Error)]
pub enum Error<E: ErrorTable> {
    /// The vendor answered with an error: a variant of the endpoint's table
    /// (or its `Unknown` variant), with the reply's status and tracing ids.
    #[error("{0}")]
    Api(Box<ApiError<E>>),
    /// The reply was not what the service's envelope and the spec say.
    #[error("{0}")]
    Decode(Box<DecodeFailure>),
    /// No reply: connection, TLS or timeout trouble.
    #[error("{0}")]
    Transport(TransportError),
    /// Credentials were missing or refused before the call was sent.
    #[error("{0}")]
    Auth(AuthError),
    /// The request could not be encoded as the endpoint's descriptor says.
    #[error("request could not be encoded: {0}")]
    Encode(#[from] EncodeError),
}

impl<E: ErrorTable> Error<E> {
    /// The endpoint's error, when the vendor answered with one.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(api) => Some(&api.error),
            _ => None,
        }
    }

    /// The HTTP status of the reply, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode(decode) => Some(decode.status),
            Error::Auth(AuthError::TokenExchange { status, .. }) => Some(*status),
            _ => None,
        }
    }

    /// The vendor's request-tracing id, when the reply had one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.request_id.as_deref(),
            Error::Decode(decode) => decode.request_id.as_deref(),
            Error::Auth(AuthError::TokenExchange { request_id, .. }) => request_id.as_deref(),
            _ => None,
        }
    }
}

/// A vendor error reply.
#[derive(Debug)]
pub struct ApiError<E> {
    /// The endpoint's error (table variant, common error or unknown code).
    pub error: E,
    /// The code as the vendor sent it; for a row whose code is a template
    /// (`ACS.InvalidParameter.%s`) it names what the server filled in.
    pub code: ErrorCode,
    /// HTTP status.
    pub status: u16,
    /// Request-tracing id: Feishu `X-Tt-Logid`, Sangfor `traceId`, Alibaba Cloud `RequestId`.
    pub request_id: Option<String>,
    /// The vendor's extra error detail (Feishu's `error` object with
    /// `log_id` and `troubleshooter`).
    pub detail: Option<Value>,
}

impl<E: ErrorTable> ApiError<E> {
    /// Feishu's troubleshooting link, when the reply had one.
    pub fn troubleshooter(&self) -> Option<&str> {
        self.detail.as_ref()?.get("troubleshooter")?.as_str()
    }
}

impl<E: ErrorTable> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {} error {}: {}", self.status, self.code, self.error.message())?;
        if let Some(hint) = self.error.hint() {
            write!(f, " (hint: {hint})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// A reply whose body is not what the spec says: HTML from a gateway,
/// truncated or mistyped JSON, an empty body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("HTTP {status} reply from {service} could not be decoded: {problem} (request id {request_id:?}; body starts {excerpt:?})")]
pub struct DecodeFailure {
    /// The service id.
    pub service: &'static str,
    /// HTTP status.
    pub status: u16,
    /// Tracing id from the headers or body, if any.
    pub request_id: Option<String>,
    /// What is wrong.
    pub problem: String,
    /// The first characters of the body.
    pub excerpt: String,
}

/// No usable reply.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// The call (or one attempt of it) took longer than its timeout.
    #[error("the call to {endpoint} timed out")]
    Timeout {
        /// Endpoint id.
        endpoint: &'static str,
    },
    /// Connecting, TLS, or reading the reply failed.
    #[error("the call to {endpoint} failed: {message}")]
    Io {
        /// Endpoint id.
        endpoint: &'static str,
        /// What went wrong (without the URL, which may carry signatures).
        message: String,
    },
    /// The whole call, retries and waiting for a token included, took
    /// longer than its deadline (`ClientBuilder::deadline`, `Call::deadline`).
    #[error("the call to {endpoint} did not finish within its deadline of {limit:?}")]
    Deadline {
        /// Endpoint id.
        endpoint: &'static str,
        /// The deadline.
        limit: std::time::Duration,
    },
    /// The reply body was longer than the client reads (`max_reply_bytes`).
    #[error("the reply to {endpoint} is longer than {limit} bytes; reading stopped there")]
    ReplyTooLarge {
        /// Endpoint id.
        endpoint: &'static str,
        /// The bound.
        limit: usize,
    },
}

/// Credentials missing or refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// A user-token endpoint was called without `.user_token(...)`.
    #[error("{endpoint} needs a user_access_token: call `.user_token(...)` on the call")]
    MissingUserToken {
        /// Endpoint id.
        endpoint: &'static str,
    },
    /// The endpoint's auth scheme needs credentials the client was not given.
    #[error("{endpoint} uses auth `{scheme}`, but the client has no {needed}")]
    MissingCredentials {
        /// Endpoint id.
        endpoint: &'static str,
        /// Auth scheme name.
        scheme: &'static str,
        /// What to configure.
        needed: &'static str,
    },
    /// The endpoint's descriptor lists no auth scheme (generated ones always
    /// list one; a hand-written descriptor may not), so nothing is sent.
    #[error("{endpoint} has no auth scheme in its descriptor")]
    NoScheme {
        /// Endpoint id.
        endpoint: &'static str,
    },
    /// The endpoint signs only with Alibaba Cloud's RPC signature, which
    /// would put the client's STS security token in the URL.
    #[error("{endpoint} signs only with `{scheme}` (the RPC signature), which carries the STS security token in the URL; refused: list `v3` among the endpoint's signatures, or call with a plain AccessKey")]
    SecretInUrl {
        /// Endpoint id.
        endpoint: &'static str,
        /// Auth scheme name.
        scheme: &'static str,
    },
    /// The endpoint signs decoded query values (Sangfor `query_values:
    /// decoded`) and a name or value holds `&` or `=`: the signature would
    /// also be good for a different request, so it is not made.
    #[error("{endpoint}: query parameter `{parameter}` holds `&` or `=`, which the endpoint's decoded query signing cannot tell apart from a parameter boundary; not signed")]
    AmbiguousSignature {
        /// Endpoint id.
        endpoint: &'static str,
        /// The parameter's name.
        parameter: String,
    },
    /// Exchanging the app secret for a tenant token failed.
    #[error("tenant_access_token exchange failed: HTTP {status}, code {code}: {message} [request id {request_id:?}]")]
    TokenExchange {
        /// HTTP status.
        status: u16,
        /// Vendor code.
        code: ErrorCode,
        /// Vendor message.
        message: String,
        /// Tracing id.
        request_id: Option<String>,
    },
}
