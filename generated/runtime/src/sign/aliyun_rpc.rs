//! Alibaba Cloud's RPC signature: signature method V2, `HMAC-SHA1`.
//!
//! The document now marks this method as discontinued in favour of
//! [`aliyun_v3`](super::aliyun_v3), but an endpoint descriptor can still ask
//! for it (`AliyunSignatureVersion::Rpc`), so clients and the sandbox need
//! both. Described at
//! <https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism>.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::encode::{canonical_query, percent_encode};
use super::keyed_mac;

type HmacSha1 = Hmac<Sha1>;

/// The name of the parameter that carries the signature.
pub const SIGNATURE_PARAM: &str = "Signature";

/// The only value `SignatureMethod` may have.
pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";

/// The only value `SignatureVersion` may have.
pub const SIGNATURE_VERSION: &str = "1.0";

/// The common parameters the RPC document marks as required, besides
/// `Signature` itself (which is not part of what gets signed).
///
/// `Format` is not here: the document lists it as optional (default XML).
pub const REQUIRED_PARAMS: [&str; 7] = [
    "Action",
    "Version",
    "AccessKeyId",
    "SignatureNonce",
    "Timestamp",
    "SignatureMethod",
    "SignatureVersion",
];

/// The intermediate strings and the result of signing one request.
///
/// Holding the intermediate steps lets a caller (or a test, or a future
/// `apigen sign`) show where its own computation diverged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcSignature {
    /// The sorted, percent-encoded parameters joined with `&`.
    pub canonical_query: String,
    /// `METHOD&%2F&` followed by the percent-encoded canonical query.
    pub string_to_sign: String,
    /// Base64 of HMAC-SHA1 keyed with `secret + "&"`; the `Signature` value
    /// before it is itself percent-encoded into the URL.
    pub signature: String,
}

/// Why a signed RPC request was rejected.
///
/// No variant carries the secret; `Mismatch` carries the string the verifier
/// signed, which is built from the request alone and is what Alibaba Cloud's
/// own gateway reports back in the same situation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RpcVerifyError {
    /// There is no `Signature` parameter.
    #[error("the `Signature` parameter is missing")]
    MissingSignature,
    /// `Signature` was given more than once, so it is unclear which to check.
    #[error("the `Signature` parameter is given more than once")]
    DuplicateSignature,
    /// A parameter from [`REQUIRED_PARAMS`] is missing.
    #[error("the required parameter `{0}` is missing")]
    MissingParam(&'static str),
    /// `SignatureMethod` is not `HMAC-SHA1`.
    #[error("`SignatureMethod` must be `HMAC-SHA1`, not `{0}`")]
    UnsupportedMethod(String),
    /// `SignatureVersion` is not `1.0`.
    #[error("`SignatureVersion` must be `1.0`, not `{0}`")]
    UnsupportedVersion(String),
    /// `Signature` is not valid base64, so it cannot be an HMAC-SHA1 value.
    #[error("the `Signature` parameter is not valid base64")]
    MalformedSignature,
    /// The signature does not match the request.
    #[error("the signature does not match the request; the string signed here was: {string_to_sign}")]
    Mismatch {
        /// The string to sign computed from the received request.
        string_to_sign: String,
    },
}

/// Signs an RPC request.
///
/// `params` are all request parameters (query and form body together) except
/// `Signature`. `method` is upper-cased because the string to sign starts
/// with the method as written on the request line, which is upper case.
pub fn sign(method: &str, params: &[(String, String)], secret: &str) -> RpcSignature {
    let canonical_query = canonical_query(params);
    let string_to_sign = string_to_sign(method, &canonical_query);
    let digest = mac(secret, &string_to_sign).finalize().into_bytes();
    RpcSignature {
        canonical_query,
        string_to_sign,
        signature: BASE64.encode(digest),
    }
}

/// Checks the `Signature` among `params` against the other parameters.
///
/// `params` are the decoded request parameters including `Signature`. The
/// required common parameters are checked first so that a client missing one
/// learns that rather than a bare mismatch. The final comparison is done in
/// constant time by the `hmac` crate.
pub fn verify(method: &str, params: &[(String, String)], secret: &str) -> Result<(), RpcVerifyError> {
    let given = given_signature(params)?;
    let signed: Vec<(String, String)> = params.iter().filter(|(k, _)| k != SIGNATURE_PARAM).cloned().collect();
    check_common_params(&signed)?;
    let expected = BASE64.decode(given).map_err(|_| RpcVerifyError::MalformedSignature)?;
    let string_to_sign = string_to_sign(method, &canonical_query(&signed));
    mac(secret, &string_to_sign)
        .verify_slice(&expected)
        .map_err(|_| RpcVerifyError::Mismatch { string_to_sign })
}

/// `METHOD&%2F&` + the canonical query, percent-encoded a second time (so a
/// `%3A` in it becomes `%253A`, as the published example shows).
fn string_to_sign(method: &str, canonical_query: &str) -> String {
    format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        percent_encode("/"),
        percent_encode(canonical_query)
    )
}

/// The single `Signature` value among the parameters.
fn given_signature(params: &[(String, String)]) -> Result<&str, RpcVerifyError> {
    let mut given = params
        .iter()
        .filter(|(k, _)| k == SIGNATURE_PARAM)
        .map(|(_, v)| v.as_str());
    let first = given.next().ok_or(RpcVerifyError::MissingSignature)?;
    match given.next() {
        Some(_) => Err(RpcVerifyError::DuplicateSignature),
        None => Ok(first),
    }
}

/// Checks that the required common parameters are there and name the only
/// method and version this signer implements.
fn check_common_params(params: &[(String, String)]) -> Result<(), RpcVerifyError> {
    let value = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    if let Some(missing) = REQUIRED_PARAMS.iter().find(|name| value(name).is_none()) {
        return Err(RpcVerifyError::MissingParam(missing));
    }
    match (value("SignatureMethod"), value("SignatureVersion")) {
        (Some(m), _) if m != SIGNATURE_METHOD => Err(RpcVerifyError::UnsupportedMethod(m.to_owned())),
        (_, Some(v)) if v != SIGNATURE_VERSION => Err(RpcVerifyError::UnsupportedVersion(v.to_owned())),
        _ => Ok(()),
    }
}

/// HMAC-SHA1 over the string to sign, keyed with the secret followed by `&`
/// (ASCII 38) as the document requires; forgetting the `&` is the classic
/// mistake this method invites.
fn mac(secret: &str, string_to_sign: &str) -> HmacSha1 {
    let mut mac: HmacSha1 = keyed_mac(format!("{secret}&").as_bytes());
    mac.update(string_to_sign.as_bytes());
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    // Published example: Alibaba Cloud SDK, "Request syntax and signature
    // method V2 for RPC APIs", section "Signature examples / Fixed parameter
    // values" (ECS DescribeDedicatedHosts, AccessKey testid / testsecret).
    // https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism
    fn dedicated_hosts_params() -> Vec<(String, String)> {
        pairs(&[
            ("AccessKeyId", "testid"),
            ("Action", "DescribeDedicatedHosts"),
            ("Format", "JSON"),
            ("RegionId", "cn-beijing"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "edb2b34af0af9a6d14deaf7c1a5315eb"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2023-03-13T08:34:30Z"),
            ("Version", "2014-05-26"),
        ])
    }

    #[test]
    fn published_v2_example_every_step() {
        // Same source as dedicated_hosts_params: all three expected values are
        // copied from the document's steps 1, 2 and 3.
        let signed = sign("GET", &dedicated_hosts_params(), "testsecret");
        assert_eq!(
            signed.canonical_query,
            "AccessKeyId=testid&Action=DescribeDedicatedHosts&Format=JSON&RegionId=cn-beijing\
             &SignatureMethod=HMAC-SHA1&SignatureNonce=edb2b34af0af9a6d14deaf7c1a5315eb\
             &SignatureVersion=1.0&Timestamp=2023-03-13T08%3A34%3A30Z&Version=2014-05-26"
        );
        assert_eq!(
            signed.string_to_sign,
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDedicatedHosts%26Format%3DJSON\
             %26RegionId%3Dcn-beijing%26SignatureMethod%3DHMAC-SHA1\
             %26SignatureNonce%3Dedb2b34af0af9a6d14deaf7c1a5315eb%26SignatureVersion%3D1.0\
             %26Timestamp%3D2023-03-13T08%253A34%253A30Z%26Version%3D2014-05-26"
        );
        assert_eq!(signed.signature, "9NaGiOspFP5UPcwX8Iwt2YJXXuk=");
    }

    // Published example: the older ECS "Request signature" page (DescribeRegions,
    // AccessKey testid / testsecret, key `testsecret&`), which gives the unsigned
    // URL and the signature `OLeaidS1JvxuMvnyHOwuJ+uX5qY=`. Found in Alibaba
    // Cloud's documentation sources as stored by the search index (file
    // "Request signature", section "Example"); the page's live URL was not
    // recoverable from the index.
    #[test]
    fn published_describe_regions_example() {
        let params = pairs(&[
            ("Timestamp", "2016-02-23T12:46:24Z"),
            ("Format", "XML"),
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("Version", "2014-05-26"),
            ("SignatureVersion", "1.0"),
        ]);
        assert_eq!(
            sign("GET", &params, "testsecret").signature,
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
        );
    }

    // Published example: the 2016 ECS "API 签名机制" page, reposted on Alibaba
    // Cloud's developer community by its official account. It spells the
    // parameter `TimeStamp` (capital S; it sorts to the same place) and gives
    // the signature `CT9X0VtwR86fNWSnsc6v8YGOjuE=` for key `testsecret&`. Its
    // string to sign, as stored, shows `&` where `%26` belongs, so only the
    // signature is used.
    // https://developer.aliyun.com/ask/210168
    #[test]
    fn published_2016_describe_regions_example() {
        let params = pairs(&[
            ("TimeStamp", "2016-02-23T12:46:24Z"),
            ("Format", "XML"),
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("Version", "2014-05-26"),
            ("SignatureVersion", "1.0"),
        ]);
        assert_eq!(
            sign("GET", &params, "testsecret").signature,
            "CT9X0VtwR86fNWSnsc6v8YGOjuE="
        );
    }

    #[test]
    fn parameter_order_does_not_matter() {
        let mut params = dedicated_hosts_params();
        params.reverse();
        assert_eq!(
            sign("GET", &params, "testsecret").signature,
            "9NaGiOspFP5UPcwX8Iwt2YJXXuk="
        );
    }

    #[test]
    fn method_is_part_of_the_signature_and_upper_cased() {
        let params = dedicated_hosts_params();
        assert_eq!(sign("get", &params, "testsecret"), sign("GET", &params, "testsecret"));
        let post = sign("POST", &params, "testsecret");
        assert!(post.string_to_sign.starts_with("POST&%2F&AccessKeyId%3Dtestid%26"));
        assert_ne!(post.signature, "9NaGiOspFP5UPcwX8Iwt2YJXXuk=");
    }

    #[test]
    fn values_are_encoded_twice_in_the_string_to_sign() {
        let params = pairs(&[("Name", "a b*c~")]);
        let signed = sign("GET", &params, "s");
        assert_eq!(signed.canonical_query, "Name=a%20b%2Ac~");
        assert_eq!(signed.string_to_sign, "GET&%2F&Name%3Da%2520b%252Ac~");
    }

    fn signed_request(secret: &str) -> Vec<(String, String)> {
        let mut params = dedicated_hosts_params();
        let signature = sign("GET", &params, secret).signature;
        params.push((SIGNATURE_PARAM.to_owned(), signature));
        params
    }

    #[test]
    fn verify_accepts_what_sign_produces() {
        assert_eq!(verify("GET", &signed_request("testsecret"), "testsecret"), Ok(()));
    }

    #[test]
    fn verify_rejects_a_changed_parameter() {
        let mut params = signed_request("testsecret");
        params[3].1 = "cn-hangzhou".to_owned();
        assert!(matches!(
            verify("GET", &params, "testsecret"),
            Err(RpcVerifyError::Mismatch { .. })
        ));
    }

    #[test]
    fn verify_rejects_an_added_parameter() {
        let mut params = signed_request("testsecret");
        params.push(("PageSize".to_owned(), "50".to_owned()));
        assert!(matches!(
            verify("GET", &params, "testsecret"),
            Err(RpcVerifyError::Mismatch { .. })
        ));
    }

    #[test]
    fn verify_rejects_another_secret_or_method() {
        let params = signed_request("testsecret");
        assert!(matches!(
            verify("GET", &params, "testsecreT"),
            Err(RpcVerifyError::Mismatch { .. })
        ));
        assert!(matches!(
            verify("POST", &params, "testsecret"),
            Err(RpcVerifyError::Mismatch { .. })
        ));
    }

    #[test]
    fn verify_reports_the_string_it_signed() {
        let mut params = signed_request("testsecret");
        params[3].1 = "x".to_owned();
        let Err(RpcVerifyError::Mismatch { string_to_sign }) = verify("GET", &params, "testsecret") else {
            panic!("expected a mismatch");
        };
        assert!(string_to_sign.contains("RegionId%3Dx%26"));
    }

    #[test]
    fn verify_names_what_is_missing() {
        let unsigned = dedicated_hosts_params();
        assert_eq!(
            verify("GET", &unsigned, "testsecret"),
            Err(RpcVerifyError::MissingSignature)
        );
        let without_nonce: Vec<_> = signed_request("k")
            .into_iter()
            .filter(|(k, _)| k != "SignatureNonce")
            .collect();
        assert_eq!(
            verify("GET", &without_nonce, "k"),
            Err(RpcVerifyError::MissingParam("SignatureNonce"))
        );
    }

    #[test]
    fn verify_rejects_duplicate_or_malformed_signatures() {
        let mut twice = signed_request("k");
        twice.push((SIGNATURE_PARAM.to_owned(), "AAAA".to_owned()));
        assert_eq!(verify("GET", &twice, "k"), Err(RpcVerifyError::DuplicateSignature));
        let mut garbage = dedicated_hosts_params();
        garbage.push((SIGNATURE_PARAM.to_owned(), "not base64!".to_owned()));
        assert_eq!(verify("GET", &garbage, "k"), Err(RpcVerifyError::MalformedSignature));
    }

    #[test]
    fn verify_rejects_other_methods_and_versions() {
        let mut params = signed_request("k");
        params[4].1 = "HMAC-SHA256".to_owned();
        assert_eq!(
            verify("GET", &params, "k"),
            Err(RpcVerifyError::UnsupportedMethod("HMAC-SHA256".to_owned()))
        );
        let mut params = signed_request("k");
        params[6].1 = "2.0".to_owned();
        assert_eq!(
            verify("GET", &params, "k"),
            Err(RpcVerifyError::UnsupportedVersion("2.0".to_owned()))
        );
    }

    #[test]
    fn the_secret_never_shows() {
        let secret = "S3cr3t-Never-Printed";
        let signed = sign("GET", &dedicated_hosts_params(), secret);
        assert!(!format!("{signed:?}").contains(secret));
        let mut params = signed_request(secret);
        params[0].1 = "other".to_owned();
        let err = verify("GET", &params, secret).err();
        assert!(err.is_some());
        assert!(!format!("{err:?}").contains(secret));
        assert!(!err.map(|e| e.to_string()).unwrap_or_default().contains(secret));
    }
}
