use apigen_clients::feishu;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub device_record_id: String,
}

#[apigen_macros::endpoint(service = feishu, path = "/x")]
pub struct GetX {}

fn main() {
    let _ = &feishu::SERVICE;
}
