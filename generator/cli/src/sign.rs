//! `apigen sign`: one request signed as the clients sign it, every step shown.

use std::path::{Path, PathBuf};

/// Options of `apigen sign`.
#[derive(clap::Args)]
pub(crate) struct SignArgs {
    /// aliyun-rpc, aliyun-v3 or sangfor.
    #[arg(long)]
    scheme: crate::signing::Scheme,
    /// HTTP method.
    #[arg(long, default_value = "GET")]
    method: String,
    /// Request path, decoded.
    #[arg(long, default_value = "/")]
    path: String,
    /// AccessKey id (Alibaba Cloud) or API id (Sangfor).
    #[arg(long)]
    key_id: String,
    /// A query (or RPC) parameter `K=V`; repeatable; overrides a default of the same name.
    #[arg(long = "param", value_parser = key_value)]
    params: Vec<(String, String)>,
    /// A header `K=V` to send (and, for aliyun-v3, to sign); repeatable.
    #[arg(long = "header", value_parser = key_value)]
    headers: Vec<(String, String)>,
    /// The JSON body.
    #[arg(long)]
    body: Option<String>,
    /// Unix seconds (sangfor) or YYYY-MM-DDThh:mm:ssZ (aliyun); default: now.
    #[arg(long)]
    timestamp: Option<String>,
    /// The nonce; default: a random UUID.
    #[arg(long)]
    nonce: Option<String>,
    /// Print a curl command for this base URL (e.g. the sandbox's) instead of the steps.
    #[arg(long)]
    curl: Option<String>,
    /// The spec directory whose Sangfor `query_values` choice to follow (default: `api-specs/` above).
    #[arg(long)]
    specs: Option<PathBuf>,
}

fn key_value(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("`{text}` is not K=V"))
}

/// Signs one request with the secret from `APIGEN_SIGN_SECRET`.
pub(crate) fn run(args: &SignArgs) -> Result<(), String> {
    use crate::signing::{Scheme, SignRequest};
    use apigen_runtime::sign::sangfor::QueryEncoding;

    let secret = std::env::var("APIGEN_SIGN_SECRET").map_err(|_| {
        "set APIGEN_SIGN_SECRET to the secret; it is never taken from the command line, where `ps` would show it"
            .to_owned()
    })?;
    let now = time::OffsetDateTime::now_utc();
    let timestamp = match (&args.timestamp, args.scheme) {
        (Some(t), _) => t.clone(),
        (None, Scheme::Sangfor) => now.unix_timestamp().to_string(),
        (None, _) => now
            .replace_nanosecond(0)
            .ok()
            .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
            .ok_or("cannot format the current time")?,
    };
    let request = SignRequest {
        scheme: args.scheme,
        method: args.method.to_uppercase(),
        path: args.path.clone(),
        key_id: args.key_id.clone(),
        params: args.params.clone(),
        headers: args.headers.clone(),
        body: args.body.clone(),
        timestamp,
        nonce: args.nonce.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
        sangfor_query: match sangfor_query_values(args.specs.as_deref()) {
            apigen::model::SangforQueryValues::Decoded => QueryEncoding::Decoded,
            apigen::model::SangforQueryValues::PercentEncoded => QueryEncoding::PercentEncoded,
        },
    };
    let signed = crate::signing::sign(&request, &secret);
    match &args.curl {
        Some(base) => println!("{}", signed.curl(base)),
        None => print!("{signed}"),
    }
    Ok(())
}

/// The Sangfor query-value choice recorded in the specs (decoded when none is found).
fn sangfor_query_values(specs: Option<&Path>) -> apigen::model::SangforQueryValues {
    let specs = specs.map(Path::to_path_buf).or_else(|| crate::specs::find_specs().ok());
    let catalog = specs.and_then(|dir| apigen::load_catalog(&dir).ok());
    catalog
        .iter()
        .flat_map(|c| &c.services)
        .flat_map(|s| &s.auth)
        .find_map(|a| match a.kind {
            apigen::model::AuthKind::SangforSignature(values) => Some(values),
            _ => None,
        })
        .unwrap_or(apigen::model::SangforQueryValues::Decoded)
}
