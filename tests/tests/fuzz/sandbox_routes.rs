//! Any request on any route of the sandbox, with or without valid
//! credentials, gets a reply in the vendor's shape (its JSON envelope, or
//! the gateway's plain 404 for an unknown path) and never a 5xx that was
//! not asked for with `X-Apigen-Fault`.

use std::sync::OnceLock;

use apigen::model::{AuthKind, CallStyle, Catalog, TokenType};
use apigen_clients::runtime::sign::{aliyun_rpc, encode, sangfor};
use apigen_sandbox::{Fixtures, Options, Sandbox, FAULT_HEADER};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::harness;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RouteInput {
    /// An endpoint of `api-specs/` (by position, modulo their number), or a made-up path.
    endpoint: Option<usize>,
    /// The method, when not the endpoint's.
    method: Option<String>,
    /// The path, when not the endpoint's (whose `{param}`s take `fill`).
    path: Option<String>,
    fill: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<String>,
    /// Sign or authorise the request properly for the endpoint's scheme.
    credentials: bool,
}

struct Served {
    sandbox: Sandbox,
    catalog: Catalog,
    /// (service, endpoint) positions.
    endpoints: Vec<(usize, usize)>,
}

fn served() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-specs");
        let catalog = apigen::load_catalog(&root).expect("the specs load");
        let mut options = Options::new(apigen::load_catalog(&root).expect("the specs load"));
        let mut fixtures = Fixtures::default_fixtures();
        fixtures.rate_limits = false;
        options.fixtures = fixtures;
        let sandbox = harness::runtime()
            .block_on(Sandbox::start(options))
            .expect("the sandbox starts");
        let endpoints = catalog
            .services
            .iter()
            .enumerate()
            .flat_map(|(s, service)| (0..service.endpoints.len()).map(move |e| (s, e)))
            .collect();
        Served {
            sandbox,
            catalog,
            endpoints,
        }
    })
}

/// Field names of every endpoint, so that bodies sometimes get past the first check.
const KEYS: &[&str] = &[
    "device_system",
    "android_id",
    "serial_number",
    "device_ownership",
    "device_status",
    "disk_serial_number",
    "mac_address",
    "externalId",
    "mac",
    "PageSize",
    "PageNumber",
    "BizType",
    "DeviceId",
    "page_token",
    "page_size",
];

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![0i64, 1, 2, 4, -1]).prop_map(Value::from),
        harness::nasty_text(10).prop_map(Value::String),
    ];
    let key = prop_oneof![
        3 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => harness::nasty_text(5),
    ];
    leaf.prop_recursive(3, 24, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6).prop_map(|p| Value::Object(p.into_iter().collect())),
        ]
    })
}

fn input() -> impl Strategy<Value = RouteInput> {
    let methods = vec!["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
    let paths = vec![
        "/",
        "/open-apis/",
        "/open-apis/auth/v3/tenant_access_token/internal",
        "/api/v1/device/query",
        "/open-apis/security_and_compliance/v2/device_records/",
        "/%FF",
        "//",
        "/open-apis/verification/v1/verification/extra",
    ];
    let header_names = vec![
        FAULT_HEADER,
        "content-type",
        "authorization",
        "x-acs-action",
        "x-acs-version",
        "x-ca-key",
        "x-ca-timestamp",
        "x-ca-nonce",
        "x-ca-sign",
        "x-acs-signature-nonce",
        "x-acs-date",
        "content-length-ish",
    ];
    let header_values = prop_oneof![
        prop::sample::select(vec![
            "internal",
            "html",
            "malformed",
            "throttle",
            "delay_ms=3",
            "error=1780001",
            "error=InvalidParameter",
            "application/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "Bearer t-sandbox-tenant",
            "Bearer u-sandbox-user",
            "Bearer ",
            "sandbox-app",
            "1700000000",
        ])
        .prop_map(str::to_owned),
        harness::nasty_text(8),
    ];
    let pair = || {
        (
            prop_oneof![
                prop::sample::select(KEYS).prop_map(str::to_owned),
                harness::nasty_text(5)
            ],
            harness::nasty_text(8),
        )
    };
    (
        prop::option::weighted(0.85, any::<usize>()),
        prop::option::weighted(0.2, prop::sample::select(methods).prop_map(str::to_owned)),
        prop::option::weighted(
            0.2,
            prop_oneof![
                prop::sample::select(paths).prop_map(str::to_owned),
                harness::nasty_text(8).prop_map(|p| format!("/{p}"))
            ],
        ),
        harness::nasty_text(6),
        prop::collection::vec(pair(), 0..5),
        prop::collection::vec(
            (
                prop::sample::select(header_names).prop_map(str::to_owned),
                header_values,
            ),
            0..3,
        ),
        prop::option::weighted(
            0.6,
            prop_oneof![3 => json().prop_map(|v| v.to_string()), 1 => harness::nasty_text(30)],
        ),
        prop::bool::weighted(0.7),
    )
        .prop_map(
            |(endpoint, method, path, fill, query, headers, body, credentials)| RouteInput {
                endpoint,
                method,
                path,
                fill,
                query,
                headers,
                body,
                credentials,
            },
        )
}

/// The request as sent: method, path, query, headers, body.
struct Built {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn build(input: &RouteInput) -> Built {
    let served = served();
    let endpoint = input
        .endpoint
        .and_then(|i| served.endpoints.get(i % served.endpoints.len().max(1)))
        .map(|&(s, e)| (&served.catalog.services[s], &served.catalog.services[s].endpoints[e]));
    let fill = encode::percent_encode(&input.fill);
    let mut built = Built {
        method: input
            .method
            .clone()
            .unwrap_or_else(|| endpoint.map_or("GET".to_owned(), |(_, e)| e.method.to_string())),
        path: input.path.clone().unwrap_or_else(|| {
            endpoint.map_or("/".to_owned(), |(_, e)| {
                let mut path = String::new();
                let mut rest = e.path.as_str();
                while let Some(open) = rest.find('{') {
                    path.push_str(&rest[..open]);
                    let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
                    path.push_str(if fill.is_empty() { "x" } else { &fill });
                    rest = &rest[close.min(rest.len())..];
                }
                path.push_str(rest);
                path
            })
        }),
        query: input.query.clone(),
        headers: input.headers.clone(),
        body: input.body.clone().map(String::into_bytes).unwrap_or_default(),
    };
    if let Some((service, endpoint)) = endpoint {
        if let CallStyle::Rpc { version, .. } = &service.call_style {
            built
                .query
                .insert(0, ("Action".to_owned(), endpoint.action.clone().unwrap_or_default()));
            built.query.insert(1, ("Version".to_owned(), version.clone()));
        }
        if input.credentials {
            if let Some(scheme) = endpoint.auth.iter().next() {
                authorise(&scheme.kind, &mut built);
            }
        }
    }
    built
}

fn authorise(kind: &AuthKind, built: &mut Built) {
    let nonce = uuid::Uuid::new_v4().to_string();
    match kind {
        AuthKind::Bearer(token_type) => {
            let token = match token_type {
                TokenType::User => "u-sandbox-user",
                _ => "t-sandbox-tenant",
            };
            built
                .headers
                .push(("authorization".to_owned(), format!("Bearer {token}")));
        }
        AuthKind::AliyunSignature(_) => {
            for (k, v) in [
                ("Format", "JSON".to_owned()),
                ("AccessKeyId", "sandbox-ak".to_owned()),
                ("SignatureMethod", aliyun_rpc::SIGNATURE_METHOD.to_owned()),
                ("SignatureVersion", aliyun_rpc::SIGNATURE_VERSION.to_owned()),
                ("SignatureNonce", nonce),
                ("Timestamp", harness::now_iso()),
            ] {
                built.query.push((k.to_owned(), v));
            }
            let signature = aliyun_rpc::sign(&built.method, &built.query, "sandbox-secret");
            built
                .query
                .push((aliyun_rpc::SIGNATURE_PARAM.to_owned(), signature.signature));
        }
        AuthKind::SangforSignature(_) => {
            let timestamp = time::OffsetDateTime::now_utc().unix_timestamp().to_string();
            let path = percent_encoding::percent_decode_str(&built.path)
                .decode_utf8_lossy()
                .into_owned();
            let body = (!built.body.is_empty()).then_some(built.body.as_slice());
            let made = sangfor::sign(
                "sandbox-app",
                "sandbox-app-secret",
                &timestamp,
                &nonce,
                &path,
                &built.query,
                body,
                sangfor::QueryEncoding::Decoded,
            );
            built.headers.extend([
                (sangfor::HEADER_KEY.to_owned(), "sandbox-app".to_owned()),
                (sangfor::HEADER_TIMESTAMP.to_owned(), timestamp),
                (sangfor::HEADER_NONCE.to_owned(), nonce),
                (sangfor::HEADER_SIGN.to_owned(), made.signature),
            ]);
        }
    }
}

fn check(input: &RouteInput) -> Result<(), String> {
    let built = build(input);
    let faults: String = built
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(FAULT_HEADER))
        .map(|(_, v)| v.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let base = served().sandbox.base_url();
    let url = if built.query.is_empty() {
        format!("{base}{}", built.path)
    } else {
        format!("{base}{}?{}", built.path, harness::query_string(&built.query))
    };
    let Ok(method) = reqwest::Method::from_bytes(built.method.as_bytes()) else {
        return Ok(());
    };
    let Ok(url) = reqwest::Url::parse(&url) else {
        return Ok(()); // no client could send it
    };
    harness::runtime().block_on(async move {
        let mut request = reqwest::Client::new().request(method.clone(), url);
        for (k, v) in &built.headers {
            // A name or value no HTTP client can send is left out.
            if let (Ok(k), Ok(v)) = (
                reqwest::header::HeaderName::from_bytes(k.as_bytes()),
                reqwest::header::HeaderValue::from_str(v),
            ) {
                request = request.header(k, v);
            }
        }
        let response = request
            .body(built.body)
            .send()
            .await
            .map_err(|e| format!("no reply (did the sandbox panic?): {e}"))?;
        let status = response.status().as_u16();
        let text = response.text().await.map_err(|e| format!("the reply broke off: {e}"))?;
        // An `error=CODE` fault answers with that error's documented status, 5xx included.
        let asked_5xx = faults.contains("internal") || faults.contains("html") || faults.contains("error=");
        if status >= 500 && !asked_5xx {
            return Err(format!("HTTP {status} not asked for: {text:.300}"));
        }
        if method == reqwest::Method::HEAD || (status == 404 && text == "404 page not found") {
            return Ok(());
        }
        if faults.contains("malformed") || (asked_5xx && status == 502) {
            return Ok(()); // truncated JSON or a gateway's HTML, as asked
        }
        let reply: Value =
            serde_json::from_str(&text).map_err(|_| format!("HTTP {status}, not the vendor's JSON: {text:.300}"))?;
        let shaped = reply.get("code").is_some() || reply.get("Code").is_some() || status == 200;
        if !shaped {
            return Err(format!("HTTP {status} without the vendor's code: {text:.300}"));
        }
        Ok(())
    })
}

#[test]
fn every_request_gets_a_vendor_shaped_reply() {
    harness::fuzz("sandbox_routes", input(), check);
}
