//! Retries, faults, malformed replies and pacing, against the sandbox.

use std::time::Duration;

use apigen::sandbox::fixtures::FaultRule;
use apigen::sandbox::{Fixtures, FAULT_HEADER};
use apigen_clients::feishu;
use apigen_clients::runtime::client::{Error, RetryPolicy};

use crate::support::{self, Recorder};

const MINE: &str = "/open-apis/security_and_compliance/v2/device_records/mine";

fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts: attempts,
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_elapsed: Duration::from_secs(10),
    }
}

fn fault(endpoint: &str, fault: &str, times: u32) -> Fixtures {
    let mut fixtures = Fixtures::default_fixtures();
    fixtures.faults.push(FaultRule {
        endpoint: endpoint.to_owned(),
        fault: fault.to_owned(),
        times: Some(times),
    });
    fixtures
}

fn client(base: &str, recorder: &Recorder, retry: RetryPolicy) -> feishu::Client {
    feishu::Client::builder()
        .base_url(base)
        .allow_http()
        .app_credentials("cli_sandbox", "sandbox-secret")
        .retry(retry)
        .with(recorder.clone())
        .build()
        .unwrap()
}

#[tokio::test]
async fn retries_recover_from_internal_errors() {
    let sandbox = support::sandbox(fault("feishu.get_my_device_record", "internal", 2)).await;
    let recorder = Recorder::default();
    let feishu = client(&sandbox.base_url(), &recorder, fast_retries(3));
    let reply = feishu
        .get_my_device_record()
        .user_token("u-sandbox-user")
        .send_with_reply()
        .await
        .unwrap();
    assert_eq!(reply.attempts, 3);
    assert_eq!(recorder.count(MINE), 3);
}

#[tokio::test]
async fn retries_stop_at_the_bound() {
    let sandbox = support::sandbox(fault("feishu.get_my_device_record", "internal", 10)).await;
    let recorder = Recorder::default();
    let feishu = client(&sandbox.base_url(), &recorder, fast_retries(3));
    let error = feishu
        .get_my_device_record()
        .user_token("u-sandbox-user")
        .await
        .unwrap_err();
    assert_eq!(error.api(), Some(&feishu::GetMyDeviceRecordError::InternalServerError));
    assert_eq!(error.status(), Some(500));
    assert_eq!(recorder.count(MINE), 3);

    let off = client(&sandbox.base_url(), &recorder, RetryPolicy::none());
    off.get_my_device_record()
        .user_token("u-sandbox-user")
        .await
        .unwrap_err();
    assert_eq!(recorder.count(MINE), 4, "RetryPolicy::none() sends once");
}

#[tokio::test]
async fn a_create_is_retried_only_where_the_spec_marks_it_safe() {
    // 1780001 is marked retryable on the create page: the vendor did nothing.
    let sandbox = support::sandbox(fault("feishu.create_device_record", "internal", 1)).await;
    let recorder = Recorder::default();
    let feishu = client(&sandbox.base_url(), &recorder, fast_retries(3));
    let request = feishu::CreateDeviceRecordRequest {
        device: feishu::DeviceIdentity::Ios(feishu::IosIdentifiers {
            idfv: "retry-ios".into(),
        }),
        device_ownership: feishu::DeviceOwnership::Personal,
        device_status: feishu::DeviceStatus::Unknown,
    };
    let reply = feishu
        .create_device_record(request.clone())
        .send_with_reply()
        .await
        .unwrap();
    assert_eq!(reply.attempts, 2);

    // A truncated reply may mean the record was created (here it was): not repeated.
    let other = feishu::CreateDeviceRecordRequest {
        device: feishu::DeviceIdentity::Ios(feishu::IosIdentifiers {
            idfv: "lost-reply".into(),
        }),
        ..request
    };
    let error = feishu
        .create_device_record(other.clone())
        .header(FAULT_HEADER, "malformed")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(
        recorder.count("/open-apis/security_and_compliance/v2/device_records"),
        3
    );
    let again = feishu.create_device_record(other).await.unwrap_err();
    assert_eq!(again.api(), Some(&feishu::CreateDeviceRecordError::DeviceAlreadyExists));
}

#[tokio::test]
async fn malformed_replies_are_decode_errors() {
    let sandbox = support::default_sandbox().await;
    let feishu = client(&sandbox.base_url(), &Recorder::default(), RetryPolicy::none());
    for (fault, status) in [("malformed", 200), ("html", 502)] {
        let error = feishu
            .get_my_device_record()
            .user_token("u-sandbox-user")
            .header(FAULT_HEADER, fault)
            .await
            .unwrap_err();
        let Error::Decode(decode) = &error else {
            panic!("{fault}: {error:?}")
        };
        assert_eq!(decode.status, status, "{fault}");
        assert!(decode.request_id.is_some(), "{fault}: X-Tt-Logid is kept");
        assert!(!decode.excerpt.is_empty() && decode.excerpt.len() <= 200 * 4);
    }
}

#[tokio::test]
async fn throttling_replies_are_waited_out() {
    let sandbox = support::sandbox(fault("feishu.get_my_device_record", "throttle", 1)).await;
    let recorder = Recorder::default();
    let feishu = client(&sandbox.base_url(), &recorder, fast_retries(2));
    let started = std::time::Instant::now();
    let reply = feishu
        .get_my_device_record()
        .user_token("u-sandbox-user")
        .send_with_reply()
        .await
        .unwrap();
    assert_eq!(reply.attempts, 2);
    // The reply's x-ogw-ratelimit-reset (1 s) outweighs the policy's 50 ms.
    assert!(started.elapsed() >= Duration::from_secs(1), "{:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paced_burst_never_exceeds_the_quota() {
    // The sandbox enforces 50/s per app on `mine` and answers 99991400 above it.
    let sandbox = support::default_sandbox().await;
    let feishu = client(&sandbox.base_url(), &Recorder::default(), RetryPolicy::none());
    let calls: Vec<_> = (0..200)
        .map(|_| {
            let feishu = feishu.clone();
            tokio::spawn(async move { feishu.get_my_device_record().user_token("u-sandbox-user").await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().expect("never throttled by the sandbox");
    }
}
