//! A local, stateful stand-in for the vendors, driven by the specs.
//!
//! Every endpoint of the catalogue is served on one port: REST endpoints at
//! their paths, RPC endpoints at `/` by action. Each request is
//! authenticated as the vendor does it (Feishu bearer tokens, Alibaba Cloud
//! V3 and RPC signatures, Sangfor `x-ca-*` signatures), rate-limited as
//! documented, checked against the spec, and answered in the vendor's
//! envelope with its request-tracing id. Which error answers which failed
//! check comes from the specs' `when:` lists, so a new endpoint needs no
//! Rust; the seed endpoints also keep vendor state (`vendors/`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let catalog = apigen::load_catalog(std::path::Path::new("api-specs"))?;
//! let sandbox = apigen_sandbox::Sandbox::start(apigen_sandbox::Options::new(catalog)).await?;
//! println!("{}", sandbox.base_url()); // http://127.0.0.1:<port>
//! sandbox.shutdown().await?;
//! # Ok(()) }
//! ```

mod auth;
mod dispatch;
mod faults;
pub mod fixtures;
mod incoming;
mod limits;
mod paging;
mod reply;
mod request_check;
mod routes;
mod serve;
mod styles;
mod vendors;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::FAULT_HEADER;
pub use fixtures::Fixtures;
pub use limits::Limits;

use apigen::model::{AuthKind, Catalog, Service, TypeDef};
use faults::FaultSlot;
use incoming::Incoming;
use limits::{NonceStore, RateLimiter};
use routes::{EndpointRef, Routes};
use vendors::feishu::FeishuState;

/// How long nonces are remembered: the longest timestamp window (Alibaba Cloud's 15 minutes).
const NONCE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// What to serve and where.
#[derive(Debug)]
pub struct Options {
    /// The specs to serve.
    pub catalog: Catalog,
    /// Credentials and starting state.
    pub fixtures: Fixtures,
    /// Address to listen on (port 0 picks a free port).
    pub listen: SocketAddr,
    /// Allow a non-loopback address.
    pub public: bool,
    /// Timeouts and sizes no caller can exceed.
    pub limits: Limits,
}

impl Options {
    /// The catalogue with the default fixture, on a free loopback port.
    pub fn new(catalog: Catalog) -> Options {
        Options {
            catalog,
            fixtures: Fixtures::default_fixtures(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            public: false,
            limits: Limits::default(),
        }
    }
}

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The address is reachable from other machines and `--public` was not given.
    #[error("refusing to listen on {0}: it is not a loopback address; pass --public to serve other machines")]
    NotLoopback(SocketAddr),
    /// Binding failed.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
}

/// A running sandbox.
pub struct Sandbox {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Binds and starts serving in the background of the current tokio runtime.
    pub async fn start(options: Options) -> Result<Sandbox, StartError> {
        if !options.public && !options.listen.ip().is_loopback() {
            return Err(StartError::NotLoopback(options.listen));
        }
        let listener = TcpListener::bind(options.listen)
            .await
            .map_err(|source| StartError::Bind {
                addr: options.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: options.listen,
            source,
        })?;
        let limits = options.limits;
        let shared = Arc::new(Shared::new(options.catalog, options.fixtures, limits));
        let app = axum::Router::new()
            .fallback(dispatch::handle)
            .with_state(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve::serve(listener, app, limits, stopped));
        Ok(Sandbox {
            addr,
            stop: Some(stop),
            task,
            shared,
        })
    }

    /// How many Feishu token exchanges the sandbox has answered with a
    /// token so far: what a test counts to see a client's token cache at
    /// work (the exchange never passes the client's middleware).
    pub fn token_exchanges(&self) -> usize {
        self.shared.state.feishu.lock().map_or(0, |state| state.exchanges)
    }

    /// The Feishu device records the sandbox holds now, fixture records
    /// first: what a test counts to see that no create was lost or made twice.
    pub fn feishu_device_records(&self) -> Vec<serde_json::Map<String, serde_json::Value>> {
        self.shared
            .state
            .feishu
            .lock()
            .map_or_else(|_| Vec::new(), |state| state.records().to_vec())
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets calls in flight finish, and waits.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match (&mut self.task).await {
            Ok(result) => result,
            Err(e) => Err(std::io::Error::other(e)),
        }
    }
}

/// What every request handler reads.
pub(crate) struct Shared {
    catalog: Catalog,
    /// Per service: type name → where it is declared.
    type_index: Vec<HashMap<String, TypeAt>>,
    routes: Routes,
    fixtures: Fixtures,
    limits: Limits,
    state: VendorState,
}

/// Everything that changes while serving.
pub(crate) struct VendorState {
    feishu: Mutex<FeishuState>,
    nonces: Mutex<NonceStore>,
    limiter: Mutex<RateLimiter>,
    faults: Mutex<Vec<FaultSlot>>,
}

/// Where a type is declared: among the service's shared types, or an endpoint's own.
#[derive(Clone, Copy)]
struct TypeAt {
    endpoint: Option<usize>,
    index: usize,
}

/// A service's named types, looked up by name.
#[derive(Clone, Copy)]
pub(crate) struct TypeLookup<'a> {
    service: &'a Service,
    index: &'a HashMap<String, TypeAt>,
}

impl<'a> TypeLookup<'a> {
    /// The type called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&'a TypeDef> {
        let at = self.index.get(name)?;
        let defs = match at.endpoint {
            Some(endpoint) => &self.service.endpoints.get(endpoint)?.types,
            None => &self.service.types,
        };
        defs.get(at.index)
    }
}

/// Every type of `service` by name.
fn type_index(service: &Service) -> HashMap<String, TypeAt> {
    let shared = service
        .types
        .iter()
        .enumerate()
        .map(|(index, t)| (t.name.clone(), TypeAt { endpoint: None, index }));
    let own = service.endpoints.iter().enumerate().flat_map(|(endpoint, e)| {
        e.types.iter().enumerate().map(move |(index, t)| {
            let at = TypeAt {
                endpoint: Some(endpoint),
                index,
            };
            (t.name.clone(), at)
        })
    });
    shared.chain(own).collect()
}

impl Shared {
    fn new(catalog: Catalog, fixtures: Fixtures, limits: Limits) -> Shared {
        let type_index = catalog.services.iter().map(type_index).collect();
        let faults = fixtures
            .faults
            .iter()
            .map(|rule| FaultSlot {
                endpoint: rule.endpoint.clone(),
                fault: rule.fault.clone(),
                remaining: rule.times,
            })
            .collect();
        Shared {
            routes: Routes::new(&catalog),
            type_index,
            state: VendorState {
                feishu: Mutex::new(FeishuState::new(&fixtures.feishu)),
                nonces: Mutex::new(NonceStore::new(NONCE_WINDOW, limits.max_nonces)),
                limiter: Mutex::new(RateLimiter::default()),
                faults: Mutex::new(faults),
            },
            catalog,
            fixtures,
            limits,
        }
    }

    fn types(&self, service: usize) -> TypeLookup<'_> {
        TypeLookup {
            service: &self.catalog.services[service],
            index: &self.type_index[service],
        }
    }

    /// The first service authenticated by bearer tokens (it owns the token exchange).
    fn bearer_service(&self) -> Option<&Service> {
        self.catalog
            .services
            .iter()
            .find(|s| s.auth.iter().any(|a| matches!(a.kind, AuthKind::Bearer(_))))
    }

    /// The endpoint a request is for, with its path parameters.
    fn route(&self, incoming: &Incoming) -> Option<(EndpointRef, Vec<(String, String)>)> {
        if let Some(found) = self.routes.rest(&incoming.method, &incoming.path) {
            return Some((found.target, found.path_params));
        }
        if !self.routes.has_rpc() {
            return None;
        }
        let action = incoming.header("x-acs-action").or_else(|| incoming.param("Action"))?;
        let version = incoming.header("x-acs-version").or_else(|| incoming.param("Version"));
        let target = self.routes.rpc(action, version)?;
        let endpoint = &self.catalog.services[target.service].endpoints[target.endpoint];
        let method_ok = std::iter::once(&endpoint.method)
            .chain(&endpoint.also_accepts)
            .any(|m| m.as_str() == incoming.method);
        (method_ok && endpoint.path.trim_end_matches('/') == incoming.path.trim_end_matches('/'))
            .then_some((target, Vec::new()))
    }
}
