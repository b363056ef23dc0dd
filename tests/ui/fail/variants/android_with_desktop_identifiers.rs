//! Feishu create: desktop identifiers do not fit an Android device.

use apigen_clients::feishu::{DesktopIdentifiers, DeviceIdentity};

fn main() {
    let _ = DeviceIdentity::Android(DesktopIdentifiers::default());
}
