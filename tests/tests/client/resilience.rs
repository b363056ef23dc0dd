//! Retries, faults, malformed replies and pacing, against the sandbox.

use std::time::Duration;

use apigen_clients::feishu;
use apigen_clients::runtime::client::{Error, RetryPolicy};
use apigen_sandbox::fixtures::FaultRule;
use apigen_sandbox::{Fixtures, FAULT_HEADER};

use crate::support::{self, Recorder};

const MINE: &str = "/open-apis/security_and_compliance/v2/device_records/mine";

fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts: attempts,
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_elapsed: Duration::from_secs(10),
        ..RetryPolicy::default()
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
        .get_my_device_record(Default::default())
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
        .get_my_device_record(Default::default())
        .user_token("u-sandbox-user")
        .await
        .unwrap_err();
    assert_eq!(error.api(), Some(&feishu::GetMyDeviceRecordError::InternalServerError));
    assert_eq!(error.status(), Some(500));
    assert_eq!(recorder.count(MINE), 3);

    let off = client(&sandbox.base_url(), &recorder, RetryPolicy::none());
    off.get_my_device_record(Default::default())
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
    let request = feishu::CreateDeviceRecordRequest::new(
        feishu::DeviceOwnership::Personal,
        feishu::DeviceStatus::Unknown,
        feishu::DeviceIdentity::Ios(feishu::IosIdentifiers::new("retry-ios".into())),
    );
    let reply = feishu
        .create_device_record(request.clone())
        .send_with_reply()
        .await
        .unwrap();
    assert_eq!(reply.attempts, 2);

    // A truncated reply may mean the record was created (here it was): not repeated.
    let mut other = request.clone();
    other.device = feishu::DeviceIdentity::Ios(feishu::IosIdentifiers::new("lost-reply".into()));
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
            .get_my_device_record(Default::default())
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
        .get_my_device_record(Default::default())
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
            tokio::spawn(async move {
                feishu
                    .get_my_device_record(Default::default())
                    .user_token("u-sandbox-user")
                    .await
            })
        })
        .collect();
    for call in calls {
        call.await.unwrap().expect("never throttled by the sandbox");
    }
}

#[tokio::test]
async fn a_retried_signed_call_is_signed_afresh() {
    // A reused nonce would be refused (SignatureNonceUsed / 40100005): the
    // retries succeed only because each attempt is signed anew.
    let sandbox = support::sandbox(fault("sangfor.query_device", "internal", 1)).await;
    let recorder = Recorder::default();
    let sangfor = apigen_clients::sangfor::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .api_credentials("sandbox-app", "sandbox-app-secret")
        .retry(fast_retries(2))
        .with(recorder.clone())
        .build()
        .unwrap();
    let request = apigen_clients::sangfor::QueryDeviceRequest::new(apigen_clients::sangfor::DeviceSelector::Mac(
        "FE-FC-FE-21-F5-D1".parse().unwrap(),
    ));
    assert_eq!(
        sangfor.query_device(request).send_with_reply().await.unwrap().attempts,
        2
    );
    let nonces: Vec<String> = recorder
        .sent()
        .iter()
        .flat_map(|s| s.headers.clone())
        .filter(|(k, _)| k == "x-ca-nonce")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(nonces.len(), 2);
    assert_ne!(nonces[0], nonces[1]);

    for version in [
        apigen_clients::runtime::AliyunSignatureVersion::Rpc,
        apigen_clients::runtime::AliyunSignatureVersion::V3,
    ] {
        let sandbox = support::sandbox(fault("aliyun.describe_device_info", "internal", 1)).await;
        let aliyun = apigen_clients::aliyun::Client::builder()
            .base_url(sandbox.base_url())
            .allow_http()
            .access_key("sandbox-ak", "sandbox-secret")
            .signature_version(version)
            .retry(fast_retries(2))
            .build()
            .unwrap();
        let reply = aliyun
            .describe_device_info(Default::default())
            .send_with_reply()
            .await
            .unwrap();
        assert_eq!(reply.attempts, 2, "{version:?}");
    }
}

#[tokio::test]
async fn alibaba_cloud_credentials_come_from_the_environment() {
    let sandbox = support::default_sandbox().await;
    // The variables Alibaba Cloud's own tools read.
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "sandbox-ak");
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "sandbox-secret");
    let aliyun = apigen_clients::aliyun::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .access_key_from_env()
        .build()
        .unwrap();
    std::env::remove_var("ALIBABA_CLOUD_ACCESS_KEY_ID");
    std::env::remove_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    let page = aliyun.describe_device_info(Default::default()).await.unwrap();
    assert_eq!(page.total_count, Some(5));

    let none = apigen_clients::aliyun::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .build()
        .unwrap();
    let error = none.describe_device_info(Default::default()).await.unwrap_err();
    assert!(error.to_string().contains("access_key"), "{error}");
}
