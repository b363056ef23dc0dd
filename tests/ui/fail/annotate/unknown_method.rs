use apigen_clients::feishu;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub device_record_id: String,
}

#[apigen_macros::endpoint(service = feishu, method = FETCH, path = "/x", auth = tenant_access_token, response = Record)]
pub struct GetX {}

fn main() {
    let _ = &feishu::SERVICE;
}
