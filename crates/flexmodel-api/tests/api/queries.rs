//! The query strings of the list and download operations, as the sandbox's request record saw
//! them: the names the server reads, JSON filters and sorts as text, pages from 1.

use flexmodel_api::*;
use serde_json::{json, Value};

use crate::common::signed_in;

/// The query pairs of the last request to `path`.
fn query_of(f: &crate::common::Fixture, path: &str) -> Vec<(String, String)> {
    let record = f
        .sandbox
        .request_log()
        .into_iter()
        .rev()
        .find(|r| r.path == path)
        .unwrap_or_else(|| panic!("no request to {path}"));
    let url = format!("http://x/?{}", record.query.unwrap_or_default());
    reqwest::Url::parse(&url)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn record_lists_send_page_size_filter_sort_and_nested() {
    let f = signed_in().await;
    let filter = Filter::field("age")
        .between(10, 20)
        .or(Filter::field("studentClass.className").starts_with("A"));
    let query = RecordQuery::new()
        .page(2, 10)
        .filter(&filter)
        .sort(Sort::desc("age"))
        .nested(true);
    let _ = f.client.records("system", "Student").list(&query).await;
    let q = query_of(&f, "/api/f/datasources/system/models/Student/records");
    let names: Vec<&str> = q.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["page", "size", "filter", "sort", "nestedQuery"]);
    assert_eq!(
        (q[0].1.as_str(), q[1].1.as_str(), q[4].1.as_str()),
        ("2", "10", "true")
    );
    let sent_filter: Value = serde_json::from_str(&q[2].1).unwrap();
    assert_eq!(
        sent_filter,
        json!({"_or": [{"age": {"_between": [10, 20]}}, {"studentClass": {"className": {"_starts_with": "A"}}}]})
    );
    let sent_sort: Value = serde_json::from_str(&q[3].1).unwrap();
    assert_eq!(sent_sort, json!([{"field": "age", "order": "DESC"}]));

    let _ = f
        .client
        .records("system", "Student")
        .list(&RecordQuery::new())
        .await;
    assert!(query_of(&f, "/api/f/datasources/system/models/Student/records").is_empty());
}

#[tokio::test]
async fn other_lists_send_the_servers_parameter_names() {
    let f = signed_in().await;
    let c = &f.client;
    let page = Some(PageRequest::new(3, 5));
    let _ = c
        .flows()
        .list(&FlowQuery {
            flow_name: Some("订单".into()),
            flow_key: Some("k".into()),
            flow_module_id: None,
            page,
        })
        .await;
    assert_eq!(
        query_of(&f, "/api/f/flows"),
        pairs(&[
            ("flowName", "订单"),
            ("flowKey", "k"),
            ("page", "3"),
            ("size", "5")
        ])
    );
    let _ = c
        .instances()
        .list(&InstanceQuery {
            flow_module_id: Some("m".into()),
            status: Some(FlowInstanceStatus::Running),
            ..Default::default()
        })
        .await;
    assert_eq!(
        query_of(&f, "/api/f/flows/instances"),
        pairs(&[("flowModuleId", "m"), ("status", "2")])
    );
    let _ = c.instances().terminate("fi", false).await;
    assert_eq!(
        query_of(&f, "/api/f/flows/instances/fi/terminate"),
        pairs(&[("effectiveForSubFlowInstance", "false")])
    );
    let _ = c
        .triggers()
        .list(&TriggerQuery {
            job_id: Some("m".into()),
            job_group: Some("system_Student".into()),
            page,
            ..Default::default()
        })
        .await;
    assert_eq!(
        query_of(&f, "/api/f/triggers"),
        pairs(&[
            ("jobId", "m"),
            ("jobGroup", "system_Student"),
            ("page", "3"),
            ("size", "5")
        ])
    );
    let _ = c
        .job_logs()
        .list(&JobLogQuery {
            trigger_id: Some("t".into()),
            is_success: Some(false),
            start_time: Some("2025-08-30T00:00:00".into()),
            end_time: Some("2025-08-31T00:00:00".into()),
            ..Default::default()
        })
        .await;
    assert_eq!(
        query_of(&f, "/api/f/jobs/logs"),
        pairs(&[
            ("triggerId", "t"),
            ("isSuccess", "false"),
            ("startTime", "2025-08-30T00:00:00"),
            ("endTime", "2025-08-31T00:00:00")
        ])
    );
    let range = (
        "2025-08-30 00:00:00".to_owned(),
        "2025-08-31 00:00:00".to_owned(),
    );
    let _ = c
        .api_logs()
        .list(&ApiLogQuery {
            keyword: Some("Student".into()),
            is_success: Some(true),
            date_range: Some(range.clone()),
            page,
        })
        .await;
    assert_eq!(
        query_of(&f, "/api/f/logs"),
        pairs(&[
            ("keyword", "Student"),
            ("isSuccess", "true"),
            ("dateRange", "2025-08-30 00:00:00,2025-08-31 00:00:00"),
            ("page", "3"),
            ("size", "5")
        ])
    );
    let _ = c.api_logs().stat(Some(range)).await;
    assert_eq!(
        query_of(&f, "/api/f/logs/stat"),
        pairs(&[("dateRange", "2025-08-30 00:00:00,2025-08-31 00:00:00")])
    );
    let dir = tempfile::tempdir().unwrap();
    let vars = json!({"packageName": "com.example"});
    let _ = c
        .codegen()
        .download("java", "system", Some(&vars), &dir.path().join("x.zip"))
        .await;
    let q = query_of(&f, "/api/f/codegen/java.zip");
    assert_eq!(q[0], ("datasource".to_owned(), "system".to_owned()));
    assert_eq!(serde_json::from_str::<Value>(&q[1].1).unwrap(), vars);
}

#[tokio::test]
async fn names_in_paths_are_escaped() {
    let f = signed_in().await;
    let _ = f.client.records("my db", "学生").get("a/b").await;
    let last = f.sandbox.request_log().pop().unwrap();
    assert_eq!(
        last.path,
        "/api/f/datasources/my%20db/models/%E5%AD%A6%E7%94%9F/records/a%2Fb"
    );
}
