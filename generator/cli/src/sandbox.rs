//! `apigen sandbox`: the local stand-in for the vendors, until Ctrl-C.

use std::path::PathBuf;

/// Options of `apigen sandbox`.
#[derive(clap::Args)]
pub(crate) struct SandboxArgs {
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
    #[command(flatten)]
    spec_limits: crate::specs::SpecLimits,
    /// Seconds a client has to send a request's headers before the connection is closed.
    #[arg(long, default_value_t = apigen_sandbox::Limits::default().header_read_timeout.as_secs())]
    header_timeout_secs: u64,
    /// Seconds a client has to send a request's body (then HTTP 408 in the vendor's envelope).
    #[arg(long, default_value_t = apigen_sandbox::Limits::default().body_read_timeout.as_secs())]
    body_timeout_secs: u64,
    /// The largest request body read (then HTTP 413 in the vendor's envelope).
    #[arg(long, default_value_t = apigen_sandbox::Limits::default().max_body_bytes)]
    max_body_bytes: usize,
    /// The longest text value a request may carry (longer is the vendor's too-long error).
    #[arg(long, default_value_t = apigen_sandbox::Limits::default().max_text_bytes)]
    max_text_bytes: usize,
    /// Signature nonces remembered at once (when full, signed calls are throttled).
    #[arg(long, default_value_t = apigen_sandbox::Limits::default().max_nonces)]
    max_nonces: usize,
}

/// Runs the sandbox until Ctrl-C (or SIGTERM).
pub(crate) fn run(args: &SandboxArgs) -> Result<(), String> {
    use std::io::Write as _;

    let specs = match args.specs.as_slice() {
        [] => vec![crate::specs::find_specs()?],
        given => given.to_vec(),
    };
    let catalog = apigen::load_catalog_layers_with(&specs, &args.spec_limits.get()).map_err(|problems| {
        format!(
            "{problems}\n\n{} problem(s) in the specs; the sandbox did not start",
            problems.0.len()
        )
    })?;
    let fixtures = match &args.fixtures {
        Some(path) => apigen_sandbox::Fixtures::load(path)?,
        None => apigen_sandbox::Fixtures::default_fixtures(),
    };
    let options = apigen_sandbox::Options {
        catalog,
        fixtures,
        listen: args.listen,
        public: args.public,
        limits: apigen_sandbox::Limits {
            header_read_timeout: std::time::Duration::from_secs(args.header_timeout_secs),
            body_read_timeout: std::time::Duration::from_secs(args.body_timeout_secs),
            max_body_bytes: args.max_body_bytes,
            max_text_bytes: args.max_text_bytes,
            max_nonces: args.max_nonces,
        },
    };
    let runtime = tokio::runtime::Runtime::new().map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async {
        let sandbox = apigen_sandbox::Sandbox::start(options)
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

/// Ctrl-C, or SIGTERM where there is one.
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
