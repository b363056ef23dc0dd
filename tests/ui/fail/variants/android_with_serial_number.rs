//! Feishu create: an Android device is identified by `android_id` only.

use apigen_clients::feishu::AndroidIdentifiers;

fn main() {
    let _ = AndroidIdentifiers::new("02a11ac4a83b918e".to_owned()).with_serial_number("C02DTHRMML7H".to_owned());
}
