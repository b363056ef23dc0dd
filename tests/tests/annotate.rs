//! `#[apigen_macros::endpoint]`: an endpoint written in Rust is the same as
//! the same endpoint written in YAML — same descriptor, same error table,
//! same behaviour against the sandbox.

use apigen_clients::feishu;
use apigen_clients::runtime::client::{Error, RetryPolicy};
use apigen_clients::runtime::{Endpoint, ErrorTable};
use apigen_sandbox::{Options, Sandbox, FAULT_HEADER};

/// The YAML twin: the example's `get_device_record.yaml` next to Feishu's
/// service.yaml (`tests/specs/feishu_twin/` holds links to both).
mod yaml_twin {
    apigen_macros::include_specs!("specs/feishu_twin");
}

/// The annotated endpoint, exactly as the example crate declares it.
#[path = "../../examples/get-device-record/src/endpoint.rs"]
mod endpoint;

use endpoint::{GetDeviceRecord, GetDeviceRecordError};

#[test]
fn the_descriptors_are_identical() {
    assert_eq!(
        GetDeviceRecord::DESCRIPTOR,
        yaml_twin::GetDeviceRecordRequest::DESCRIPTOR
    );
    assert_eq!(GetDeviceRecord::DESCRIPTOR.service, &feishu::SERVICE);
    let rows =
        |entries: &[&apigen_clients::runtime::ErrorEntry]| entries.iter().map(|e| (*e).clone()).collect::<Vec<_>>();
    assert_eq!(
        rows(GetDeviceRecordError::documented()),
        rows(yaml_twin::GetDeviceRecordError::documented())
    );
    // Common errors come from the service, as for a YAML endpoint.
    let common = GetDeviceRecordError::from_reply(&apigen_clients::runtime::ErrorCode::Int(99991663), "");
    assert_eq!(
        common,
        GetDeviceRecordError::Common(feishu::CommonError::InvalidTenantAccessToken)
    );
}

#[tokio::test]
async fn both_behave_the_same_against_the_sandbox() {
    let extra = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/get-device-record/specs/feishu/endpoints/get_device_record.yaml"
    ))
    .unwrap();
    let specs = apigen_tests::specs_with_endpoints("feishu", &[("get_device_record.yaml", &extra)]).unwrap();
    let sandbox = Sandbox::start(Options::new(apigen::load_catalog(specs.path()).unwrap()))
        .await
        .unwrap();

    let annotated = feishu::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .app_credentials("cli_sandbox", "sandbox-secret")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let twin = yaml_twin::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .app_credentials("cli_sandbox", "sandbox-secret")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();

    let by_annotation = annotated
        .generic()
        .call(GetDeviceRecord {
            device_record_id: "7089353870308032531".into(),
        })
        .await
        .unwrap();
    let by_yaml = twin
        .get_device_record(yaml_twin::GetDeviceRecordRequest {
            device_record_id: "7089353870308032531".into(),
        })
        .await
        .unwrap();
    assert_eq!(by_annotation.device_record_id, by_yaml.device_record_id);
    assert_eq!(by_annotation.device_ownership, feishu::DeviceOwnership::Enterprise);
    assert_eq!(by_yaml.device_ownership, yaml_twin::DeviceOwnership::Enterprise);

    for code in ["1780101", "1780001"] {
        let fault = format!("error={code}");
        let a = annotated
            .generic()
            .call(GetDeviceRecord {
                device_record_id: "1".into(),
            })
            .header(FAULT_HEADER, &fault)
            .await
            .unwrap_err();
        let y = twin
            .get_device_record(yaml_twin::GetDeviceRecordRequest {
                device_record_id: "1".into(),
            })
            .header(FAULT_HEADER, &fault)
            .await
            .unwrap_err();
        let (Error::Api(a), Error::Api(y)) = (&a, &y) else {
            panic!("{a:?} / {y:?}")
        };
        assert_eq!(a.status, y.status);
        assert_eq!(a.error.entry(), y.error.entry(), "{code}");
        assert_eq!(
            format!("{:?}", a.error),
            format!("{:?}", y.error),
            "{code}: same variant name"
        );
    }
    // Unauthenticated the same way too.
    let anonymous = feishu::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .build()
        .unwrap();
    let error = anonymous
        .generic()
        .call(GetDeviceRecord {
            device_record_id: "1".into(),
        })
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
}
