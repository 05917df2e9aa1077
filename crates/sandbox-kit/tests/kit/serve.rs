//! Serving: port 0 picks a port, the handle's address and URL name it, and dropping the handle
//! stops the server; the fixtures do the same for async and plain tests.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use sandbox_kit::testing::{self, Background};

use crate::{http_client, Console};

/// Whether a connection to `addr` is refused within two seconds.
fn refused_soon(addr: SocketAddr) -> bool {
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_on_port_0_picks_a_port_and_stops_when_the_handle_drops() {
    let console = Console::default();
    let server = sandbox_kit::serve(console.router(), ([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    let addr = server.addr();
    assert_ne!(addr.port(), 0);
    assert_eq!(server.url(), format!("http://127.0.0.1:{}", addr.port()));
    let client = http_client().build().unwrap();
    let pong = client.get(format!("{}/ping", server.url())).send().await;
    assert_eq!(pong.unwrap().text().await.unwrap(), "pong");
    drop(server);
    assert!(
        tokio::task::spawn_blocking(move || refused_soon(addr))
            .await
            .unwrap(),
        "still accepting after the handle dropped"
    );
    assert_eq!(console.handled(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_start_fixture_serves_on_loopback() {
    let server = testing::start(Console::default().router()).await;
    assert!(
        server.url().starts_with("http://127.0.0.1:"),
        "{}",
        server.url()
    );
    let client = http_client().build().unwrap();
    let pong = client.get(format!("{}/ping", server.url())).send().await;
    assert_eq!(pong.unwrap().text().await.unwrap(), "pong");
}

#[test]
fn a_background_server_answers_a_plain_test_and_stops_when_dropped() {
    let console = Console::default();
    let background = Background::start(console.router());
    let addr = background.server().addr();
    assert_eq!(background.url(), format!("http://{addr}"));
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.write_all(b"GET /ping HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.ends_with("pong"), "{answer}");
    drop(background);
    assert!(refused_soon(addr), "still accepting after it dropped");
}
