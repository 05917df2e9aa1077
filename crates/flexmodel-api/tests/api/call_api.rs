//! `client.call_api`: a user-defined API called as a person tries it, against the sandbox's
//! seeded Student APIs: every status is an answer with its headers and body; the bearer token
//! goes only when asked for (and is refreshed once after a 401); a body or path that cannot
//! be sent is refused before anything is sent. And a definition's `meta` keeps members the
//! client does not know through a PUT.

use flexmodel_api::*;
use serde_json::{json, Value};

use crate::common::signed_in;

fn list_call() -> ApiCall {
    ApiCall {
        method: "GET".into(),
        path: "/Student/list".into(),
        ..Default::default()
    }
}

fn seeded<'a>(tree: &'a [ApiDefinition], path: &str, method: &str) -> &'a ApiDefinition {
    tree.iter()
        .flat_map(ApiDefinition::walk)
        .map(|(_, n)| n)
        .find(|n| n.path.as_deref() == Some(path) && n.method.as_deref() == Some(method))
        .expect("a seeded API")
}

#[tokio::test]
async fn a_defined_api_answers_its_json_with_status_headers_and_time_without_the_token() {
    let f = signed_in().await;
    let client = f.client.with_project("default");
    let answer = client.call_api(&list_call()).await.unwrap();
    assert_eq!((answer.status, answer.reason.as_str()), (200, "OK"));
    assert!(
        answer.url.ends_with("/api/default/Student/list"),
        "{}",
        answer.url
    );
    let body: Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(body["data"]["list"].as_array().unwrap().len(), 60);
    assert!(answer
        .headers
        .iter()
        .any(|(k, v)| k == "content-type" && v.starts_with("application/json")));
    let sent = f.sandbox.request_log().pop().unwrap();
    assert_eq!(sent.path, "/api/default/Student/list");
    assert_eq!(sent.authorization, None, "no token to an API without auth");

    // Query parameters, and a 404 is an answer too.
    let mut page = list_call();
    page.path = "/Student/page".into();
    page.query = vec![("page".into(), "2".into()), ("size".into(), "3".into())];
    let answer = client.call_api(&page).await.unwrap();
    let body: Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(body["data"]["list"][0]["studentName"], "Student 04");
    let mut missing = list_call();
    missing.path = "/nothing/here".into();
    let answer = client.call_api(&missing).await.unwrap();
    assert_eq!((answer.status, answer.reason.as_str()), (404, "Not Found"));
    assert!(
        answer.body.contains("Could not find resource"),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn the_token_goes_only_when_asked_and_is_refreshed_once_after_a_401() {
    let f = signed_in().await;
    let client = f.client.with_project("default");
    let tree = client.apis().tree().await.unwrap();
    let mut list = seeded(&tree, "/Student/list", "GET").clone();
    list.meta["auth"] = json!(true);
    let id = list.id.clone().unwrap();
    client.apis().update(&id, &list).await.unwrap();

    let refused = client.call_api(&list_call()).await.unwrap();
    assert_eq!(refused.status, 401, "{}", refused.body);
    let with_token = ApiCall {
        with_token: true,
        ..list_call()
    };
    assert_eq!(client.call_api(&with_token).await.unwrap().status, 200);
    let sent = f.sandbox.request_log().pop().unwrap();
    assert!(sent.authorization.unwrap().starts_with("Bearer "));

    f.sandbox.revoke_access_tokens();
    let answer = client.call_api(&with_token).await.unwrap();
    assert_eq!(
        answer.status, 200,
        "refreshed and sent again: {}",
        answer.body
    );
    assert_eq!(f.sandbox.token_grants().refresh, 1);
}

#[tokio::test]
async fn a_post_sends_its_json_body_and_what_cannot_be_sent_is_refused_before_sending() {
    let f = signed_in().await;
    let client = f.client.with_project("default");
    let create = ApiCall {
        method: "post".into(),
        path: "/Student".into(),
        headers: vec![("X-Trace".into(), "try-1".into())],
        body: Some(r#"{"studentName": "Tried", "age": 11}"#.into()),
        ..Default::default()
    };
    let answer = client.call_api(&create).await.unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body);
    let made: Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(
        made["data"]["system_create_Student"]["studentName"],
        "Tried"
    );
    let sent = f.sandbox.request_log().pop().unwrap();
    assert_eq!(sent.header("x-trace"), Some("try-1"));
    assert_eq!(sent.content_type.as_deref(), Some("application/json"));

    let before = f.sandbox.request_log().len();
    let refusals = [
        (
            ApiCall {
                body: Some("{not json".into()),
                ..create.clone()
            },
            "body",
        ),
        (
            ApiCall {
                path: "/Student/{id}".into(),
                ..create.clone()
            },
            "path",
        ),
        (
            ApiCall {
                path: "Student".into(),
                ..create.clone()
            },
            "path",
        ),
        (
            ApiCall {
                method: "FETCH".into(),
                ..create.clone()
            },
            "method",
        ),
        (
            ApiCall {
                headers: vec![("bad header".into(), "x".into())],
                ..create.clone()
            },
            "headers",
        ),
    ];
    for (call, field) in refusals {
        let err = client.call_api(&call).await.unwrap_err();
        assert_eq!(
            (err.kind(), err.field()),
            (ErrorKind::InvalidInput, Some(field)),
            "{err}"
        );
    }
    assert_eq!(f.sandbox.request_log().len(), before, "nothing was sent");
}

#[tokio::test]
async fn a_put_keeps_the_members_of_meta_the_client_does_not_know() {
    let f = signed_in().await;
    let client = f.client.with_project("default");
    let tree = client.apis().tree().await.unwrap();
    let mut view = seeded(&tree, "/Student/{id}", "GET").clone();
    view.meta["x-owner"] = json!({"team": "data", "tags": ["a", "b"]});
    view.meta["execution"]["x-cache"] = json!(30);
    view.meta["document"] = json!({"input": {"schema": {"type": "object"}}});
    let id = view.id.clone().unwrap();
    client.apis().update(&id, &view).await.unwrap();
    let tree = client.apis().tree().await.unwrap();
    let stored = seeded(&tree, "/Student/{id}", "GET");
    assert_eq!(
        stored.meta["x-owner"],
        json!({"team": "data", "tags": ["a", "b"]})
    );
    assert_eq!(stored.meta["execution"]["x-cache"], 30);
    assert_eq!(stored.meta["document"]["input"]["schema"]["type"], "object");
    assert_eq!(
        stored.meta["execution"]["query"],
        view.meta["execution"]["query"]
    );
}
