//! A file body goes through the same loop as every call: streamed with progress and an exact
//! Content-Length, sent once whatever its class, and judged by how far its bytes got.

use std::sync::{Arc, Mutex};

use console_core::{Call, CancellationToken, ErrorKind, FileBody, Progress, Resend};
use reqwest::Method;

use crate::fixture::{http, Reply, Script};

fn file(bytes: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("body.bin");
    let content: Vec<u8> = (0..bytes).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, content).unwrap();
    (dir, path)
}

#[tokio::test]
async fn a_file_body_streams_with_progress_and_its_exact_length() {
    let (_dir, path) = file(3 << 20);
    let (script, server) = Script::start([Reply::json(200, r#"{"stored":true}"#)]).await;
    let seen = Arc::new(Mutex::new(Vec::<Progress>::new()));
    let sink = seen.clone();
    let body = FileBody::new(&path).progress(Some(Arc::new(move |p| sink.lock().unwrap().push(p))));
    let call = Call::new(Method::PUT, &server.url(), "/files/body.bin", Resend::Never).file(&body);
    let answer = http().send(&call, Some("t")).await.unwrap();
    assert_eq!(&answer.body[..], br#"{"stored":true}"#);
    let got = &script.seen()[0];
    assert_eq!(got.body_len, 3 << 20);
    assert_eq!(
        got.headers["content-length"],
        (3u64 << 20).to_string().as_str()
    );
    assert_eq!(got.headers["authorization"], "Bearer t");
    let seen = seen.lock().unwrap();
    assert!(seen.len() > 3, "{} progress events", seen.len());
    assert!(seen.windows(2).all(|w| w[0].sent < w[1].sent));
    assert_eq!(
        *seen.last().unwrap(),
        Progress {
            sent: 3 << 20,
            total: 3 << 20
        }
    );
}

#[tokio::test]
async fn a_file_body_is_sent_once_even_when_its_call_may_be_repeated() {
    let (_dir, path) = file(1024);
    let (script, server) = Script::start([Reply::nginx(503), Reply::json(200, "{}")]).await;
    let body = FileBody::new(&path);
    let call = Call::to_url(
        Method::PUT,
        &format!("{}/blob?sig=x", server.url()),
        Resend::Idempotent,
    )
    .file(&body);
    let err = http().send(&call, None).await.unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::Server, Some(503)));
    assert_eq!(script.hits(), 1);
}

#[tokio::test]
async fn a_never_file_body_answered_by_a_gateway_after_every_byte_is_an_unknown_outcome() {
    let (_dir, path) = file(64 << 10);
    let (script, server) = Script::start([Reply::nginx(502)]).await;
    let body = FileBody::new(&path);
    let call = Call::new(
        Method::PUT,
        &server.url(),
        "/openapi/packages",
        Resend::Never,
    )
    .advice("Check the versions before uploading again.")
    .file(&body);
    let err = http().send(&call, None).await.unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::UnknownOutcome, Some(502))
    );
    assert!(err.to_string().contains("PUT /openapi/packages"), "{err}");
    assert!(err
        .to_string()
        .ends_with("Check the versions before uploading again."));
    assert_eq!(script.hits(), 1);
}

#[tokio::test]
async fn a_cancelled_file_body_is_cancelled_and_a_missing_file_is_an_io_error() {
    let (dir, path) = file(1024);
    let (script, server) = Script::start([Reply::json(200, "{}")]).await;
    let cancel = CancellationToken::new();
    cancel.cancel();
    let body = FileBody::new(&path).cancel(cancel);
    let call = Call::new(Method::PUT, &server.url(), "/f", Resend::Never).file(&body);
    assert_eq!(
        http().send(&call, None).await.unwrap_err().kind(),
        ErrorKind::Cancelled
    );

    let gone = FileBody::new(dir.path().join("gone.bin"));
    let call = Call::new(Method::PUT, &server.url(), "/f", Resend::Never).file(&gone);
    let err = http().send(&call, None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(err.to_string().contains("gone.bin"), "{err}");
    assert!(script.hits() <= 1);
}
