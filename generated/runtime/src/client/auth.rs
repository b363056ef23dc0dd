//! Putting each vendor's credentials on an outgoing request: Feishu bearer
//! tokens, Alibaba Cloud V3 or RPC signatures, Sangfor `x-ca-*` headers.
//! Signatures are made per attempt, so a retry has a fresh nonce and time.

use secrecy::{ExposeSecret, SecretString};

use super::error::AuthError;
use super::Inner;
use crate::descriptor::{AliyunSignatureVersion, AuthKind, AuthScheme, CallStyle, EndpointDescriptor, TokenType};
use crate::sign::{aliyun_rpc, aliyun_v3, encode, sangfor};

/// A request about to be sent, in the parts signatures cover.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Method.
    pub method: &'static str,
    /// Percent-encoded path.
    pub path: String,
    /// Decoded query parameters.
    pub query: Vec<(String, String)>,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// Body bytes (compact JSON, or the encoded form), empty for none.
    pub body: Vec<u8>,
    /// Decoded form parameters, when the body is a form (RPC signatures cover them).
    pub form: Vec<(String, String)>,
}

/// The scheme a call uses: the user-token scheme when the call supplies a
/// user token and the endpoint accepts one, otherwise the endpoint's first.
pub fn scheme_for(descriptor: &'static EndpointDescriptor, user_token: bool) -> Option<&'static AuthScheme> {
    let user = |s: &&AuthScheme| matches!(s.kind, AuthKind::Bearer(TokenType::User));
    user_token
        .then(|| descriptor.auth.iter().find(user))
        .flatten()
        .or_else(|| descriptor.auth.first())
}

/// Adds credentials; returns the bearer token used, if any (so a refused
/// token can be dropped from the cache).
pub async fn authorize(
    inner: &Inner,
    descriptor: &'static EndpointDescriptor,
    user_token: Option<&SecretString>,
    prepared: &mut Prepared,
) -> Result<Option<SecretString>, AuthError> {
    let scheme = scheme_for(descriptor, user_token.is_some()).ok_or(AuthError::NoScheme {
        endpoint: descriptor.id,
    })?;
    let missing = |needed| AuthError::MissingCredentials {
        endpoint: descriptor.id,
        scheme: scheme.name,
        needed,
    };
    match scheme.kind {
        AuthKind::Bearer(TokenType::User) => {
            let token = user_token.ok_or(AuthError::MissingUserToken {
                endpoint: descriptor.id,
            })?;
            bearer(prepared, token);
            Ok(Some(token.clone()))
        }
        AuthKind::Bearer(TokenType::Tenant) => {
            let token = match (&inner.credentials.tenant_token, &inner.token_cache) {
                (Some(token), _) => token.clone(),
                (None, Some(cache)) => cache.token(&inner.plain_http, &inner.base_url).await?,
                (None, None) => {
                    return Err(missing(
                        "tenant credentials: `.app_credentials(id, secret)` or `.tenant_access_token(..)`",
                    ))
                }
            };
            bearer(prepared, &token);
            Ok(Some(token))
        }
        AuthKind::Bearer(TokenType::App) => Err(missing("app_access_token support")),
        AuthKind::AliyunSignature(versions) => {
            let key = inner
                .credentials
                .aliyun
                .as_ref()
                .ok_or_else(|| missing("AccessKey: `.access_key(id, secret)` or `.access_key_from_env()`"))?;
            let version = signature_version(inner.credentials.aliyun_version, versions, key);
            if version == AliyunSignatureVersion::Rpc && key.security_token.is_some() {
                // The RPC signature carries `SecurityToken` as a query
                // parameter, where URLs are logged; V3 sends it in a header.
                return Err(AuthError::SecretInUrl {
                    endpoint: descriptor.id,
                    scheme: scheme.name,
                });
            }
            match version {
                AliyunSignatureVersion::V3 => aliyun_v3_sign(inner, descriptor, key, prepared),
                AliyunSignatureVersion::Rpc => aliyun_rpc_sign(key, prepared),
            }
            Ok(None)
        }
        AuthKind::SangforSignature(encoding) => {
            let (api_id, secret) = inner
                .credentials
                .sangfor
                .as_ref()
                .ok_or_else(|| missing("API credentials: `.api_credentials(id, secret)`"))?;
            if let Some(name) = sangfor::ambiguous_parameter(&prepared.query, encoding) {
                return Err(AuthError::AmbiguousSignature {
                    endpoint: descriptor.id,
                    parameter: name.to_owned(),
                });
            }
            sangfor_sign(api_id, secret, encoding, prepared);
            Ok(None)
        }
    }
}

/// The signature a call uses: the client's choice if the endpoint takes it,
/// else the endpoint's first. With an STS token, V3 wherever the endpoint
/// takes it, so the token travels in a header rather than the URL.
fn signature_version(
    chosen: Option<AliyunSignatureVersion>,
    versions: &[AliyunSignatureVersion],
    key: &super::credentials::AliyunKey,
) -> AliyunSignatureVersion {
    let v3 = AliyunSignatureVersion::V3;
    if key.security_token.is_some() && versions.contains(&v3) {
        return v3;
    }
    chosen
        .filter(|v| versions.contains(v))
        .or_else(|| versions.first().copied())
        .unwrap_or(v3)
}

fn bearer(prepared: &mut Prepared, token: &SecretString) {
    prepared
        .headers
        .push(("Authorization".to_owned(), format!("Bearer {}", token.expose_secret())));
}

/// `2026-11-25T06:30:00Z`.
fn utc_timestamp() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

fn nonce() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn aliyun_v3_sign(
    inner: &Inner,
    descriptor: &'static EndpointDescriptor,
    key: &super::credentials::AliyunKey,
    prepared: &mut Prepared,
) {
    // V3 names the action in headers, not parameters.
    if let CallStyle::Rpc {
        version,
        action_param,
        version_param,
    } = descriptor.service.call_style
    {
        prepared.query.retain(|(k, _)| k != action_param && k != version_param);
        prepared.headers.push((
            "x-acs-action".to_owned(),
            descriptor.action.unwrap_or_default().to_owned(),
        ));
        prepared.headers.push(("x-acs-version".to_owned(), version.to_owned()));
    }
    prepared.headers.push(("host".to_owned(), inner.host.clone()));
    prepared.headers.push(("x-acs-date".to_owned(), utc_timestamp()));
    prepared.headers.push(("x-acs-signature-nonce".to_owned(), nonce()));
    prepared.headers.push((
        aliyun_v3::HEADER_CONTENT_SHA256.to_owned(),
        aliyun_v3::content_sha256(&prepared.body),
    ));
    if let Some(token) = &key.security_token {
        prepared
            .headers
            .push(("x-acs-security-token".to_owned(), token.expose_secret().to_owned()));
    }
    let path = percent_encoding::percent_decode_str(&prepared.path)
        .decode_utf8_lossy()
        .into_owned();
    let input = aliyun_v3::V3Input {
        method: prepared.method,
        path: &path,
        query: &prepared.query,
        headers: &prepared.headers,
        body: &prepared.body,
    };
    let signed_headers = aliyun_v3::default_signed_headers(&prepared.headers);
    let signature = aliyun_v3::sign(&input, &signed_headers, &key.id, key.secret.expose_secret());
    // reqwest sets Host from the URL itself (to the same value).
    prepared.headers.retain(|(k, _)| k != "host");
    prepared
        .headers
        .push(("Authorization".to_owned(), signature.authorization));
}

fn aliyun_rpc_sign(key: &super::credentials::AliyunKey, prepared: &mut Prepared) {
    let extra = [
        ("AccessKeyId", key.id.clone()),
        ("Format", "JSON".to_owned()),
        ("SignatureMethod", aliyun_rpc::SIGNATURE_METHOD.to_owned()),
        ("SignatureVersion", aliyun_rpc::SIGNATURE_VERSION.to_owned()),
        ("SignatureNonce", nonce()),
        ("Timestamp", utc_timestamp()),
    ];
    // No `SecurityToken`: `authorize` never signs an STS call this way.
    prepared.query.extend(extra.into_iter().map(|(k, v)| (k.to_owned(), v)));
    // The Tea SDK signs the query and the form parameters together.
    let signed: Vec<(String, String)> = prepared.query.iter().chain(&prepared.form).cloned().collect();
    let signature = aliyun_rpc::sign(prepared.method, &signed, key.secret.expose_secret());
    prepared
        .query
        .push((aliyun_rpc::SIGNATURE_PARAM.to_owned(), signature.signature));
}

fn sangfor_sign(api_id: &str, secret: &SecretString, encoding: sangfor::QueryEncoding, prepared: &mut Prepared) {
    let timestamp = time::OffsetDateTime::now_utc().unix_timestamp().to_string();
    let nonce = uuid::Uuid::new_v4().to_string();
    let path = percent_encoding::percent_decode_str(&prepared.path)
        .decode_utf8_lossy()
        .into_owned();
    let body = (!prepared.body.is_empty()).then_some(prepared.body.as_slice());
    let signature = sangfor::sign(
        api_id,
        secret.expose_secret(),
        &timestamp,
        &nonce,
        &path,
        &prepared.query,
        body,
        encoding,
    );
    prepared.headers.extend([
        (sangfor::HEADER_KEY.to_owned(), api_id.to_owned()),
        (sangfor::HEADER_TIMESTAMP.to_owned(), timestamp),
        (sangfor::HEADER_NONCE.to_owned(), nonce),
        (sangfor::HEADER_SIGN.to_owned(), signature.signature),
    ]);
}

/// The query string as sent: RFC 3986 percent-encoding, in order.
pub fn query_string(query: &[(String, String)]) -> String {
    query
        .iter()
        .map(|(k, v)| format!("{}={}", encode::percent_encode(k), encode::percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}
