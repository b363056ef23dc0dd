//! Sangfor: a MAC address is a checked `MacAddress`, not any string.

use apigen_clients::sangfor::DeviceSelector;

fn main() {
    let _ = DeviceSelector::Mac("not a mac".to_owned());
}
