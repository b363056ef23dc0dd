//! An annotated endpoint builds, and is an `Endpoint` with its own error table.

use apigen_clients::feishu;
use apigen_clients::runtime::{Endpoint, ErrorTable};

/// 获取设备信息
#[apigen_macros::endpoint(
    service = feishu,
    method = GET,
    path = "/open-apis/security_and_compliance/v2/device_records/{device_record_id}",
    auth = tenant_access_token,
    response = feishu::MyDeviceRecord,
    errors(400 => 1780101 "Request param error."),
)]
pub struct GetDeviceRecord {
    #[path]
    pub device_record_id: String,
    /// 用户 ID 类型
    #[query]
    pub user_id_type: Option<String>,
}

fn main() {
    let request = GetDeviceRecord { device_record_id: "1".into(), user_id_type: None };
    assert_eq!(GetDeviceRecord::DESCRIPTOR.id, "get_device_record");
    assert_eq!(GetDeviceRecordError::documented().len(), 1);
    let _: Option<<GetDeviceRecord as Endpoint>::Response> = None;
    let _ = request;
}
