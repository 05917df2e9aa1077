//! What the seed data holds that screens and tests rely on beyond names: a workflow whose
//! notification settings are all set, so an edit that loses them shows.

use axum::body::Body;
use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::{call, sandbox, scoped, session};

#[tokio::test]
async fn bank_statements_notifies_on_failure_and_an_unrelated_edit_keeps_it() {
    let sb = sandbox();
    let s = session(&sb).await;
    let list = call(
        &sb,
        scoped("GET", "/openapi/workflows?Name=Bank%20statements", &s)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(list.json["Count"], 1, "{}", list.text);
    let workflow = &list.json["List"][0];
    let expected = json!({
        "SwitchOn": true, "JustNoticeAgainstLastRuninstance": true,
        "Conditions": { "States": ["Failed", "Cancelled"], "MinDurationSeconds": 600 },
        "Recipients": ["ops@sandbox.invalid"],
    });
    assert_eq!(workflow["JobStateNotification"], expected);
    let id = workflow["Id"].as_str().unwrap();
    let edited = call(
        &sb,
        scoped("PATCH", &format!("/openapi/workflows/{id}"), &s)
            .header("Content-Type", "application/json")
            .body(Body::from(r#"{"Priority": 3000}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    assert_eq!(edited.json["Priority"], 3000);
    assert_eq!(edited.json["JobStateNotification"], expected);
    // The other seeded workflows keep notifications off.
    let all = call(
        &sb,
        scoped("GET", "/openapi/workflows?PageSize=100", &s)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let on: Vec<&Value> = all.json["List"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["JobStateNotification"]["SwitchOn"] == true)
        .collect();
    assert_eq!(on.len(), 1);
    assert_eq!(on[0]["Id"], id);
}
