//! The retry rule, steered by each call's `Resend` and never by its HTTP method: reads and
//! idempotent changes ride out passing failures (including a gateway's 500 page), a change
//! marked `Never` is sent once and a lost answer is an unknown outcome with the caller's
//! advice; the console's own JSON 500 is its answer.

use console_core::{Call, ErrorKind, Resend};
use reqwest::Method;

use crate::fixture::{cutting_server, http, http_with, Reply, Script};

const RUN_ADVICE: &str = "Check the runs list to see whether it started.";

fn post(url: &str, resend: Resend) -> Call<'static> {
    Call::new(Method::POST, url, "/api/f/graphql", resend)
        .json(&serde_json::json!({"query": "{ x }"}))
        .unwrap()
}

#[tokio::test]
async fn a_post_marked_read_is_retried_after_a_503() {
    let (script, server) =
        Script::start([Reply::nginx(503), Reply::json(200, r#"{"data":{"x":1}}"#)]).await;
    let answer = http()
        .send(&post(&server.url(), Resend::Read), None)
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(&answer.body[..], br#"{"data":{"x":1}}"#);
    let methods: Vec<String> = script.seen().iter().map(|s| s.method.clone()).collect();
    assert_eq!(methods, ["POST", "POST"]);
}

#[tokio::test]
async fn a_post_marked_never_is_sent_once_and_a_503_is_an_unknown_outcome_with_the_callers_advice()
{
    let (script, server) =
        Script::start([Reply::nginx(503), Reply::json(200, r#"{"ok":true}"#)]).await;
    let call = Call::new(
        Method::POST,
        &server.url(),
        "/api/f/flows/7/start?x=1",
        Resend::Never,
    )
    .advice(RUN_ADVICE);
    let err = http().send(&call, None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownOutcome, "{err}");
    assert_eq!(err.status(), Some(503));
    let text = err.to_string();
    assert!(text.contains("a proxy answered in its place"), "{text}");
    assert!(text.contains("POST /api/f/flows/7/start."), "{text}");
    assert!(text.ends_with(RUN_ADVICE), "{text}");
    assert_eq!(script.hits(), 1);
    let body = serde_json::to_value(&err).unwrap();
    assert_eq!(body["kind"], "unknown_outcome");
}

#[tokio::test]
async fn the_same_get_is_retried_or_not_as_its_call_says() {
    // The method says nothing: a GET marked Never is sent once, like any change.
    let (script, server) = Script::start([Reply::nginx(502), Reply::json(200, "{}")]).await;
    let call = Call::new(Method::GET, &server.url(), "/x", Resend::Never);
    let err = http().send(&call, None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownOutcome);
    assert_eq!(script.hits(), 1);
}

#[tokio::test]
async fn an_idempotent_put_is_retried_after_a_502_and_gives_up_after_max_tries() {
    let (script, server) = Script::start([Reply::nginx(502)]).await;
    let call = Call::new(
        Method::PUT,
        &server.url(),
        "/api/f/settings",
        Resend::Idempotent,
    );
    let err = http().send(&call, None).await.unwrap_err();
    // Safe to repeat, so not an unknown outcome: the gateway's failure, said in words.
    assert_eq!((err.kind(), err.status()), (ErrorKind::Server, Some(502)));
    assert!(err.to_string().contains("HTML page"), "{err}");
    assert_eq!(script.hits(), 3);
}

#[tokio::test]
async fn a_read_rides_out_a_gateways_html_500() {
    let (script, server) = Script::start([
        Reply::nginx(500),
        Reply::json(200, r#"{"list":[],"total":0}"#),
    ])
    .await;
    let answer = http()
        .send(&Call::get(&server.url(), "/api/f/logs"), None)
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(script.hits(), 2);
}

#[tokio::test]
async fn a_read_rides_out_an_empty_500() {
    let (script, server) = Script::start([
        Reply::empty(500),
        Reply::empty(500),
        Reply::json(200, r#"[{"id":"default"}]"#),
    ])
    .await;
    let answer = http()
        .send(&Call::get(&server.url(), "/api/f/projects"), None)
        .await
        .unwrap();
    assert_eq!(&answer.body[..], br#"[{"id":"default"}]"#);
    assert_eq!(script.hits(), 3);
}

#[tokio::test]
async fn the_consoles_own_json_500_is_not_retried() {
    let (script, server) = Script::start([
        Reply::json(
            500,
            r#"{"code":-1,"message":"Model not found: Student","success":false,"errors":["at a.B(B.java:1)"]}"#,
        ),
        Reply::json(200, "{}"),
    ])
    .await;
    let err = http()
        .send(
            &Call::get(&server.url(), "/api/f/datasources/ds/models/Student"),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::Server, Some(500)));
    assert_eq!(err.to_string(), "Model not found: Student");
    assert_eq!(script.hits(), 1);
}

#[tokio::test]
async fn a_never_call_answered_by_the_consoles_own_json_500_is_its_refusal_not_an_unknown_outcome()
{
    let (script, server) = Script::start([Reply::json(
        500,
        r#"{"code":-1,"message":"duplicate datasource name","success":false}"#,
    )])
    .await;
    let call = Call::new(
        Method::POST,
        &server.url(),
        "/api/f/datasources",
        Resend::Never,
    );
    let err = http().send(&call, None).await.unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::Server, Some(500)));
    assert_eq!(err.to_string(), "duplicate datasource name");
    assert_eq!(script.hits(), 1);
}

#[tokio::test]
async fn a_cut_after_sending_is_retried_for_a_read_and_an_unknown_outcome_for_a_never() {
    let (url, connections) = cutting_server(2).await;
    let answer = http().send(&post(&url, Resend::Read), None).await.unwrap();
    assert_eq!(&answer.body[..], br#"{"ok":true}"#);
    assert_eq!(*connections.lock().unwrap(), 3);

    let (url, connections) = cutting_server(1).await;
    let call = post(&url, Resend::Never).advice(RUN_ADVICE);
    let err = http().send(&call, None).await.unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::UnknownOutcome, None)
    );
    let text = err.to_string();
    assert!(text.starts_with("its answer was lost"), "{text}");
    assert!(text.ends_with(RUN_ADVICE), "{text}");
    assert_eq!(*connections.lock().unwrap(), 1);
}

#[tokio::test]
async fn a_connect_error_is_retried_for_a_read_and_is_a_network_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let started = std::time::Instant::now();
    let http = http_with(|c| c.retry_backoff = std::time::Duration::from_millis(100));
    let err = http.send(&Call::get(&url, "/x"), None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network);
    assert!(err.to_string().contains("connection refused"), "{err}");
    // Three tries: two pauses of 100 and 200 ms.
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    // Nothing reached a console, so even a Never call is a plain network error.
    let err = http
        .send(&Call::new(Method::POST, &url, "/x", Resend::Never), None)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network);
}
