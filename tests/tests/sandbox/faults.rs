//! Faults on demand, for clients' tests.

use std::time::{Duration, Instant};

use apigen_sandbox::{fixtures::FaultRule, Fixtures, FAULT_HEADER};
use serde_json::json;

use crate::support::{self, MINE};

#[tokio::test]
async fn the_fault_header_breaks_a_call_on_demand() {
    let env = support::start().await;
    let call = |fault: &'static str| {
        let env = &env;
        async move {
            env.feishu_with("GET", MINE, Some("u-sandbox-user"), None, &[(FAULT_HEADER, fault)])
                .await
        }
    };

    let internal = call("internal").await;
    assert_eq!(internal.status, 500);
    assert_eq!(internal.json()["code"], 1780001);
    assert_eq!(internal.json()["msg"], "Internal server error.");

    let throttled = call("throttle").await;
    assert_eq!(throttled.status, 429);
    assert_eq!(throttled.json()["code"], 99991400);

    let malformed = call("malformed").await;
    assert_eq!(malformed.status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&malformed.text).is_err());
    assert!(malformed.header("x-tt-logid").is_some());

    let html = call("html").await;
    assert_eq!(html.status, 502);
    assert!(html.header("content-type").unwrap().starts_with("text/html"));

    let started = Instant::now();
    let slow = call("delay_ms=300").await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(slow.json()["code"], 0);
}

#[tokio::test]
async fn any_documented_error_can_be_asked_for() {
    let env = support::start().await;
    let beta = env
        .feishu_with(
            "GET",
            MINE,
            Some("u-sandbox-user"),
            None,
            &[(FAULT_HEADER, "error=1785012")],
        )
        .await;
    assert_eq!(beta.status, 400);
    assert_eq!(beta.json()["code"], 1785012);
    assert_eq!(beta.json()["msg"], "The third-party device integration is not enabled.");
    let common = env
        .feishu_with(
            "GET",
            MINE,
            Some("u-sandbox-user"),
            None,
            &[(FAULT_HEADER, "error=99991400")],
        )
        .await;
    assert_eq!((common.status, common.json()["code"].as_i64()), (429, Some(99991400)));
    let undocumented = env
        .feishu_with(
            "GET",
            MINE,
            Some("u-sandbox-user"),
            None,
            &[(FAULT_HEADER, "error=12345")],
        )
        .await;
    // Still Feishu's envelope: a client decodes it as an (unknown) error.
    assert_eq!(undocumented.status, 400);
    assert_eq!(undocumented.json()["code"], -1, "{}", undocumented.text);
    assert!(undocumented.json()["msg"]
        .as_str()
        .unwrap()
        .contains("does not document"));
}

#[tokio::test]
async fn a_fixture_fault_affects_only_the_calls_it_counts() {
    let mut fixtures = Fixtures::default_fixtures();
    fixtures.faults.push(FaultRule {
        endpoint: "feishu.get_my_device_record".to_owned(),
        fault: "internal".to_owned(),
        times: Some(2),
    });
    let env = support::start_with(fixtures).await;
    let codes: Vec<i64> = {
        let mut codes = Vec::new();
        for _ in 0..3 {
            codes.push(
                env.feishu("GET", MINE, Some("u-sandbox-user"), None).await.json()["code"]
                    .as_i64()
                    .unwrap(),
            );
        }
        codes
    };
    assert_eq!(codes, [1780001, 1780001, 0]);
}

#[tokio::test]
async fn rate_limits_can_be_switched_off() {
    let env = support::start_unlimited().await;
    let token = env.tenant_token().await;
    for i in 0..15 {
        let body =
            json!({"device_system": 5, "idfv": format!("unlimited-{i}"), "device_ownership": 0, "device_status": 0});
        let reply = env.feishu("POST", support::RECORDS, Some(&token), Some(&body)).await;
        assert_eq!(reply.json()["code"], 0, "{}", reply.text);
    }
}
