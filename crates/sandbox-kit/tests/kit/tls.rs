//! https with a certificate from a generated CA: a client that trusts the CA gets its answer;
//! one that does not is refused in the handshake, before the router sees anything.

use std::time::{Duration, Instant};

use sandbox_kit::tls::Authority;
use sandbox_kit::{serve_tls, Record, Server};

use crate::{http_client, Console};

async fn https_console(ca: &Authority, record: &Record) -> Server {
    let leaf = ca.leaf();
    let router = Console::default().router().layer(record.clone());
    let addr = ([127, 0, 0, 1], 0).into();
    serve_tls(
        router,
        addr,
        leaf.chain_pem.as_bytes(),
        leaf.key_pem.as_bytes(),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_client_that_trusts_the_generated_ca_gets_its_answer_over_https() {
    let (ca, record) = (Authority::new("Kit Test CA"), Record::new());
    let server = https_console(&ca, &record).await;
    assert!(
        server.url().starts_with("https://127.0.0.1:"),
        "{}",
        server.url()
    );
    let trusted = reqwest::Certificate::from_pem(ca.pem().as_bytes()).unwrap();
    let client = http_client()
        .tls_built_in_root_certs(false)
        .add_root_certificate(trusted)
        .build()
        .unwrap();
    let answer = client
        .get(format!("{}/ping", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.unwrap(), "pong");
    assert_eq!(record.requests().len(), 1);
    assert_eq!(server.refused_handshakes(), 0);
}

#[tokio::test]
async fn a_client_that_does_not_trust_the_ca_is_refused_before_any_request() {
    let (ca, record) = (Authority::new("Kit Test CA"), Record::new());
    let server = https_console(&ca, &record).await;
    let other = Authority::new("Someone Else's CA");
    let client = http_client()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(other.pem().as_bytes()).unwrap())
        .build()
        .unwrap();
    let err = client
        .get(format!("{}/ping", server.url()))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert!(record.requests().is_empty(), "the router saw nothing");
    // The server counts the refusal once it reads the client's alert: a moment later.
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.refused_handshakes() == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(server.refused_handshakes(), 1);
}
