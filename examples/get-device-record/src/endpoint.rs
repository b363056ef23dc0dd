//! The endpoint itself: Feishu's "get a device record", declared with an
//! annotation. `tests/tests/annotate.rs` compiles this very file next to its
//! YAML twin and checks they are the same endpoint.

use apigen_clients::feishu;
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
