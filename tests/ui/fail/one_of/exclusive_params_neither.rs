//! Sangfor: one of `externalId` and `mac` must be given.

use apigen_clients::sangfor::QueryDeviceRequest;

fn main() {
    let _ = QueryDeviceRequest::new();
}
