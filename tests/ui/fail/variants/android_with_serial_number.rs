//! Feishu create: an Android device is identified by `android_id` only.

use apigen_clients::feishu::AndroidIdentifiers;
use apigen_clients::runtime::WithFields;

fn main() {
    let _ = AndroidIdentifiers::new("02a11ac4a83b918e".to_owned()).with_fields(|r| r.serial_number = Some("C02DTHRMML7H".to_owned()));
}
