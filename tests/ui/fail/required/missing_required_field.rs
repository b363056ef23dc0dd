//! Feishu create: `device_status` is required.

use apigen_clients::feishu::{AndroidIdentifiers, CreateDeviceRecordRequest, DeviceIdentity, DeviceOwnership};

fn main() {
    let _ = CreateDeviceRecordRequest {
        device: DeviceIdentity::Android(AndroidIdentifiers { android_id: "02a11ac4a83b918e".to_owned() }),
        device_ownership: DeviceOwnership::Personal,
    };
}
