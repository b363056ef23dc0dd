//! Starting on port 0, refusing public addresses, stopping cleanly.

use std::net::SocketAddr;

use apigen_sandbox::{Options, Sandbox, StartError};

use crate::support;

#[tokio::test]
async fn it_starts_on_a_free_loopback_port_and_stops() {
    let env = support::start().await;
    assert!(env.base.starts_with("http://127.0.0.1:"));
    let before = env.http.get(format!("{}/nowhere", env.base)).send().await.unwrap();
    assert_eq!(before.status(), 404);
    let (http, base) = (env.http.clone(), env.base.clone());
    env.sandbox.shutdown().await.unwrap();
    assert!(
        http.get(format!("{base}/nowhere")).send().await.is_err(),
        "still serving after shutdown"
    );
}

#[tokio::test]
async fn a_public_address_needs_consent() {
    let catalog = apigen::load_catalog(&support::specs()).unwrap();
    let mut options = Options::new(catalog);
    options.listen = SocketAddr::from(([0, 0, 0, 0], 0));
    // Refused before anything is bound.
    let error = Sandbox::start(options).await.unwrap_err();
    assert!(matches!(error, StartError::NotLoopback(_)));
    assert!(error.to_string().contains("--public"), "{error}");
}
