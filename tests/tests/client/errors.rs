//! Every error each page documents, answered by the sandbox on request
//! (`X-Apigen-Fault: error=CODE`), reaches the caller as its own variant.

use apigen_clients::runtime::client::{Call, Error, RetryPolicy};
use apigen_clients::runtime::{Endpoint, ErrorTable};
use apigen_clients::{feishu, sangfor};
use apigen_sandbox::FAULT_HEADER;

use crate::support;

/// Sends `call` asking for each documented code and checks the mapping.
async fn each_documented_error<'a, E, F>(make_call: F) -> usize
where
    E: Endpoint + Send + Sync + 'a,
    E::Response: Send + std::fmt::Debug,
    E::Error: Send + PartialEq,
    F: Fn(usize) -> Call<'a, E>,
{
    let mut checked = 0;
    let documented = E::Error::documented();
    assert!(!documented.is_empty(), "{} documents errors", E::DESCRIPTOR.id);
    for (i, entry) in documented.iter().enumerate() {
        // The sandbox answers the first row with a code; later rows sharing it
        // are told apart by message, which the table tests cover.
        if documented[..i].iter().any(|e| e.code == entry.code) {
            continue;
        }
        let code = entry.code.to_string();
        let result = make_call(i)
            .header(FAULT_HEADER, format!("error={code}"))
            .retry(RetryPolicy::none())
            .await;
        let error = result.expect_err("the sandbox answers the requested error");
        let Error::Api(api) = &error else {
            panic!("{code}: {error:?}")
        };
        let found = api.error.entry().expect("a documented variant, not Unknown");
        assert!(std::ptr::eq(found, *entry), "{code}: got {:?}", api.error);
        assert_eq!(
            Some(api.status),
            entry.http_statuses.first().copied().or(Some(400)),
            "{code}"
        );
        assert!(api.request_id.is_some(), "{code}");
        checked += 1;
    }
    checked
}

#[tokio::test]
async fn every_documented_error_maps_to_its_variant() {
    let sandbox = support::default_sandbox().await;
    let feishu = feishu::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .app_credentials("cli_sandbox", "sandbox-secret")
        .build()
        .unwrap();
    let create = |i: usize| {
        feishu.create_device_record(feishu::CreateDeviceRecordRequest::new(
            feishu::DeviceOwnership::Unknown,
            feishu::DeviceStatus::Unknown,
            feishu::DeviceIdentity::OpenHarmony(feishu::OpenHarmonyIdentifiers::new(format!("errors-{i}"))),
        ))
    };
    assert_eq!(each_documented_error(create).await, 6);
    let mine = |_| {
        feishu
            .get_my_device_record(Default::default())
            .user_token("u-sandbox-user")
    };
    assert_eq!(each_documented_error(mine).await, 5);
    assert_eq!(
        each_documented_error(|_| feishu.get_verification(Default::default())).await,
        2
    );

    let sangfor = sangfor::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .api_credentials("sandbox-app", "sandbox-app-secret")
        .build()
        .unwrap();
    let query = |_| {
        sangfor.query_device(sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::Mac(
            "FE-FC-FE-21-F5-D1".parse().unwrap(),
        )))
    };
    assert_eq!(
        each_documented_error(query).await,
        4,
        "7201, 10000001, 77200001, 37400404"
    );
}
