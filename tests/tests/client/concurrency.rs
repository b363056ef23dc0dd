//! 400 creates at once through one client, with retries on, against a
//! sandbox whose next 300 create attempts fail: the first 200 with Feishu's
//! retryable internal error, the next 100 throttled (both before the record
//! is made, as the vendor's documented retryable errors are). Every create
//! lands exactly once.

use std::collections::HashMap;
use std::time::Duration;

use apigen_clients::feishu;
use apigen_clients::runtime::client::RetryPolicy;
use apigen_sandbox::fixtures::FaultRule;
use apigen_sandbox::Fixtures;

const CREATES: usize = 400;

fn android(id: String) -> feishu::CreateDeviceRecordRequest {
    feishu::CreateDeviceRecordRequest::new(
        feishu::DeviceOwnership::Enterprise,
        feishu::DeviceStatus::Trusted,
        feishu::DeviceIdentity::Android(feishu::AndroidIdentifiers::new(id)),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_hundred_concurrent_creates_with_retries_are_neither_lost_nor_doubled() {
    let mut fixtures = Fixtures::default_fixtures();
    fixtures.rate_limits = false;
    // Fixture rules apply to the next N attempts each, so attempts 1-200
    // get both (the internal error wins) and 201-300 only the throttle.
    for (fault, times) in [("internal", 200), ("throttle", 300)] {
        fixtures.faults.push(FaultRule {
            endpoint: "feishu.create_device_record".to_owned(),
            fault: fault.to_owned(),
            times: Some(times),
        });
    }
    let sandbox = crate::support::sandbox(fixtures).await;
    let before = sandbox.feishu_device_records().len();
    let client = feishu::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .app_credentials("cli_sandbox", "sandbox-secret")
        .rate_limit(false)
        .retry(RetryPolicy {
            max_attempts: 8,
            initial_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    let calls = (0..CREATES).map(|i| {
        let client = client.clone();
        async move {
            client
                .create_device_record(android(format!("concurrent-{i:03}")))
                .send_with_reply()
                .await
        }
    });
    let replies = futures_util::future::join_all(calls).await;

    let mut attempts = 0;
    let mut ids = Vec::new();
    for (i, reply) in replies.into_iter().enumerate() {
        let reply = reply.unwrap_or_else(|e| panic!("create {i} failed: {e}"));
        attempts += reply.attempts;
        ids.push(reply.payload.device_record_id);
    }
    assert_eq!(
        attempts as usize,
        CREATES + 300,
        "every failed attempt cost exactly one retry"
    );

    // What the sandbox holds: each android_id once, under the id its client was told.
    let records = sandbox.feishu_device_records();
    assert_eq!(records.len() - before, CREATES, "none lost, none doubled");
    let mut by_android: HashMap<String, Vec<String>> = HashMap::new();
    for record in &records[before..] {
        let android = record["android_id"].as_str().unwrap().to_owned();
        let id = record["device_record_id"].as_str().unwrap().to_owned();
        by_android.entry(android).or_default().push(id);
    }
    for (i, id) in ids.iter().enumerate() {
        let held = &by_android[&format!("concurrent-{i:03}")];
        assert_eq!(held, std::slice::from_ref(id), "create {i}");
    }
    eprintln!("{CREATES} creates, {attempts} attempts: 0 lost, 0 duplicated");
}
