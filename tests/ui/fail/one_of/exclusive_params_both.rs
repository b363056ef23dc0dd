//! Sangfor: `externalId` and `mac` are mutually exclusive; a request holds exactly one.

use apigen_clients::sangfor::{DeviceSelector, ExternalId, QueryDeviceRequest};

fn main() {
    let _ = QueryDeviceRequest {
        by: DeviceSelector::ExternalId(ExternalId::new("0c4e9039").unwrap()),
        mac: "FE-FC-FE-21-F5-D1".parse().unwrap(),
    };
}
