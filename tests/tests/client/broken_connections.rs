//! A server on a raw socket that breaks the connection where a flaky
//! network or gateway would: reset before any reply, reset halfway through
//! the body, a storm of 429s, a redirect. The client's answer to each is a
//! typed error after the retries its policy allows, and no more.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use apigen_clients::runtime::client::{Error, RetryPolicy, TransportError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

mod paged {
    apigen_macros::include_specs!("specs/feishu_paged");
}

#[derive(Clone, Copy)]
enum Break {
    ResetBeforeReply,
    ResetDuringBody,
    Storm,
    Redirect,
}

/// Reads one request's headers.
async fn read_head(stream: &mut TcpStream) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&byte[..n]),
        }
    }
}

/// A server breaking every request the same way; counts the requests.
async fn server(how: Break) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                read_head(&mut stream).await;
                counter.fetch_add(1, Ordering::SeqCst);
                let storm = r#"{"code":99991400,"msg":"storm"}"#;
                let reply = match how {
                    Break::ResetBeforeReply => String::new(),
                    Break::ResetDuringBody => {
                        "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"code\":0,\"da".to_owned()
                    }
                    Break::Storm => format!(
                        "HTTP/1.1 429 Too Many Requests\r\nconnection: close\r\nretry-after: 0\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{storm}",
                        storm.len()
                    ),
                    Break::Redirect => {
                        "HTTP/1.1 307 Temporary Redirect\r\nconnection: close\r\nlocation: http://127.0.0.1:9/stolen\r\ncontent-length: 0\r\n\r\n".to_owned()
                    }
                };
                let _ = stream.write_all(reply.as_bytes()).await;
                if matches!(how, Break::ResetBeforeReply | Break::ResetDuringBody) {
                    // An RST, not a clean close. Deprecated because a non-zero
                    // linger blocks on drop; a zero one resets at once.
                    #[allow(deprecated)]
                    let _ = stream.set_linger(Some(Duration::ZERO));
                    drop(stream);
                } else {
                    let _ = stream.flush().await;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            });
        }
    });
    (base, seen)
}

fn client(base: &str) -> paged::Client {
    paged::Client::builder()
        .base_url(base)
        .allow_http()
        .tenant_access_token("t-fixed")
        .rate_limit(false)
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(20),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_reset_before_any_reply_is_retried_for_a_read_then_reported() {
    let (base, seen) = server(Break::ResetBeforeReply).await;
    let error = client(&base).list_records(Default::default()).await.unwrap_err();
    assert!(
        matches!(error, Error::Transport(TransportError::Io { .. })),
        "{error:?}"
    );
    assert_eq!(seen.load(Ordering::SeqCst), 3, "a read is safe to repeat");
}

#[tokio::test]
async fn a_reset_halfway_through_the_body_is_a_transport_error() {
    let (base, seen) = server(Break::ResetDuringBody).await;
    let error = client(&base).list_records(Default::default()).await.unwrap_err();
    assert!(
        matches!(error, Error::Transport(TransportError::Io { .. })),
        "{error:?}"
    );
    assert_eq!(seen.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_storm_of_429s_ends_after_the_policys_attempts() {
    let (base, seen) = server(Break::Storm).await;
    let error = client(&base).list_records(Default::default()).await.unwrap_err();
    assert_eq!(error.status(), Some(429), "{error:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_redirected_call_is_not_followed_or_repeated() {
    let (base, seen) = server(Break::Redirect).await;
    let error = client(&base).list_records(Default::default()).await.unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.status, 307);
    assert!(decode.problem.contains("not followed"), "{}", decode.problem);
    assert_eq!(seen.load(Ordering::SeqCst), 1);
}
