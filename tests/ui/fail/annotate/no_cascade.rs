use apigen_clients::feishu;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub device_record_id: String,
}

#[apigen_macros::endpoint(service = feishu, method = GET, path = "/x", auth = no_such_scheme, response = Record)]
pub struct GetX {
    #[query]
    pub limit: Option<i64>,
}

// The struct and its error enum still exist: only the annotation is reported.
fn build() -> GetX {
    GetX { limit: Some(1) }
}

fn classify(error: &GetXError) -> &'static str {
    match *error {}
}

fn main() {
    let _ = (build(), classify as fn(&GetXError) -> &'static str, &feishu::SERVICE);
}
