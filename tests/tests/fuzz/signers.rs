//! Signatures on any parameters (any Unicode, `*`, `~`, `+`, spaces, `%`,
//! empty values, repeated keys) verify at the sandbox, for every scheme:
//! made by the generated clients themselves, and by the signer functions on
//! parameter lists the clients cannot produce (repeated keys).

use std::collections::HashSet;
use std::sync::OnceLock;

use apigen::model::{Service, SubjectKind};
use apigen_clients::runtime::client::{AuthError, Error, RetryPolicy};
use apigen_clients::runtime::sign::{aliyun_rpc, aliyun_v3, sangfor};
use apigen_clients::runtime::{encode_form, AliyunSignatureVersion};
use apigen_clients::sangfor as sangfor_client;
use apigen_sandbox::{Fixtures, Options, Sandbox};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cloudauth;
use crate::harness;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Scheme {
    AliyunRpc,
    AliyunV3,
    Sangfor,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
enum SignInput {
    /// The generated client signs: cloudauth's `create_instance` (repeat
    /// lists, simple lists, a form) or Sangfor's `query_device`.
    Client {
        scheme: Scheme,
        tags: Vec<(String, Option<String>)>,
        groups: Vec<String>,
        zones: Vec<String>,
        amount: i64,
    },
    /// The signer functions on a raw parameter list, sent as the clients send.
    Raw {
        scheme: Scheme,
        post: bool,
        form: bool,
        params: Vec<(String, String)>,
    },
}

fn scheme() -> impl Strategy<Value = Scheme> {
    prop::sample::select(vec![Scheme::AliyunRpc, Scheme::AliyunV3, Scheme::Sangfor])
}

fn input() -> impl Strategy<Value = SignInput> {
    let text = || harness::nasty_text(8);
    // Keys from a small set, so that some repeat.
    let key = prop_oneof![
        2 => prop::sample::select(vec!["PageSize", "DeviceId", "a", "A", "a.1", "ü", "k k", "x*~+"]).prop_map(str::to_owned),
        // Not a filter: rejected inputs add up over a long run until proptest gives up.
        1 => harness::nasty_text(5).prop_map(|k| if k.is_empty() { "k".to_owned() } else { k }),
    ];
    prop_oneof![
        (
            scheme(),
            prop::collection::vec((text(), prop::option::of(text())), 0..4),
            prop::collection::vec(text(), 0..4),
            prop::collection::vec(text(), 0..3),
            any::<i64>(),
        )
            .prop_map(|(scheme, tags, groups, zones, amount)| SignInput::Client {
                scheme,
                tags,
                groups,
                zones,
                amount,
            }),
        (
            scheme(),
            any::<bool>(),
            any::<bool>(),
            prop::collection::vec((key, text()), 0..8)
        )
            .prop_map(|(scheme, post, form, params)| SignInput::Raw {
                scheme,
                post,
                form,
                params,
            }),
    ]
}

/// The sandbox of `api-specs/`, and one serving the cloudauth fixture.
struct Sandboxes {
    default: Sandbox,
    cloudauth: Sandbox,
    /// Codes that mean the credentials or signature were refused, per service.
    auth_codes: HashSet<String>,
}

fn auth_codes(service: &Service, codes: &mut HashSet<String>) {
    for entry in &service.common_errors {
        if entry
            .when
            .iter()
            .any(|t| t.condition.subject_kind() == SubjectKind::Auth)
        {
            codes.insert(entry.code.to_string());
        }
    }
}

fn sandboxes() -> &'static Sandboxes {
    static SANDBOXES: OnceLock<Sandboxes> = OnceLock::new();
    SANDBOXES.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let catalog = apigen::load_catalog(&root.join("../api-specs")).expect("the specs load");
        let fixture = apigen::load_service(&root.join("specs/cloudauth")).expect("the fixture loads");
        let mut codes = HashSet::new();
        catalog.services.iter().for_each(|s| auth_codes(s, &mut codes));
        auth_codes(&fixture, &mut codes);
        // Each vendor's signature-mismatch code, or the check below would pass vacuously.
        assert!(codes.contains("SignatureDoesNotMatch") && codes.len() >= 8, "{codes:?}");
        let start = |catalog| {
            let mut options = Options::new(catalog);
            let mut fixtures = Fixtures::default_fixtures();
            fixtures.rate_limits = false;
            options.fixtures = fixtures;
            harness::runtime()
                .block_on(Sandbox::start(options))
                .expect("the sandbox starts")
        };
        Sandboxes {
            default: start(catalog),
            cloudauth: start(apigen::Catalog {
                services: vec![fixture],
            }),
            auth_codes: codes,
        }
    })
}

/// A reply the signature was accepted for: no 5xx, no auth refusal.
fn accepted(status: u16, body: &str) -> Result<(), String> {
    let reply: Value = serde_json::from_str(body).map_err(|_| format!("HTTP {status}, not JSON: {body:.200}"))?;
    let code = reply.get("Code").or_else(|| reply.get("code")).map(|c| match c {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    if status >= 500 {
        return Err(format!("HTTP {status}: {body:.300}"));
    }
    match code {
        Some(code) if sandboxes().auth_codes.contains(&code) => Err(format!("the signature was refused: {body:.400}")),
        _ => Ok(()),
    }
}

fn api_outcome<T, E: apigen_clients::runtime::ErrorTable>(result: Result<T, Error<E>>) -> Result<(), String> {
    match result {
        Ok(_) => Ok(()),
        Err(Error::Api(api)) if !sandboxes().auth_codes.contains(&api.code.to_string()) => Ok(()),
        Err(Error::Auth(AuthError::AmbiguousSignature { .. })) => Ok(()),
        Err(other) => Err(format!("{other}")),
    }
}

async fn through_client(
    scheme: Scheme,
    tags: &[(String, Option<String>)],
    groups: &[String],
    zones: &[String],
    amount: i64,
) -> Result<(), String> {
    let boxes = sandboxes();
    match scheme {
        Scheme::Sangfor => {
            let client = sangfor_client::Client::builder()
                .base_url(boxes.default.base_url())
                .allow_http()
                .api_credentials("sandbox-app", "sandbox-app-secret")
                .retry(RetryPolicy::none())
                .build()
                .map_err(|e| e.to_string())?;
            let id = tags.first().map(|(k, _)| k.clone()).unwrap_or_default();
            let Ok(id) = id.parse() else {
                return Ok(()); // not a valid id: nothing is sent
            };
            let request = sangfor_client::QueryDeviceRequest::new(sangfor_client::DeviceSelector::ExternalId(id));
            api_outcome(client.query_device(request).await)
        }
        Scheme::AliyunRpc | Scheme::AliyunV3 => {
            let version = if scheme == Scheme::AliyunRpc {
                AliyunSignatureVersion::Rpc
            } else {
                AliyunSignatureVersion::V3
            };
            let client = cloudauth::Client::builder()
                .base_url(boxes.cloudauth.base_url())
                .allow_http()
                .access_key("sandbox-ak", "sandbox-secret")
                .signature_version(version)
                .retry(RetryPolicy::none())
                .build()
                .map_err(|e| e.to_string())?;
            let request = cloudauth::CreateInstanceRequest {
                tag: Some(
                    tags.iter()
                        .map(|(key, value)| cloudauth::TagPair {
                            key: key.clone(),
                            value: value.clone(),
                        })
                        .collect(),
                ),
                security_group_ids: Some(groups.to_vec()),
                zone_ids: Some(zones.to_vec()),
                system_disk: None,
                options: Some(cloudauth::LaunchOptions { dry_run: Some(true) }),
                amount,
            };
            api_outcome(client.create_instance(request).await)
        }
    }
}

async fn send(method: &str, url: String, headers: &[(String, String)], body: Vec<u8>) -> Result<(), String> {
    let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
    let mut request = reqwest::Client::new().request(method, url);
    for (k, v) in headers {
        request = request.header(k, v);
    }
    let response = request.body(body).send().await.map_err(|e| format!("no reply: {e}"))?;
    let status = response.status().as_u16();
    let text = response.text().await.map_err(|e| format!("no body: {e}"))?;
    accepted(status, &text)
}

const RPC_COMMON: [&str; 9] = [
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "Signature",
];

async fn raw(scheme: Scheme, post: bool, form: bool, params: &[(String, String)]) -> Result<(), String> {
    let base = sandboxes().default.base_url();
    let nonce = uuid::Uuid::new_v4().to_string();
    let method = if post { "POST" } else { "GET" };
    let in_form = post && form;
    match scheme {
        Scheme::AliyunRpc => {
            let own: Vec<(String, String)> = params
                .iter()
                .filter(|(k, _)| !RPC_COMMON.contains(&k.as_str()))
                .cloned()
                .collect();
            let mut query: Vec<(String, String)> = [
                ("Action", "DescribeDeviceInfo"),
                ("Version", "2019-03-07"),
                ("Format", "JSON"),
                ("AccessKeyId", "sandbox-ak"),
                ("SignatureMethod", aliyun_rpc::SIGNATURE_METHOD),
                ("SignatureVersion", aliyun_rpc::SIGNATURE_VERSION),
                ("SignatureNonce", &nonce),
                ("Timestamp", &harness::now_iso()),
            ]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
            let form_pairs = if in_form {
                own
            } else {
                query.extend(own);
                Vec::new()
            };
            let signed: Vec<(String, String)> = query.iter().chain(&form_pairs).cloned().collect();
            let signature = aliyun_rpc::sign(method, &signed, "sandbox-secret");
            query.push((aliyun_rpc::SIGNATURE_PARAM.to_owned(), signature.signature));
            let mut headers = Vec::new();
            if in_form {
                headers.push((
                    "content-type".to_owned(),
                    "application/x-www-form-urlencoded".to_owned(),
                ));
            }
            let body = if in_form {
                encode_form(&form_pairs).into_bytes()
            } else {
                Vec::new()
            };
            send(
                method,
                format!("{base}/?{}", harness::query_string(&query)),
                &headers,
                body,
            )
            .await
        }
        Scheme::AliyunV3 => {
            let (query, form_pairs): (Vec<_>, Vec<_>) = if in_form {
                (Vec::new(), params.to_vec())
            } else {
                (params.to_vec(), Vec::new())
            };
            let body = if in_form {
                encode_form(&form_pairs).into_bytes()
            } else {
                Vec::new()
            };
            let host = base.trim_start_matches("http://").to_owned();
            let mut headers: Vec<(String, String)> = [
                ("host", host.as_str()),
                ("x-acs-action", "DescribeDeviceInfo"),
                ("x-acs-version", "2019-03-07"),
                ("x-acs-date", &harness::now_iso()),
                ("x-acs-signature-nonce", &nonce),
                ("x-acs-content-sha256", &aliyun_v3::content_sha256(&body)),
            ]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
            if in_form {
                headers.push((
                    "content-type".to_owned(),
                    "application/x-www-form-urlencoded".to_owned(),
                ));
            }
            let input = aliyun_v3::V3Input {
                method,
                path: "/",
                query: &query,
                headers: &headers,
                body: &body,
            };
            let signed = aliyun_v3::default_signed_headers(&headers);
            let signature = aliyun_v3::sign(&input, &signed, "sandbox-ak", "sandbox-secret");
            headers.retain(|(k, _)| k != "host");
            headers.push(("authorization".to_owned(), signature.authorization));
            let url = if query.is_empty() {
                format!("{base}/")
            } else {
                format!("{base}/?{}", harness::query_string(&query))
            };
            send(method, url, &headers, body).await
        }
        Scheme::Sangfor => {
            // Percent-encoded signing, which no spec here uses, round-trips through the signer alone.
            let encoded = sangfor::QueryEncoding::PercentEncoded;
            let made = sangfor::sign("id", "secret", "1700000000", "nonce-1", "/p", params, None, encoded);
            sangfor::verify(
                "id",
                "secret",
                "1700000000",
                "nonce-1",
                "/p",
                params,
                None,
                encoded,
                &made.signature,
            )
            .map_err(|e| format!("percent-encoded signing does not verify: {e}"))?;
            let decoded = sangfor::QueryEncoding::Decoded;
            if sangfor::ambiguous_parameter(params, decoded).is_some() {
                return Ok(()); // the client refuses to sign it
            }
            let path = "/api/v1/device/query";
            let timestamp = time::OffsetDateTime::now_utc().unix_timestamp().to_string();
            let made = sangfor::sign(
                "sandbox-app",
                "sandbox-app-secret",
                &timestamp,
                &nonce,
                path,
                params,
                None,
                decoded,
            );
            let headers = vec![
                (sangfor::HEADER_KEY.to_owned(), "sandbox-app".to_owned()),
                (sangfor::HEADER_TIMESTAMP.to_owned(), timestamp),
                (sangfor::HEADER_NONCE.to_owned(), nonce),
                (sangfor::HEADER_SIGN.to_owned(), made.signature),
            ];
            let url = if params.is_empty() {
                format!("{base}{path}")
            } else {
                format!("{base}{path}?{}", harness::query_string(params))
            };
            send("GET", url, &headers, Vec::new()).await
        }
    }
}

fn check(input: &SignInput) -> Result<(), String> {
    sandboxes(); // started outside the runtime it runs on
    harness::runtime().block_on(async {
        match input {
            SignInput::Client {
                scheme,
                tags,
                groups,
                zones,
                amount,
            } => through_client(*scheme, tags, groups, zones, *amount).await,
            SignInput::Raw {
                scheme,
                post,
                form,
                params,
            } => raw(*scheme, *post, *form, params).await,
        }
    })
}

#[test]
fn every_signature_verifies_at_the_sandbox() {
    harness::fuzz("signers", input(), check);
}
