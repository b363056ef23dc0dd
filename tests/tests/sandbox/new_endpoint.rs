//! A new endpoint in the specs is served with no Rust written: routed,
//! authenticated, checked and answered from its example or a fixture.

use apigen_sandbox::{Fixtures, Options, Sandbox};
use serde_json::json;

use crate::support;

/// Feishu's "get a device record" page, which the seeds do not include.
const GET_RECORD: &str = r#"
id: get_device_record
summary: 获取设备信息
provenance: { source_url: "https://open.feishu.cn/document/security_and_compliance-v1/security_and_compliance-v2/device_record/get" }
method: GET
path: /open-apis/security_and_compliance/v2/device_records/{device_record_id}
auth: tenant_access_token
rate_limit: { per_second: 50 }
request:
  path:
    device_record_id: { type: string, required: true, description: 设备认证编码 }
  query:
    page_size: { type: integer, description: 分页大小 }
response:
  name: DeviceRecordDetail
  fields:
    device_record_id: { type: string, required: true }
    device_status: { type: DeviceStatus, required: true }
errors:
  - { code: 1780101, name: RequestParamError, http_status: 400, message: Request param error., when: [wrong_type] }
examples:
  - name: success
    response: |
      {"code": 0, "msg": "success", "data": {"device_record_id": "7089353870308032531", "device_status": 1}}
"#;

async fn start(fixtures: Fixtures) -> (tempfile::TempDir, Sandbox) {
    let dir = apigen_tests::specs_with_endpoints("feishu", &[("get_device_record.yaml", GET_RECORD)]).unwrap();
    let catalog = apigen::load_catalog(dir.path()).expect("specs with the new endpoint load");
    let mut options = Options::new(catalog);
    options.fixtures = fixtures;
    (dir, Sandbox::start(options).await.unwrap())
}

#[tokio::test]
async fn a_spec_only_endpoint_is_served_from_its_example() {
    let (_dir, sandbox) = start(Fixtures::default_fixtures()).await;
    let http = reqwest::Client::new();
    let url = format!(
        "{}/open-apis/security_and_compliance/v2/device_records/42",
        sandbox.base_url()
    );
    let unauthenticated = support::read(http.get(&url).send().await.unwrap()).await;
    assert_eq!(unauthenticated.json()["code"], 99991661);

    let ok = support::read(http.get(&url).bearer_auth("t-sandbox-tenant").send().await.unwrap()).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(
        ok.json()["data"],
        json!({"device_record_id": "7089353870308032531", "device_status": 1})
    );
    assert!(ok.header("x-tt-logid").is_some());

    let bad = support::read(
        http.get(format!("{url}?page_size=many"))
            .bearer_auth("t-sandbox-tenant")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (bad.status, bad.json()["code"].as_i64()),
        (400, Some(1780101)),
        "{}",
        bad.text
    );
    // The literal `mine` route still wins over the new `{device_record_id}` one.
    let mine = support::read(
        http.get(format!("{}{}", sandbox.base_url(), support::MINE))
            .bearer_auth("u-sandbox-user")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(mine.json()["data"]["device_ownership"], 2);
}

#[tokio::test]
async fn a_fixture_payload_replaces_the_example() {
    let mut fixtures = Fixtures::default_fixtures();
    fixtures.responses.insert(
        "feishu.get_device_record".to_owned(),
        json!({"device_record_id": "1", "device_status": 2}),
    );
    let (_dir, sandbox) = start(fixtures).await;
    let url = format!(
        "{}/open-apis/security_and_compliance/v2/device_records/1",
        sandbox.base_url()
    );
    let reply = support::read(
        reqwest::Client::new()
            .get(url)
            .bearer_auth("t-sandbox-tenant")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        reply.json()["data"],
        json!({"device_record_id": "1", "device_status": 2})
    );
}
