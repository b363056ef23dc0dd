//! A sandbox per test, and a middleware that records (and can tamper with)
//! what the client sends.

use std::sync::{Arc, Mutex};

use apigen_sandbox::{Fixtures, Options, Sandbox};
use reqwest_middleware::{Middleware, Next};

/// A sandbox on a free loopback port with the given fixture.
pub async fn sandbox(fixtures: Fixtures) -> Sandbox {
    let specs = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../api-specs");
    let catalog = apigen::load_catalog(&specs).expect("specs load");
    let mut options = Options::new(catalog);
    options.fixtures = fixtures;
    Sandbox::start(options).await.expect("sandbox starts")
}

/// A sandbox serving one test-only service folder of `tests/specs/`.
pub async fn fixture_sandbox(folder: &str, fixtures: Fixtures) -> Sandbox {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("specs")
        .join(folder);
    let service = apigen::load_service(&dir).expect("the fixture spec loads");
    let mut options = Options::new(apigen::Catalog {
        services: vec![service],
    });
    options.fixtures = fixtures;
    Sandbox::start(options).await.expect("sandbox starts")
}

/// The default fixture's sandbox.
pub async fn default_sandbox() -> Sandbox {
    sandbox(Fixtures::default_fixtures()).await
}

/// One request as sent.
#[derive(Debug, Clone)]
pub struct Sent {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
}

/// What a [`Recorder`] does to requests besides recording them.
#[derive(Debug, Clone, Default)]
pub enum Tamper {
    #[default]
    Nothing,
    /// Replace the bearer token of the first call to this path.
    FirstToken { path: &'static str, token: &'static str },
    /// Append `&k=v` to the query of every call.
    AppendQuery(&'static str),
}

/// Records every request the client sends.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    pub sent: Arc<Mutex<Vec<Sent>>>,
    tamper: Arc<Mutex<Tamper>>,
}

impl Recorder {
    pub fn tampering(tamper: Tamper) -> Recorder {
        Recorder {
            sent: Arc::default(),
            tamper: Arc::new(Mutex::new(tamper)),
        }
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.sent.lock().unwrap().clone()
    }

    pub fn count(&self, path: &str) -> usize {
        self.sent().iter().filter(|s| s.path == path).count()
    }
}

#[async_trait::async_trait]
impl Middleware for Recorder {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let tamper = self.tamper.lock().unwrap().clone();
        match tamper {
            Tamper::FirstToken { path, token } if request.url().path() == path => {
                request
                    .headers_mut()
                    .insert("authorization", format!("Bearer {token}").parse().unwrap());
                *self.tamper.lock().unwrap() = Tamper::Nothing;
            }
            Tamper::AppendQuery(extra) => {
                let query = format!("{}&{extra}", request.url().query().unwrap_or_default());
                request.url_mut().set_query(Some(&query));
            }
            _ => {}
        }
        self.sent.lock().unwrap().push(Sent {
            method: request.method().to_string(),
            path: request.url().path().to_owned(),
            query: request.url().query().unwrap_or_default().to_owned(),
            headers: request
                .headers()
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_owned()))
                .collect(),
        });
        next.run(request, extensions).await
    }
}
