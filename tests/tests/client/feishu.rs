//! Feishu through the generated client: tokens, records, typed errors.

use std::time::Duration;

use apigen_clients::feishu;
use apigen_clients::runtime::client::{AuthError, Error};
use apigen_clients::runtime::ErrorCode;
use apigen_sandbox::Fixtures;

use crate::support::{self, Recorder, Tamper};

const TOKEN_PATH: &str = "/open-apis/auth/v3/tenant_access_token/internal";

fn client(base: &str, recorder: &Recorder) -> feishu::Client {
    feishu::Client::builder()
        .base_url(base)
        .allow_http()
        .app_credentials("cli_sandbox", "sandbox-secret")
        .with(recorder.clone())
        .build()
        .expect("client builds")
}

fn android(id: &str) -> feishu::CreateDeviceRecordRequest {
    feishu::CreateDeviceRecordRequest::new(
        feishu::DeviceOwnership::Enterprise,
        feishu::DeviceStatus::Trusted,
        feishu::DeviceIdentity::Android(feishu::AndroidIdentifiers::new(id.into())),
    )
}

#[tokio::test]
async fn records_are_created_and_read_with_typed_payloads() {
    let sandbox = support::default_sandbox().await;
    let recorder = Recorder::default();
    let feishu = client(&sandbox.base_url(), &recorder);

    let created = feishu.create_device_record(android("client-1")).await.unwrap();
    assert_eq!(created.device_record_id.len(), 19);

    let mine = feishu
        .get_my_device_record(Default::default())
        .user_token("u-sandbox-user")
        .send_with_reply()
        .await
        .unwrap();
    assert_eq!(mine.payload.device_record_id, "7089353870308032531");
    assert_eq!(mine.payload.device_ownership, feishu::DeviceOwnership::Enterprise);
    assert_eq!(mine.payload.device_status, feishu::DeviceStatus::Trusted);
    assert_eq!(mine.status, 200);
    assert_eq!(
        mine.request_id.as_deref(),
        mine.headers.get("x-tt-logid").and_then(|v| v.to_str().ok())
    );
    assert!(mine.request_id.is_some());

    let verification = feishu.get_verification(Default::default()).await.unwrap();
    assert!(verification.verification.has_verification);
    assert_eq!(verification.verification.name, "无限未来科技公司");

    // The user token went to the user endpoint only; the tenant token to the others.
    let sent = recorder.sent();
    let auth_of = |path: &str| {
        sent.iter()
            .find(|s| s.path.ends_with(path))
            .and_then(|s| s.headers.iter().find(|(k, _)| k == "authorization"))
            .map(|(_, v)| v.clone())
    };
    assert_eq!(auth_of("/mine").as_deref(), Some("Bearer u-sandbox-user"));
    assert!(auth_of("/verification").is_some_and(|v| v.starts_with("Bearer t-")));
}

#[tokio::test]
async fn vendor_errors_become_the_endpoints_variants() {
    let sandbox = support::default_sandbox().await;
    let feishu = client(&sandbox.base_url(), &Recorder::default());
    feishu.create_device_record(android("twice")).await.unwrap();
    let error = feishu.create_device_record(android("twice")).await.unwrap_err();
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.error, feishu::CreateDeviceRecordError::DeviceAlreadyExists);
    assert_eq!(api.status, 400);
    let log_id = api.request_id.as_deref().expect("X-Tt-Logid");
    assert!(api.troubleshooter().is_some_and(|t| t.contains(log_id)));
    assert_eq!(error.request_id(), Some(log_id));
    assert!(error.to_string().contains("1785010"), "{error}");

    let none = feishu
        .get_my_device_record(Default::default())
        .user_token("u-sandbox-no-device")
        .await
        .unwrap_err();
    assert_eq!(
        none.api(),
        Some(&feishu::GetMyDeviceRecordError::DeviceAuthenticationIncomplete)
    );
    let wrong_type = feishu
        .get_my_device_record(Default::default())
        .user_token("u-nobody")
        .await
        .unwrap_err();
    assert_eq!(
        wrong_type.api(),
        Some(&feishu::GetMyDeviceRecordError::Common(
            feishu::CommonError::InvalidUserAccessToken
        ))
    );
}

#[tokio::test]
async fn a_user_token_endpoint_without_a_token_fails_before_sending() {
    let sandbox = support::default_sandbox().await;
    let recorder = Recorder::default();
    let feishu = client(&sandbox.base_url(), &recorder);
    let error = feishu.get_my_device_record(Default::default()).await.unwrap_err();
    assert!(
        matches!(error, Error::Auth(AuthError::MissingUserToken { .. })),
        "{error:?}"
    );
    assert!(recorder.sent().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_wrong_app_secret_is_a_token_exchange_error() {
    let sandbox = support::default_sandbox().await;
    let feishu = feishu::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .app_credentials("cli_sandbox", "not-the-secret")
        .build()
        .unwrap();
    let error = feishu.get_verification(Default::default()).await.unwrap_err();
    let Error::Auth(AuthError::TokenExchange { code, status, .. }) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((code, *status), (&ErrorCode::Int(10014), 400));
    assert!(!format!("{error} {error:?}").contains("not-the-secret"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_first_calls_share_one_exchange() {
    let sandbox = support::default_sandbox().await;
    let recorder = Recorder::default();
    let feishu = client(&sandbox.base_url(), &recorder);
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let feishu = feishu.clone();
            tokio::spawn(async move { feishu.get_verification(Default::default()).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(sandbox.token_exchanges(), 1);
    assert_eq!(recorder.count(TOKEN_PATH), 0, "the app secret never passes middleware");
}

#[tokio::test]
async fn a_refused_token_is_replaced_once() {
    let sandbox = support::default_sandbox().await;
    // The first verification call carries a token the sandbox does not know:
    // it answers 99991663, and the client fetches a new token and retries.
    let recorder = Recorder::tampering(Tamper::FirstToken {
        path: "/open-apis/verification/v1/verification",
        token: "t-revoked",
    });
    let feishu = client(&sandbox.base_url(), &recorder);
    let reply = feishu
        .get_verification(Default::default())
        .send_with_reply()
        .await
        .unwrap();
    assert!(reply.payload.verification.has_verification);
    assert_eq!(sandbox.token_exchanges(), 2);
    assert_eq!(recorder.count("/open-apis/verification/v1/verification"), 2);
}

#[tokio::test]
async fn tokens_are_refreshed_before_they_expire() {
    let mut fixtures = Fixtures::default_fixtures();
    fixtures.feishu.token_ttl_seconds = 2;
    let sandbox = support::sandbox(fixtures).await;
    let recorder = Recorder::default();
    let feishu = client(&sandbox.base_url(), &recorder);
    feishu.get_verification(Default::default()).await.unwrap();
    feishu.get_verification(Default::default()).await.unwrap();
    assert_eq!(sandbox.token_exchanges(), 1, "cached while fresh");
    // A quarter of the lifetime before expiry, the client fetches a new one.
    tokio::time::sleep(Duration::from_millis(1600)).await;
    feishu.get_verification(Default::default()).await.unwrap();
    assert_eq!(sandbox.token_exchanges(), 2);
}
