//! Sangfor: `externalId` and `mac` are mutually exclusive; a request holds exactly one.

use apigen_clients::sangfor::{DeviceSelector, ExternalId, QueryDeviceRequest};

fn main() {
    let mut request = QueryDeviceRequest::new(DeviceSelector::ExternalId(ExternalId::new("0c4e9039").unwrap()));
    request.mac = "FE-FC-FE-21-F5-D1".parse().unwrap();
}
