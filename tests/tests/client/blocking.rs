//! The `blocking` feature: one call per vendor from plain, non-async code.

use apigen_clients::runtime::client::Error;
use apigen_clients::runtime::WithFields;
use apigen_clients::{aliyun, feishu, sangfor};

#[test]
fn one_blocking_call_per_vendor() {
    // The sandbox runs on its own runtime; the calls below are plain code.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sandbox = runtime.block_on(crate::support::default_sandbox());
    let base = sandbox.base_url();

    let feishu = feishu::Client::builder()
        .base_url(&base)
        .allow_http()
        .app_credentials("cli_sandbox", "sandbox-secret")
        .build()
        .unwrap();
    let verification = feishu.get_verification(Default::default()).send_blocking().unwrap();
    assert!(verification.verification.has_verification);

    let sangfor = sangfor::Client::builder()
        .base_url(&base)
        .allow_http()
        .api_credentials("sandbox-app", "sandbox-app-secret")
        .build()
        .unwrap();
    let request = sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::Mac("FE-FC-FE-21-F5-D1".parse().unwrap()));
    assert_eq!(
        sangfor.query_device(request).send_blocking().unwrap().device_brand,
        "SANGFOR"
    );

    let aliyun = aliyun::Client::builder()
        .base_url(&base)
        .allow_http()
        .access_key("sandbox-ak", "sandbox-secret")
        .build()
        .unwrap();
    let page = aliyun
        .describe_device_info(Default::default())
        .send_with_reply_blocking()
        .unwrap();
    assert_eq!(page.payload.total_count, Some(5));
    let every: Vec<aliyun::DeviceInfo> = aliyun
        .generic()
        .iter_blocking(aliyun::DescribeDeviceInfoRequest::default().with_fields(|r| r.page_size = Some(2)))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(every.len(), 5, "three pages, walked without async");

    // Inside an async runtime it refuses instead of blocking the executor.
    let refused = runtime.block_on(async { feishu.get_verification(Default::default()).send_blocking() });
    assert!(matches!(refused, Err(Error::Transport(_))), "{refused:?}");
    runtime.block_on(sandbox.shutdown()).unwrap();
}
