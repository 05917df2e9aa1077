//! The window's check of a form (the app's `encoo_rules_check` command, which answers
//! `rules::Fields::refused`) says of each bad value exactly what the client says before it
//! sends it and what the sandbox answers when it arrives raw: one set of words in three places.

#[allow(dead_code)]
#[path = "api/common.rs"]
mod common;

use std::collections::BTreeMap;

use encoo_api::rules::Fields;
use encoo_api::{TriggerPolicy, VideoRecordMode, WorkflowUpdate};
use serde_json::{json, Value};

/// What the window is told of `body`, as the command answers it.
fn window_says(body: &Value) -> BTreeMap<String, String> {
    serde_json::from_value::<Fields>(body.clone())
        .unwrap()
        .refused()
}

#[tokio::test]
async fn the_windows_check_refuses_each_bad_value_in_the_clients_and_the_sandboxs_words() {
    let env = common::start().await;
    let plain = common::raw(&env).await;
    let workflow = env.first_workflow().await.id;
    let long = |n: usize| "名".repeat(n);
    let update = WorkflowUpdate::default;
    // Each bad value as the window sends it, and as the client's typed update holds it (none
    // where the type cannot: a priority of 1.5).
    let rows: Vec<(Value, Option<WorkflowUpdate>)> = vec![
        (
            json!({"Name": long(101)}),
            Some(WorkflowUpdate {
                name: Some(long(101)),
                ..update()
            }),
        ),
        (
            json!({"Name": " \t"}),
            Some(WorkflowUpdate {
                name: Some(" \t".into()),
                ..update()
            }),
        ),
        (
            json!({"Name": "a\u{7}b"}),
            Some(WorkflowUpdate {
                name: Some("a\u{7}b".into()),
                ..update()
            }),
        ),
        (
            json!({"Description": long(501)}),
            Some(WorkflowUpdate {
                description: Some(long(501)),
                ..update()
            }),
        ),
        (
            json!({"Tags": ["fine", "a,b"]}),
            Some(WorkflowUpdate {
                tags: Some(vec!["fine".into(), "a,b".into()]),
                ..update()
            }),
        ),
        (
            json!({"Tags": [long(51)]}),
            Some(WorkflowUpdate {
                tags: Some(vec![long(51)]),
                ..update()
            }),
        ),
        (
            json!({"Priority": 6000}),
            Some(WorkflowUpdate {
                priority: Some(6000),
                ..update()
            }),
        ),
        (
            json!({"Priority": -1}),
            Some(WorkflowUpdate {
                priority: Some(-1),
                ..update()
            }),
        ),
        (json!({"Priority": 1.5}), None),
        (
            json!({"MaxRetryCount": 11}),
            Some(WorkflowUpdate {
                max_retry_count: Some(11),
                ..update()
            }),
        ),
        (
            json!({"VideoRecordMode": "Sometimes"}),
            Some(WorkflowUpdate {
                video_record_mode: Some(VideoRecordMode::from("Sometimes")),
                ..update()
            }),
        ),
        (
            json!({"TriggerPolicy": "Whenever"}),
            Some(WorkflowUpdate {
                trigger_policy: Some(TriggerPolicy::from("Whenever")),
                ..update()
            }),
        ),
    ];
    let path = format!("/openapi/workflows/{workflow}");
    let mut all_at_once = serde_json::Map::new();
    let mut expected = BTreeMap::new();
    for (body, typed) in rows {
        let window = window_says(&body);
        assert_eq!(window.len(), 1, "one refusal for {body}: {window:?}");
        let (field, message) = window.into_iter().next().unwrap();

        let answer = plain
            .request(reqwest::Method::PATCH, &path)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 400, "{body}");
        let sandbox: Value = answer.json().await.unwrap();
        assert_eq!(
            (sandbox["Field"].as_str(), sandbox["Message"].as_str()),
            (Some(field.as_str()), Some(message.as_str())),
            "the sandbox's words for {body}"
        );
        if let Some(typed) = typed {
            let client = typed.validate().unwrap_err();
            assert_eq!(
                (client.field(), client.to_string()),
                (Some(field.as_str()), message.clone()),
                "the client's words for {body}"
            );
        }
        for (k, v) in body.as_object().unwrap() {
            all_at_once.insert(k.clone(), v.clone());
        }
        expected.insert(field, message);
    }
    // The window hears of every failing field at once, the last bad value of each field.
    let together = window_says(&Value::Object(all_at_once));
    let fields: Vec<&str> = together.keys().map(String::as_str).collect();
    assert_eq!(
        fields,
        [
            "Description",
            "MaxRetryCount",
            "Name",
            "Priority",
            "Tags",
            "TriggerPolicy",
            "VideoRecordMode"
        ]
    );
    assert_eq!(together, expected);
}
