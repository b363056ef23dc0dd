//! Error enums keep codes the table does not know; a match must handle them.

use apigen_clients::feishu::GetVerificationError;

fn describe(error: GetVerificationError) -> &'static str {
    match error {
        GetVerificationError::TenantNotFound => "tenant",
        GetVerificationError::NoPermission => "permission",
        GetVerificationError::Common(_) => "common",
    }
}

fn main() {
    let _ = describe(GetVerificationError::NoPermission);
}
