//! Feishu create: `device_status` is required.

use apigen_clients::feishu::{AndroidIdentifiers, CreateDeviceRecordRequest, DeviceIdentity, DeviceOwnership};

fn main() {
    let _ = CreateDeviceRecordRequest::new(
        DeviceOwnership::Personal,
        DeviceIdentity::Android(AndroidIdentifiers::new("02a11ac4a83b918e".to_owned())),
    );
}
