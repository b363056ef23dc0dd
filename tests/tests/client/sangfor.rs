//! Sangfor aTrust through the generated client: signed calls, typed errors.

use apigen_clients::runtime::client::{BuildError, Error};
use apigen_clients::sangfor;

use crate::support::{self, Recorder, Tamper};

fn client(base: &str, secret: &str, recorder: &Recorder) -> sangfor::Client {
    sangfor::Client::builder()
        .base_url(base)
        .allow_http()
        .api_credentials("sandbox-app", secret)
        .with(recorder.clone())
        .build()
        .unwrap()
}

fn by_mac(mac: &str) -> sangfor::QueryDeviceRequest {
    sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::Mac(mac.parse().unwrap()))
}

#[tokio::test]
async fn signed_calls_return_typed_devices() {
    let sandbox = support::default_sandbox().await;
    let recorder = Recorder::default();
    let sangfor = client(&sandbox.base_url(), "sandbox-app-secret", &recorder);
    let reply = sangfor
        .query_device(by_mac("fe:fc:fe:21:f5:d2"))
        .send_with_reply()
        .await
        .unwrap();
    assert_eq!(reply.payload.external_id, "0c4e9039-f81d-11ec-a760-fefcfe545bb7");
    assert_eq!(reply.payload.device_type, sangfor::DeviceType::Pc);
    assert_eq!(reply.payload.last_login_method, "Edge/98.0.1108.50");
    assert_eq!(reply.request_id.as_deref().map(str::len), Some(16), "traceId");
    let sent = &recorder.sent()[0];
    assert_eq!(sent.query, "mac=FE-FC-FE-21-F5-D2");
    for header in ["x-ca-key", "x-ca-timestamp", "x-ca-nonce", "x-ca-sign"] {
        assert!(sent.headers.iter().any(|(k, _)| k == header), "{header} missing");
    }

    let by_id = sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::ExternalId(
        sangfor::ExternalId::new("0c4e9039-f81d-11ec-a760-fefcfe545bb7").unwrap(),
    ));
    assert_eq!(
        sangfor.query_device(by_id).await.unwrap().device_name,
        "DESKTOP-SDKLASKQ"
    );
}

#[tokio::test]
async fn lookups_fail_with_the_documented_variants() {
    let sandbox = support::default_sandbox().await;
    let sangfor = client(&sandbox.base_url(), "sandbox-app-secret", &Recorder::default());
    let shared = sangfor.query_device(by_mac("00-1A-2B-3C-4D-5E")).await.unwrap_err();
    assert_eq!(shared.api(), Some(&sangfor::QueryDeviceError::MultipleDevicesMatched));
    let missing = sangfor.query_device(by_mac("00-00-00-00-00-01")).await.unwrap_err();
    assert_eq!(missing.api(), Some(&sangfor::QueryDeviceError::DeviceNotFound));
    assert_eq!(missing.request_id().map(str::len), Some(16));
}

#[tokio::test]
async fn a_wrong_secret_or_a_tampered_query_is_rejected() {
    let sandbox = support::default_sandbox().await;
    let wrong = client(&sandbox.base_url(), "guess", &Recorder::default());
    let error = wrong.query_device(by_mac("FE-FC-FE-21-F5-D1")).await.unwrap_err();
    assert_eq!(
        error.api(),
        Some(&sangfor::QueryDeviceError::Common(
            sangfor::CommonError::SignatureMismatch
        ))
    );
    assert!(!format!("{error} {error:?}").contains("guess"));

    let tampering = Recorder::tampering(Tamper::AppendQuery("externalId=x"));
    let tampered = client(&sandbox.base_url(), "sandbox-app-secret", &tampering);
    let error = tampered.query_device(by_mac("FE-FC-FE-21-F5-D1")).await.unwrap_err();
    assert_eq!(
        error.api(),
        Some(&sangfor::QueryDeviceError::Common(
            sangfor::CommonError::SignatureMismatch
        ))
    );
}

#[tokio::test]
async fn a_value_that_would_make_the_decoded_signature_ambiguous_is_not_signed() {
    use apigen_clients::runtime::client::AuthError;
    // Signed decoded, `externalId=a&x=1` is also the string for
    // `{externalId: "a", x: "1"}`: a signature for one would pass for the other.
    let sandbox = support::default_sandbox().await;
    let recorder = Recorder::default();
    let sangfor = client(&sandbox.base_url(), "sandbox-app-secret", &recorder);
    let request = sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::ExternalId("a&x=1".parse().unwrap()));
    let error = sangfor.query_device(request).await.unwrap_err();
    let Error::Auth(AuthError::AmbiguousSignature { parameter, .. }) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(parameter, "externalId");
    assert!(recorder.sent().is_empty(), "nothing was sent");
}

#[test]
fn an_on_premises_service_needs_a_base_url_and_tls() {
    let error = sangfor::Client::builder()
        .api_credentials("a", "b")
        .build()
        .unwrap_err();
    assert!(matches!(error, BuildError::BaseUrlRequired { .. }), "{error}");
    let error = sangfor::Client::builder()
        .base_url("http://10.0.0.1")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("allow_http"), "{error}");
    assert!(sangfor::Client::builder()
        .base_url("https://atrust.example.com")
        .build()
        .is_ok());
}

#[allow(dead_code)]
fn errors_are_std_errors(error: Error<sangfor::QueryDeviceError>) -> Box<dyn std::error::Error> {
    Box::new(error)
}
