//! GraphQL mutations publish the record events REST's writes publish (what event triggers
//! hear), sent over HTTP to a served sandbox while listening on its event bus; the counters
//! `metrics/fm` reads.

use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::broadcast::Receiver;

use crate::events::RecordEvent;
use crate::{Sandbox, SandboxConfig};

/// The next event, waiting at most a few seconds for it.
async fn next(rx: &mut Receiver<RecordEvent>) -> RecordEvent {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("an event within 5 s")
        .expect("the bus is open")
}

async fn post(http: &reqwest::Client, api: &str, token: &str, query: &str) -> Value {
    let resp = http
        .post(format!("{api}/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["errors"], json!([]), "{body}");
    body
}

#[tokio::test]
async fn mutations_publish_record_events_and_are_counted() {
    let sb = Sandbox::new(SandboxConfig::default()).unwrap();
    let server = sb.serve("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let api = format!("{}/api/f", server.url());
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{api}/auth/login"))
        .json(&json!({"username": "admin", "password": "admin123"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"].as_str().unwrap();
    let mut rx = sb.inner.events.subscribe();
    let counters = &sb.inner.counters;
    let (q0, m0) = (
        counters.queries.load(Ordering::Relaxed),
        counters.mutations.load(Ordering::Relaxed),
    );

    post(
        &http,
        &api,
        token,
        r#"mutation { system_create_Classes(data: {classCode: "C09", className: "Nine"}) { id } }"#,
    )
    .await;
    let e = next(&mut rx).await;
    assert_eq!(
        (
            e.project.as_str(),
            e.datasource.as_str(),
            e.model.as_str(),
            e.mutation
        ),
        ("default", "system", "Classes", "create")
    );
    assert_eq!(e.record["classCode"], "C09");
    let id = e.record["id"].clone();

    post(
        &http,
        &api,
        token,
        &format!(r#"mutation {{ system_update_Classes_by_id(id: {id}, _set: {{className: "IX"}}) {{ id }} }}"#),
    )
    .await;
    let e = next(&mut rx).await;
    assert_eq!(e.mutation, "update");
    assert_eq!(e.record["className"], "IX");

    post(
        &http,
        &api,
        token,
        r#"mutation { system_delete_Classes(where: {classCode: {_eq: "C09"}}) { affected_rows } }"#,
    )
    .await;
    let e = next(&mut rx).await;
    assert_eq!(e.mutation, "delete");
    assert_eq!(e.record["id"], id);

    post(&http, &api, token, "{ system_list_Classes { id } }").await;
    assert_eq!(counters.mutations.load(Ordering::Relaxed) - m0, 3);
    assert_eq!(counters.queries.load(Ordering::Relaxed) - q0, 1);
    assert!(rx.try_recv().is_err(), "a query publishes nothing");
}
