//! Feishu device records and tenant verification.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::auth::feishu::IssuedToken;
use crate::auth::Caller;
use crate::fixtures::FeishuFixtures;
use crate::reply::Refusal;
use crate::Shared;
use apigen::model::Condition;

/// Identifier fields: a device matching any of them (same field, same
/// value) is the same device ("系统中符合该设备特征的设备已存在").
const IDENTIFIERS: &[&str] = &[
    "serial_number",
    "disk_serial_number",
    "uuid",
    "mac_address",
    "android_id",
    "idfv",
    "aaid",
];

/// Tokens issued and device records created.
#[derive(Debug, Default)]
pub struct FeishuState {
    /// Exchanged tenant tokens.
    pub tokens: Vec<IssuedToken>,
    /// Successful token exchanges so far (a token may be handed out again).
    pub exchanges: usize,
    /// Device records.
    records: Vec<Map<String, Value>>,
    /// `field=value` of every identifier → record index.
    identities: HashMap<String, usize>,
    /// Id of the next record.
    next_id: u64,
}

impl FeishuState {
    /// State holding the fixture's records.
    pub fn new(fixtures: &FeishuFixtures) -> FeishuState {
        let mut state = FeishuState {
            // Ids look like Feishu's: 19 decimal digits, increasing.
            next_id: 7_000_000_000_000_000_000 + (super::unix_millis() << 12),
            ..FeishuState::default()
        };
        for record in &fixtures.device_records {
            let keys = identity_keys(record);
            state.insert(record.clone(), keys);
        }
        state
    }

    /// The device records, in the order they were made.
    pub fn records(&self) -> &[Map<String, Value>] {
        &self.records
    }

    fn insert(&mut self, record: Map<String, Value>, keys: Vec<String>) {
        let at = self.records.len();
        for key in keys {
            self.identities.insert(key, at);
        }
        self.records.push(record);
    }
}

fn identity_keys(record: &Map<String, Value>) -> Vec<String> {
    IDENTIFIERS
        .iter()
        .filter_map(|field| {
            let value = record.get(*field)?.as_str()?;
            (!value.is_empty()).then(|| format!("{field}={}", value.to_lowercase()))
        })
        .collect()
}

/// `POST device_records`: a new record, unless the device exists (1785010).
pub fn create_device_record(shared: &Shared, _caller: &Caller, args: &Map<String, Value>) -> Result<Value, Refusal> {
    let keys = identity_keys(args);
    if keys.is_empty() {
        // A desktop record must name the device somehow.
        return Err(Refusal::about(Condition::VariantMismatch, "device"));
    }
    let mut state = shared
        .state
        .feishu
        .lock()
        .map_err(|_| Refusal::new(Condition::InternalFault))?;
    if keys.iter().any(|k| state.identities.contains_key(k)) {
        return Err(Refusal::new(Condition::Duplicate));
    }
    let id = state.next_id.to_string();
    state.next_id = state
        .next_id
        .checked_add(1)
        .ok_or_else(|| Refusal::new(Condition::InternalFault))?;
    let mut record = args.clone();
    record.insert("device_record_id".to_owned(), Value::String(id.clone()));
    state.insert(record, keys);
    Ok(json!({ "device_record_id": id }))
}

/// `GET device_records/mine`: the record bound to the user token (1785011 when none).
pub fn my_device_record(shared: &Shared, caller: &Caller, _args: &Map<String, Value>) -> Result<Value, Refusal> {
    let bound = caller
        .user
        .and_then(|u| shared.fixtures.feishu.users.get(u))
        .and_then(|u| u.device_record_id.clone())
        .ok_or_else(|| Refusal::new(Condition::NotFound))?;
    let state = shared
        .state
        .feishu
        .lock()
        .map_err(|_| Refusal::new(Condition::InternalFault))?;
    let record = state
        .records
        .iter()
        .find(|r| r.get("device_record_id").and_then(Value::as_str) == Some(&bound))
        .ok_or_else(|| Refusal::new(Condition::NotFound))?;
    Ok(json!({
        "device_record_id": bound,
        "device_ownership": record.get("device_ownership").cloned().unwrap_or(json!(0)),
        "device_status": record.get("device_status").cloned().unwrap_or(json!(0)),
    }))
}

/// `GET verification`: the calling app's tenant, from the fixture.
pub fn verification(shared: &Shared, caller: &Caller, _args: &Map<String, Value>) -> Result<Value, Refusal> {
    let tenant = caller
        .tenant
        .as_deref()
        .and_then(|key| shared.fixtures.feishu.tenants.iter().find(|t| t.key == key))
        .ok_or_else(|| Refusal::new(Condition::NotFound))?;
    Ok(json!({
        "verification": { "name": tenant.name, "has_verification": tenant.has_verification }
    }))
}
