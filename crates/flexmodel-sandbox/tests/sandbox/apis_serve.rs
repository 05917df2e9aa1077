//! The user-defined APIs served at `/api/{project}{path}`: the seeded Student APIs run their
//! GraphQL operations with the query string, the body and the path's parameters as
//! variables; auth, disabling, rate limits, scripts and GraphQL errors; each call written to
//! the API log in its project.

use crate::api_support::Api;
use flexmodel_sandbox::testing::served;
use reqwest::Method;
use serde_json::{json, Value};

/// The seeded API of `method` and `path`.
async fn seeded(api: &Api, method: &str, path: &str) -> Value {
    let tree = api.ok(Method::GET, "/apis", None).await;
    tree[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["method"] == method && n["path"] == path)
        .cloned()
        .unwrap_or_else(|| panic!("no seeded {method} {path}"))
}

/// Calls `/api/{project}{path}` as an outside caller would (no admin headers).
async fn call(
    api: &Api,
    server: &str,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = api
        .http
        .request(method, format!("{server}/api/default{path}"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test]
async fn the_seeded_student_apis_run_their_operations_with_the_requests_values() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "default").await;
    let url = server.url();

    let (status, list) = call(&api, &url, Method::GET, "/Student/list", None, None).await;
    assert_eq!(status, 200, "{list}");
    let rows = list["data"]["list"].as_array().unwrap();
    assert_eq!(rows.len(), 60);
    assert_eq!(rows[0]["studentName"], "Student 01");
    assert!(list.get("errors").is_none(), "{list}");

    // The query string's text values, read as the numbers the operation declares.
    let (status, page) = call(
        &api,
        &url,
        Method::GET,
        "/Student/page?page=2&size=5",
        None,
        None,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let names: Vec<&str> = page["data"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["studentName"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Student 06",
            "Student 07",
            "Student 08",
            "Student 09",
            "Student 10"
        ]
    );
    assert_eq!(page["data"]["total"], 60);

    // A path parameter.
    let (status, one) = call(&api, &url, Method::GET, "/Student/3", None, None).await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(
        one["data"]["system_find_one_Student"]["studentName"],
        "Student 03"
    );

    // A body's members (POST), then the path's id with the body (PUT), then DELETE.
    let body = json!({"studentName": "Made by an API", "age": 12, "classId": 1});
    let (status, created) = call(&api, &url, Method::POST, "/Student", None, Some(body)).await;
    assert_eq!(status, 200, "{created}");
    let id = created["data"]["system_create_Student"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    let stored = api
        .ok(
            Method::GET,
            &format!("/datasources/system/models/Student/records/{id}"),
            None,
        )
        .await;
    assert_eq!(
        (stored["studentName"].clone(), stored["age"].clone()),
        (json!("Made by an API"), json!(12))
    );

    let body = json!({"studentName": "Renamed by an API", "age": 13});
    let (status, updated) = call(
        &api,
        &url,
        Method::PUT,
        &format!("/Student/{id}"),
        None,
        Some(body),
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["data"]["system_update_Student"]["affected_rows"], 1);
    let stored = api
        .ok(
            Method::GET,
            &format!("/datasources/system/models/Student/records/{id}"),
            None,
        )
        .await;
    assert_eq!(stored["studentName"], "Renamed by an API");

    let (status, deleted) = call(
        &api,
        &url,
        Method::DELETE,
        &format!("/Student/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 200, "{deleted}");
    assert_eq!(deleted["data"]["system_delete_Student"]["affected_rows"], 1);

    // Each call is in the API log, in the path's project, with its whole path.
    let logs = api.ok(Method::GET, "/logs?page=1&size=100", None).await;
    let paths: Vec<&str> = logs["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["path"].as_str())
        .filter(|p| p.contains("/api/default/"))
        .collect();
    assert!(
        paths.contains(&"GET /api/default/Student/list"),
        "{paths:?}"
    );
    assert!(
        paths.contains(&format!("DELETE /api/default/Student/{id}").as_str()),
        "{paths:?}"
    );

    // Another project has no such API; nor has this one a GET /Student.
    let resp = api
        .http
        .get(format!("{url}/api/dev_test/Student/list"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    let (status, _) = call(&api, &url, Method::GET, "/Student", None, None).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn auth_disabling_rate_limits_scripts_and_graphql_errors_each_answer_as_said() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "default").await;
    let url = server.url();
    let list = seeded(&api, "GET", "/Student/list").await;
    let id = list["id"].as_str().unwrap();

    // Auth on: no token is a 401, the session's token passes.
    let mut node = list.clone();
    node["meta"]["auth"] = json!(true);
    api.ok(Method::PUT, &format!("/apis/{id}"), Some(node.clone()))
        .await;
    let (status, refused) = call(&api, &url, Method::GET, "/Student/list", None, None).await;
    assert_eq!(status, 401, "{refused}");
    assert!(refused["message"]
        .as_str()
        .unwrap()
        .contains("Token is missing"));
    let (status, _) = call(
        &api,
        &url,
        Method::GET,
        "/Student/list",
        Some("nonsense"),
        None,
    )
    .await;
    assert_eq!(status, 401);
    let (status, ok) = call(
        &api,
        &url,
        Method::GET,
        "/Student/list",
        Some(&api.token),
        None,
    )
    .await;
    assert_eq!(
        (status, ok["data"]["list"].as_array().unwrap().len()),
        (200, 60)
    );

    // A rate limit of 2 a minute: the third call is refused.
    node["meta"]["auth"] = json!(false);
    node["meta"]["rateLimitingEnabled"] = json!(true);
    node["meta"]["maxRequestCount"] = json!(2);
    node["meta"]["intervalInSeconds"] = json!(60);
    api.ok(Method::PUT, &format!("/apis/{id}"), Some(node.clone()))
        .await;
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(
            call(&api, &url, Method::GET, "/Student/list", None, None)
                .await
                .0,
        );
    }
    assert_eq!(statuses, [200, 200, 429]);

    // Disabled: a 404 saying so.
    let (status, _) = api
        .call(
            Method::PATCH,
            &format!("/apis/{id}"),
            Some(json!({"enabled": false})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, off) = call(&api, &url, Method::GET, "/Student/list", None, None).await;
    assert_eq!(status, 404, "{off}");
    assert!(
        off["message"].as_str().unwrap().contains("is disabled"),
        "{off}"
    );

    // A GraphQL error is kept beside the data.
    let (_, made) = api
        .post("/apis", json!({"name": "Broken", "type": "API", "method": "GET", "path": "/broken",
            "meta": {"execution": {"executionType": "graphql", "query": "{ system_list_Student { nope } }"}}}))
        .await;
    assert!(made["id"].is_string());
    let (status, broken) = call(&api, &url, Method::GET, "/broken", None, None).await;
    assert_eq!(status, 200);
    assert!(broken["data"].is_null());
    assert!(
        broken["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nope"),
        "{broken}"
    );

    // A script is refused, naming it.
    api.post(
        "/apis",
        json!({"name": "Scripted", "type": "API", "method": "POST", "path": "/scripted",
        "meta": {"execution": {"executionType": "script", "executionScript": "return 1"}}}),
    )
    .await;
    let (status, script) = call(&api, &url, Method::POST, "/scripted", None, Some(json!({}))).await;
    assert_eq!(status, 400);
    assert!(
        script["message"]
            .as_str()
            .unwrap()
            .contains("executes a script"),
        "{script}"
    );

    // A body that is not an object is refused as bad JSON.
    let (status, bad) = call(
        &api,
        &url,
        Method::POST,
        "/Student",
        None,
        Some(json!([1, 2])),
    )
    .await;
    assert_eq!(status, 400, "{bad}");
}
