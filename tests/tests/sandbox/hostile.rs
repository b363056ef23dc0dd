//! The sandbox against callers and fixtures that mean harm: it answers in
//! the vendor's envelope and never panics, waits on a stranger's behalf or
//! changes state for a request it refuses.

use apigen_sandbox::{Fixtures, FAULT_HEADER};
use serde_json::json;

use crate::support::{self, SangforCall, MINE, RECORDS};

#[tokio::test]
async fn an_endless_delay_is_not_served_to_a_caller_without_credentials() {
    let env = support::start().await;
    // Were the delay served before authentication, this would wait for ever.
    let reply = env
        .feishu_with(
            "GET",
            MINE,
            None,
            None,
            &[(FAULT_HEADER, "delay_ms=18446744073709551615")],
        )
        .await;
    assert_eq!(reply.status, 400, "{}", reply.text);
    assert_eq!(reply.json()["code"], 99991661);
}

#[tokio::test]
async fn an_error_asked_for_leaves_the_vendor_state_as_it_was() {
    let env = support::start().await;
    let token = env.tenant_token().await;
    let device = json!({"device_system": 4, "android_id": "fault-first", "device_ownership": 0, "device_status": 0});
    let refused = env
        .feishu_with(
            "POST",
            RECORDS,
            Some(&token),
            Some(&device),
            &[(FAULT_HEADER, "error=1780001")],
        )
        .await;
    assert_eq!(refused.json()["code"], 1780001);
    // The create did not happen, so doing it now is not a duplicate.
    let created = env.feishu("POST", RECORDS, Some(&token), Some(&device)).await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_eq!(created.json()["code"], 0);
}

#[tokio::test]
async fn a_token_lifetime_near_u64_max_does_not_break_the_exchange() {
    let mut fixtures = Fixtures::default_fixtures();
    fixtures.feishu.token_ttl_seconds = u64::MAX;
    let env = support::start_with(fixtures).await;
    let token = env.tenant_token().await;
    // The state lock is not poisoned: the next exchange and call work too.
    assert_eq!(env.tenant_token().await, token);
    let reply = env
        .feishu("GET", "/open-apis/verification/v1/verification", Some(&token), None)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

#[tokio::test]
async fn a_sangfor_timestamp_at_the_end_of_time_is_expired_not_a_panic() {
    let env = support::start().await;
    for timestamp in [i64::MIN, i64::MAX] {
        let call = SangforCall {
            timestamp,
            ..SangforCall::default()
        };
        let reply = env.sangfor_query(&[("mac", "FE-FC-FE-21-F5-D1")], &call).await;
        assert_eq!(reply.status, 401, "{timestamp}: {}", reply.text);
    }
}

#[tokio::test]
async fn a_huge_nonce_is_refused_before_it_is_remembered() {
    let env = support::start().await;
    let call = support::AliyunCall {
        nonce: "n".repeat(4 * 1024 * 1024),
        ..support::AliyunCall::default()
    };
    let reply = env.aliyun_rpc("POST", &[("Action", "DescribeDeviceInfo")], &call).await;
    assert_eq!(reply.status, 400, "{}", &reply.text[..reply.text.len().min(300)]);
    assert_eq!(reply.json()["Code"], "IncompleteSignature");
}

#[tokio::test]
async fn a_huge_field_is_refused_and_not_kept() {
    let env = support::start().await;
    let token = env.tenant_token().await;
    let huge = "a".repeat(7 * 1024 * 1024);
    let device = json!({"device_system": 4, "android_id": huge, "device_ownership": 0, "device_status": 0});
    let reply = env.feishu("POST", RECORDS, Some(&token), Some(&device)).await;
    assert_eq!(reply.status, 400, "{}", &reply.text[..reply.text.len().min(300)]);
}

fn short_limits() -> apigen_sandbox::Limits {
    apigen_sandbox::Limits {
        header_read_timeout: std::time::Duration::from_millis(300),
        body_read_timeout: std::time::Duration::from_millis(300),
        max_body_bytes: 1024,
        max_text_bytes: 16,
        max_nonces: 2,
    }
}

/// Writes `bytes` on a raw connection and reads until the sandbox closes it
/// (the guard only catches a sandbox that never does).
async fn raw_exchange(base: &str, bytes: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut reply = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(20), stream.read_to_end(&mut reply)).await;
    assert!(read.is_ok(), "the sandbox kept the connection open");
    String::from_utf8_lossy(&reply).into_owned()
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let env = support::start_with_limits(Fixtures::default_fixtures(), short_limits()).await;
    let reply = raw_exchange(
        &env.base,
        b"GET /open-apis/verification/v1/verification HTTP/1.1\r\nHost: x\r\n",
    )
    .await;
    // hyper answers 408 (or just closes); either way the connection ends.
    assert!(reply.is_empty() || reply.starts_with("HTTP/1.1 408"), "{reply}");
}

#[tokio::test]
async fn a_body_that_never_arrives_is_the_vendors_error_with_408() {
    let env = support::start_with_limits(Fixtures::default_fixtures(), short_limits()).await;
    let token = env.tenant_token().await;
    let head = format!(
        "POST {RECORDS} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{{\"device"
    );
    let reply = raw_exchange(&env.base, head.as_bytes()).await;
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    let body = &reply[reply.find("\r\n\r\n").unwrap() + 4..];
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert!(body["code"].is_i64(), "Feishu's envelope: {body}");
    assert!(body["msg"].as_str().unwrap().contains("did not arrive"), "{body}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_the_vendors_error_with_413() {
    let env = support::start_with_limits(Fixtures::default_fixtures(), short_limits()).await;
    let token = env.tenant_token().await;
    let device = json!({"device_system": 4, "android_id": "a".repeat(4096), "device_ownership": 0, "device_status": 0});
    let reply = env.feishu("POST", RECORDS, Some(&token), Some(&device)).await;
    assert_eq!(reply.status, 413, "{}", reply.text);
    assert!(reply.json()["code"].is_i64(), "{}", reply.text);
    // Alibaba Cloud's envelope for its endpoints.
    let call = support::AliyunCall::default();
    let big = "x".repeat(4096);
    let reply = env
        .aliyun_rpc("POST", &[("Action", "DescribeDeviceInfo"), ("DeviceId", &big)], &call)
        .await;
    assert_eq!(reply.status, 413, "{}", reply.text);
    assert!(reply.json()["Code"].is_string(), "{}", reply.text);
}

#[tokio::test]
async fn a_full_nonce_store_throttles_instead_of_forgetting() {
    let env = support::start_with_limits(Fixtures::default_fixtures(), short_limits()).await;
    let mut codes = Vec::new();
    for _ in 0..3 {
        let call = support::AliyunCall::default();
        let reply = env.aliyun_rpc("POST", &[("Action", "DescribeDeviceInfo")], &call).await;
        codes.push((reply.status, reply.json()["Code"].as_str().unwrap_or("ok").to_owned()));
    }
    // Alibaba Cloud's throttling error, with the status its spec documents.
    assert_eq!(codes[0].0, 200, "{codes:?}");
    assert_eq!(codes[1].0, 200, "{codes:?}");
    assert_eq!(codes[2], (400, "Throttling.User".to_owned()), "{codes:?}");
}

#[tokio::test]
async fn a_counted_fault_is_not_used_up_by_a_caller_without_credentials() {
    let mut fixtures = Fixtures::default_fixtures();
    fixtures.faults.push(apigen_sandbox::fixtures::FaultRule {
        endpoint: "feishu.get_verification".to_owned(),
        fault: "internal".to_owned(),
        times: Some(1),
    });
    let env = support::start_with(fixtures).await;
    let path = "/open-apis/verification/v1/verification";
    let stranger = env.feishu("GET", path, Some("t-guess"), None).await;
    assert_eq!(stranger.json()["code"], 99991663, "{}", stranger.text);
    let token = env.tenant_token().await;
    let first = env.feishu("GET", path, Some(&token), None).await;
    assert_eq!(first.status, 500, "the fault was still there: {}", first.text);
    let second = env.feishu("GET", path, Some(&token), None).await;
    assert_eq!(second.status, 200, "{}", second.text);
}

#[tokio::test]
async fn the_longest_text_taken_is_a_setting() {
    let env = support::start_with_limits(Fixtures::default_fixtures(), short_limits()).await;
    let token = env.tenant_token().await;
    let device = |id: &str| json!({"device_system": 4, "android_id": id, "device_ownership": 0, "device_status": 0});
    let long = env
        .feishu("POST", RECORDS, Some(&token), Some(&device(&"a".repeat(17))))
        .await;
    assert_eq!(long.status, 400, "{}", long.text);
    assert_ne!(long.json()["code"], 0, "{}", long.text);
    let short = env
        .feishu("POST", RECORDS, Some(&token), Some(&device("a16-chars-exact!")))
        .await;
    assert_eq!(short.json()["code"], 0, "{}", short.text);
}
