//! A console on loopback is reached directly whatever the proxy choice, on both of the loop's
//! paths (a call, a file body): a proxy that would take the request stands on another
//! loopback port and counts every connection it is offered. (Requests that do go through a
//! proxy need a host name other than loopback, so they are tested inside a private network
//! namespace, in encoo-api's `proxy` tests.)

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use console_core::{Call, FileBody, HttpConfig, Proxy, Resend};
use reqwest::Method;

use crate::fixture::{http_with, Reply, Script};

/// A port that counts the connections offered to it and closes each at once.
async fn trap() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let offered = Arc::new(AtomicUsize::new(0));
    let count = offered.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    (url, offered)
}

#[tokio::test]
async fn a_loopback_console_is_reached_directly_whatever_the_proxy_choice() {
    let (trap_url, offered) = trap().await;
    let (script, server) = Script::start([Reply::json(200, r#"{"ok":true}"#)]).await;
    let port = server.addr.port();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("body.bin");
    std::fs::write(&path, [7u8; 1024]).unwrap();
    let body = FileBody::new(&path);
    let choices = [
        Proxy::System,
        Proxy::None,
        Proxy::parse(&trap_url).unwrap(),
        Proxy::Url {
            url: trap_url.clone(),
            username: Some("alice".into()),
            password: Some("pw".into()),
        },
    ];
    let mut sent = 0;
    for proxy in choices {
        let shown = proxy.to_string();
        let tune = |c: &mut HttpConfig| c.proxy = proxy;
        let http = http_with(tune);
        for base in [
            format!("http://127.0.0.1:{port}"),
            format!("http://localhost:{port}"),
        ] {
            let answer = http.send(&Call::get(&base, "/x"), None).await;
            assert_eq!(answer.unwrap().status, 200, "{shown} to {base}");
            let put = Call::new(Method::PUT, &base, "/f", Resend::Never).file(&body);
            let answer = http.send(&put, None).await;
            assert_eq!(answer.unwrap().status, 200, "{shown} to {base}");
            sent += 2;
        }
    }
    assert_eq!(script.hits(), sent);
    assert!(script
        .seen()
        .iter()
        .all(|s| !s.headers.contains_key("proxy-authorization")));
    assert_eq!(
        offered.load(Ordering::SeqCst),
        0,
        "the proxy was offered a request"
    );
}
