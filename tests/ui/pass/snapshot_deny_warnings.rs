//! The committed snapshot of every service compiles on its own under
//! `deny(warnings)`: what `generate` writes has no lint a user would see.
#![deny(warnings)]

use apigen_clients::runtime;

#[path = "../../../generated/snapshot/aliyun.rs"]
pub mod aliyun;
#[path = "../../../generated/snapshot/feishu.rs"]
pub mod feishu;
#[path = "../../../generated/snapshot/sangfor.rs"]
pub mod sangfor;

fn main() {}
