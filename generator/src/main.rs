//! The `apigen` command line: generate, check and list the clients of `api-specs/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use apigen::{Catalog, Service, Settings};

/// Turns YAML transcriptions of vendor API pages into typed Rust clients.
#[derive(Parser)]
#[command(name = "apigen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate every service into the snapshot folder and summarise the endpoints.
    Generate(Paths),
    /// Fail when the snapshot folder is stale against the specs.
    Check(Paths),
    /// List every endpoint with its fields, errors and limits.
    Inventory {
        #[command(flatten)]
        paths: Paths,
        /// Print JSON (the only format for now).
        #[arg(long)]
        json: bool,
    },
    /// Serve every spec'd endpoint on one local port, as the vendors would (Ctrl-C stops it).
    #[cfg(feature = "sandbox")]
    Sandbox(SandboxArgs),
    /// Sign one request as the clients do and print every step (the secret is read from APIGEN_SIGN_SECRET).
    #[cfg(feature = "sandbox")]
    Sign(SignArgs),
}

/// Options of `apigen sign`.
#[cfg(feature = "sandbox")]
#[derive(clap::Args)]
struct SignArgs {
    /// aliyun-rpc, aliyun-v3 or sangfor.
    #[arg(long)]
    scheme: apigen::signing::Scheme,
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

#[cfg(feature = "sandbox")]
fn key_value(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("`{text}` is not K=V"))
}

/// Options of `apigen sandbox`.
#[cfg(feature = "sandbox")]
#[derive(clap::Args)]
struct SandboxArgs {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: std::net::SocketAddr,
    /// A fixture file replacing the default credentials and state (see the README).
    #[arg(long)]
    fixtures: Option<PathBuf>,
    /// A spec directory to serve (default: `api-specs/` of the nearest enclosing workspace);
    /// repeat it to add services, or endpoints to a service (a folder with only `endpoints/`).
    #[arg(long)]
    specs: Vec<PathBuf>,
    /// Allow listening on a non-loopback address.
    #[arg(long)]
    public: bool,
}

#[derive(clap::Args)]
struct Paths {
    /// The spec directory (default: `api-specs/` of the nearest enclosing workspace).
    #[arg(long)]
    specs: Option<PathBuf>,
    /// Where generated code is written for review (default: `generated/snapshot/` next to the specs).
    #[arg(long)]
    out: Option<PathBuf>,
}

impl Paths {
    fn resolve(&self) -> Result<(PathBuf, PathBuf), String> {
        let specs = match &self.specs {
            Some(specs) => specs.clone(),
            None => find_specs()?,
        };
        let out = match &self.out {
            Some(out) => out.clone(),
            None => specs
                .parent()
                .unwrap_or(Path::new("."))
                .join("generated")
                .join("snapshot"),
        };
        Ok((specs, out))
    }
}

/// `api-specs/` in the current directory or the nearest ancestor that has
/// one, as a relative path so messages stay short (`api-specs/feishu/...`).
fn find_specs() -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let up = cwd
        .ancestors()
        .position(|dir| dir.join("api-specs").is_dir())
        .ok_or_else(|| {
            format!(
                "no `api-specs/` directory in {} or above; pass --specs DIR",
                cwd.display()
            )
        })?;
    let mut path: PathBuf = std::iter::repeat_n("..", up).collect();
    path.push("api-specs");
    Ok(path)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate(paths) => generate(paths),
        Command::Check(paths) => check(paths),
        Command::Inventory { paths, json } => inventory(paths, *json),
        #[cfg(feature = "sandbox")]
        Command::Sandbox(args) => sandbox(args),
        #[cfg(feature = "sandbox")]
        Command::Sign(args) => sign(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the sandbox until Ctrl-C (or SIGTERM).
#[cfg(feature = "sandbox")]
fn sandbox(args: &SandboxArgs) -> Result<(), String> {
    use std::io::Write as _;

    let specs = match args.specs.as_slice() {
        [] => vec![find_specs()?],
        given => given.to_vec(),
    };
    let catalog = apigen::load_catalog_layers(&specs).map_err(|problems| {
        format!(
            "{problems}\n\n{} problem(s) in the specs; the sandbox did not start",
            problems.0.len()
        )
    })?;
    let fixtures = match &args.fixtures {
        Some(path) => apigen::sandbox::Fixtures::load(path)?,
        None => apigen::sandbox::Fixtures::default_fixtures(),
    };
    let options = apigen::sandbox::Options {
        catalog,
        fixtures,
        listen: args.listen,
        public: args.public,
    };
    let runtime = tokio::runtime::Runtime::new().map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async {
        let sandbox = apigen::sandbox::Sandbox::start(options)
            .await
            .map_err(|e| e.to_string())?;
        println!("sandbox listening on {}", sandbox.base_url());
        std::io::stdout().flush().map_err(|e| e.to_string())?;
        stop_signal().await;
        sandbox
            .shutdown()
            .await
            .map_err(|e| format!("the sandbox stopped with an error: {e}"))
    })
}

/// Signs one request with the secret from `APIGEN_SIGN_SECRET`.
#[cfg(feature = "sandbox")]
fn sign(args: &SignArgs) -> Result<(), String> {
    use apigen::signing::{Scheme, SignRequest};
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
    let signed = apigen::signing::sign(&request, &secret);
    match &args.curl {
        Some(base) => println!("{}", signed.curl(base)),
        None => print!("{signed}"),
    }
    Ok(())
}

/// The Sangfor query-value choice recorded in the specs (decoded when none is found).
#[cfg(feature = "sandbox")]
fn sangfor_query_values(specs: Option<&Path>) -> apigen::model::SangforQueryValues {
    let specs = specs.map(Path::to_path_buf).or_else(|| find_specs().ok());
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

/// Ctrl-C, or SIGTERM where there is one.
#[cfg(feature = "sandbox")]
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn load(specs: &Path) -> Result<Catalog, String> {
    apigen::load_catalog(specs).map_err(|problems| {
        let count = problems.0.len();
        format!(
            "{problems}\n\n{count} problem(s) in {}; nothing was generated",
            specs.display()
        )
    })
}

/// Renders every service (each one is formatted on all cores).
fn render_all(catalog: &Catalog) -> Result<BTreeMap<String, String>, String> {
    let settings = Settings::default();
    catalog.services.iter().map(|s| render_one(s, &settings)).collect()
}

fn render_one(service: &Service, settings: &Settings) -> Result<(String, String), String> {
    apigen::render_service_file(service, settings)
        .map(|code| (service.id.clone(), code))
        .map_err(|e| {
            format!(
                "internal error: generated code for `{}` does not parse: {e}",
                service.id
            )
        })
}

fn generate(paths: &Paths) -> Result<(), String> {
    let started = Instant::now();
    let (specs, out) = paths.resolve()?;
    let catalog = load(&specs)?;
    let files = render_all(&catalog)?;
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut bytes = 0;
    for (id, code) in &files {
        let path = out.join(format!("{id}.rs"));
        fs::write(&path, code).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        bytes += code.len();
    }
    for stale in stale_files(&out, &files) {
        fs::remove_file(&stale).map_err(|e| format!("cannot remove {}: {e}", stale.display()))?;
        println!("removed {}", stale.display());
    }
    print_summary(&catalog);
    let endpoints: usize = catalog.services.iter().map(|s| s.endpoints.len()).sum();
    println!(
        "{} services, {endpoints} endpoints: wrote {bytes} bytes to {} in {} ms",
        catalog.services.len(),
        out.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// `.rs` files in `out` that no service produces any more.
fn stale_files(out: &Path, files: &BTreeMap<String, String>) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(out) else {
        return Vec::new();
    };
    let mut stale: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter(|p| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .is_none_or(|stem| !files.contains_key(stem))
        })
        .collect();
    stale.sort();
    stale
}

fn print_summary(catalog: &Catalog) {
    for service in &catalog.services {
        for e in &service.endpoints {
            let call = match &e.action {
                Some(action) => format!("{} {} Action={action}", e.method, e.path),
                None => format!("{} {}", e.method, e.path),
            };
            let limit = e.rate_limit.map_or_else(|| "no limit".to_owned(), |n| format!("{n}/s"));
            println!(
                "{:<8} {:<22} {:<70} auth={:<20} {:<9} errors={}+{} examples={}",
                service.id,
                e.id,
                call,
                e.auth,
                limit,
                e.errors.len(),
                service.common_errors.len(),
                e.examples.len()
            );
        }
    }
}

fn check(paths: &Paths) -> Result<(), String> {
    let (specs, out) = paths.resolve()?;
    let catalog = load(&specs)?;
    let files = render_all(&catalog)?;
    let mut problems = Vec::new();
    for (id, code) in &files {
        let path = out.join(format!("{id}.rs"));
        match fs::read_to_string(&path) {
            Ok(existing) if &existing == code => {}
            Ok(_) => problems.push(format!("{} is stale", path.display())),
            Err(_) => problems.push(format!("{} is missing", path.display())),
        }
    }
    problems.extend(
        stale_files(&out, &files)
            .iter()
            .map(|p| format!("{} has no spec any more", p.display())),
    );
    if problems.is_empty() {
        println!("{} is up to date with {}", out.display(), specs.display());
        Ok(())
    } else {
        Err(format!(
            "{}\nthe generated code differs from the specs; run `cargo run --bin apigen -- generate` and commit the result",
            problems.join("\n")
        ))
    }
}

fn inventory(paths: &Paths, json: bool) -> Result<(), String> {
    if !json {
        return Err("inventory prints JSON: pass --json".to_owned());
    }
    let (specs, _) = paths.resolve()?;
    let catalog = load(&specs)?;
    let inventory = apigen::inventory::inventory(&catalog);
    let text = serde_json::to_string_pretty(&inventory).map_err(|e| format!("cannot encode the inventory: {e}"))?;
    println!("{text}");
    Ok(())
}
