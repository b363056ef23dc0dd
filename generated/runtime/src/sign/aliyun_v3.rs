//! Alibaba Cloud's signature method V3, `ACS3-HMAC-SHA256`.
//!
//! This is what today's Alibaba Cloud SDKs send for both RPC- and ROA-style
//! operations. The steps follow "Request syntax and signature method V3":
//! <https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature>.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::encode::{canonical_query, percent_encode};
use super::{header_values, keyed_mac};

type HmacSha256 = Hmac<Sha256>;

/// The only signature algorithm this module implements.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// The header that carries the hex SHA-256 of the body.
pub const HEADER_CONTENT_SHA256: &str = "x-acs-content-sha256";

/// The header that carries the signature.
pub const HEADER_AUTHORIZATION: &str = "Authorization";

/// Lowercase hex SHA-256 of `body` (the document's `HashedRequestPayload`).
pub fn content_sha256(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

/// The parts of a request that the signature covers.
#[derive(Debug, Clone, Copy)]
pub struct V3Input<'a> {
    /// The HTTP method (upper-cased when signing).
    pub method: &'a str,
    /// The decoded path, starting with `/`; `/` for RPC-style operations.
    /// Each segment is percent-encoded when signing, so pass `a b`, not `a%20b`.
    pub path: &'a str,
    /// Decoded query parameters.
    pub query: &'a [(String, String)],
    /// Headers as sent, names in any case.
    pub headers: &'a [(String, String)],
    /// The body exactly as sent (empty when there is none).
    pub body: &'a [u8],
}

/// The intermediate strings and the result of signing one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct V3Signature {
    /// The six lines of the canonical request, joined with `\n`.
    pub canonical_request: String,
    /// Lowercase hex SHA-256 of the canonical request.
    pub hashed_canonical_request: String,
    /// [`ALGORITHM`] `\n` hashed canonical request.
    pub string_to_sign: String,
    /// The signed header names, lowercase, sorted, joined with `;`.
    pub signed_headers: String,
    /// Lowercase hex HMAC-SHA256 of the string to sign, keyed with the secret.
    pub signature: String,
    /// The whole `Authorization` header value.
    pub authorization: String,
}

/// An `Authorization` header value, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The algorithm word before the first space.
    pub algorithm: String,
    /// The `Credential=` part: the AccessKey ID.
    pub access_key_id: String,
    /// The `SignedHeaders=` part, lowercased, in the order given.
    pub signed_headers: Vec<String>,
    /// The `Signature=` part as given.
    pub signature: String,
}

/// Why an `Authorization` value could not be taken apart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum V3ParseError {
    /// The value is empty.
    #[error("the Authorization value is empty")]
    Empty,
    /// No `Credential=…` part.
    #[error("the Authorization value has no `Credential=` part")]
    MissingCredential,
    /// No `SignedHeaders=…` part, or it names no header.
    #[error("the Authorization value has no `SignedHeaders=` part")]
    MissingSignedHeaders,
    /// No `Signature=…` part.
    #[error("the Authorization value has no `Signature=` part")]
    MissingSignature,
    /// A part appears twice.
    #[error("the Authorization value gives `{0}` more than once")]
    DuplicatePart(&'static str),
    /// A part that is none of the three (only its name is reported).
    #[error("the Authorization value has an unexpected part `{0}`")]
    UnexpectedPart(String),
}

/// Why a V3-signed request was rejected.
///
/// No variant carries the secret; `SignatureMismatch` carries the canonical
/// request the verifier built, which comes from the request alone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum V3VerifyError {
    /// The algorithm is not [`ALGORITHM`].
    #[error("unsupported signature algorithm `{0}`; expected `ACS3-HMAC-SHA256`")]
    UnsupportedAlgorithm(String),
    /// `SignedHeaders` names a header the request does not have.
    #[error("the signed header `{0}` is missing from the request")]
    MissingSignedHeader(String),
    /// `host` or an `x-acs-*` header of the request is not signed.
    #[error("the header `{0}` must be signed but is not in SignedHeaders")]
    RequiredHeaderNotSigned(String),
    /// `x-acs-content-sha256` is not the SHA-256 of the body.
    #[error("the x-acs-content-sha256 header does not match the body")]
    ContentHashMismatch,
    /// The signature is not hex, so it cannot be an HMAC-SHA256 value.
    #[error("the signature is not a hex string")]
    MalformedSignature,
    /// The signature does not match the request.
    #[error("the signature does not match the request; the canonical request here was:\n{canonical_request}")]
    SignatureMismatch {
        /// The canonical request computed from the received request.
        canonical_request: String,
    },
}

/// The headers a client signs by default: `host`, `content-type` and every
/// `x-acs-*` header present, lowercase, sorted, without duplicates.
///
/// These are the headers the document's canonical-header step filters for.
pub fn default_signed_headers(headers: &[(String, String)]) -> Vec<String> {
    let mut names: Vec<String> = headers
        .iter()
        .map(|(name, _)| name.to_ascii_lowercase())
        .filter(|name| signed_by_default(name))
        .collect();
    names.sort();
    names.dedup();
    names
}

fn signed_by_default(lowercase_name: &str) -> bool {
    lowercase_name == "host" || lowercase_name == "content-type" || lowercase_name.starts_with("x-acs-")
}

/// Signs `input`, covering the headers named in `signed_headers`.
///
/// Names are lowercased, sorted and deduplicated first, as the document
/// requires. A named header the request does not have is left out of both
/// the canonical headers and `SignedHeaders`, so the result always describes
/// what was really signed.
pub fn sign(input: &V3Input<'_>, signed_headers: &[String], access_key_id: &str, secret: &str) -> V3Signature {
    let steps = Steps::new(input, signed_headers);
    let signature = hex::encode(mac(secret, &steps.string_to_sign).finalize().into_bytes());
    let authorization = format!(
        "{ALGORITHM} Credential={access_key_id},SignedHeaders={},Signature={signature}",
        steps.signed_headers
    );
    V3Signature {
        canonical_request: steps.canonical_request,
        hashed_canonical_request: steps.hashed_canonical_request,
        string_to_sign: steps.string_to_sign,
        signed_headers: steps.signed_headers,
        signature,
        authorization,
    }
}

/// Everything up to the string to sign: what signer and verifier share.
struct Steps {
    canonical_request: String,
    hashed_canonical_request: String,
    string_to_sign: String,
    signed_headers: String,
}

impl Steps {
    fn new(input: &V3Input<'_>, signed_headers: &[String]) -> Self {
        let (canonical_request, signed_headers) = canonical_request(input, signed_headers);
        let hashed_canonical_request = content_sha256(canonical_request.as_bytes());
        let string_to_sign = format!("{ALGORITHM}\n{hashed_canonical_request}");
        Self {
            canonical_request,
            hashed_canonical_request,
            string_to_sign,
            signed_headers,
        }
    }
}

/// Builds the canonical request; also returns the `SignedHeaders` line.
fn canonical_request(input: &V3Input<'_>, signed_headers: &[String]) -> (String, String) {
    let names = normalized_names(signed_headers);
    let (headers, present) = canonical_headers(input.headers, &names);
    let signed = present.join(";");
    let lines = [
        input.method.to_ascii_uppercase(),
        canonical_uri(input.path),
        canonical_query(input.query),
        headers,
        signed.clone(),
        hashed_payload(input),
    ];
    (lines.join("\n"), signed)
}

/// Lowercase, sorted, deduplicated, blank names dropped.
fn normalized_names(names: &[String]) -> Vec<String> {
    let mut names: Vec<String> = names
        .iter()
        .map(|n| n.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The path with each `/`-separated segment percent-encoded; `/` if empty.
fn canonical_uri(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    path.split('/').map(percent_encode).collect::<Vec<_>>().join("/")
}

/// `name:value\n` for each signed header present, in `names` order.
///
/// A header sent more than once has its trimmed values sorted and joined
/// with `,`, which is what the official SDK's utility does on the wire; the
/// document itself does not cover repeated headers.
fn canonical_headers(headers: &[(String, String)], names: &[String]) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut present = Vec::new();
    for name in names {
        let mut values: Vec<&str> = header_values(headers, name).map(str::trim).collect();
        if values.is_empty() {
            continue;
        }
        values.sort_unstable();
        out.push_str(&format!("{name}:{}\n", values.join(",")));
        present.push(name.clone());
    }
    (out, present)
}

/// The `x-acs-content-sha256` header if the request has one (it is what the
/// client committed to), else the hash of the body.
fn hashed_payload(input: &V3Input<'_>) -> String {
    header_values(input.headers, HEADER_CONTENT_SHA256)
        .next()
        .map_or_else(|| content_sha256(input.body), |v| v.trim().to_owned())
}

/// HMAC-SHA256 over the string to sign, keyed with the bare secret (unlike
/// the RPC method, no `&` is appended).
fn mac(secret: &str, string_to_sign: &str) -> HmacSha256 {
    let mut mac: HmacSha256 = keyed_mac(secret.as_bytes());
    mac.update(string_to_sign.as_bytes());
    mac
}

/// Takes an `Authorization` value apart.
///
/// Accepts `ALGO Credential=ID,SignedHeaders=a;b,Signature=HEX` with any
/// spaces around the commas, since some clients write `, ` between parts.
pub fn parse_authorization(value: &str) -> Result<Authorization, V3ParseError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(V3ParseError::Empty);
    }
    let (algorithm, rest) = value.split_once(char::is_whitespace).unwrap_or((value, ""));
    let parts = AuthParts::parse(rest)?;
    Ok(Authorization {
        algorithm: algorithm.to_owned(),
        access_key_id: parts.credential.ok_or(V3ParseError::MissingCredential)?,
        signed_headers: parts.signed_headers.ok_or(V3ParseError::MissingSignedHeaders)?,
        signature: parts.signature.ok_or(V3ParseError::MissingSignature)?,
    })
}

/// The three `name=value` parts after the algorithm; an empty value counts
/// as missing.
#[derive(Default)]
struct AuthParts {
    credential: Option<String>,
    signed_headers: Option<Vec<String>>,
    signature: Option<String>,
}

impl AuthParts {
    fn parse(rest: &str) -> Result<Self, V3ParseError> {
        let mut parts = Self::default();
        for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            parts.set(name.trim(), value.trim())?;
        }
        Ok(parts)
    }

    fn set(&mut self, name: &str, value: &str) -> Result<(), V3ParseError> {
        match name {
            "Credential" => put(&mut self.credential, non_empty(value), "Credential"),
            "SignedHeaders" => put(&mut self.signed_headers, header_list(value), "SignedHeaders"),
            "Signature" => put(&mut self.signature, non_empty(value), "Signature"),
            _ => Err(V3ParseError::UnexpectedPart(name.to_owned())),
        }
    }
}

/// Stores `value` unless the slot is already taken.
fn put<T>(slot: &mut Option<T>, value: Option<T>, name: &'static str) -> Result<(), V3ParseError> {
    if slot.is_some() {
        return Err(V3ParseError::DuplicatePart(name));
    }
    *slot = value;
    Ok(())
}

fn non_empty(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

fn header_list(value: &str) -> Option<Vec<String>> {
    let names: Vec<String> = value
        .split(';')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    (!names.is_empty()).then_some(names)
}

/// Checks a request against its parsed `Authorization`.
///
/// The checks run from the most specific complaint to the least: headers
/// first, then the body hash, then the signature, so a client learns the
/// actual problem rather than a bare mismatch. The signature comparison is
/// constant-time (`hmac`'s `verify_slice`).
pub fn verify(input: &V3Input<'_>, auth: &Authorization, secret: &str) -> Result<(), V3VerifyError> {
    if auth.algorithm != ALGORITHM {
        return Err(V3VerifyError::UnsupportedAlgorithm(auth.algorithm.clone()));
    }
    check_signed_headers(input.headers, &auth.signed_headers)?;
    check_content_hash(input)?;
    let expected = hex::decode(&auth.signature).map_err(|_| V3VerifyError::MalformedSignature)?;
    let steps = Steps::new(input, &auth.signed_headers);
    mac(secret, &steps.string_to_sign)
        .verify_slice(&expected)
        .map_err(|_| V3VerifyError::SignatureMismatch {
            canonical_request: steps.canonical_request,
        })
}

/// Every signed header exists, and `host` and every `x-acs-*` header are signed.
fn check_signed_headers(headers: &[(String, String)], signed: &[String]) -> Result<(), V3VerifyError> {
    let is_signed = |name: &str| signed.iter().any(|s| s.eq_ignore_ascii_case(name));
    if let Some(missing) = signed.iter().find(|name| header_values(headers, name).next().is_none()) {
        return Err(V3VerifyError::MissingSignedHeader(missing.clone()));
    }
    let required = default_signed_headers(headers)
        .into_iter()
        .filter(|n| n != "content-type");
    let unsigned = std::iter::once("host".to_owned())
        .chain(required)
        .find(|name| !is_signed(name));
    unsigned.map_or(Ok(()), |name| Err(V3VerifyError::RequiredHeaderNotSigned(name)))
}

/// If the request states its body hash, the body must have that hash.
fn check_content_hash(input: &V3Input<'_>) -> Result<(), V3VerifyError> {
    match header_values(input.headers, HEADER_CONTENT_SHA256).next() {
        Some(stated) if !stated.trim().eq_ignore_ascii_case(&content_sha256(input.body)) => {
            Err(V3VerifyError::ContentHashMismatch)
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    // Published example: "Request syntax and signature method V3", section
    // "Signature examples / Fixed parameter values" (ECS RunInstances,
    // AccessKey YourAccessKeyId / YourAccessKeySecret, nonce and date fixed).
    // https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
    fn run_instances_query() -> Vec<(String, String)> {
        pairs(&[
            ("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"),
            ("RegionId", "cn-shanghai"),
        ])
    }

    fn run_instances_headers() -> Vec<(String, String)> {
        pairs(&[
            ("host", "ecs.cn-shanghai.aliyuncs.com"),
            ("x-acs-action", "RunInstances"),
            ("x-acs-content-sha256", EMPTY_SHA256),
            ("x-acs-date", "2023-10-26T10:22:32Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-version", "2014-05-26"),
        ])
    }

    fn input<'a>(query: &'a [(String, String)], headers: &'a [(String, String)], body: &'a [u8]) -> V3Input<'a> {
        V3Input {
            method: "POST",
            path: "/",
            query,
            headers,
            body,
        }
    }

    #[test]
    fn published_v3_example_every_step() {
        // Expected values copied from the document's steps 1 to 4 (same URL
        // as run_instances_query above).
        let (query, headers) = (run_instances_query(), run_instances_headers());
        let input = input(&query, &headers, b"");
        let signed = sign(
            &input,
            &default_signed_headers(&headers),
            "YourAccessKeyId",
            "YourAccessKeySecret",
        );
        assert_eq!(
            signed.canonical_request,
            "POST\n\
             /\n\
             ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n\
             host:ecs.cn-shanghai.aliyuncs.com\n\
             x-acs-action:RunInstances\n\
             x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
             x-acs-date:2023-10-26T10:22:32Z\n\
             x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n\
             x-acs-version:2014-05-26\n\
             \n\
             host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            signed.hashed_canonical_request,
            "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
        );
        assert_eq!(
            signed.string_to_sign,
            "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
        );
        assert_eq!(
            signed.signature,
            "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
        assert_eq!(
            signed.authorization,
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;\
             x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,\
             Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
    }

    #[test]
    fn published_v3_example_verifies() {
        // The document's final Authorization value, checked by `verify`.
        let (query, headers) = (run_instances_query(), run_instances_headers());
        let value = "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;\
                     x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,\
                     Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";
        let auth = parse_authorization(value);
        assert_eq!(auth.as_ref().map(|a| a.access_key_id.as_str()), Ok("YourAccessKeyId"));
        let verified = auth.map(|auth| verify(&input(&query, &headers, b""), &auth, "YourAccessKeySecret"));
        assert_eq!(verified, Ok(Ok(())));
    }

    // The document's sample value for an empty body.
    #[test]
    fn content_sha256_of_an_empty_body() {
        assert_eq!(content_sha256(b""), EMPTY_SHA256);
    }

    #[test]
    fn canonical_uri_encodes_each_segment_and_keeps_slashes() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/api/v1/clusters"), "/api/v1/clusters");
        assert_eq!(canonical_uri("/a b/c*~d"), "/a%20b/c%2A~d");
        assert_eq!(canonical_uri("/文件/x"), "/%E6%96%87%E4%BB%B6/x");
    }

    #[test]
    fn canonical_query_line_keeps_empty_values() {
        let query = pairs(&[("b", ""), ("a", "1 2")]);
        let headers = pairs(&[("host", "h")]);
        let (request, _) = canonical_request(&input(&query, &headers, b""), &["host".to_owned()]);
        assert_eq!(request.lines().nth(2), Some("a=1%202&b="));
    }

    #[test]
    fn headers_are_lowercased_trimmed_sorted_and_filtered() {
        let headers = pairs(&[
            ("X-Acs-Version", " 2014-05-26 "),
            ("Host", "\tecs.aliyuncs.com "),
            ("User-Agent", "not signed"),
            ("Content-Type", "application/json"),
        ]);
        let names = default_signed_headers(&headers);
        assert_eq!(names, ["content-type", "host", "x-acs-version"]);
        let (canonical, present) = canonical_headers(&headers, &names);
        assert_eq!(
            canonical,
            "content-type:application/json\nhost:ecs.aliyuncs.com\nx-acs-version:2014-05-26\n"
        );
        assert_eq!(present, names);
    }

    #[test]
    fn default_signed_headers_deduplicates_and_skips_others() {
        let headers = pairs(&[
            ("Host", "a"),
            ("host", "a"),
            ("Authorization", "x"),
            ("Accept", "application/json"),
            ("x-acs-date", "d"),
        ]);
        assert_eq!(default_signed_headers(&headers), ["host", "x-acs-date"]);
    }

    #[test]
    fn repeated_headers_are_joined_sorted() {
        let headers = pairs(&[("x-acs-a", "2"), ("X-ACS-A", " 1")]);
        assert_eq!(canonical_headers(&headers, &["x-acs-a".to_owned()]).0, "x-acs-a:1,2\n");
    }

    #[test]
    fn signed_header_names_are_normalized_and_absent_ones_dropped() {
        let (query, headers) = (run_instances_query(), run_instances_headers());
        let names: Vec<String> = ["X-ACS-DATE", "host", "Host", "x-acs-missing"]
            .map(String::from)
            .to_vec();
        let signed = sign(&input(&query, &headers, b""), &names, "id", "k");
        assert_eq!(signed.signed_headers, "host;x-acs-date");
    }

    #[test]
    fn payload_hash_comes_from_the_header_when_present() {
        let query = Vec::new();
        let with_header = pairs(&[("host", "h"), ("x-acs-content-sha256", "abc")]);
        let (request, _) = canonical_request(&input(&query, &with_header, b"{}"), &["host".to_owned()]);
        assert_eq!(request.lines().last(), Some("abc"));
        let without = pairs(&[("host", "h")]);
        let (request, _) = canonical_request(&input(&query, &without, b"{}"), &["host".to_owned()]);
        assert_eq!(request.lines().last(), Some(content_sha256(b"{}").as_str()));
    }

    #[test]
    fn method_is_upper_cased() {
        let (query, headers) = (run_instances_query(), run_instances_headers());
        let names = default_signed_headers(&headers);
        let lower = V3Input {
            method: "post",
            ..input(&query, &headers, b"")
        };
        assert_eq!(
            sign(&lower, &names, "i", "k"),
            sign(&input(&query, &headers, b""), &names, "i", "k")
        );
    }

    // A body-carrying request signed here and checked here.
    struct Fixture {
        query: Vec<(String, String)>,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }

    impl Fixture {
        fn new() -> Self {
            let body = br#"{"name":"demo"}"#.to_vec();
            let mut headers = run_instances_headers();
            headers[2].1 = content_sha256(&body);
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
            Self {
                query: run_instances_query(),
                headers,
                body,
            }
        }

        fn input(&self) -> V3Input<'_> {
            V3Input {
                method: "POST",
                path: "/clusters/c 1",
                query: &self.query,
                headers: &self.headers,
                body: &self.body,
            }
        }

        fn auth(&self, secret: &str) -> Authorization {
            let signed = sign(&self.input(), &default_signed_headers(&self.headers), "AKID", secret);
            match parse_authorization(&signed.authorization) {
                Ok(auth) => auth,
                Err(e) => panic!("sign produced an unparsable Authorization: {e}"),
            }
        }
    }

    fn is_mismatch(result: Result<(), V3VerifyError>) -> bool {
        matches!(result, Err(V3VerifyError::SignatureMismatch { .. }))
    }

    #[test]
    fn round_trip_sign_parse_verify() {
        let f = Fixture::new();
        let auth = f.auth("secret");
        assert_eq!(auth.access_key_id, "AKID");
        assert!(auth.signed_headers.contains(&"content-type".to_owned()));
        assert_eq!(verify(&f.input(), &auth, "secret"), Ok(()));
    }

    #[test]
    fn tampering_is_detected() {
        let f = Fixture::new();
        let auth = f.auth("secret");
        assert!(is_mismatch(verify(&f.input(), &auth, "Secret")));
        assert!(is_mismatch(verify(
            &V3Input {
                path: "/clusters/c 2",
                ..f.input()
            },
            &auth,
            "secret"
        )));
        assert!(is_mismatch(verify(
            &V3Input {
                method: "PUT",
                ..f.input()
            },
            &auth,
            "secret"
        )));
        let query = pairs(&[("RegionId", "cn-beijing")]);
        assert!(is_mismatch(verify(
            &V3Input {
                query: &query,
                ..f.input()
            },
            &auth,
            "secret"
        )));
        let mut headers = f.headers.clone();
        headers[3].1 = "2023-10-26T10:22:33Z".to_owned();
        assert!(is_mismatch(verify(
            &V3Input {
                headers: &headers,
                ..f.input()
            },
            &auth,
            "secret"
        )));
    }

    #[test]
    fn a_changed_body_breaks_the_content_hash() {
        let f = Fixture::new();
        let auth = f.auth("secret");
        let body = br#"{"name":"evil"}"#;
        let result = verify(&V3Input { body, ..f.input() }, &auth, "secret");
        assert_eq!(result, Err(V3VerifyError::ContentHashMismatch));
    }

    #[test]
    fn without_a_content_hash_header_the_body_is_still_signed() {
        let mut f = Fixture::new();
        f.headers.retain(|(n, _)| n != HEADER_CONTENT_SHA256);
        let auth = f.auth("secret");
        assert_eq!(verify(&f.input(), &auth, "secret"), Ok(()));
        assert!(is_mismatch(verify(
            &V3Input {
                body: b"{}",
                ..f.input()
            },
            &auth,
            "secret"
        )));
    }

    #[test]
    fn unsigned_or_missing_headers_are_named() {
        let f = Fixture::new();
        let mut auth = f.auth("secret");
        let mut headers = f.headers.clone();
        headers.push(("x-acs-security-token".to_owned(), "t".to_owned()));
        let result = verify(
            &V3Input {
                headers: &headers,
                ..f.input()
            },
            &auth,
            "secret",
        );
        assert_eq!(
            result,
            Err(V3VerifyError::RequiredHeaderNotSigned(
                "x-acs-security-token".to_owned()
            ))
        );
        let without_date: Vec<_> = f.headers.iter().filter(|(n, _)| n != "x-acs-date").cloned().collect();
        let result = verify(
            &V3Input {
                headers: &without_date,
                ..f.input()
            },
            &auth,
            "secret",
        );
        assert_eq!(result, Err(V3VerifyError::MissingSignedHeader("x-acs-date".to_owned())));
        auth.signed_headers.retain(|n| n != "host");
        let result = verify(&f.input(), &auth, "secret");
        assert_eq!(result, Err(V3VerifyError::RequiredHeaderNotSigned("host".to_owned())));
    }

    #[test]
    fn other_algorithms_and_bad_hex_are_rejected() {
        let f = Fixture::new();
        let mut auth = f.auth("secret");
        auth.signature = "zz".to_owned();
        assert_eq!(
            verify(&f.input(), &auth, "secret"),
            Err(V3VerifyError::MalformedSignature)
        );
        auth.algorithm = "ACS3-HMAC-SM3".to_owned();
        let result = verify(&f.input(), &auth, "secret");
        assert_eq!(
            result,
            Err(V3VerifyError::UnsupportedAlgorithm("ACS3-HMAC-SM3".to_owned()))
        );
    }

    #[test]
    fn parse_tolerates_spaces_after_commas() {
        let value = "ACS3-HMAC-SHA256  Credential=ID, SignedHeaders=Host;x-acs-date ,  Signature=ab12";
        let expected = Authorization {
            algorithm: ALGORITHM.to_owned(),
            access_key_id: "ID".to_owned(),
            signed_headers: vec!["host".to_owned(), "x-acs-date".to_owned()],
            signature: "ab12".to_owned(),
        };
        assert_eq!(parse_authorization(value), Ok(expected));
    }

    #[test]
    fn parse_names_each_missing_part() {
        assert_eq!(parse_authorization("  "), Err(V3ParseError::Empty));
        assert_eq!(
            parse_authorization("ACS3-HMAC-SHA256"),
            Err(V3ParseError::MissingCredential)
        );
        let no_headers = "ACS3-HMAC-SHA256 Credential=ID,Signature=ab";
        assert_eq!(parse_authorization(no_headers), Err(V3ParseError::MissingSignedHeaders));
        let empty_headers = "ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=;,Signature=ab";
        assert_eq!(
            parse_authorization(empty_headers),
            Err(V3ParseError::MissingSignedHeaders)
        );
        let no_signature = "ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=host";
        assert_eq!(parse_authorization(no_signature), Err(V3ParseError::MissingSignature));
        let empty_credential = "ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=ab";
        assert_eq!(
            parse_authorization(empty_credential),
            Err(V3ParseError::MissingCredential)
        );
    }

    #[test]
    fn parse_rejects_duplicate_and_unknown_parts() {
        let twice = "ACS3-HMAC-SHA256 Credential=A,Credential=B,SignedHeaders=host,Signature=ab";
        assert_eq!(
            parse_authorization(twice),
            Err(V3ParseError::DuplicatePart("Credential"))
        );
        let unknown = "ACS3-HMAC-SHA256 Credential=A,Region=x,SignedHeaders=host,Signature=ab";
        assert_eq!(
            parse_authorization(unknown),
            Err(V3ParseError::UnexpectedPart("Region".to_owned()))
        );
    }

    #[test]
    fn the_secret_never_shows() {
        let secret = "S3cr3t-Never-Printed";
        let f = Fixture::new();
        let signed = sign(&f.input(), &default_signed_headers(&f.headers), "AKID", secret);
        assert!(!format!("{signed:?}").contains(secret));
        let auth = f.auth(secret);
        let err = verify(
            &V3Input {
                method: "GET",
                ..f.input()
            },
            &auth,
            secret,
        )
        .err();
        assert!(err.is_some());
        assert!(!format!("{err:?}").contains(secret));
        assert!(!err.map(|e| e.to_string()).unwrap_or_default().contains(secret));
    }
}
