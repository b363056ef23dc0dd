//! Alibaba Cloud Cloudauth DescribeDeviceInfo: one page, then every page.
//!
//! Against the sandbox (start it first: `cargo run --bin apigen -- sandbox --listen 127.0.0.1:8787`):
//!
//! ```sh
//! cargo run --example aliyun
//! ```
//!
//! Against Alibaba Cloud: set `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET`
//! and `APIGEN_BASE_URL=https://cloudauth.aliyuncs.com` (or a regional endpoint).

use std::env::var;

use apigen_clients::aliyun;
use apigen_clients::runtime::AliyunSignatureVersion;
use apigen_clients::runtime::WithFields;
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = var("APIGEN_BASE_URL").unwrap_or_else(|_| "http://127.0.0.1:8787".to_owned());
    let mut builder = aliyun::Client::builder().base_url(&base).access_key_from_env();
    if var("ALIBABA_CLOUD_ACCESS_KEY_ID").is_err() {
        builder = builder.access_key("sandbox-ak", "sandbox-secret");
    }
    if base.starts_with("http://") {
        builder = builder.allow_http();
    }
    let client = builder.build()?;

    // One page, V3-signed (the default).
    let biz_type = aliyun::BizType::new("FACE_TEST")?;
    let request = aliyun::DescribeDeviceInfoRequest::default().with_fields(|r| {
        r.biz_type = Some(biz_type);
        r.page_size = Some(2);
    });
    let page = client.describe_device_info(request.clone()).await?;
    println!(
        "page {:?} of {:?} devices (request {})",
        page.current_page, page.total_count, page.request_id
    );

    // Every page, fetched as the stream is read.
    let all: Vec<aliyun::DeviceInfo> = client.describe_device_info_stream(request).try_collect().await?;
    for device in &all {
        println!("  {:?} expires {:?}", device.device_id, device.expired_day);
    }

    // The older RPC signature, on request.
    let mut rpc = aliyun::Client::builder()
        .base_url(&base)
        .access_key_from_env()
        .signature_version(AliyunSignatureVersion::Rpc);
    if var("ALIBABA_CLOUD_ACCESS_KEY_ID").is_err() {
        rpc = rpc.access_key("sandbox-ak", "sandbox-secret");
    }
    if base.starts_with("http://") {
        rpc = rpc.allow_http();
    }
    let total = rpc.build()?.describe_device_info(Default::default()).await?.total_count;
    println!("RPC-signed: {total:?} devices in all");
    Ok(())
}
