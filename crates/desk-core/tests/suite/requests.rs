//! Cancelling requests the UI gave up on: the call ends at once with `cancelled` and its
//! connection is closed, so the console is not left working for nobody. The console here
//! signs in on a sandbox and sends business calls to a loopback listener that never answers.

use std::sync::Arc;
use std::time::Duration;

use desk_core::Requests;
use encoo_api::{Client, ClientConfig, ErrorKind};
use encoo_sandbox::testing::signed_in;
use encoo_sandbox::{Sandbox, SandboxConfig, SandboxServer, DEMO_PASSWORD, DEMO_USERNAME};
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};

struct Silent {
    _server: SandboxServer,
    listener: TcpListener,
    client: Client,
}

/// Signs in on a sandbox; the API address is a listener that accepts and never answers.
async fn silent_console() -> Silent {
    let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
    let server = sandbox.serve(([127, 0, 0, 1], 0).into()).await.unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let mut config = ClientConfig::single(server.url());
    config.api_url = format!("http://{}", listener.local_addr().unwrap());
    let client = Client::sign_in(config, DEMO_USERNAME, DEMO_PASSWORD)
        .await
        .unwrap();
    Silent {
        _server: server,
        listener,
        client,
    }
}

/// Accepts the request's connection and reads its head, so it has really been sent.
async fn accept_request(listener: &TcpListener) -> (TcpStream, String) {
    let (mut conn, _) = listener.accept().await.unwrap();
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = conn.read(&mut buf).await.unwrap();
        assert!(n > 0, "the client closed before sending its request");
        head.extend_from_slice(&buf[..n]);
    }
    (conn, String::from_utf8_lossy(&head).into_owned())
}

#[tokio::test]
async fn cancelling_a_request_ends_it_and_closes_its_connection() {
    let console = silent_console().await;
    let requests = Arc::new(Requests::default());
    let call = tokio::spawn({
        let (requests, client) = (requests.clone(), console.client.clone());
        async move {
            requests
                .run(Some("search-1".into()), async {
                    Ok(client.companies().list(None).await?)
                })
                .await
        }
    });
    let (mut conn, head) = accept_request(&console.listener).await;
    assert!(head.starts_with("GET /openapi/companies/"), "{head}");
    assert_eq!(requests.running(), 1);

    assert!(requests.cancel("search-1"));
    let answer = tokio::time::timeout(Duration::from_secs(5), call)
        .await
        .expect("the cancelled call ended")
        .unwrap();
    assert_eq!(answer.unwrap_err().body().kind, ErrorKind::Cancelled);
    assert_eq!(requests.running(), 0);
    let mut rest = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(5), conn.read(&mut rest))
        .await
        .expect("the connection was closed, not left open");
    assert_eq!(
        read.unwrap_or(0),
        0,
        "the connection carried more after the cancel"
    );
}

#[tokio::test]
async fn a_cancel_that_overtakes_its_request_still_cancels_it() {
    let console = silent_console().await;
    let requests = Requests::default();
    assert!(!requests.cancel("early"), "nothing was running yet");
    let answer = requests
        .run(Some("early".into()), async {
            Ok(console.client.companies().list(None).await?)
        })
        .await;
    assert_eq!(answer.unwrap_err().body().kind, ErrorKind::Cancelled);
    assert_eq!(requests.running(), 0);
    // The early cancel was used up: the same id may run again (and here, answer for real).
    let live = signed_in().await;
    let client = &live.client;
    let companies = requests
        .run(Some("early".into()), async {
            Ok(client.companies().list(None).await?)
        })
        .await
        .unwrap();
    assert!(!companies.is_empty());
}

#[tokio::test]
async fn finished_requests_are_forgotten_and_cannot_be_cancelled() {
    let requests = Requests::default();
    let value = requests
        .run(Some("done".into()), async { Ok(41 + 1) })
        .await
        .unwrap();
    assert_eq!(value, 42);
    assert_eq!(requests.running(), 0);
    assert!(!requests.cancel("done"));
    let anonymous = requests.run(None, async { Ok("no id") }).await.unwrap();
    assert_eq!(anonymous, "no id");
}
