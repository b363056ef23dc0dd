//! Feishu: tokens, device records, verification, rate limits.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use apigen_sandbox::Fixtures;
use serde_json::{json, Value};

use crate::support::{self, Reply, MINE, RECORDS};

fn android(id: &str) -> Value {
    json!({"device_system": 4, "android_id": id, "device_ownership": 0, "device_status": 0})
}

/// A Feishu error reply: status, code, and the tracing id in both places.
fn assert_feishu_error(reply: &Reply, status: u16, code: i64) {
    assert_eq!(reply.status, status, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["code"], code, "{}", reply.text);
    let log_id = reply.header("x-tt-logid").expect("X-Tt-Logid on every reply");
    assert_eq!(body["error"]["log_id"], log_id);
    let troubleshooter = body["error"]["troubleshooter"].as_str().expect("troubleshooter");
    assert!(troubleshooter.contains(log_id) && troubleshooter.contains(&code.to_string()));
    assert!(body.get("data").is_none(), "an error carries no data: {}", reply.text);
}

#[tokio::test]
async fn the_token_exchange_issues_reuses_and_refuses() {
    let env = support::start().await;
    let first = env
        .exchange(json!({"app_id": "cli_sandbox", "app_secret": "sandbox-secret"}))
        .await;
    assert_eq!(first.status, 200);
    let body = first.json();
    assert_eq!(body["code"], 0);
    assert_eq!(body["expire"], 7200);
    let token = body["tenant_access_token"].as_str().unwrap();
    assert!(token.starts_with("t-"));
    assert!(first.header("x-tt-logid").is_some());
    // Plenty of lifetime left: Feishu hands out the same token again.
    assert_eq!(env.tenant_token().await, token);

    let wrong = env
        .exchange(json!({"app_id": "cli_sandbox", "app_secret": "nope"}))
        .await;
    assert_eq!(wrong.json()["code"], 10014);
    assert!(!wrong.text.contains("sandbox-secret"));
    let unknown = env.exchange(json!({"app_id": "cli_other", "app_secret": "x"})).await;
    assert_eq!(unknown.json()["code"], 10003);
}

#[tokio::test]
async fn an_expired_tenant_token_is_refused_and_a_new_one_issued() {
    let mut fixtures = Fixtures::default_fixtures();
    fixtures.feishu.token_ttl_seconds = 1;
    let env = support::start_with(fixtures).await;
    let token = env.tenant_token().await;
    let ok = env
        .feishu("POST", RECORDS, Some(&token), Some(&android("expiring-1")))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let expired = env
        .feishu("POST", RECORDS, Some(&token), Some(&android("expiring-2")))
        .await;
    assert_feishu_error(&expired, 400, 99991663);
    let fresh = env.tenant_token().await;
    assert_ne!(fresh, token);
}

#[tokio::test]
async fn records_are_kept_and_duplicates_refused() {
    let env = support::start().await;
    let token = env.tenant_token().await;
    let created = env
        .feishu("POST", RECORDS, Some(&token), Some(&android("02a11ac4a83b918e")))
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let body = created.json();
    assert_eq!(body["code"], 0);
    let id = body["data"]["device_record_id"].as_str().unwrap();
    assert!(id.len() == 19 && id.bytes().all(|b| b.is_ascii_digit()), "{id}");

    let again = env
        .feishu("POST", RECORDS, Some(&token), Some(&android("02a11ac4a83b918e")))
        .await;
    assert_feishu_error(&again, 400, 1785010);
    // The fixture's registered Mac is a duplicate too, matched by any identifier (MAC in another style).
    let mac =
        json!({"device_system": 1, "mac_address": "AC-DE-48-00-11-21", "device_ownership": 1, "device_status": 1});
    assert_feishu_error(
        &env.feishu("POST", RECORDS, Some(&token), Some(&mac)).await,
        400,
        1785010,
    );

    let other = env
        .feishu("POST", RECORDS, Some(&token), Some(&android("another")))
        .await;
    assert_ne!(other.json()["data"]["device_record_id"], id);
}

#[tokio::test]
async fn requests_are_checked_against_the_page() {
    let env = support::start().await;
    let token = env.tenant_token().await;
    let cases: &[(Value, i64, &str)] = &[
        (
            json!({"device_system": 0, "android_id": "a", "device_ownership": 0, "device_status": 0}),
            1785007,
            "device_system out of range",
        ),
        (
            json!({"device_system": "4", "android_id": "a", "device_ownership": 0, "device_status": 0}),
            1785007,
            "device_system not an integer",
        ),
        (
            json!({"device_system": 4, "serial_number": "C02", "device_ownership": 0, "device_status": 0}),
            1785005,
            "desktop identifier on Android",
        ),
        (
            json!({"device_system": 5, "device_ownership": 0, "device_status": 0}),
            1785005,
            "iOS without idfv",
        ),
        (
            json!({"device_system": 1, "device_ownership": 0, "device_status": 0}),
            1785005,
            "desktop without any identifier",
        ),
        (
            json!({"device_system": 4, "android_id": "a", "device_status": 0}),
            1780101,
            "device_ownership missing",
        ),
        (
            json!({"device_system": 4, "android_id": "a", "device_ownership": 7, "device_status": 0}),
            1780101,
            "device_ownership out of range",
        ),
        (
            json!({"device_system": 1, "mac_address": "not-a-mac", "device_ownership": 0, "device_status": 0}),
            1780101,
            "bad MAC address",
        ),
        (
            json!({"device_system": 4, "android_id": 42, "device_ownership": 0, "device_status": 0}),
            1780101,
            "android_id not a string",
        ),
    ];
    for (body, code, why) in cases {
        let reply = env.feishu("POST", RECORDS, Some(&token), Some(body)).await;
        assert_eq!(reply.json()["code"], *code, "{why}: {}", reply.text);
        assert_feishu_error(&reply, 400, *code);
    }
    let not_json = env
        .http
        .post(format!("{}{RECORDS}", env.base))
        .bearer_auth(&token)
        .body("{\"device_system\": 1 / 2 / 3}")
        .send()
        .await
        .unwrap();
    assert_feishu_error(&support::read(not_json).await, 400, 1780101);
}

#[tokio::test]
async fn tokens_are_checked_as_feishu_does() {
    let env = support::start().await;
    let body = android("token-check");
    assert_feishu_error(&env.feishu("POST", RECORDS, None, Some(&body)).await, 400, 99991661);
    let basic = env
        .feishu_with("POST", RECORDS, None, Some(&body), &[("authorization", "Basic abc")])
        .await;
    assert_feishu_error(&basic, 400, 99991671);
    // A user token where a tenant token is wanted, and the reverse.
    let user_on_tenant = env.feishu("POST", RECORDS, Some("u-sandbox-user"), Some(&body)).await;
    assert_feishu_error(&user_on_tenant, 400, 99991663);
    let token = env.tenant_token().await;
    assert_feishu_error(&env.feishu("GET", MINE, Some(&token), None).await, 400, 99991668);
    assert_feishu_error(&env.feishu("GET", MINE, Some("u-nobody"), None).await, 400, 99991668);
    assert_feishu_error(
        &env.feishu("POST", RECORDS, Some("t-forged"), Some(&body)).await,
        400,
        99991663,
    );
}

#[tokio::test]
async fn mine_answers_for_the_users_own_device() {
    let env = support::start().await;
    let reply = env.feishu("GET", MINE, Some("u-sandbox-user"), None).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(reply.header("x-tt-logid").is_some());
    assert_eq!(
        reply.json(),
        json!({"code": 0, "msg": "success", "data": {"device_record_id": "7089353870308032531", "device_ownership": 2, "device_status": 1}})
    );
    let none = env.feishu("GET", MINE, Some("u-sandbox-no-device"), None).await;
    assert_feishu_error(&none, 400, 1785011);
}

#[tokio::test]
async fn verification_comes_from_the_fixture() {
    let env = support::start().await;
    let token = env.tenant_token().await;
    let reply = env
        .feishu("GET", "/open-apis/verification/v1/verification", Some(&token), None)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        reply.json()["data"]["verification"],
        json!({"name": "无限未来科技公司", "has_verification": true})
    );
}

#[tokio::test]
async fn verification_of_an_unknown_tenant_is_not_found() {
    let mut fixtures = Fixtures::default_fixtures();
    fixtures.feishu.tenants.clear();
    let env = support::start_with(fixtures).await;
    let token = env.tenant_token().await;
    let reply = env
        .feishu("GET", "/open-apis/verification/v1/verification", Some(&token), None)
        .await;
    assert_feishu_error(&reply, 404, 2010001);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creates_keep_exactly_one_record_per_device() {
    let env = support::start_unlimited().await;
    let token = env.tenant_token().await;
    let mut calls = Vec::new();
    for i in 0..200 {
        calls.push((true, android(&format!("distinct-{i}"))));
        calls.push((false, android("the-same-device")));
    }
    let tasks: Vec<_> = calls
        .into_iter()
        .map(|(distinct, body)| {
            let (http, url, token) = (env.http.clone(), format!("{}{RECORDS}", env.base), token.clone());
            tokio::spawn(async move {
                let reply = support::read(http.post(url).bearer_auth(token).json(&body).send().await.unwrap()).await;
                (distinct, reply)
            })
        })
        .collect();
    let mut ids = HashSet::new();
    let (mut distinct_ok, mut same_ok, mut same_duplicate) = (0, 0, 0);
    for task in tasks {
        let (distinct, reply) = task.await.unwrap();
        let body = reply.json();
        match (distinct, body["code"].as_i64()) {
            (_, Some(0)) => {
                assert!(
                    ids.insert(body["data"]["device_record_id"].as_str().unwrap().to_owned()),
                    "ids are unique"
                );
                if distinct {
                    distinct_ok += 1
                } else {
                    same_ok += 1
                }
            }
            (false, Some(1785010)) => same_duplicate += 1,
            other => panic!("unexpected reply {other:?}: {}", reply.text),
        }
    }
    assert_eq!((distinct_ok, same_ok, same_duplicate), (200, 1, 199));
    // None lost: every distinct device is now known.
    for i in (0..200).step_by(37) {
        let again = env
            .feishu("POST", RECORDS, Some(&token), Some(&android(&format!("distinct-{i}"))))
            .await;
        assert_eq!(again.json()["code"], 1785010);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_above_the_quota_is_throttled_and_not_applied() {
    let env = support::start().await;
    let token = env.tenant_token().await;
    let started = Instant::now();
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            let (http, url, token) = (env.http.clone(), format!("{}{RECORDS}", env.base), token.clone());
            tokio::spawn(async move {
                let body = android(&format!("burst-{i}"));
                (
                    i,
                    support::read(http.post(url).bearer_auth(token).json(&body).send().await.unwrap()).await,
                )
            })
        })
        .collect();
    let mut throttled = Vec::new();
    let mut accepted = 0;
    for task in tasks {
        let (i, reply) = task.await.unwrap();
        match reply.json()["code"].as_i64() {
            Some(0) => accepted += 1,
            Some(99991400) => {
                assert_eq!(reply.status, 429);
                assert_eq!(reply.header("x-ogw-ratelimit-limit"), Some("10"));
                throttled.push(i);
            }
            _ => panic!("unexpected reply: {}", reply.text),
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    // The documented quota is 10 per second: a burst within one second gets exactly 10.
    let windows = elapsed.ceil().max(1.0) as usize;
    assert!(accepted <= 10 * windows, "{accepted} accepted in {elapsed:.2}s");
    if elapsed < 1.0 {
        assert_eq!(accepted, 10);
    }
    assert_eq!(accepted + throttled.len(), 30);
    // Throttled calls changed nothing: the same devices can be created afterwards.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    for i in throttled.into_iter().take(5) {
        let reply = env
            .feishu("POST", RECORDS, Some(&token), Some(&android(&format!("burst-{i}"))))
            .await;
        assert_eq!(reply.json()["code"], 0, "{}", reply.text);
    }
}
