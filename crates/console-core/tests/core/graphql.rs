//! A GraphQL answer is 200 even when it failed: a call that says its 200 may carry `errors`
//! gets them as an error; the same body to a call that does not say so is just an answer.
//! Bodies are hand-made in the shape FlexModel sends (`{errors, data, extensions, dataPresent}`).

use console_core::de::decode;
use console_core::{Call, ErrorKind, KeyCase, Resend};
use reqwest::Method;
use serde_json::{json, Value};

use crate::fixture::{http, Reply, Script};

const FAILED: &str = r#"{"errors":[{"message":"Validation error (FieldUndefined@[ds_list_Student/nme]) : Field 'nme' in type 'ds_Student' is undefined","locations":[{"line":1,"column":20}],"path":["ds_list_Student","nme"],"extensions":{"classification":"ValidationError"}}],"data":null,"extensions":null,"dataPresent":false}"#;

const WORKED: &str = r#"{"errors":[],"data":{"ds_list_Student":[{"studentName":"Ann","classId":null}]},"extensions":null,"dataPresent":true}"#;

fn query(base: &str) -> Call<'static> {
    Call::new(Method::POST, base, "/api/f/graphql", Resend::Read)
        .json(&json!({"query": "{ ds_list_Student { nme } }"}))
        .unwrap()
}

#[tokio::test]
async fn a_graphql_200_with_errors_is_an_error() {
    let (script, server) = Script::start([Reply::json(200, FAILED)]).await;
    let err = http()
        .send(&query(&server.url()).errors_in_200(), None)
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::InvalidInput, Some(200))
    );
    assert!(
        err.to_string()
            .starts_with("Validation error (FieldUndefined"),
        "{err}"
    );
    assert_eq!(err.field(), Some("ds_list_Student.nme"));
    // A refusal, not a passing failure: asked once.
    assert_eq!(script.hits(), 1);
    let body = serde_json::to_value(&err).unwrap();
    assert_eq!(body["kind"], "invalid_input");
    assert_eq!(body["status"], 200);
}

#[tokio::test]
async fn the_same_body_is_an_answer_to_a_call_that_does_not_expect_errors_in_200() {
    let (_script, server) = Script::start([Reply::json(200, FAILED)]).await;
    let answer = http().send(&query(&server.url()), None).await.unwrap();
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn a_graphql_200_with_an_empty_errors_list_is_the_data_with_keys_as_sent() {
    let (_script, server) = Script::start([Reply::json(200, WORKED)]).await;
    let answer = http()
        .send(&query(&server.url()).errors_in_200(), None)
        .await
        .unwrap();
    let v: Value = decode(&answer.body, KeyCase::Exact).unwrap();
    assert_eq!(
        v["data"],
        json!({"ds_list_Student": [{"studentName": "Ann", "classId": null}]})
    );
}

#[tokio::test]
async fn a_mutation_marked_never_is_not_resent_after_a_gateway_page() {
    let (script, server) = Script::start([Reply::nginx(504), Reply::json(200, WORKED)]).await;
    let call = Call::new(Method::POST, &server.url(), "/api/f/graphql", Resend::Never)
        .json(
            &json!({"query": "mutation { ds_create_Student(data: {studentName: \"Bo\"}) { id } }"}),
        )
        .unwrap()
        .errors_in_200()
        .advice("Look for the record before creating it again.");
    let err = http().send(&call, None).await.unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::UnknownOutcome, Some(504))
    );
    assert!(err
        .to_string()
        .ends_with("Look for the record before creating it again."));
    assert_eq!(script.hits(), 1);
}

#[tokio::test]
async fn a_call_taking_every_status_gets_a_400_and_a_gateway_page_as_answers_with_their_headers() {
    let (script, server) = Script::start([
        Reply::json(400, r#"{"code":400,"message":"no","success":false}"#),
        Reply::nginx(503),
    ])
    .await;
    let call =
        Call::new(Method::POST, &server.url(), "/api/default/x", Resend::Never).every_status();
    let answer = http().send(&call, None).await.unwrap();
    assert_eq!(answer.status, 400);
    assert_eq!(answer.content_type(), Some("application/json"));
    assert_eq!(
        &answer.body[..],
        br#"{"code":400,"message":"no","success":false}"#
    );
    // A change sent once: the proxy's page is its answer too, not an unknown outcome.
    let answer = http().send(&call, None).await.unwrap();
    assert_eq!(answer.status, 503);
    assert_eq!(script.hits(), 2);
}
