//! Sangfor: an external id must go through `ExternalId::new`, which rejects control characters.

use apigen_clients::sangfor::DeviceSelector;

fn main() {
    let _ = DeviceSelector::ExternalId("line\nbreak".to_owned());
}
