//! Sangfor aTrust open API signature (`x-ca-sign`).
//!
//! Every request carries the API id, a Unix timestamp in seconds, a nonce and
//! a signature in four headers. The signature is the lowercase hex
//! HMAC-SHA256 of `PATH?QUERY&BODY`, keyed with a string that itself contains
//! the secret, timestamp and nonce, so a signature is only good for one
//! timestamp and nonce.
//!
//! The public description leaves one thing open: whether query values are
//! signed decoded or percent-encoded. The project records its choice in the
//! spec and passes it in as [`QueryEncoding`].
//!
//! Decoded values make the string to sign ambiguous: `{mac: "MAC&x=1"}` and
//! `{mac: "MAC", x: "1"}` both sign as `mac=MAC&x=1`, so a signature made for
//! one would be good for the other. [`ambiguous_parameter`] finds such a
//! name or value; the client refuses to sign it and [`verify`] rejects it.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::encode::{canonical_query, compact_json, join_pairs};
use super::keyed_mac;

type HmacSha256 = Hmac<Sha256>;

/// Header carrying the API id.
pub const HEADER_KEY: &str = "x-ca-key";
/// Header carrying the Unix timestamp in seconds.
pub const HEADER_TIMESTAMP: &str = "x-ca-timestamp";
/// Header carrying the nonce.
pub const HEADER_NONCE: &str = "x-ca-nonce";
/// Header carrying the signature.
pub const HEADER_SIGN: &str = "x-ca-sign";

/// Shortest nonce the gateway accepts.
pub const NONCE_MIN_LEN: usize = 2;
/// Longest nonce the gateway accepts.
pub const NONCE_MAX_LEN: usize = 128;

/// How query parameters appear in the string to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryEncoding {
    /// As decoded UTF-8 text: `k=v`, sorted by key then value, joined `&`.
    Decoded,
    /// Percent-encoded and sorted as [`canonical_query`] does.
    PercentEncoded,
}

/// The string that was signed and the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SangforSignature {
    /// `PATH`, or `PATH?` followed by the query and/or the compact body.
    /// If the body is not UTF-8, invalid bytes show as U+FFFD here, but the
    /// signature is computed over the real bytes.
    pub string_to_sign: String,
    /// Lowercase hex HMAC-SHA256: the `x-ca-sign` value.
    pub signature: String,
}

/// Why a Sangfor-signed request was rejected. No variant carries the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SangforVerifyError {
    /// The timestamp is not a Unix time in seconds (ASCII digits only).
    #[error("x-ca-timestamp must be a Unix time in seconds (digits only)")]
    MalformedTimestamp,
    /// The nonce is shorter than 2 or longer than 128 characters.
    #[error("x-ca-nonce must be 2 to 128 characters long, not {0}")]
    NonceLength(usize),
    /// The signature is not hex, so it cannot be an HMAC-SHA256 value.
    #[error("x-ca-sign is not a hex string")]
    MalformedSignature,
    /// With decoded query values, a name or value holds `&` or `=`, so the
    /// string to sign could stand for another request.
    #[error(
        "query parameter `{0}` holds `&` or `=`, which decoded signing cannot tell apart from a parameter boundary"
    )]
    Ambiguous(String),
    /// The signature does not match the request.
    #[error("x-ca-sign does not match the request; the string signed here was: {string_to_sign}")]
    Mismatch {
        /// The string to sign computed from the received request.
        string_to_sign: String,
    },
}

/// Builds the string to sign.
///
/// The parts that exist (query, then compact body) are joined with `&` after
/// `PATH?`; with neither the result is `PATH` alone. An empty body counts as
/// no body. The body is compacted with [`compact_json`] because the
/// description requires compact JSON and a client may have pretty-printed it.
pub fn string_to_sign(path: &str, query: &[(String, String)], body: Option<&[u8]>, encoding: QueryEncoding) -> String {
    String::from_utf8_lossy(&string_to_sign_bytes(path, query, body, encoding)).into_owned()
}

/// The string to sign as bytes: what is actually fed to HMAC.
fn string_to_sign_bytes(
    path: &str,
    query: &[(String, String)],
    body: Option<&[u8]>,
    encoding: QueryEncoding,
) -> Vec<u8> {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    if !query.is_empty() {
        parts.push(query_part(query, encoding).into_bytes());
    }
    if let Some(body) = body.filter(|b| !b.is_empty()) {
        parts.push(compact_json(body));
    }
    let mut out = path.as_bytes().to_vec();
    if !parts.is_empty() {
        out.push(b'?');
        out.extend(parts.join(&b'&'));
    }
    out
}

/// The first query parameter whose name or value would make a decoded
/// string to sign stand for another request (it holds `&` or `=`); none for
/// percent-encoded signing, where both are escaped.
pub fn ambiguous_parameter(query: &[(String, String)], encoding: QueryEncoding) -> Option<&str> {
    let breaks = |text: &str| text.contains(['&', '=']);
    match encoding {
        QueryEncoding::PercentEncoded => None,
        QueryEncoding::Decoded => query
            .iter()
            .find(|(k, v)| breaks(k) || breaks(v))
            .map(|(k, _)| k.as_str()),
    }
}

fn query_part(query: &[(String, String)], encoding: QueryEncoding) -> String {
    match encoding {
        QueryEncoding::PercentEncoded => canonical_query(query),
        QueryEncoding::Decoded => {
            let mut sorted = query.to_vec();
            sorted.sort();
            join_pairs(&sorted)
        }
    }
}

/// The HMAC key with the secret replaced by `***`, to show what the key looks
/// like without printing the secret.
pub fn signing_key_redacted(app_id: &str, timestamp: &str, nonce: &str) -> String {
    signing_key(app_id, "***", timestamp, nonce)
}

/// `appId=ID&appSecret=SECRET&timestamp=TS&nonce=NONCE`, as the description
/// spells it.
fn signing_key(app_id: &str, secret: &str, timestamp: &str, nonce: &str) -> String {
    format!("appId={app_id}&appSecret={secret}&timestamp={timestamp}&nonce={nonce}")
}

/// Signs a request; the result's `signature` is the `x-ca-sign` value.
// The arguments are the four header inputs plus the request parts, each a
// different string; a struct would only rename them at every call site.
#[allow(clippy::too_many_arguments)]
pub fn sign(
    app_id: &str,
    secret: &str,
    timestamp: &str,
    nonce: &str,
    path: &str,
    query: &[(String, String)],
    body: Option<&[u8]>,
    encoding: QueryEncoding,
) -> SangforSignature {
    let message = string_to_sign_bytes(path, query, body, encoding);
    let digest = mac(&signing_key(app_id, secret, timestamp, nonce), &message)
        .finalize()
        .into_bytes();
    SangforSignature {
        string_to_sign: String::from_utf8_lossy(&message).into_owned(),
        signature: hex::encode(digest),
    }
}

/// Checks `given_sign` (the `x-ca-sign` value) against the request.
///
/// The timestamp's form and the nonce's length are checked first because the
/// gateway rejects those before looking at the signature. Whether the
/// timestamp is recent and the nonce unused needs a clock and memory, so that
/// is the caller's job. Hex case does not matter; the comparison of the
/// decoded bytes is constant-time.
#[allow(clippy::too_many_arguments)] // see `sign`
pub fn verify(
    app_id: &str,
    secret: &str,
    timestamp: &str,
    nonce: &str,
    path: &str,
    query: &[(String, String)],
    body: Option<&[u8]>,
    encoding: QueryEncoding,
    given_sign: &str,
) -> Result<(), SangforVerifyError> {
    check_timestamp_and_nonce(timestamp, nonce)?;
    if let Some(name) = ambiguous_parameter(query, encoding) {
        return Err(SangforVerifyError::Ambiguous(name.to_owned()));
    }
    let expected = hex::decode(given_sign.trim()).map_err(|_| SangforVerifyError::MalformedSignature)?;
    let message = string_to_sign_bytes(path, query, body, encoding);
    let mac = mac(&signing_key(app_id, secret, timestamp, nonce), &message);
    mac.verify_slice(&expected).map_err(|_| SangforVerifyError::Mismatch {
        string_to_sign: String::from_utf8_lossy(&message).into_owned(),
    })
}

fn check_timestamp_and_nonce(timestamp: &str, nonce: &str) -> Result<(), SangforVerifyError> {
    if timestamp.is_empty() || !timestamp.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SangforVerifyError::MalformedTimestamp);
    }
    let len = nonce.chars().count();
    if !(NONCE_MIN_LEN..=NONCE_MAX_LEN).contains(&len) {
        return Err(SangforVerifyError::NonceLength(len));
    }
    Ok(())
}

fn mac(key: &str, message: &[u8]) -> HmacSha256 {
    let mut mac: HmacSha256 = keyed_mac(key.as_bytes());
    mac.update(message);
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    const PATH: &str = "/api/v1/admin/login";
    const DECODED: QueryEncoding = QueryEncoding::Decoded;
    const ENCODED: QueryEncoding = QueryEncoding::PercentEncoded;

    // The rules below are those of the description: query sorted by key
    // (`password=123&username=sf`, never the other way round), body compact
    // JSON, parts joined with `&` after `PATH?`, and `PATH` alone otherwise.
    #[test]
    fn decoded_signing_of_a_value_holding_a_separator_is_ambiguous() {
        // The two requests sign the same string; only the percent-encoded form tells them apart.
        let one = pairs(&[("mac", "MAC&x=1")]);
        let two = pairs(&[("mac", "MAC"), ("x", "1")]);
        assert_eq!(
            string_to_sign(PATH, &one, None, DECODED),
            string_to_sign(PATH, &two, None, DECODED)
        );
        assert_ne!(
            string_to_sign(PATH, &one, None, ENCODED),
            string_to_sign(PATH, &two, None, ENCODED)
        );
        assert_eq!(ambiguous_parameter(&one, DECODED), Some("mac"));
        assert_eq!(ambiguous_parameter(&pairs(&[("a=b", "c")]), DECODED), Some("a=b"));
        assert_eq!(ambiguous_parameter(&two, DECODED), None);
        assert_eq!(ambiguous_parameter(&one, ENCODED), None);
        let signed = sign("id", "secret", "1700000000", "nonce", PATH, &one, None, DECODED);
        assert_eq!(
            verify(
                "id",
                "secret",
                "1700000000",
                "nonce",
                PATH,
                &one,
                None,
                DECODED,
                &signed.signature
            ),
            Err(SangforVerifyError::Ambiguous("mac".to_owned()))
        );
    }

    #[test]
    fn path_alone_without_query_or_body() {
        assert_eq!(string_to_sign(PATH, &[], None, DECODED), PATH);
        assert_eq!(string_to_sign(PATH, &[], Some(b""), DECODED), PATH);
    }

    #[test]
    fn query_only_is_sorted_by_key() {
        let query = pairs(&[("username", "sf"), ("password", "123")]);
        assert_eq!(
            string_to_sign(PATH, &query, None, DECODED),
            "/api/v1/admin/login?password=123&username=sf"
        );
    }

    #[test]
    fn equal_keys_are_sorted_by_value() {
        let query = pairs(&[("id", "2"), ("id", "1")]);
        assert_eq!(string_to_sign("/p", &query, None, DECODED), "/p?id=1&id=2");
    }

    #[test]
    fn body_only_is_compacted() {
        let body = b"{ \"key1\" : \"value 1\",\n  \"key2\": [1, 2] }";
        let expected = "/api/v1/admin/login?{\"key1\":\"value 1\",\"key2\":[1,2]}";
        assert_eq!(string_to_sign(PATH, &[], Some(body), DECODED), expected);
    }

    #[test]
    fn query_then_body() {
        let query = pairs(&[("b", "2"), ("a", "1")]);
        let body = br#"{"k": "v"}"#;
        assert_eq!(
            string_to_sign("/p", &query, Some(body), DECODED),
            r#"/p?a=1&b=2&{"k":"v"}"#
        );
    }

    #[test]
    fn decoded_and_percent_encoded_queries_differ_only_in_encoding() {
        let query = pairs(&[("name", "张 三*"), ("group", "a&b")]);
        assert_eq!(string_to_sign("/p", &query, None, DECODED), "/p?group=a&b&name=张 三*");
        assert_eq!(
            string_to_sign("/p", &query, None, ENCODED),
            "/p?group=a%26b&name=%E5%BC%A0%20%E4%B8%89%2A"
        );
    }

    #[test]
    fn signing_key_layout_and_redaction() {
        assert_eq!(
            signing_key("3387580", "s3cret", "1611145395", "n-1"),
            "appId=3387580&appSecret=s3cret&timestamp=1611145395&nonce=n-1"
        );
        assert_eq!(
            signing_key_redacted("3387580", "1611145395", "n-1"),
            "appId=3387580&appSecret=***&timestamp=1611145395&nonce=n-1"
        );
    }

    struct Req {
        query: Vec<(String, String)>,
        body: Vec<u8>,
    }

    fn req() -> Req {
        Req {
            query: pairs(&[("page", "1"), ("q", "vpn 用户")]),
            body: br#"{"id":"c4f643f0"}"#.to_vec(),
        }
    }

    fn sign_req(r: &Req, secret: &str, ts: &str, nonce: &str) -> SangforSignature {
        sign("3387580", secret, ts, nonce, PATH, &r.query, Some(&r.body), DECODED)
    }

    fn verify_req(r: &Req, secret: &str, ts: &str, nonce: &str, given: &str) -> Result<(), SangforVerifyError> {
        verify(
            "3387580",
            secret,
            ts,
            nonce,
            PATH,
            &r.query,
            Some(&r.body),
            DECODED,
            given,
        )
    }

    #[test]
    fn sign_output_shape() {
        let signed = sign_req(&req(), "secret", "1611145395", "nonce-1");
        assert_eq!(
            signed.string_to_sign,
            "/api/v1/admin/login?page=1&q=vpn 用户&{\"id\":\"c4f643f0\"}"
        );
        assert_eq!(signed.signature.len(), 64);
        assert!(signed
            .signature
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    }

    #[test]
    fn round_trip_and_hex_case() {
        let r = req();
        let signed = sign_req(&r, "secret", "1611145395", "nonce-1");
        assert_eq!(
            verify_req(&r, "secret", "1611145395", "nonce-1", &signed.signature),
            Ok(())
        );
        let upper = signed.signature.to_ascii_uppercase();
        assert_eq!(verify_req(&r, "secret", "1611145395", "nonce-1", &upper), Ok(()));
    }

    #[test]
    fn every_input_is_covered() {
        let r = req();
        let good = sign_req(&r, "secret", "1611145395", "nonce-1").signature;
        let mismatch = |res: Result<(), SangforVerifyError>| matches!(res, Err(SangforVerifyError::Mismatch { .. }));
        assert!(mismatch(verify_req(&r, "Secret", "1611145395", "nonce-1", &good)));
        assert!(mismatch(verify_req(&r, "secret", "1611145396", "nonce-1", &good)));
        assert!(mismatch(verify_req(&r, "secret", "1611145395", "nonce-2", &good)));
        let other_id = verify(
            "3387581",
            "secret",
            "1611145395",
            "nonce-1",
            PATH,
            &r.query,
            Some(&r.body),
            DECODED,
            &good,
        );
        assert!(mismatch(other_id));
        let mut changed = req();
        changed.body = br#"{"id":"c4f643f1"}"#.to_vec();
        assert!(mismatch(verify_req(&changed, "secret", "1611145395", "nonce-1", &good)));
        changed = req();
        changed.query[0].1 = "2".to_owned();
        assert!(mismatch(verify_req(&changed, "secret", "1611145395", "nonce-1", &good)));
    }

    #[test]
    fn whitespace_in_the_body_does_not_matter() {
        let r = req();
        let good = sign_req(&r, "secret", "1611145395", "nonce-1").signature;
        let pretty = Req {
            query: r.query.clone(),
            body: b"{\n  \"id\": \"c4f643f0\"\n}".to_vec(),
        };
        assert_eq!(verify_req(&pretty, "secret", "1611145395", "nonce-1", &good), Ok(()));
    }

    #[test]
    fn the_query_encoding_changes_the_signature_when_it_matters() {
        let r = req();
        let decoded = sign("a", "s", "1", "nn", PATH, &r.query, None, DECODED).signature;
        let encoded = sign("a", "s", "1", "nn", PATH, &r.query, None, ENCODED).signature;
        assert_ne!(decoded, encoded);
        let plain = pairs(&[("page", "1")]);
        let decoded = sign("a", "s", "1", "nn", PATH, &plain, None, DECODED).signature;
        assert_eq!(
            decoded,
            sign("a", "s", "1", "nn", PATH, &plain, None, ENCODED).signature
        );
    }

    #[test]
    fn malformed_headers_are_named() {
        let r = req();
        assert_eq!(
            verify_req(&r, "s", "16111x", "nonce", "00"),
            Err(SangforVerifyError::MalformedTimestamp)
        );
        assert_eq!(
            verify_req(&r, "s", "", "nonce", "00"),
            Err(SangforVerifyError::MalformedTimestamp)
        );
        assert_eq!(
            verify_req(&r, "s", "1", "n", "00"),
            Err(SangforVerifyError::NonceLength(1))
        );
        let long = "n".repeat(129);
        assert_eq!(
            verify_req(&r, "s", "1", &long, "00"),
            Err(SangforVerifyError::NonceLength(129))
        );
        assert_eq!(
            verify_req(&r, "s", "1", "nn", "xyz"),
            Err(SangforVerifyError::MalformedSignature)
        );
    }

    #[test]
    fn the_secret_never_shows() {
        let secret = "S3cr3t-Never-Printed";
        let r = req();
        let signed = sign_req(&r, secret, "1611145395", "nonce-1");
        assert!(!format!("{signed:?}").contains(secret));
        let err = verify_req(&r, secret, "1611145395", "nonce-1", &"0".repeat(64)).err();
        assert!(err.is_some());
        assert!(!format!("{err:?}").contains(secret));
        assert!(!err.map(|e| e.to_string()).unwrap_or_default().contains(secret));
        assert!(!signing_key_redacted("id", "1", "nn").contains(secret));
    }
}
