//! Error enums are `#[non_exhaustive]`: a match needs a `_` arm, which is
//! where a code the vendor adds later (or one the table does not know) goes,
//! so regenerating after a doc update never breaks the match.

use apigen_clients::feishu::GetVerificationError;

fn describe(error: GetVerificationError) -> &'static str {
    match error {
        GetVerificationError::TenantNotFound => "tenant",
        GetVerificationError::NoPermission => "permission",
        GetVerificationError::Common(_) => "common",
        GetVerificationError::Unknown(_) => "unknown",
    }
}

fn main() {
    let _ = describe(GetVerificationError::NoPermission);
}
