//! The client and the sandbox apply the same field rules (`encoo-rules`): each bad value the
//! client refuses, sent raw past the client, is refused by the sandbox with the same field and
//! the same sentence.

use encoo_api::{QueueCreate, TriggerPolicy, VideoRecordMode, WorkflowUpdate};
use serde_json::{json, Value};

use crate::common::{raw, start};

#[tokio::test]
async fn client_and_sandbox_refuse_each_bad_value_in_the_same_words() {
    let env = start().await;
    let plain = raw(&env).await;
    let raw = |method: reqwest::Method, path: String, body: Value| {
        let rb = plain.request(method, &path).json(&body);
        async move {
            let answer = rb.send().await.unwrap();
            assert_eq!(answer.status(), 400, "{path}");
            let body: Value = answer.json().await.unwrap();
            (
                body["Field"].as_str().unwrap().to_owned(),
                body["Message"].as_str().unwrap().to_owned(),
            )
        }
    };
    let c = &env.client;
    let workflow = c.workflows().list(&Default::default()).await.unwrap().list[0]
        .id
        .clone();
    let new_queue = || format!("/openapi/queues/{}", uuid::Uuid::new_v4());
    let long = |n: usize| "名".repeat(n);
    let queue_rows: Vec<(Value, QueueCreate)> = vec![
        (json!({"Name": ""}), QueueCreate::default()),
        (
            json!({"Name": long(101)}),
            QueueCreate {
                name: long(101),
                ..Default::default()
            },
        ),
        (
            json!({"Name": "q", "Tags": ["a,b"]}),
            QueueCreate {
                name: "q".into(),
                tags: Some(vec!["a,b".into()]),
                ..Default::default()
            },
        ),
        (
            json!({"Name": "q", "Description": long(501)}),
            QueueCreate {
                name: "q".into(),
                description: Some(long(501)),
                ..Default::default()
            },
        ),
    ];
    for (body, create) in queue_rows {
        let client_says = c.queues().create(&create).await.unwrap_err();
        let sandbox_says = raw(reqwest::Method::POST, new_queue(), body.clone()).await;
        let client_says = (
            client_says.field().unwrap().to_owned(),
            client_says.to_string(),
        );
        assert_eq!(client_says, sandbox_says, "{body}");
    }
    let workflow_rows: Vec<(Value, WorkflowUpdate)> = vec![
        (
            json!({"Priority": 5001}),
            WorkflowUpdate {
                priority: Some(5001),
                ..Default::default()
            },
        ),
        (
            json!({"MaxRetryCount": 11}),
            WorkflowUpdate {
                max_retry_count: Some(11),
                ..Default::default()
            },
        ),
        (
            json!({"VideoRecordMode": "Sometimes"}),
            WorkflowUpdate {
                video_record_mode: Some(VideoRecordMode::from("Sometimes")),
                ..Default::default()
            },
        ),
        (
            json!({"TriggerPolicy": "Whenever"}),
            WorkflowUpdate {
                trigger_policy: Some(TriggerPolicy::from("Whenever")),
                ..Default::default()
            },
        ),
    ];
    let path = format!("/openapi/workflows/{workflow}");
    for (body, update) in workflow_rows {
        let client_says = c.workflows().update(&workflow, &update).await.unwrap_err();
        let sandbox_says = raw(reqwest::Method::PATCH, path.clone(), body.clone()).await;
        let client_says = (
            client_says.field().unwrap().to_owned(),
            client_says.to_string(),
        );
        assert_eq!(client_says, sandbox_says, "{body}");
    }
    let client_says = c.queues().get("1234").await.unwrap_err();
    let sandbox_says = raw(
        reqwest::Method::PATCH,
        "/openapi/queues/1234".into(),
        json!({}),
    )
    .await;
    assert_eq!(
        (
            client_says.field().unwrap().to_owned(),
            client_says.to_string()
        ),
        sandbox_says
    );
}
