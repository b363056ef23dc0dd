//! Request signatures shared by the generated clients and the sandbox server.
//!
//! The client signs and the sandbox verifies with the same code, so the two
//! cannot drift apart. The flip side is that a mistake shared by both would
//! pass every round trip, which is why the tests pin the code to the vendors'
//! own published worked examples.
//!
//! Everything here is a pure function: the caller supplies timestamps and
//! nonces, nothing reads a clock, a random source or the network. Secrets are
//! borrowed as `&str` and never stored in a returned value or an error, so
//! printing a result with `{:?}` cannot leak one.
//!
//! - [`encode`](crate::sign::encode): percent-encoding, canonical query strings, compact JSON.
//! - [`aliyun_rpc`](crate::sign::aliyun_rpc): Alibaba Cloud's RPC signature (V2, HMAC-SHA1).
//! - [`aliyun_v3`](crate::sign::aliyun_v3): Alibaba Cloud's ACS3-HMAC-SHA256 signature (V3).
//! - [`sangfor`](crate::sign::sangfor): Sangfor aTrust's open API signature (`x-ca-sign`).

#![warn(missing_docs)]

pub mod aliyun_rpc;
pub mod aliyun_v3;
pub mod encode;
pub mod sangfor;

use hmac::digest::KeyInit;
use hmac::Mac;

/// Starts a MAC keyed with `key`.
///
/// HMAC accepts keys of any length (longer ones are hashed first), so the
/// constructor cannot fail for any input; the `Result` exists only because
/// the trait also serves fixed-key MACs. Keeping this in one place keeps that
/// unreachable branch out of every signer.
fn keyed_mac<M: Mac + KeyInit>(key: &[u8]) -> M {
    match <M as KeyInit>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    }
}

/// Finds the values of a header, comparing names case-insensitively
/// (HTTP header names are case-insensitive, RFC 9110 section 5.1).
fn header_values<'a>(headers: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .iter()
        .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
