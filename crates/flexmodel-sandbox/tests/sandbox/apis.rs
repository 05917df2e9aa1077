//! API definitions over HTTP: the seeded tree, create / replace / patch with their snapshots,
//! restore, delete with the direct children, and generation from a model document.

use flexmodel_sandbox::testing::{served, served_with};
use flexmodel_sandbox::SandboxConfig;
use serde_json::{json, Value};

async fn login(http: &reqwest::Client, api: &str) -> String {
    let body: Value = http
        .post(format!("{api}/auth/login"))
        .json(&json!({"username": "admin", "password": "admin123"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["token"].as_str().unwrap().to_owned()
}

async fn send(
    http: &reqwest::Client,
    token: &str,
    method: reqwest::Method,
    url: String,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = http.request(method, url).bearer_auth(token);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.unwrap();
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    (status, value)
}

fn unseeded() -> SandboxConfig {
    SandboxConfig {
        seed: false,
        ..SandboxConfig::default()
    }
}

fn find<'a>(nodes: &'a Value, id: &str) -> Option<&'a Value> {
    nodes.as_array()?.iter().find_map(|n| {
        if n["id"] == id {
            Some(n)
        } else {
            find(&n["children"], id)
        }
    })
}

#[tokio::test]
async fn the_seed_has_a_folder_of_generated_student_apis_with_histories() {
    let (_sandbox, server) = served().await;
    let api = format!("{}/api/f", server.url());
    let http = reqwest::Client::new();
    let token = login(&http, &api).await;

    let (status, tree) = send(
        &http,
        &token,
        reqwest::Method::GET,
        format!("{api}/apis"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let roots = tree.as_array().unwrap();
    assert_eq!(roots.len(), 1);
    let folder = &roots[0];
    assert_eq!(folder["type"], "FOLDER");
    assert_eq!(folder["name"], "Student APIs");
    assert!(folder["parentId"].is_null());
    let children = folder["children"].as_array().unwrap();
    let routes: Vec<(String, String)> = children
        .iter()
        .map(|c| {
            (
                c["method"].as_str().unwrap().to_owned(),
                c["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("GET", "/Student/list"),
        ("GET", "/Student/page"),
        ("GET", "/Student/{id}"),
        ("POST", "/Student"),
        ("PUT", "/Student/{id}"),
        ("DELETE", "/Student/{id}"),
    ];
    assert_eq!(
        routes,
        expected
            .iter()
            .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
            .collect::<Vec<_>>()
    );
    for child in children {
        assert_eq!(child["type"], "API");
        assert_eq!(child["parentId"], folder["id"]);
        assert_eq!(child["children"], json!([]));
        assert!(child["meta"]["execution"]["query"]
            .as_str()
            .unwrap()
            .contains("system_"));
    }
    let list = &children[0];
    assert_eq!(list["name"], "List students");
    let id = list["id"].as_str().unwrap();
    let (_, histories) = send(
        &http,
        &token,
        reqwest::Method::GET,
        format!("{api}/apis/{id}/histories"),
        None,
    )
    .await;
    let names: Vec<&str> = histories
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["List students", "Fetch Student records list"]);
    assert!(histories
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["apiDefinitionId"] == id));

    // Another project has none.
    let resp = http
        .get(format!("{api}/apis"))
        .bearer_auth(&token)
        .header("X-Tenant-Id", "dev_test")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.json::<Value>().await.unwrap(), json!([]));
}

#[tokio::test]
async fn create_replace_patch_restore_and_delete_keep_snapshots_and_the_tree() {
    let (_sandbox, server) = served_with(unseeded()).await;
    let api = format!("{}/api/f", server.url());
    let http = reqwest::Client::new();
    let token = login(&http, &api).await;
    use reqwest::Method;

    let (status, refused) = send(
        &http,
        &token,
        Method::POST,
        format!("{api}/apis"),
        Some(json!({"type": "API"})),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(refused["code"], -1);
    assert_eq!(refused["errors"]["name"], "must not be blank");

    let (status, folder) = send(
        &http,
        &token,
        Method::POST,
        format!("{api}/apis"),
        Some(json!({"name": "Orders", "type": "FOLDER"})),
    )
    .await;
    assert_eq!(status, 200);
    let folder_id = folder["id"].as_str().unwrap().to_owned();
    assert_eq!(folder["enabled"], true);
    assert_eq!(folder["createdBy"], "admin");
    let mk = |name: &str, parent: &str| {
        json!({
            "name": name, "type": "API", "parentId": parent, "method": "GET", "path": format!("/{name}"),
            "meta": {"auth": false, "execution": {"executionType": "graphql", "query": "{ x }"}},
        })
    };
    let (_, a) = send(
        &http,
        &token,
        Method::POST,
        format!("{api}/apis"),
        Some(mk("a", &folder_id)),
    )
    .await;
    let (_, b) = send(
        &http,
        &token,
        Method::POST,
        format!("{api}/apis"),
        Some(mk("b", &folder_id)),
    )
    .await;
    let a_id = a["id"].as_str().unwrap().to_owned();
    let b_id = b["id"].as_str().unwrap().to_owned();
    let (_, grandchild) = send(
        &http,
        &token,
        Method::POST,
        format!("{api}/apis"),
        Some(mk("c", &a_id)),
    )
    .await;
    let c_id = grandchild["id"].as_str().unwrap().to_owned();

    let (_, tree) = send(&http, &token, Method::GET, format!("{api}/apis"), None).await;
    assert_eq!(tree.as_array().unwrap().len(), 1);
    assert_eq!(tree[0]["children"].as_array().unwrap().len(), 2);
    assert_eq!(
        find(&tree, &a_id).unwrap()["children"][0]["id"],
        c_id.as_str()
    );

    // PUT replaces the whole node: the meta not sent is gone, enabled defaults to true.
    let (status, replaced) = send(&http, &token, Method::PUT, format!("{api}/apis/{a_id}"),
        Some(json!({"name": "a-put", "type": "API", "parentId": folder_id, "method": "POST", "path": "/a2"}))).await;
    assert_eq!(status, 200);
    assert_eq!(replaced["meta"], Value::Null);
    assert_eq!(replaced["createdAt"], a["createdAt"]);
    // PATCH applies only name and enabled.
    let (status, patched) = send(
        &http,
        &token,
        Method::PATCH,
        format!("{api}/apis/{a_id}"),
        Some(json!({"name": "a-patch", "enabled": false, "path": "/ignored"})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(patched["name"], "a-patch");
    assert_eq!(patched["enabled"], false);
    assert_eq!(patched["path"], "/a2");
    assert_eq!(patched["method"], "POST");

    let (_, histories) = send(
        &http,
        &token,
        Method::GET,
        format!("{api}/apis/{a_id}/histories"),
        None,
    )
    .await;
    let names: Vec<&str> = histories
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a-patch", "a-put", "a"]);
    let first = histories[2].clone();
    assert_eq!(first["meta"]["execution"]["query"], "{ x }");

    // Restore answers the snapshot, puts it back, and is itself a snapshot.
    let history_id = first["id"].as_str().unwrap();
    let (status, restored) = send(
        &http,
        &token,
        Method::POST,
        format!("{api}/apis/{a_id}/histories/{history_id}/restore"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(restored, first);
    let (_, tree) = send(&http, &token, Method::GET, format!("{api}/apis"), None).await;
    let node = find(&tree, &a_id).unwrap();
    assert_eq!(node["name"], "a");
    assert_eq!(node["path"], "/a");
    assert_eq!(node["enabled"], true);
    assert_eq!(node["meta"]["execution"]["query"], "{ x }");
    let (_, histories) = send(
        &http,
        &token,
        Method::GET,
        format!("{api}/apis/{a_id}/histories"),
        None,
    )
    .await;
    assert_eq!(histories.as_array().unwrap().len(), 4);
    assert_eq!(histories[0]["name"], "a");
    let (status, none) = send(
        &http,
        &token,
        Method::POST,
        format!("{api}/apis/{a_id}/histories/nope/restore"),
        None,
    )
    .await;
    assert_eq!((status, none), (204, Value::Null));

    // Unknown ids are refused by name.
    let (status, unknown) = send(
        &http,
        &token,
        Method::PATCH,
        format!("{api}/apis/nope"),
        Some(json!({"name": "x"})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(unknown["message"].as_str().unwrap().contains("nope"));

    // DELETE removes the node and its direct children: the grandchild is left without a
    // parent, which the tree does not show.
    let (status, body) = send(
        &http,
        &token,
        Method::DELETE,
        format!("{api}/apis/{folder_id}"),
        None,
    )
    .await;
    assert_eq!((status, body), (204, Value::Null));
    let (_, tree) = send(&http, &token, Method::GET, format!("{api}/apis"), None).await;
    assert_eq!(tree, json!([]));
    for gone in [&a_id, &b_id] {
        let (status, _) = send(
            &http,
            &token,
            Method::PATCH,
            format!("{api}/apis/{gone}"),
            Some(json!({"name": "x"})),
        )
        .await;
        assert_eq!(status, 400, "{gone} should be deleted");
    }
    let (status, _) = send(
        &http,
        &token,
        Method::PATCH,
        format!("{api}/apis/{c_id}"),
        Some(json!({"name": "c2"})),
    )
    .await;
    assert_eq!(status, 200, "the grandchild stays, as on the server");
}

#[tokio::test]
async fn generate_writes_the_servers_graphql_operations_for_a_stored_model() {
    let (sandbox, server) = served_with(unseeded()).await;
    let api = format!("{}/api/f", server.url());
    let http = reqwest::Client::new();
    let token = login(&http, &api).await;
    use reqwest::Method;
    // The model document as the data module stores it (written directly: this test is about
    // generation, not modelling).
    sandbox.put_model("default", "shop", json!({
        "type": "entity", "name": "Order",
        "fields": [
            {"name": "id", "type": "Long", "identity": true},
            {"name": "title", "type": "String", "nullable": true},
            {"name": "amount", "type": "Float"},
            {"name": "customer", "type": "Relation", "from": "Customer", "localField": "customerId", "foreignField": "id"},
        ],
    }));

    let (status, refused) = send(
        &http,
        &token,
        Method::POST,
        format!("{api}/apis/generate"),
        Some(json!({"datasourceName": "shop", "generateAPIs": []})),
    )
    .await;
    assert_eq!(status, 400);
    let errors = refused["errors"].as_object().unwrap();
    for field in ["modelName", "apiFolder", "idFieldOfPath", "generateAPIs"] {
        assert!(errors.contains_key(field), "{field} in {refused}");
    }
    let (status, missing) = send(&http, &token, Method::POST, format!("{api}/apis/generate"),
        Some(json!({"datasourceName": "shop", "modelName": "Nope", "apiFolder": "x", "idFieldOfPath": "id", "generateAPIs": ["list"]}))).await;
    assert_eq!(status, 500);
    assert_eq!(missing["code"], -1);
    assert!(missing["message"].as_str().unwrap().contains("Nope"));
    let (_, tree) = send(&http, &token, Method::GET, format!("{api}/apis"), None).await;
    assert_eq!(tree, json!([]), "a refused generation creates nothing");

    let (status, body) = send(&http, &token, Method::POST, format!("{api}/apis/generate"),
        Some(json!({"datasourceName": "shop", "modelName": "Order", "apiFolder": "Order API", "idFieldOfPath": "id",
                    "generateAPIs": ["list", "pagination", "view", "create", "update", "delete"]}))).await;
    assert_eq!((status, body), (204, Value::Null));
    let (_, tree) = send(&http, &token, Method::GET, format!("{api}/apis"), None).await;
    let folder = &tree[0];
    assert_eq!(folder["name"], "Order API");
    assert_eq!(folder["enabled"], false);
    let children = folder["children"].as_array().unwrap();
    let by_name = |name: &str| {
        children
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
    };

    let list = by_name("Fetch Order records list");
    assert_eq!(list["path"], "/Order/list");
    assert_eq!(list["meta"]["auth"], false);
    assert_eq!(list["meta"]["execution"]["operationName"], "MyListQuery");
    assert_eq!(
        list["meta"]["execution"]["query"],
        "query MyListQuery( $where: shop_Order_bool_exp) {\n  list: shop_list_Order(where: $where) {\n    id\n    title\n    amount\n  }\n}\n"
    );
    let page = by_name("Fetch a paginated Order records list");
    assert_eq!(page["path"], "/Order/page");
    let q = page["meta"]["execution"]["query"].as_str().unwrap();
    assert!(
        q.contains("list: shop_list_Order(where: $where, page: $page, size: $size)"),
        "{q}"
    );
    assert!(
        q.contains("total: shop_aggregate_Order(where: $where) @transform(get: \"_count\")"),
        "{q}"
    );
    let view = by_name("Fetch a single Order record");
    assert_eq!(
        (view["method"].as_str(), view["path"].as_str()),
        (Some("GET"), Some("/Order/{id}"))
    );
    assert_eq!(
        view["meta"]["execution"]["query"],
        "query MyViewQuery( $id: Int ) {\n  shop_find_one_Order(where: {id: {_eq: $id} }) {\n    id\n    title\n    amount\n  }\n}\n"
    );
    let create = by_name("Create Order record");
    assert_eq!(
        (create["method"].as_str(), create["path"].as_str()),
        (Some("POST"), Some("/Order"))
    );
    assert_eq!(
        create["meta"]["execution"]["query"],
        "mutation MyCreateMutation(\n$id: ID, $title: String, $amount: Float) {\n  shop_create_Order(\n    data: {id: $id, title: $title, amount: $amount }) {\n    id\n    title\n    amount\n  }\n}\n"
    );
    let update = by_name("Update Order record");
    assert_eq!(update["method"], "PUT");
    let q = update["meta"]["execution"]["query"].as_str().unwrap();
    assert!(
        q.starts_with("mutation MyUpdateMutation(\n$id: Int, $title: String, $amount: Float) {"),
        "{q}"
    );
    assert!(q.contains("shop_update_Order(\n  where: {id: {_eq: $id} }, \n    _set: {title: $title, amount: $amount}"), "{q}");
    let delete = by_name("Delete Order record");
    assert_eq!(delete["method"], "DELETE");
    assert_eq!(
        delete["meta"]["execution"]["query"],
        "mutation MyDeleteMutation(\n$id: Int) {\n  shop_delete_Order(where: {id: {_eq: $id} } ) {\n    affected_rows\n  }\n}\n"
    );
    // Each generated definition has its creation snapshot.
    let id = delete["id"].as_str().unwrap();
    let (_, histories) = send(
        &http,
        &token,
        Method::GET,
        format!("{api}/apis/{id}/histories"),
        None,
    )
    .await;
    assert_eq!(histories.as_array().unwrap().len(), 1);
    assert_eq!(histories[0]["path"], "/Order/{id}");
}
