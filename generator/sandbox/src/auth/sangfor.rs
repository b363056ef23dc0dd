//! Sangfor aTrust's `x-ca-*` request signature.

use apigen_runtime::sign::sangfor::{self, QueryEncoding, SangforVerifyError};

use super::{unix_now, Caller};
use crate::incoming::Incoming;
use crate::reply::Refusal;
use crate::Shared;
use apigen::model::{Condition, SangforQueryValues};

/// How far `x-ca-timestamp` may be from now: ±5 minutes.
pub const WINDOW_SECONDS: i64 = 5 * 60;

/// Checks the four `x-ca-*` headers.
pub fn signature(
    shared: &Shared,
    query_values: SangforQueryValues,
    scheme: &str,
    incoming: &Incoming,
) -> Result<Caller, Refusal> {
    let headers = [
        sangfor::HEADER_KEY,
        sangfor::HEADER_TIMESTAMP,
        sangfor::HEADER_NONCE,
        sangfor::HEADER_SIGN,
    ]
    .map(|name| incoming.header(name).map(str::trim).filter(|v| !v.is_empty()));
    let [Some(key), Some(timestamp), Some(nonce), Some(sign)] = headers else {
        let condition = if headers.iter().all(Option::is_none) {
            Condition::AuthMissing
        } else {
            Condition::SignatureIncomplete
        };
        return Err(Refusal::about(condition, scheme));
    };
    check(shared, query_values, incoming, [key, timestamp, nonce, sign]).map_err(|c| Refusal::about(c, scheme))
}

fn check(
    shared: &Shared,
    query_values: SangforQueryValues,
    incoming: &Incoming,
    [key, timestamp, nonce, sign]: [&str; 4],
) -> Result<Caller, Condition> {
    let app = shared
        .fixtures
        .sangfor
        .apps
        .iter()
        .find(|a| a.api_id == key)
        .ok_or(Condition::KeyNotFound)?;
    let at: i64 = timestamp.parse().map_err(|_| Condition::SignatureIncomplete)?;
    if unix_now().abs_diff(at) > WINDOW_SECONDS.unsigned_abs() {
        return Err(Condition::TimestampExpired);
    }
    let encoding = match query_values {
        SangforQueryValues::Decoded => QueryEncoding::Decoded,
        SangforQueryValues::PercentEncoded => QueryEncoding::PercentEncoded,
    };
    let body = (!incoming.body.is_empty()).then_some(&incoming.body[..]);
    let path = percent_encoding::percent_decode_str(&incoming.path).decode_utf8_lossy();
    sangfor::verify(
        key,
        app.secret.expose(),
        timestamp,
        nonce,
        &path,
        &incoming.query,
        body,
        encoding,
        sign,
    )
    .map_err(|e| match e {
        SangforVerifyError::Mismatch { .. } | SangforVerifyError::MalformedSignature => Condition::SignatureMismatch,
        _ => Condition::SignatureIncomplete,
    })?;
    if nonce.len() > crate::limits::MAX_NONCE_LEN {
        return Err(Condition::SignatureIncomplete);
    }
    super::remember_nonce(shared, format!("sangfor/{key}/{nonce}"))?;
    Ok(Caller {
        app: key.to_owned(),
        ..Caller::default()
    })
}
