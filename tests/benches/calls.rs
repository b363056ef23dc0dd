//! What the generated client costs against the same work written by hand.
//!
//! - `call/*`: one Feishu `get_verification` call, through the generated
//!   client and as a hand-written reqwest + serde_json request, against the
//!   same server this benchmark starts on 127.0.0.1 (the token is fetched
//!   once and cached, as both would).
//! - `decode/*`: the largest seed reply (Sangfor `query_device`, 1.7 KB) and
//!   a Feishu reply, decoded from bytes the way the client does (the
//!   envelope's members, then the payload's text into the generated type)
//!   and with a hand-written serde struct of the same fields.
//!
//! Run with `cargo bench -p apigen-tests --bench calls`; the test suite runs
//! each benchmark once (`cargo test --benches`), so the code keeps compiling.
//! Results are in BENCHMARKS.md.

use std::hint::black_box;
use std::net::SocketAddr;

use apigen_clients::{feishu, runtime, sangfor};
use axum::routing::{get, post};
use criterion::{criterion_main, Criterion};
use runtime::Endpoint;
use serde::Deserialize;

const TOKEN_REPLY: &str = r#"{"code":0,"msg":"ok","tenant_access_token":"t-benchmark-token","expire":7200}"#;
const VERIFICATION_REPLY: &str =
    r#"{"code":0,"data":{"verification":{"has_verification":true,"name":"无限未来科技公司"}},"msg":""}"#;
const MY_DEVICE_REPLY: &str = r#"{"code":0,"data":{"device_record_id":"7089353870308032531","device_ownership":2,"device_status":1},"msg":"success"}"#;

/// The `success` reply of `api-specs/sangfor/endpoints/query_device.yaml`.
const QUERY_DEVICE_REPLY: &str = r#"{
    "code": 0,
    "data": {
        "externalId": "0c4e9039-f81d-11ec-a760-fefcfe545bb7",
        "macList": ["FE-FC-FE-21-F5-D1", "FE-FC-FE-21-F5-D2"],
        "deviceName": "DESKTOP-SDKLASKQ",
        "deviceType": "PC",
        "assetType": "CYOD",
        "tagList": ["开发测试终端", "办公网终端"],
        "trusted": 1,
        "bindUsers": [
            {"bindUser": "张三", "bindType": "adminBind", "bindTime": "2022-06-15 18:35:28"},
            {"bindUser": "李四", "bindType": "adminAdmit", "bindTime": "2022-06-15 18:35:28"}
        ],
        "historyUsers": [
            {"userName": "user1", "userDirectoryName": "本地用户目录", "displayName": "", "userDescription": ""},
            {"userName": "t1", "userDirectoryName": "本地用户目录", "displayName": "", "userDescription": ""}
        ],
        "deviceBrand": "SANGFOR",
        "os": "windows 10",
        "windowsDomain": "ADDOMAIN1",
        "lastLoginUser": "张三",
        "displayName": "张三三",
        "userDescription": "这是一名本地用户",
        "userDirectoryName": "本地用户目录",
        "path": "/",
        "lastLoginMethod": "Edge/98.0.1108.50",
        "clientVersion": "2.2.10.2",
        "lastLoginNetZone": "内网IP",
        "lastLoginTime": "2022-06-27 14:22:09",
        "lastActiveTime": "2022-06-27 14:26:02",
        "idleTime": 2,
        "onlineStatus": 1,
        "loginStatus": 1,
        "firstImportTime": "2022-06-24 15:20:26"
    },
    "msg": "请求成功",
    "traceId": "0022c672e4c8b0d6"
}"#;

/// What a hand-written client would declare: the envelope and its payload.
#[derive(Deserialize)]
struct Reply<T> {
    code: i64,
    #[serde(default)]
    msg: String,
    data: Option<T>,
}

#[derive(Deserialize)]
struct HandVerificationInfo {
    verification: HandVerification,
}

#[derive(Deserialize)]
struct HandVerification {
    name: String,
    has_verification: bool,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandMyDeviceRecord {
    device_record_id: String,
    device_ownership: i64,
    device_status: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct HandDevice {
    external_id: String,
    mac_list: Option<Vec<String>>,
    device_name: String,
    device_type: String,
    asset_type: String,
    tag_list: Option<Vec<String>>,
    trusted: i64,
    bind_users: Option<Vec<HandBindUser>>,
    history_users: Option<Vec<HandHistoryUser>>,
    device_brand: String,
    os: String,
    windows_domain: String,
    last_login_user: String,
    display_name: String,
    user_description: String,
    user_directory_name: String,
    path: String,
    #[serde(rename = "broswer", alias = "lastLoginMethod")]
    last_login_method: String,
    client_version: Option<String>,
    #[serde(rename = "lastNetworkZone", alias = "lastLoginNetZone")]
    last_network_zone: String,
    last_login_time: String,
    last_active_time: String,
    idle_time: f64,
    online_status: i64,
    login_status: i64,
    first_import_time: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct HandBindUser {
    bind_user: Option<String>,
    bind_type: Option<String>,
    bind_time: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct HandHistoryUser {
    user_name: Option<String>,
    display_name: Option<String>,
    user_description: Option<String>,
    user_directory_name: Option<String>,
}

/// The reply payload as the generated client decodes it: one scan of the
/// envelope that decodes a wrapped payload on its way (Feishu), or the
/// body decoded into its type after the scan (a flat envelope).
fn generated_decode<E: Endpoint>(body: &[u8]) -> E::Response {
    let descriptor = E::DESCRIPTOR;
    let (payload, _) =
        runtime::decode_reply_into::<E::Response>(descriptor.service.id, &descriptor.service.envelope, body)
            .expect("the reply decodes");
    payload.expect("the reply is a success").expect("the payload fits")
}

fn hand_decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> T {
    let reply: Reply<T> = serde_json::from_slice(body).expect("the reply decodes");
    assert_eq!(reply.code, 0, "{}", reply.msg);
    reply.data.expect("a payload")
}

fn decoding(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    let sangfor_body = QUERY_DEVICE_REPLY.as_bytes();
    group.bench_function("sangfor_query_device/generated", |b| {
        b.iter(|| generated_decode::<sangfor::QueryDeviceRequest>(black_box(sangfor_body)))
    });
    group.bench_function("sangfor_query_device/hand_written", |b| {
        b.iter(|| hand_decode::<HandDevice>(black_box(sangfor_body)))
    });
    let feishu_body = MY_DEVICE_REPLY.as_bytes();
    group.bench_function("feishu_my_device_record/generated", |b| {
        b.iter(|| generated_decode::<feishu::GetMyDeviceRecordRequest>(black_box(feishu_body)))
    });
    group.bench_function("feishu_my_device_record/hand_written", |b| {
        b.iter(|| hand_decode::<HandMyDeviceRecord>(black_box(feishu_body)))
    });
    group.finish();
}

/// Serves the token exchange and `get_verification` on 127.0.0.1.
async fn serve() -> SocketAddr {
    let app = axum::Router::new()
        .route(
            "/open-apis/auth/v3/tenant_access_token/internal",
            post(|| async { TOKEN_REPLY }),
        )
        .route(
            "/open-apis/verification/v1/verification",
            get(|| async { VERIFICATION_REPLY }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("a local address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

fn calls(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let addr = runtime.block_on(serve());
    let base = format!("http://{addr}");
    let generated = feishu::Client::builder()
        .base_url(&base)
        .allow_http()
        .app_credentials("cli_benchmark", "benchmark-secret")
        .rate_limit(false)
        .build()
        .expect("the client builds");
    let http = reqwest::Client::new();
    let url = format!("{base}/open-apis/verification/v1/verification");
    // Both fetch the token before timing starts: the generated client caches it.
    let token = runtime.block_on(async {
        let first = generated
            .get_verification(Default::default())
            .await
            .expect("the first call succeeds");
        assert!(first.verification.has_verification);
        let reply: serde_json::Value = http
            .post(format!("{base}/open-apis/auth/v3/tenant_access_token/internal"))
            .json(&serde_json::json!({"app_id": "cli_benchmark", "app_secret": "benchmark-secret"}))
            .send()
            .await
            .expect("the token call")
            .json()
            .await
            .expect("a token reply");
        reply["tenant_access_token"].as_str().unwrap_or_default().to_owned()
    });
    let mut group = c.benchmark_group("call");
    group.bench_function("feishu_get_verification/generated", |b| {
        b.iter(|| {
            runtime.block_on(async {
                generated
                    .get_verification(Default::default())
                    .await
                    .expect("a verification")
            })
        })
    });
    group.bench_function("feishu_get_verification/hand_written", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let body = http
                    .get(&url)
                    .bearer_auth(&token)
                    .send()
                    .await
                    .expect("the call")
                    .bytes()
                    .await
                    .expect("a body");
                let info: HandVerificationInfo = hand_decode(&body);
                black_box((info.verification.name, info.verification.has_verification))
            })
        })
    });
    group.finish();
}

// criterion_group! defines an undocumented `pub fn benches`.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::decoding, super::calls);
}
criterion_main!(group::benches);
