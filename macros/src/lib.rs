//! Procedural macros over the apigen generator library.
//!
//! A thin shell: each macro parses its input, calls the same `apigen`
//! functions as the CLI and the client crate's `build.rs`, and returns their
//! tokens. No generation logic lives here.
//!
//! `include_specs!("api-specs/feishu")` generates a service's items in place,
//! from a spec folder given relative to the calling crate's `Cargo.toml`. The
//! calling crate depends on `apigen-runtime` (the generated code names
//! `::apigen_runtime`) and `serde`. `#[endpoint]` also names the service's
//! generated module, `::apigen_clients::<service>` unless `module = ...` says
//! otherwise, so its crate depends on `apigen-clients` with that service's
//! feature only.

use std::path::PathBuf;

use proc_macro::TokenStream;
use syn::{parse_macro_input, LitStr};

/// Generates the items of one service folder (`service.yaml` + `endpoints/*.yaml`) in place.
///
/// Spec problems become a compile error that quotes each file, line and column.
/// The expansion includes every spec file with `include_bytes!`, so editing a
/// spec recompiles the calling crate.
#[proc_macro]
pub fn include_specs(input: TokenStream) -> TokenStream {
    let literal = parse_macro_input!(input as LitStr);
    apigen::annotate::include_specs(&literal, &manifest_dir()).into()
}

/// Declares a new endpoint in Rust: the annotated struct is its request,
/// and the attribute says what a spec file would.
///
/// ```ignore
/// /// 获取设备信息
/// #[apigen_macros::endpoint(
///     service = feishu, method = GET, auth = tenant_access_token, rate_limit = 50,
///     path = "/open-apis/security_and_compliance/v2/device_records/{device_record_id}",
///     response = DeviceRecord,
///     errors(400 => 1780101 "Request param error." hint "检查参数是否正确", retryable 500 => 1780001 "Internal server error."),
/// )]
/// pub struct GetDeviceRecord {
///     #[path] pub device_record_id: String,
///     #[query] pub user_id_type: Option<String>,
/// }
/// ```
///
/// The attribute becomes the same document an endpoint YAML file holds and
/// goes through the same validator, with the service's `service.yaml`
/// (found as `api-specs/<service>/` above the crate, or under `specs = "dir"`);
/// the output is what the YAML path generates: the request struct, the
/// `<Name>Error` enum, and `impl Endpoint`, so `client.generic().call(request)`
/// signs, paces, retries and maps errors exactly as for a YAML endpoint.
/// Fields say where they go with `#[path]`, `#[query]` or `#[body]`
/// (`#[query(name = "wireName")]` for another wire name).
#[proc_macro_attribute]
pub fn endpoint(attr: TokenStream, item: TokenStream) -> TokenStream {
    apigen::annotate::expand(attr.into(), item.into(), &manifest_dir()).into()
}

/// The calling crate's directory (cargo sets it for every compilation).
fn manifest_dir() -> PathBuf {
    PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default())
}
