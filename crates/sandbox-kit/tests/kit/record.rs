//! The request record as a layer: what the client sent, before any rewriting inside, and what
//! it got.

use axum::body::Body;
use axum::http::{HeaderValue, Request};
use sandbox_kit::{Record, RequestRecord};
use tower::ServiceExt;

use crate::Console;

#[tokio::test]
async fn the_record_keeps_method_path_as_sent_query_headers_and_status() {
    let (console, record) = (Console::default(), Record::new());
    let lowered = console.router().map_request(|mut req: Request<Body>| {
        *req.uri_mut() = req.uri().to_string().to_ascii_lowercase().parse().unwrap();
        req
    });
    let router = axum::Router::new()
        .fallback_service(lowered)
        .layer(record.clone());
    let req = Request::get("/PING?Page=2")
        .header("Authorization", "Bearer t0k")
        .header("Content-Type", "text/plain")
        .header("X-Scope", "left")
        .header("X-Scope", "right")
        .body(Body::empty())
        .unwrap();
    assert_eq!(router.clone().oneshot(req).await.unwrap().status(), 200);
    let missing = Request::delete("/nothing").body(Body::empty()).unwrap();
    assert_eq!(router.oneshot(missing).await.unwrap().status(), 404);

    let requests = record.requests();
    assert_eq!(requests.len(), 2);
    let first = &requests[0];
    assert_eq!(
        (
            first.method.as_str(),
            first.path.as_str(),
            first.query.as_deref()
        ),
        ("GET", "/PING", Some("Page=2"))
    );
    assert_eq!(first.status, 200);
    assert_eq!(first.authorization.as_deref(), Some("Bearer t0k"));
    assert_eq!(first.content_type.as_deref(), Some("text/plain"));
    assert_eq!(first.header("x-scope"), Some("left"), "the first value");
    let scopes: Vec<&str> = first
        .headers
        .iter()
        .filter(|(k, _)| k == "x-scope")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(scopes, ["left", "right"]);
    assert_eq!(
        (requests[1].method.as_str(), requests[1].status),
        ("DELETE", 404)
    );
    assert_eq!(requests[1].authorization, None);
}

#[tokio::test]
async fn a_header_that_is_not_visible_ascii_is_kept_but_not_read_as_text() {
    let record = Record::new();
    let router = Console::default().router().layer(record.clone());
    let mut req = Request::get("/ping").body(Body::empty()).unwrap();
    let value = HeaderValue::from_bytes("部门".as_bytes()).unwrap();
    req.headers_mut().insert("x-team", value);
    router.oneshot(req).await.unwrap();
    let entry: RequestRecord = record.requests().remove(0);
    assert_eq!(entry.header("x-team"), None);
    assert_eq!(entry.header("x-absent"), None);
    assert!(entry.headers.iter().any(|(k, _)| k == "x-team"));
}
