//! A new endpoint in five minutes: Feishu's "get a device record" is not in
//! `api-specs/`, so it is declared here with an annotation and called with the
//! generated Feishu client, signed, paced, retried and error-mapped like every
//! spec'd endpoint.
//!
//! ```sh
//! cargo run --bin apigen -- sandbox --listen 127.0.0.1:8787 \
//!     --specs api-specs --specs examples/get-device-record/specs
//! cargo run -p apigen-example-get-device-record
//! ```

use apigen_clients::feishu;
use apigen_clients::runtime::client::Error;
use serde::{Deserialize, Serialize};

/// The payload, reusing the spec's enums.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceRecord {
    /// 设备认证编码
    pub device_record_id: String,
    /// 设备归属
    pub device_ownership: feishu::DeviceOwnership,
    /// 可信状态
    pub device_status: feishu::DeviceStatus,
}

/// 获取设备信息
///
/// 根据设备认证编码获取设备信息
#[apigen_macros::endpoint(
    service = feishu,
    method = GET,
    path = "/open-apis/security_and_compliance/v2/device_records/{device_record_id}",
    auth = tenant_access_token,
    scopes = ["security_and_compliance:device_record:read"],
    rate_limit = 50,
    source_url = "https://open.feishu.cn/document/security_and_compliance-v1/security_and_compliance-v2/device_record/get",
    response = DeviceRecord,
    errors(
        retryable 500 => 1780001 "Internal server error." as InternalServerError,
        400 => 1780101 "Request param error." hint "检查参数是否正确" as RequestParamError,
    ),
)]
pub struct GetDeviceRecord {
    /// 设备认证编码
    #[path]
    pub device_record_id: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::var("APIGEN_BASE_URL").unwrap_or_else(|_| "http://127.0.0.1:8787".to_owned());
    let mut builder = feishu::Client::builder().base_url(&base).app_credentials(
        std::env::var("FEISHU_APP_ID").unwrap_or_else(|_| "cli_sandbox".to_owned()),
        std::env::var("FEISHU_APP_SECRET").unwrap_or_else(|_| "sandbox-secret".to_owned()),
    );
    if base.starts_with("http://") {
        builder = builder.allow_http();
    }
    let feishu = builder.build()?;

    let request = GetDeviceRecord {
        device_record_id: "7089353870308032531".to_owned(),
    };
    let reply = feishu.generic().call(request).send_with_reply().await?;
    println!(
        "device {}: {:?}, {:?} (log id {:?})",
        reply.payload.device_record_id, reply.payload.device_ownership, reply.payload.device_status, reply.request_id
    );

    // The annotation's error table works like a generated one.
    let missing_token = feishu::Client::builder().base_url(&base).allow_http().build()?;
    match missing_token
        .generic()
        .call(GetDeviceRecord {
            device_record_id: "1".into(),
        })
        .await
    {
        Err(Error::Auth(auth)) => println!("without credentials: {auth}"),
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}
