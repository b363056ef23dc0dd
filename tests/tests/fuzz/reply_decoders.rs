//! The generated clients against a server answering whatever the fuzzer
//! says, for each envelope (Feishu and Sangfor wrapped, Alibaba Cloud flat,
//! flat with a success code and flag): every reply becomes the typed payload
//! or a typed API or decode error, never a panic or a transport error.

use std::sync::{Arc, Mutex};

use apigen_clients::runtime::client::{ClientBuilder, Error, RetryPolicy};
use apigen_clients::{aliyun, feishu, sangfor};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::harness;

use crate::cloudauth;

/// The endpoint called, one per envelope shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Called {
    FeishuVerification,
    FeishuMyDevice,
    SangforDevice,
    AliyunDevices,
    CloudauthFaceVerify,
}

const CALLED: [Called; 5] = [
    Called::FeishuVerification,
    Called::FeishuMyDevice,
    Called::SangforDevice,
    Called::AliyunDevices,
    Called::CloudauthFaceVerify,
];

/// What the server answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ReplyInput {
    called: Called,
    status: u16,
    content_type: String,
    body: String,
}

/// The examples of the specs, per endpoint: valid replies to mutate.
fn examples(called: Called) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (dir, endpoint) = match called {
        Called::FeishuVerification => ("../api-specs/feishu", "get_verification"),
        Called::FeishuMyDevice => ("../api-specs/feishu", "get_my_device_record"),
        Called::SangforDevice => ("../api-specs/sangfor", "query_device"),
        Called::AliyunDevices => ("../api-specs/aliyun", "describe_device_info"),
        Called::CloudauthFaceVerify => ("specs/cloudauth", "describe_face_verify"),
    };
    let Ok(service) = apigen::load_service(&root.join(dir)) else {
        return Vec::new();
    };
    service
        .endpoints
        .iter()
        .filter(|e| e.id == endpoint)
        .flat_map(|e| &e.examples)
        .filter_map(|example| match &example.kind {
            apigen::model::ExampleKind::Response(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// JSON of any shape, with the envelopes' own keys likely.
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        3 => prop::sample::select(vec![
            "code", "msg", "data", "error", "log_id", "troubleshooter", "items", "has_more", "page_token",
            "traceId", "RequestId", "Code", "Message", "Success", "TotalCount", "PageNumber", "PageSize",
            "ResultObject", "device_record", "device_system", "android_id", "externalId", "mac", "has_verification",
        ]).prop_map(str::to_owned),
        1 => harness::nasty_text(6),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(vec![0i64, 200, 1780001, 99991663, -1]).prop_map(Value::from),
        prop::sample::select(vec!["0", "200", "OK", "Throttling.User", "Forbidden.RAM"]).prop_map(Value::from),
        harness::nasty_text(12).prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

fn body(called: Called) -> impl Strategy<Value = String> {
    let seeds = examples(called);
    let seeds = if seeds.is_empty() { vec!["{}".to_owned()] } else { seeds };
    prop_oneof![
        // A valid reply cut short, or with bytes replaced.
        3 => (prop::sample::select(seeds.clone()), any::<prop::sample::Index>())
            .prop_map(|(seed, at)| seed.chars().take(at.index(seed.chars().count() + 1)).collect()),
        3 => (prop::sample::select(seeds), json()).prop_map(|(seed, value)| {
            // The example with one top-level key replaced by fuzz.
            let mut reply: Value = serde_json::from_str(&seed).unwrap_or(Value::Null);
            if let (Value::Object(map), Value::Object(more)) = (&mut reply, value) {
                map.extend(more);
            }
            reply.to_string()
        }),
        3 => json().prop_map(|v| v.to_string()),
        1 => prop::sample::select(vec![
            "<html><body>502 Bad Gateway</body></html>".to_owned(),
            String::new(),
            "1e400".to_owned(),
            "{\"code\": 99999999999999999999999999999}".to_owned(),
            "[".repeat(100_000),
            format!("{{\"code\":0,\"data\":{}}}", "{\"a\":".repeat(5000)),
            "\u{FEFF}{}".to_owned(),
            "null".to_owned(),
        ]),
        1 => harness::nasty_text(40),
    ]
}

fn input() -> impl Strategy<Value = ReplyInput> {
    let statuses = vec![
        200u16, 200, 200, 201, 204, 301, 302, 307, 400, 401, 403, 404, 429, 500, 502, 503,
    ];
    let content_types = vec![
        "application/json; charset=utf-8",
        "application/json",
        "text/html",
        "text/plain",
        "",
    ];
    prop::sample::select(CALLED.to_vec()).prop_flat_map(move |called| {
        (
            Just(called),
            prop::sample::select(statuses.clone()),
            prop::sample::select(content_types.clone()),
            body(called),
        )
            .prop_map(|(called, status, content_type, body)| ReplyInput {
                called,
                status,
                content_type: content_type.to_owned(),
                body,
            })
    })
}

/// The reply the stub gives next.
type Next = Arc<Mutex<Option<(u16, String, String)>>>;

struct Stub {
    base: String,
    next: Next,
}

fn stub() -> &'static Stub {
    static STUB: std::sync::OnceLock<Stub> = std::sync::OnceLock::new();
    STUB.get_or_init(|| {
        let next: Next = Arc::default();
        let state = next.clone();
        let app = axum::Router::new().fallback(move || {
            let state = state.clone();
            async move {
                let (status, content_type, body) = state.lock().ok().and_then(|s| s.clone()).unwrap_or_default();
                let mut response = axum::response::Response::new(axum::body::Body::from(body));
                *response.status_mut() = axum::http::StatusCode::from_u16(status).unwrap_or_default();
                if let Ok(value) = content_type.parse() {
                    response.headers_mut().insert("content-type", value);
                }
                response
            }
        });
        let listener = harness::runtime()
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        harness::runtime().spawn(async move { axum::serve(listener, app).await });
        Stub { base, next }
    })
}

/// A client of the stub, with no retries: one reply, one outcome.
fn finish<T: From<apigen_clients::runtime::client::Client>>(
    builder: ClientBuilder<T>,
    base: &str,
) -> Result<T, String> {
    builder
        .base_url(base)
        .allow_http()
        .retry(RetryPolicy::none())
        .build()
        .map_err(|e| e.to_string())
}

/// A payload, or the vendor's error, or a decode error: the outcomes allowed.
fn outcome<T, E: apigen_clients::runtime::ErrorTable>(result: Result<T, Error<E>>) -> Result<(), String> {
    match result {
        Ok(_) | Err(Error::Api(_)) | Err(Error::Decode(_)) => Ok(()),
        Err(other) => Err(format!("neither a payload nor an API or decode error: {other}")),
    }
}

fn check(input: &ReplyInput) -> Result<(), String> {
    let stub = stub();
    if let Ok(mut next) = stub.next.lock() {
        *next = Some((input.status, input.content_type.clone(), input.body.clone()));
    }
    let base = &stub.base;
    harness::runtime().block_on(async {
        match input.called {
            Called::FeishuVerification => {
                let client = finish(feishu::Client::builder().tenant_access_token("t-fuzz"), base)?;
                outcome(client.get_verification(Default::default()).await)
            }
            Called::FeishuMyDevice => {
                let client = finish(feishu::Client::builder().tenant_access_token("t-fuzz"), base)?;
                outcome(
                    client
                        .get_my_device_record(Default::default())
                        .user_token("u-fuzz")
                        .await,
                )
            }
            Called::SangforDevice => {
                let client = finish(sangfor::Client::builder().api_credentials("fuzz", "fuzz-secret"), base)?;
                let request = sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::ExternalId(
                    "x".parse().map_err(|_| "an id")?,
                ));
                outcome(client.query_device(request).await)
            }
            Called::AliyunDevices => {
                let client = finish(aliyun::Client::builder().access_key("fuzz", "fuzz-secret"), base)?;
                outcome(client.describe_device_info(Default::default()).await)
            }
            Called::CloudauthFaceVerify => {
                let client = finish(cloudauth::Client::builder().access_key("fuzz", "fuzz-secret"), base)?;
                let request = cloudauth::DescribeFaceVerifyRequest {
                    certify_id: "c".to_owned(),
                    extra: None,
                };
                outcome(client.describe_face_verify(request).await)
            }
        }
    })
}

#[test]
fn every_reply_is_a_typed_payload_or_a_typed_error() {
    harness::fuzz("reply_decoders", input(), check);
}
