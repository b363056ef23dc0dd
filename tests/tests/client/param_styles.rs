//! Alibaba Cloud's parameter styles and form bodies, encoded as the
//! official Tea SDK encodes them, signed after expansion (query and form
//! together for RPC signatures), and read back by the sandbox into the
//! typed request it checks (`tests/specs/cloudauth`, `create_instance`).

use apigen_clients::runtime::client::RetryPolicy;
use apigen_clients::runtime::sign::aliyun_rpc;
use apigen_clients::runtime::{encode_form, encode_request, AliyunSignatureVersion};
use apigen_sandbox::{Fixtures, Sandbox};

use crate::support::Recorder;

/// The spec, generated in place.
mod cloudauth {
    apigen_macros::include_specs!("specs/cloudauth");
}

fn request() -> cloudauth::CreateInstanceRequest {
    cloudauth::CreateInstanceRequest {
        tag: Some(vec![
            cloudauth::TagPair {
                key: "env".to_owned(),
                value: Some("prod ution".to_owned()),
            },
            cloudauth::TagPair {
                key: "team".to_owned(),
                value: None,
            },
        ]),
        security_group_ids: Some(vec!["sg-1".to_owned(), "sg-2".to_owned()]),
        zone_ids: Some(vec!["cn-a".to_owned(), "cn-b".to_owned()]),
        system_disk: Some(cloudauth::SystemDisk {
            category: cloudauth::DiskCategory::CloudSsd,
            size: Some(40),
        }),
        options: Some(cloudauth::LaunchOptions { dry_run: Some(false) }),
        amount: 2,
    }
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

#[test]
fn styles_expand_as_the_tea_sdk_expands_them() {
    let encoded = encode_request(&request()).unwrap();
    assert_eq!(
        sorted(encoded.query.clone()),
        owned(&[
            ("Action", "CreateInstance"),
            ("SecurityGroupIds.1", "sg-1"),
            ("SecurityGroupIds.2", "sg-2"),
            ("Tag.1.Key", "env"),
            ("Tag.1.Value", "prod ution"),
            ("Tag.2.Key", "team"),
            ("Version", "2019-03-07"),
            ("ZoneIds", "cn-a,cn-b"),
        ])
    );
    assert_eq!(
        sorted(encoded.form.clone()),
        owned(&[
            ("Amount", "2"),
            ("Options", r#"{"DryRun":false}"#),
            ("SystemDisk.Category", "cloud_ssd"),
            ("SystemDisk.Size", "40"),
        ])
    );
    assert_eq!(encoded.body, None, "a form body, not JSON");
    let form = encode_form(&owned(&[("Options", r#"{"a":"b c+"}"#)]));
    assert_eq!(form, "Options=%7B%22a%22%3A%22b+c%2B%22%7D");
}

#[test]
fn the_rpc_signature_covers_the_expanded_query_and_form_together() {
    // The known answer was computed with the Tea SDK's own rules
    // (`_object_handler` flattening, `get_rpcsignature`) for the same call.
    let encoded = encode_request(&request()).unwrap();
    let mut signed = encoded.query.clone();
    signed.extend(owned(&[
        ("AccessKeyId", "testid"),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", "nonce-1"),
        ("Timestamp", "2026-12-01T00:00:00Z"),
    ]));
    signed.extend(encoded.form.clone());
    let signature = aliyun_rpc::sign("POST", &signed, "testsecret");
    assert_eq!(signature.signature, "DUM7XcSzj3PmzQrzg/H7WTUGa2U=");
}

async fn sandbox() -> Sandbox {
    crate::support::fixture_sandbox("cloudauth", Fixtures::default_fixtures()).await
}

fn client(sandbox: &Sandbox, version: AliyunSignatureVersion, recorder: &Recorder) -> cloudauth::Client {
    cloudauth::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .access_key("sandbox-ak", "sandbox-secret")
        .signature_version(version)
        .with(recorder.clone())
        .build()
        .unwrap()
}

#[tokio::test]
async fn both_signatures_verify_over_styled_parameters_and_a_form_body() {
    let sandbox = sandbox().await;
    for version in [AliyunSignatureVersion::Rpc, AliyunSignatureVersion::V3] {
        let recorder = Recorder::default();
        let created = client(&sandbox, version, &recorder)
            .create_instance(request())
            .retry(RetryPolicy::none())
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert_eq!(created.instance_ids.as_deref(), Some(&["i-1".to_owned()][..]));
        let sent = &recorder.sent()[0];
        assert!(sent.query.contains("Tag.1.Key=env"), "{version:?}: {}", sent.query);
        assert!(!sent.query.contains("SystemDisk"), "form parameters go in the body");
        assert!(sent
            .headers
            .iter()
            .any(|(k, v)| k == "content-type" && v == "application/x-www-form-urlencoded"));
    }
}

#[tokio::test]
async fn the_sandbox_reads_styled_parameters_back_and_checks_them() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, AliyunSignatureVersion::Rpc, &Recorder::default());
    // `SystemDisk.Category` is checked against its enum inside the flat parameter.
    let mut odd_disk = request();
    odd_disk.system_disk = Some(cloudauth::SystemDisk {
        category: cloudauth::DiskCategory::Other("floppy".to_owned()),
        size: None,
    });
    let error = client
        .create_instance(odd_disk)
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    assert_eq!(
        error.api(),
        Some(&cloudauth::CreateInstanceError::Common(
            cloudauth::CommonError::InvalidParameter
        )),
        "{error}"
    );
    // The same request with a documented category passes the same checks.
    client.create_instance(request()).await.unwrap();
}
