//! One call: per-call options, the attempt loop, and the typed reply.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use secrecy::SecretString;
use tracing::Instrument;

use super::auth::{self, Prepared};
use super::error::{ApiError, DecodeFailure, Error, TransportError};
use super::feishu_token::TOKEN_INVALID_CODES;
use super::retry::{self, RetryClass, RetryPolicy};
use super::Client;
use crate::descriptor::{Endpoint, EndpointDescriptor, Envelope};
use crate::error_table::{ErrorCode, ErrorTable};
use crate::multipart;
use crate::payload::{Download, Payload};
use crate::wire::{decode_reply_into, encode_form, encode_request, excerpt, EncodedRequest};

/// A call being set up; `.await` it to send.
pub struct Call<'a, E: Endpoint> {
    client: &'a Client,
    request: E,
    user_token: Option<SecretString>,
    timeout: Option<Duration>,
    deadline: Option<Option<Duration>>,
    retry: Option<RetryPolicy>,
    headers: Vec<(String, String)>,
}

/// A typed payload with the reply it came in.
#[derive(Debug, Clone)]
pub struct Reply<T> {
    /// The payload.
    pub payload: T,
    /// HTTP status.
    pub status: u16,
    /// Reply headers.
    pub headers: HeaderMap,
    /// The vendor's request-tracing id.
    pub request_id: Option<String>,
    /// Attempts made (1 when the first succeeded).
    pub attempts: u32,
}

/// An attempt that failed, and what that means for retrying.
struct FailedAttempt<T: ErrorTable> {
    error: Error<T>,
    kind: RetryClass,
    server_delay: Option<Duration>,
    /// The vendor refused the bearer token this attempt used.
    refused_token: Option<SecretString>,
}

impl<T: ErrorTable> FailedAttempt<T> {
    fn new(error: Error<T>, kind: RetryClass) -> Self {
        FailedAttempt {
            error,
            kind,
            server_delay: None,
            refused_token: None,
        }
    }
}

impl<'a, E: Endpoint> Call<'a, E> {
    pub(super) fn new(client: &'a Client, request: E) -> Self {
        Call {
            client,
            request,
            user_token: None,
            timeout: None,
            deadline: None,
            retry: None,
            headers: Vec::new(),
        }
    }

    /// The user's `user_access_token`, for endpoints that act for a user.
    pub fn user_token(mut self, token: impl Into<String>) -> Self {
        self.user_token = Some(SecretString::from(token.into()));
        self
    }

    /// Time allowed per attempt, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed for the whole call, instead of the client's deadline
    /// (`None`: no bound beyond the per-attempt timeout and retry policy).
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Retry policy of this call, instead of the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// An extra header for this call.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the call; the typed payload on success.
    pub async fn send(self) -> Result<E::Response, Error<E::Error>> {
        self.send_with_reply().await.map(|reply| reply.payload)
    }

    /// Sends the call; the payload with status, headers and request id.
    pub async fn send_with_reply(self) -> Result<Reply<E::Response>, Error<E::Error>> {
        let descriptor = E::DESCRIPTOR;
        let span = tracing::info_span!(
            "apigen.call",
            service = descriptor.service.id,
            endpoint = descriptor.id,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let deadline = self.deadline.unwrap_or(self.client.inner.deadline);
        let run = self.run().instrument(span);
        match deadline {
            None => run.await,
            Some(limit) => {
                tokio::time::timeout(limit, run)
                    .await
                    .unwrap_or(Err(Error::Transport(TransportError::Deadline {
                        endpoint: descriptor.id,
                        limit,
                    })))
            }
        }
    }

    async fn run(self) -> Result<Reply<E::Response>, Error<E::Error>> {
        let descriptor = E::DESCRIPTOR;
        let inner = &self.client.inner;
        let encoded = encode_request(&self.request)?;
        // A fresh random boundary, which no part can be expected to contain;
        // drawn only for a multipart body (it costs a system call).
        let boundary = if encoded.multipart.is_empty() {
            String::new()
        } else {
            format!("apigen-{}", uuid::Uuid::new_v4().simple())
        };
        let body = match &encoded.body {
            Some(body) => serde_json::to_vec(body).map_err(|e| Error::Encode(e.into()))?,
            None if !encoded.form.is_empty() => encode_form(&encoded.form).into_bytes(),
            None if !encoded.multipart.is_empty() => multipart::encode(&encoded.multipart, &boundary),
            None => Vec::new(),
        };
        let policy = self.retry.clone().unwrap_or_else(|| inner.retry.clone());
        let mut delays = policy.delays();
        let started = Instant::now();
        let mut token_refreshed = false;
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            tracing::Span::current().record("attempt", attempt);
            if let (Some(limiter), Some(limit)) = (&inner.limiter, descriptor.rate_limit) {
                limiter.wait(descriptor.id, limit.per_second).await;
            }
            let failed = match self.attempt(descriptor, &encoded, &body, &boundary).await {
                Ok(mut reply) => {
                    reply.attempts = attempt;
                    return Ok(reply);
                }
                Err(failed) => failed,
            };
            // A refused tenant token is replaced once, outside the retry budget;
            // a fixed one cannot be, so retrying it is pointless.
            if let Some(token) = &failed.refused_token {
                match (&inner.token_cache, token_refreshed) {
                    (Some(cache), false) => {
                        cache.invalidate(token).await;
                        token_refreshed = true;
                        continue;
                    }
                    (None, _) => return Err(failed.error),
                    (Some(_), true) => {}
                }
            }
            if !retry::should_retry(failed.kind, descriptor.idempotent) {
                return Err(failed.error);
            }
            let Some(delay) = delays.next() else {
                return Err(failed.error);
            };
            // A server's wait is honoured up to the policy's bound, and time
            // arithmetic saturates: no reply can make a call wait for ever or overflow.
            let asked = failed.server_delay.unwrap_or_default().min(policy.max_server_delay);
            let delay = delay.max(asked);
            if started.elapsed().saturating_add(delay) > policy.max_elapsed {
                return Err(failed.error);
            }
            tracing::debug!(?delay, "retrying");
            tokio::time::sleep(delay).await;
        }
    }

    async fn attempt(
        &self,
        descriptor: &'static EndpointDescriptor,
        encoded: &EncodedRequest,
        body: &[u8],
        boundary: &str,
    ) -> Result<Reply<E::Response>, FailedAttempt<E::Error>> {
        let inner = &self.client.inner;
        let mut prepared = Prepared {
            method: encoded.method.as_str(),
            path: encoded.path.clone(),
            query: encoded.query.clone(),
            headers: encoded
                .headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .chain(self.headers.iter().cloned())
                .collect(),
            body: body.to_vec(),
            form: encoded.form.clone(),
        };
        if !prepared.form.is_empty() && encoded.body.is_none() {
            prepared.headers.push((
                "Content-Type".to_owned(),
                "application/x-www-form-urlencoded".to_owned(),
            ));
        }
        if !encoded.multipart.is_empty() && encoded.body.is_none() && encoded.form.is_empty() {
            prepared.headers.push((
                "Content-Type".to_owned(),
                format!("multipart/form-data; boundary={boundary}"),
            ));
        }
        if !prepared.body.is_empty()
            && !prepared
                .headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            prepared
                .headers
                .push(("Content-Type".to_owned(), "application/json; charset=utf-8".to_owned()));
        }
        let token = auth::authorize(inner, descriptor, self.user_token.as_ref(), &mut prepared)
            .await
            .map_err(|e| FailedAttempt::new(Error::Auth(e), RetryClass::Final))?;
        let mut response = self.send_prepared(descriptor, prepared).await?;
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let bytes = read_limited(response, inner.max_reply_bytes).await.map_err(|e| {
            let error = match e {
                ReadError::TooLarge => TransportError::ReplyTooLarge {
                    endpoint: descriptor.id,
                    limit: inner.max_reply_bytes,
                },
                ReadError::Io(e) => TransportError::Io {
                    endpoint: descriptor.id,
                    message: super::transport_message(&reqwest_middleware::Error::Reqwest(e)),
                },
            };
            FailedAttempt::new(Error::Transport(error), RetryClass::Uncertain)
        })?;
        self.interpret(descriptor, status, headers, &bytes, token)
    }

    async fn send_prepared(
        &self,
        descriptor: &'static EndpointDescriptor,
        prepared: Prepared,
    ) -> Result<reqwest::Response, FailedAttempt<E::Error>> {
        let inner = &self.client.inner;
        let mut url = format!("{}{}", inner.base_url, prepared.path);
        if !prepared.query.is_empty() {
            url.push('?');
            url.push_str(&auth::query_string(&prepared.query));
        }
        let method = reqwest::Method::from_bytes(prepared.method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let mut request = inner
            .http
            .request(method, url)
            .timeout(self.timeout.unwrap_or(inner.timeout));
        for (name, value) in &prepared.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        if !prepared.body.is_empty() {
            request = request.body(prepared.body);
        }
        request.send().await.map_err(|e| {
            let (error, kind) = match &e {
                reqwest_middleware::Error::Reqwest(r) if r.is_timeout() => (
                    TransportError::Timeout {
                        endpoint: descriptor.id,
                    },
                    RetryClass::Uncertain,
                ),
                reqwest_middleware::Error::Reqwest(r) if r.is_connect() => (
                    TransportError::Io {
                        endpoint: descriptor.id,
                        message: super::transport_message(&e),
                    },
                    RetryClass::Connect,
                ),
                _ => (
                    TransportError::Io {
                        endpoint: descriptor.id,
                        message: super::transport_message(&e),
                    },
                    RetryClass::Uncertain,
                ),
            };
            FailedAttempt::new(Error::Transport(error), kind)
        })
    }

    /// Turns a reply into the payload or the endpoint's error.
    fn interpret(
        &self,
        descriptor: &'static EndpointDescriptor,
        status: u16,
        headers: HeaderMap,
        bytes: &[u8],
        token: Option<SecretString>,
    ) -> Result<Reply<E::Response>, FailedAttempt<E::Error>> {
        let service = descriptor.service;
        let decoded = decode_reply_into::<E::Response>(service.id, &service.envelope, bytes);
        let request_id = header_request_id(&service.envelope, &headers)
            .or_else(|| decoded.as_ref().ok().and_then(|(_, trace)| trace.clone()));
        let span = tracing::Span::current();
        span.record("status", status);
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
        }
        tracing::debug!(status, request_id = request_id.as_deref(), "reply received");
        let decode_failure = |problem: String| DecodeFailure {
            service: service.id,
            status,
            request_id: request_id.clone(),
            problem,
            excerpt: excerpt(bytes),
        };
        let uncertain =
            |problem| FailedAttempt::new(Error::Decode(Box::new(decode_failure(problem))), RetryClass::Uncertain);
        if (300..400).contains(&status) {
            // Never followed: a redirect could carry credentials or a body elsewhere.
            let problem = format!("the server redirected (HTTP {status}); redirects are not followed");
            return Err(FailedAttempt::new(
                Error::Decode(Box::new(decode_failure(problem))),
                RetryClass::Final,
            ));
        }
        if <E::Response as Payload>::FILE && (200..300).contains(&status) && !is_json(&headers) {
            let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
            let file = Download::from_reply(
                header(reqwest::header::CONTENT_TYPE),
                header(reqwest::header::CONTENT_LENGTH),
                header(reqwest::header::CONTENT_DISPOSITION),
                bytes.to_vec(),
            );
            let payload =
                E::Response::from_file(file).ok_or_else(|| uncertain("the response type takes no file".to_owned()))?;
            return Ok(Reply {
                payload,
                status,
                headers,
                request_id,
                attempts: 1,
            });
        }
        let payload = match decoded {
            Err(e) => return Err(uncertain(e.problem)),
            Ok((Err(vendor), _)) => {
                let error = E::Error::from_reply(&vendor.code, &vendor.message);
                let kind = if error.is_retryable() || status == 429 {
                    RetryClass::Retryable
                } else if status >= 500 {
                    RetryClass::Uncertain
                } else {
                    RetryClass::Final
                };
                // `token` is the bearer token this attempt sent, if its scheme takes one.
                let refused = matches!(vendor.code, ErrorCode::Int(code) if TOKEN_INVALID_CODES.contains(&code));
                let server_delay = retry::server_delay(&headers);
                return Err(FailedAttempt {
                    error: Error::Api(Box::new(ApiError {
                        error,
                        code: vendor.code.clone(),
                        status,
                        request_id: request_id.clone().or(vendor.request_id),
                        detail: vendor.detail,
                    })),
                    kind,
                    server_delay,
                    refused_token: token.filter(|_| refused),
                });
            }
            Ok((Ok(payload), _)) => payload,
        };
        let payload = payload.map_err(|e| uncertain(format!("the payload does not match the spec: {e}")))?;
        Ok(Reply {
            payload,
            status,
            headers,
            request_id,
            attempts: 1,
        })
    }
}

/// The tracing id from the vendor's header, when it sends one there.
/// Why a body could not be read.
pub(crate) enum ReadError {
    /// Longer than the bound.
    TooLarge,
    /// The connection failed.
    Io(reqwest::Error),
}

/// A reply's body, chunk by chunk, up to `limit` bytes: a longer or
/// endless body stops being read there (a `Content-Length` past it, at once).
pub(crate) async fn read_limited(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, ReadError> {
    if response
        .content_length()
        .is_some_and(|n| usize::try_from(n).map_or(true, |n| n > limit))
    {
        return Err(ReadError::TooLarge);
    }
    // Sized from the announced length, but never more than 64 KiB ahead of
    // what has arrived: a server may announce what it never sends.
    let announced = response.content_length().and_then(|n| usize::try_from(n).ok());
    let mut body = Vec::with_capacity(announced.unwrap_or(0).min(64 * 1024));
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Io)? {
        if body.len().saturating_add(chunk.len()) > limit {
            return Err(ReadError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Whether a reply says its body is JSON (a file endpoint's errors are).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"))
}

fn header_request_id(envelope: &Envelope, headers: &HeaderMap) -> Option<String> {
    let source = match envelope {
        Envelope::Wrapped { request_id, .. } | Envelope::Flat { request_id, .. } => request_id,
    };
    let value = headers.get(source.header?)?.to_str().ok()?;
    Some(value.to_owned())
}

impl<'a, E> IntoFuture for Call<'a, E>
where
    E: Endpoint + Send + Sync + 'a,
    E::Response: Send,
    E::Error: Send,
{
    type Output = Result<E::Response, Error<E::Error>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
