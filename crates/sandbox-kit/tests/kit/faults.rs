//! Faults as a layer: each kind does to the request and its answer what its spec says, and
//! lands in the fault record and (status 0 when no whole answer left) in the request record.

use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use sandbox_kit::{
    Fault, FaultInjector, FaultRecord, Faults, Record, ResetStage, TokenRefusal, Tokens,
};
use tower::ServiceExt;

use crate::{get_ping, Console};

/// The console behind `faults` and a record, as a sandbox stacks them.
fn stack(console: &Console, faults: &FaultInjector, record: &Record) -> axum::Router {
    console.router().layer(faults.clone()).layer(record.clone())
}

fn injector(spec: &str) -> FaultInjector {
    FaultInjector::new(spec.parse().unwrap())
}

fn statuses(record: &Record) -> Vec<u16> {
    record.requests().iter().map(|r| r.status).collect()
}

fn fault(method: &str, path: &str, fault: Fault) -> FaultRecord {
    FaultRecord {
        method: method.into(),
        path: path.into(),
        fault,
    }
}

#[tokio::test]
async fn an_error_before_the_console_is_a_proxy_page_the_console_never_saw() {
    let (console, record) = (Console::default(), Record::new());
    let faults = injector("error=1,error_at=before,error_status=503,seed=1");
    let res = stack(&console, &faults, &record)
        .oneshot(get_ping())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/html");
    let page = to_bytes(res.into_body(), usize::MAX).await.unwrap();
    assert!(String::from_utf8_lossy(&page).contains("<h1>503 Service Unavailable</h1>"));
    assert_eq!(console.handled(), 0);
    let error = Fault::Error {
        status: 503,
        handled: false,
    };
    assert_eq!(faults.applied(), [fault("GET", "/ping", error)]);
    assert!(error.answer_lost() && !error.handled_but_lost());
    assert_eq!(statuses(&record), [503]);
}

#[tokio::test]
async fn an_error_after_the_console_loses_the_answer_it_gave() {
    let (console, record) = (Console::default(), Record::new());
    let faults = injector("error=1,error_at=after,error_status=502,seed=1");
    let res = stack(&console, &faults, &record)
        .oneshot(get_ping())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(console.handled(), 1);
    let error = Fault::Error {
        status: 502,
        handled: true,
    };
    assert_eq!(faults.applied(), [fault("GET", "/ping", error)]);
    assert!(error.handled_but_lost());
    assert_eq!(statuses(&record), [502]);
}

#[tokio::test]
async fn a_reset_at_the_start_sends_no_answer_and_is_recorded_with_status_0() {
    let (console, record) = (Console::default(), Record::new());
    let faults = injector("reset=1,reset_at=start,seed=1");
    let res = stack(&console, &faults, &record)
        .oneshot(get_ping())
        .await
        .unwrap();
    assert!(to_bytes(res.into_body(), usize::MAX).await.is_err());
    assert_eq!(console.handled(), 0);
    assert_eq!(
        faults.applied(),
        [fault(
            "GET",
            "/ping",
            Fault::Reset(ResetStage::BeforeHandler)
        )]
    );
    assert_eq!(statuses(&record), [0]);
}

#[tokio::test]
async fn a_reset_in_the_middle_breaks_an_uploads_body_and_cuts_an_answer_half_way() {
    let (console, record) = (Console::default(), Record::new());
    let faults = injector("reset=1,reset_at=middle,seed=1");
    let router = stack(&console, &faults, &record);
    let upload = Request::post("/upload")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::CONTENT_LENGTH, 256 * 1024)
        .body(Body::from(vec![7u8; 256 * 1024]))
        .unwrap();
    let res = router.clone().oneshot(upload).await.unwrap();
    assert!(to_bytes(res.into_body(), usize::MAX).await.is_err());
    assert_eq!((console.handled(), console.broken_bodies()), (1, 1));
    let res = router.oneshot(get_ping()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "the head goes out");
    assert_eq!(res.headers()[header::CONTENT_LENGTH], "4");
    assert!(to_bytes(res.into_body(), usize::MAX).await.is_err());
    assert_eq!(console.handled(), 2);
    assert_eq!(
        faults.applied(),
        [
            fault("POST", "/upload", Fault::Reset(ResetStage::RequestBody)),
            fault("GET", "/ping", Fault::Reset(ResetStage::ResponseBody)),
        ]
    );
    assert_eq!(statuses(&record), [0, 0]);
}

#[tokio::test]
async fn a_stall_sends_the_head_and_holds_the_body_until_the_client_goes() {
    let (console, record) = (Console::default(), Record::new());
    let faults = injector("stall=1,seed=1");
    let res = stack(&console, &faults, &record)
        .oneshot(get_ping())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(console.handled(), 1);
    assert_eq!(faults.stalls_held(), 1);
    let mut body = res.into_body().into_data_stream();
    let waited = tokio::time::timeout(
        Duration::from_millis(100),
        futures_util::StreamExt::next(&mut body),
    )
    .await;
    assert!(waited.is_err(), "no byte of the body comes");
    drop(body);
    assert_eq!(faults.stalls_held(), 0);
    assert_eq!(faults.applied(), [fault("GET", "/ping", Fault::Stall)]);
    assert_eq!(statuses(&record), [0]);
}

#[tokio::test]
async fn a_revoke_fault_revokes_every_access_token_before_the_request_is_handled() {
    let (console, record, tokens) = (Console::default(), Record::new(), Tokens::default());
    let signed_in = tokens.sign_in("alice");
    let faults = FaultInjector::revoking("revoke=1,seed=1".parse().unwrap(), &tokens);
    let res = stack(&console, &faults, &record)
        .oneshot(get_ping())
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "a revoke alone loses no answer"
    );
    assert_eq!(tokens.check(&signed_in.access), Err(TokenRefusal::Unknown));
    assert_eq!(faults.applied(), [fault("GET", "/ping", Fault::Revoke)]);
    assert_eq!(statuses(&record), [200]);
}

#[tokio::test]
async fn latency_delays_each_request_and_is_recorded() {
    let (console, record) = (Console::default(), Record::new());
    let faults = injector("latency=60ms,only=/ping");
    let router = stack(&console, &faults, &record);
    let started = Instant::now();
    let res = router.clone().oneshot(get_ping()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(60));
    let other = Request::get("/elsewhere").body(Body::empty()).unwrap();
    assert_eq!(router.oneshot(other).await.unwrap().status(), 404);
    let latency = Fault::Latency(Duration::from_millis(60));
    assert_eq!(faults.applied(), [fault("GET", "/ping", latency)]);
    assert_eq!(statuses(&record), [200, 404]);
}

#[tokio::test]
async fn fail_next_answers_proxy_pages_the_console_never_sees_then_lets_requests_through() {
    let (console, record) = (Console::default(), Record::new());
    let faults = FaultInjector::new(Faults::default());
    let router = stack(&console, &faults, &record);
    faults.fail_next(2, 504);
    for _ in 0..3 {
        router.clone().oneshot(get_ping()).await.unwrap();
    }
    assert_eq!(statuses(&record), [504, 504, 200]);
    assert_eq!(console.handled(), 1);
    assert!(faults.applied().is_empty(), "not a fault of the spec");
}

#[tokio::test]
async fn set_replaces_the_faults_and_keeps_what_they_did() {
    let (console, record) = (Console::default(), Record::new());
    let faults = injector("error=1,error_at=before,error_status=500,seed=4");
    let router = stack(&console, &faults, &record);
    router.clone().oneshot(get_ping()).await.unwrap();
    faults.set(Faults::default());
    assert_eq!(faults.faults(), Faults::default());
    router.oneshot(get_ping()).await.unwrap();
    assert_eq!(statuses(&record), [500, 200]);
    assert_eq!(faults.applied().len(), 1);
}
