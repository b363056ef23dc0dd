//! Error enums can be matched on every documented row, common error and
//! unknown code; being `#[non_exhaustive]`, a match also has a `_` arm,
//! where codes the vendor adds later land until the caller handles them.

use apigen_clients::feishu::{CommonError, GetVerificationError};
use apigen_clients::sangfor::QueryDeviceError;

fn advice(error: &GetVerificationError) -> &'static str {
    match error {
        GetVerificationError::TenantNotFound => "check the tenant token",
        GetVerificationError::NoPermission => "ask an admin",
        GetVerificationError::Common(CommonError::RequestFrequencyLimit) => "slow down",
        GetVerificationError::Common(_) => "refresh the token",
        GetVerificationError::Unknown(_) => "report it",
        _ => "newly documented",
    }
}

fn limit(error: &QueryDeviceError) -> Option<i64> {
    match error {
        QueryDeviceError::ExternalIdTooLong { max_length } => *max_length,
        _ => None,
    }
}

fn main() {
    let _ = advice(&GetVerificationError::NoPermission);
    let _ = limit(&QueryDeviceError::DeviceNotFound);
}
