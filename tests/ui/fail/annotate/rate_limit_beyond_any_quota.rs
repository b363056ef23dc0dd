use apigen_clients::feishu;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub device_record_id: String,
}

#[apigen_macros::endpoint(service = feishu, method = GET, path = "/x", auth = tenant_access_token, rate_limit = 5000000000, response = Record)]
pub struct GetX {}

fn main() {
    let _ = &feishu::SERVICE;
}
