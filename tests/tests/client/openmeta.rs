//! `apigen import openmeta` end to end: the hand-written OpenMeta fixtures
//! (`tests/openmeta/`, one API per construct of the format description)
//! import into `tests/specs/openmeta_demo/`, which generates a client that
//! calls the sandbox serving the same folder. One test per construct.

use std::path::Path;

use apigen_clients::runtime::client::{Error, RetryPolicy};
use apigen_clients::runtime::{encode_request, AliyunSignatureVersion, ErrorTable, WithFields};
use apigen_sandbox::{Fixtures, Sandbox, FAULT_HEADER};
use futures_util::StreamExt;

/// The imported specs, generated in place.
mod openmeta_demo {
    apigen_macros::include_specs!("specs/openmeta_demo");
}

fn fixtures_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("openmeta")
}

fn import() -> apigen::import::Import {
    let documents = ["openmeta_demo.api-docs.json", "cs_roa.api-docs.json"].map(|name| {
        let text = std::fs::read_to_string(fixtures_dir().join(name)).unwrap();
        (name.to_owned(), apigen::import::doc::parse(&text).unwrap())
    });
    apigen::import::openmeta::import(&documents, false).unwrap()
}

async fn sandbox() -> Sandbox {
    let mut fixtures = Fixtures::default_fixtures();
    fixtures.rate_limits = false;
    crate::support::fixture_sandbox("openmeta_demo", fixtures).await
}

fn client(sandbox: &Sandbox, version: AliyunSignatureVersion) -> openmeta_demo::Client {
    openmeta_demo::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .access_key("sandbox-ak", "sandbox-secret")
        .signature_version(version)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[test]
fn the_committed_import_is_what_the_importer_writes_and_notes_every_approximation() {
    let imported = import();
    assert_eq!(imported.services, ["openmeta_demo"], "the ROA product is skipped");
    assert_eq!(imported.endpoints, 6);
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    for (path, text) in &imported.files {
        let committed = std::fs::read_to_string(specs.join(path)).unwrap();
        assert_eq!(&committed, text, "{} differs from a re-import", path.display());
    }
    let kinds: Vec<(&str, usize)> = imported.approximations.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(
        kinds,
        [
            ("anonymous API signed anyway", 1),
            ("bounds, patterns or defaults left out", 3),
            ("catch-all error row left out", 1),
            ("deprecated by the vendor", 1),
            ("non-AccessKey security written as AccessKey", 1),
            ("parameter location not imported", 1),
            ("product not imported yet (ROA and other styles)", 1),
        ]
    );
    let quota = std::fs::read_to_string(specs.join("openmeta_demo/endpoints/describe_verify_quota.yaml")).unwrap();
    assert!(quota.contains("- deprecated by the vendor"), "{quota}");
}

#[test]
fn regional_endpoints_are_named_base_urls_with_the_first_the_default() {
    let urls: Vec<(&str, &str, bool)> = openmeta_demo::SERVICE
        .base_urls
        .iter()
        .map(|b| (b.name, b.url, b.default))
        .collect();
    assert_eq!(
        urls[0],
        ("cn-hangzhou", "https://openmeta-demo.cn-hangzhou.aliyuncs.com", true)
    );
    assert_eq!(urls.len(), 3);
    assert!(openmeta_demo::Client::builder()
        .base_url_named("ap-southeast-1")
        .access_key("a", "b")
        .build()
        .is_ok());
}

#[tokio::test]
async fn page_numbers_and_item_node_wrappers_walk_every_item_both_signatures() {
    let sandbox = sandbox().await;
    for version in [AliyunSignatureVersion::V3, AliyunSignatureVersion::Rpc] {
        let client = client(&sandbox, version);
        let request = openmeta_demo::DescribeDeviceInfoRequest::default().with_fields(|r| r.page_size = Some(2));
        let first = client.describe_device_info(request.clone()).await.unwrap();
        assert_eq!(first.total_count, Some(3));
        assert_eq!(
            first.device_info_list.as_ref().map(Vec::len),
            Some(2),
            "`{{DeviceInfoList: {{DeviceInfo: [..]}}}}`"
        );
        let ids: Vec<String> = client
            .describe_device_info_stream(request)
            .map(|item| item.unwrap().device_id.unwrap_or_default())
            .collect()
            .await;
        assert_eq!(ids, ["wd.1", "wd.2", "wd.3"], "{version:?}");
    }
    // A page far past the last is empty, with the total still right (no overflow).
    let far = openmeta_demo::DescribeDeviceInfoRequest::default().with_fields(|r| {
        r.page_size = Some(i64::MAX);
        r.current_page = Some(i64::MAX);
    });
    let page = client(&sandbox, AliyunSignatureVersion::V3)
        .describe_device_info(far)
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(3));
    assert_eq!(page.device_info_list.map(|l| l.len()), Some(0));
}

#[tokio::test]
async fn next_tokens_and_maps_walk_every_record() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, AliyunSignatureVersion::V3);
    let request = openmeta_demo::ListVerifyRecordsRequest {
        max_results: Some(2),
        ..Default::default()
    };
    let records: Vec<_> = client
        .list_verify_records_stream(request)
        .map(|item| item.unwrap())
        .collect()
        .await;
    let ids: Vec<_> = records
        .iter()
        .map(|r| r.certify_id.clone().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["c1", "c2", "c3"]);
    assert_eq!(
        records[0].labels.as_ref().unwrap()["a"],
        "x",
        "additionalProperties is a map"
    );
}

fn create() -> openmeta_demo::CreateInstanceRequest {
    openmeta_demo::CreateInstanceRequest {
        tag: Some(vec![openmeta_demo::CreateInstanceRequestTag {
            key: "env".to_owned(),
            value: Some("prod".to_owned()),
        }]),
        security_group_ids: Some(vec!["sg-1".to_owned(), "sg-2".to_owned()]),
        zone_ids: Some(vec!["cn-a".to_owned(), "cn-b".to_owned()]),
        system_disk: Some(openmeta_demo::CreateInstanceRequestSystemDisk {
            category: openmeta_demo::CreateInstanceRequestSystemDiskCategory::CloudSsd,
            size: Some(40),
        }),
        options: Some(openmeta_demo::CreateInstanceRequestOptions { dry_run: Some(true) }),
        amount: 2,
        instance_name: None,
    }
}

#[tokio::test]
async fn styles_and_locations_go_on_the_wire_as_the_sdk_writes_them() {
    let encoded = encode_request(&create()).unwrap();
    let mut query = encoded.query.clone();
    query.sort();
    let pairs = |items: &[(&str, &str)]| {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        query,
        pairs(&[
            ("Action", "CreateInstance"),
            ("SecurityGroupIds.1", "sg-1"),
            ("SecurityGroupIds.2", "sg-2"),
            ("Tag.1.Key", "env"),
            ("Tag.1.Value", "prod"),
            ("Version", "2019-03-07"),
            ("ZoneIds", "cn-a,cn-b"),
        ])
    );
    let mut form = encoded.form.clone();
    form.sort();
    assert_eq!(
        form,
        pairs(&[
            ("Amount", "2"),
            ("Options", r#"{"DryRun":true}"#),
            ("SystemDisk.Category", "cloud_ssd"),
            ("SystemDisk.Size", "40"),
        ])
    );
    // The sandbox reads the same wire back into the typed request it checks.
    let sandbox = sandbox().await;
    let created = client(&sandbox, AliyunSignatureVersion::Rpc)
        .create_instance(create())
        .await
        .unwrap();
    assert!(created.request_id.is_some());
}

#[test]
fn enum_value_titles_are_labels() {
    use openmeta_demo::CreateInstanceRequestSystemDiskCategory as Category;
    assert_eq!(Category::CloudSsd.label(), Some("SSD 云盘"));
    assert_eq!(Category::CloudEfficiency.label(), Some("高效云盘"));
}

#[tokio::test]
async fn error_codes_grouped_by_status_and_templates_are_variants() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, AliyunSignatureVersion::V3);
    let error = client
        .create_instance(create())
        .header(FAULT_HEADER, "error=QuotaExceeded")
        .await
        .unwrap_err();
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.error, openmeta_demo::CreateInstanceError::QuotaExceeded);
    assert_eq!(
        api.error.entry().unwrap().http_statuses,
        [400, 409],
        "one row, listed under two statuses"
    );
    let error = client
        .create_instance(create())
        .header(FAULT_HEADER, "error=ACS.InvalidParameter.Amount")
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.api(),
            Some(openmeta_demo::CreateInstanceError::AcsInvalidParameter { .. })
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_success_body_with_code_200_and_success_true_is_a_success() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, AliyunSignatureVersion::V3);
    let request = openmeta_demo::DescribeFaceVerifyRequest {
        certify_id: "c1".to_owned(),
    };
    let result = client.describe_face_verify(request).await.unwrap();
    assert_eq!(result.code.as_deref(), Some("200"));
    assert_eq!(result.success, Some(true));
    let outcome = result.result_object.unwrap();
    assert_eq!(
        outcome.passed.as_deref(),
        Some("T"),
        "a `$ref` into components is a named type"
    );
}
