//! TLS is verified: a private deployment's certificate is refused until
//! its CA is added with `.add_root_certificate(...)`.

use std::sync::Arc;

use apigen_clients::runtime::client::{Error, TransportError};
use apigen_clients::sangfor;
use tokio::net::TcpListener;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

/// A TLS listener for axum: TCP accept, then the handshake.
struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<tokio::net::TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, addr)) = self.tcp.accept().await else {
                continue;
            };
            // A client that refuses our certificate aborts the handshake: wait for the next one.
            if let Ok(tls) = self.acceptor.accept(stream).await {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// An "on-premises aTrust" over TLS with a certificate from a private CA;
/// returns its base URL and the CA certificate (PEM).
async fn private_deployment() -> (String, String) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let server_key = rcgen::KeyPair::generate().unwrap();
    let server_params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let server_cert = server_params.signed_by(&server_key, &issuer).unwrap();

    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![server_cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into()),
        )
        .unwrap();
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = tcp.local_addr().unwrap().port();
    let listener = TlsListener {
        tcp,
        acceptor: TlsAcceptor::from(Arc::new(config)),
    };
    let app = axum::Router::new().route(
        "/api/v1/device/query",
        axum::routing::get(|| async { r#"{"code":77200001,"msg":"终端不存在","traceId":"0123456789abcdef"}"# }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("https://localhost:{port}"), ca.pem())
}

fn query() -> sangfor::QueryDeviceRequest {
    sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::Mac("FE-FC-FE-21-F5-D1".parse().unwrap()))
}

#[tokio::test]
async fn a_private_ca_is_trusted_only_when_added() {
    let (base, ca_pem) = private_deployment().await;
    let untrusting = sangfor::Client::builder()
        .base_url(&base)
        .api_credentials("app", "secret")
        .build()
        .unwrap();
    let error = untrusting.query_device(query()).await.unwrap_err();
    assert!(
        matches!(error, Error::Transport(TransportError::Io { .. })),
        "{error:?}"
    );

    let trusting = sangfor::Client::builder()
        .base_url(&base)
        .add_root_certificate(reqwest::Certificate::from_pem(ca_pem.as_bytes()).unwrap())
        .api_credentials("app", "secret")
        .build()
        .unwrap();
    let error = trusting.query_device(query()).await.unwrap_err();
    assert_eq!(
        error.api(),
        Some(&sangfor::QueryDeviceError::DeviceNotFound),
        "reached the server over TLS"
    );
}
