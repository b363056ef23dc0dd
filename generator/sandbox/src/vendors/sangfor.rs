//! Sangfor aTrust devices, found by external id or MAC address.

use apigen_runtime::values::{DashUpper, MacAddress};
use serde_json::{Map, Value};

use crate::auth::Caller;
use crate::reply::Refusal;
use crate::Shared;
use apigen::model::Condition;

/// `GET /api/v1/device/query`: 77200001 when nothing matches, 37400404 when a
/// MAC address matches several devices.
pub fn query_device(shared: &Shared, _caller: &Caller, args: &Map<String, Value>) -> Result<Value, Refusal> {
    let devices = &shared.fixtures.sangfor.devices;
    let matches: Vec<&Map<String, Value>> = if let Some(id) = args.get("externalId").and_then(Value::as_str) {
        devices
            .iter()
            .filter(|d| d.get("externalId").and_then(Value::as_str) == Some(id))
            .collect()
    } else if let Some(mac) = args.get("mac").and_then(Value::as_str) {
        devices.iter().filter(|d| has_mac(d, mac)).collect()
    } else {
        Vec::new()
    };
    match matches.as_slice() {
        [] => Err(Refusal::new(Condition::NotFound)),
        [one] => Ok(Value::Object((*one).clone())),
        _ => Err(Refusal::new(Condition::Ambiguous)),
    }
}

/// Whether any of the device's MACs is `mac` (already in dash-upper form),
/// whatever style the fixture wrote it in.
fn has_mac(device: &Map<String, Value>, mac: &str) -> bool {
    device
        .get("macList")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(|m| MacAddress::<DashUpper>::parse(m).ok())
        .any(|m| m.to_string() == mac)
}
