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
