//! A flat envelope whose successes carry a code (`"Code": "200"`) and a
//! flag (`"Success": true`): the client takes them as successes, and the
//! vendor's other codes as its errors, code templates (`Forbidden.%s`)
//! included; maps (`T{}`) in the query and the reply. Against the sandbox
//! serving the test-only `tests/specs/cloudauth` spec.

use apigen_clients::runtime::client::{Error, RetryPolicy};
use apigen_sandbox::{Fixtures, Sandbox, FAULT_HEADER};

/// The spec, generated in place.
mod cloudauth {
    apigen_macros::include_specs!("specs/cloudauth");
}

async fn sandbox(fixtures: Fixtures) -> Sandbox {
    crate::support::fixture_sandbox("cloudauth", fixtures).await
}

fn client(sandbox: &Sandbox) -> cloudauth::Client {
    cloudauth::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .access_key("sandbox-ak", "sandbox-secret")
        .build()
        .unwrap()
}

fn request() -> cloudauth::DescribeFaceVerifyRequest {
    cloudauth::DescribeFaceVerifyRequest {
        certify_id: "sha1-0001".to_owned(),
        extra: Some([("b".to_owned(), 2), ("a".to_owned(), 1)].into()),
    }
}

#[tokio::test]
async fn a_reply_with_the_success_code_is_a_success_with_typed_code_and_flag() {
    let sandbox = sandbox(Fixtures::default_fixtures()).await;
    let result = client(&sandbox).describe_face_verify(request()).await.unwrap();
    assert_eq!(result.code, "200");
    assert_eq!(result.success, Some(true));
    assert_eq!(result.message.as_deref(), Some("success"));
    let outcome = result.result_object.unwrap();
    assert_eq!(outcome.passed.as_deref(), Some("T"));
    assert_eq!(outcome.labels.unwrap()["a"], "x");
    assert_eq!(outcome.scores.unwrap()["face"], cloudauth::Score { value: 0.98 });
    assert_eq!(outcome.tags.unwrap()["k"], ["1", "2"]);
}

#[test]
fn a_map_in_the_query_is_sent_as_json_text_in_key_order() {
    let encoded = apigen_clients::runtime::encode_request(&request()).unwrap();
    let extra: Vec<_> = encoded.query.iter().filter(|(k, _)| k == "Extra").collect();
    assert_eq!(extra, [&("Extra".to_owned(), r#"{"a":1,"b":2}"#.to_owned())]);
}

#[tokio::test]
async fn the_sandbox_adds_the_documented_code_and_flag_to_any_payload() {
    let mut fixtures = Fixtures::default_fixtures();
    fixtures.responses.insert(
        "cloudauth.describe_face_verify".to_owned(),
        serde_json::json!({ "ResultObject": { "Passed": "F" } }),
    );
    let sandbox = sandbox(fixtures).await;
    let result = client(&sandbox).describe_face_verify(request()).await.unwrap();
    assert_eq!((result.code.as_str(), result.success), ("200", Some(true)));
    assert_eq!(result.result_object.and_then(|r| r.passed).as_deref(), Some("F"));
}

#[tokio::test]
async fn other_codes_are_the_endpoints_errors() {
    let sandbox = sandbox(Fixtures::default_fixtures()).await;
    let error = client(&sandbox)
        .describe_face_verify(request())
        .header(FAULT_HEADER, "error=CertifyIdNotFound")
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.error, cloudauth::DescribeFaceVerifyError::CertifyIdNotFound);
    assert_eq!(api.status, 404, "the sandbox answers with the first listed status");
    let entry = apigen_clients::runtime::ErrorTable::entry(&api.error).unwrap();
    assert_eq!(entry.http_statuses, [404, 400]);
    assert_eq!(api.error.http_status(), Some(404));
}

#[tokio::test]
async fn a_code_the_template_fits_is_that_rows_variant_with_the_code_as_sent() {
    let sandbox = sandbox(Fixtures::default_fixtures()).await;
    let error = client(&sandbox)
        .describe_face_verify(request())
        .header(FAULT_HEADER, "error=Forbidden.RAM")
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.error, cloudauth::DescribeFaceVerifyError::Forbidden);
    assert_eq!(api.code.to_string(), "Forbidden.RAM");
    assert_eq!(api.status, 403);
    assert!(error.to_string().contains("error Forbidden.RAM"), "{error}");
}

#[tokio::test]
async fn an_rpc_only_endpoint_is_signed_the_rpc_way_but_refused_with_an_sts_token() {
    use apigen_clients::runtime::client::AuthError;
    let sandbox = sandbox(Fixtures::default_fixtures()).await;
    let quota = client(&sandbox)
        .describe_verify_quota(Default::default())
        .await
        .unwrap();
    assert_eq!(quota.left, Some(41), "the sandbox verified the RPC signature");

    // The RPC signature would carry the STS token as a query parameter.
    let sts = cloudauth::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .access_key("sandbox-ak", "sandbox-secret")
        .security_token("sts-example")
        .build()
        .unwrap();
    let error = sts.describe_verify_quota(Default::default()).await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Auth(AuthError::SecretInUrl {
                scheme: "legacy_key",
                ..
            })
        ),
        "{error:?}"
    );
    assert!(!format!("{error} {error:?}").contains("sts-example"));
}
