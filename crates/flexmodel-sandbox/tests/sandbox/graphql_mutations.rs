//! GraphQL mutations over HTTP, each seen through the REST records routes: create, update and
//! delete by filter, update and delete by id; the query and mutation counters of
//! `metrics/fm`; the schema following models created and changed through REST; and the
//! GraphQL texts `POST /f/apis/generate` writes, run as they are.

use crate::data_support;

use data_support::{console, Console};
use reqwest::Method;
use serde_json::{json, Value};

async fn gql(c: &Console, query: &str, variables: Value) -> Value {
    let (status, body) = c
        .post("/graphql", json!({"query": query, "variables": variables}))
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

fn data(body: Value) -> Value {
    assert_eq!(body["errors"], json!([]), "{body}");
    assert_eq!(body["dataPresent"], true, "{body}");
    body["data"].clone()
}

const CLASSES: &str = "/datasources/system/models/Classes/records";

async fn fm(c: &Console) -> (u64, u64) {
    let fm = c.ok("/metrics/fm").await;
    (
        fm["queryCount"].as_u64().unwrap(),
        fm["mutationCount"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn mutations_change_records_that_rest_then_shows() {
    let c = console().await;
    let (q0, m0) = fm(&c).await;

    // Create: the stored record, with its generated id and defaults.
    let created = data(
        gql(
            &c,
            r#"mutation New($data: system_Student_insert_input) {
                 system_create_Student(data: $data) { id studentName gender age active studentNo }
               }"#,
            json!({"data": {"studentName": "Ada", "gender": "FEMALE", "age": 12, "classId": 2}}),
        )
        .await,
    )["system_create_Student"]
        .clone();
    assert_eq!(created["id"], "61");
    assert_eq!(created["gender"], "FEMALE");
    assert_eq!(created["active"], true, "the default");
    assert!(created["studentNo"].as_str().unwrap().len() == 36);
    let rest = c.ok("/datasources/system/models/Student/records/61").await;
    assert_eq!(rest["studentName"], "Ada");
    assert_eq!(rest["age"], 12);
    assert_eq!(rest["studentClass"]["classCode"], "C02");

    // Update by filter: only the _set fields, on every match.
    let updated = data(
        gql(
            &c,
            r#"mutation { system_update_Student(where: {classId: {_eq: 5}, age: {_gte: 15}},
                                                _set: {active: false, score: 99.5}) { affected_rows } }"#,
            json!({}),
        )
        .await,
    );
    let (_, list) = c
        .records(
            "Student",
            &[
                (
                    "filter",
                    json!({"classId": 5, "age": {"_gte": 15}}).to_string(),
                ),
                ("size", "100".into()),
            ],
        )
        .await;
    let matched = list["list"].as_array().unwrap();
    assert!(!matched.is_empty());
    assert_eq!(
        updated["system_update_Student"]["affected_rows"],
        matched.len()
    );
    assert!(matched
        .iter()
        .all(|s| s["active"] == false && s["score"] == 99.5));
    let names: Vec<&Value> = matched.iter().map(|s| &s["studentName"]).collect();
    let mut unique = names.clone();
    unique.dedup();
    assert_eq!(names.len(), unique.len(), "names kept, not copied");

    // Update by id: merged, the record after; a missing id answers null.
    let by_id = data(
        gql(
            &c,
            r#"mutation { a: system_update_Student_by_id(id: 61, _set: {age: 13}) { id age studentName }
                          b: system_update_Student_by_id(id: "999", _set: {age: 1}) { id } }"#,
            json!({}),
        )
        .await,
    );
    assert_eq!(
        by_id["a"],
        json!({"id": "61", "age": 13, "studentName": "Ada"})
    );
    assert_eq!(by_id["b"], Value::Null);
    let rest = c.ok("/datasources/system/models/Student/records/61").await;
    assert_eq!(rest["age"], 13);
    assert_eq!(rest["gender"], "FEMALE");

    // Delete by id: the record as it was; then REST has none (204).
    let gone = data(
        gql(
            &c,
            "mutation { system_delete_Student_by_id(id: 61) { id studentName } }",
            json!({}),
        )
        .await,
    );
    assert_eq!(
        gone["system_delete_Student_by_id"],
        json!({"id": "61", "studentName": "Ada"})
    );
    let (status, _) = c.get("/datasources/system/models/Student/records/61").await;
    assert_eq!(status, 204);

    // Delete by filter: affected_rows, and the records are gone.
    let deleted = data(
        gql(
            &c,
            r#"mutation D($w: system_Student_bool_exp!) { system_delete_Student(where: $w) { affected_rows } }"#,
            json!({"w": {"studentName": {"_in": ["Student 01", "Student 02", "nobody"]}}}),
        )
        .await,
    );
    assert_eq!(deleted["system_delete_Student"]["affected_rows"], 2);
    let (_, left) = c
        .records(
            "Student",
            &[(
                "filter",
                json!({"studentName": {"_in": ["Student 01", "Student 02"]}}).to_string(),
            )],
        )
        .await;
    assert_eq!(left["total"], 0);
    let (status, _) = c.get("/datasources/system/models/Student/records/1").await;
    assert_eq!(status, 204);

    // A mutation the data module refuses answers its message.
    let refused = gql(
        &c,
        r#"mutation { system_create_Classes(data: {classCode: "C01", className: "again"}) { id } }"#,
        json!({}),
    )
    .await;
    assert_eq!(refused["dataPresent"], true);
    assert_eq!(refused["data"]["system_create_Classes"], Value::Null);
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("UNIQUE"),
        "{refused}"
    );

    // Counted: six mutation requests so far (two fields in one request count once); then a
    // query.
    data(gql(&c, "{ system_list_Classes { id } }", json!({})).await);
    let (q1, m1) = fm(&c).await;
    assert_eq!(m1 - m0, 6);
    assert_eq!(q1 - q0, 1);
}

#[tokio::test]
async fn the_schema_follows_models_created_and_changed_through_rest() {
    let c = console().await;
    let before = gql(&c, "{ system_list_Book { id title } }", json!({})).await;
    assert_eq!(before["dataPresent"], false, "{before}");

    let (status, body) = c
        .post(
            "/datasources/system/models",
            json!({"type": "entity", "name": "Book", "fields": [
                {"name": "id", "type": "Long", "identity": true,
                 "defaultValue": {"type": "generated", "name": "autoIncrement"}},
                {"name": "title", "type": "String"},
            ]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let made = data(
        gql(
            &c,
            r#"mutation { system_create_Book(data: {title: "Dune"}) { id title } }"#,
            json!({}),
        )
        .await,
    );
    assert_eq!(
        made["system_create_Book"],
        json!({"id": "1", "title": "Dune"})
    );
    let (_, rest) = c.get("/datasources/system/models/Book/records").await;
    assert_eq!(rest["list"][0]["title"], "Dune");

    // A new field shows at once.
    let missing = gql(&c, "{ system_list_Book { pages } }", json!({})).await;
    assert_eq!(missing["dataPresent"], false);
    let (status, body) = c
        .post(
            "/datasources/system/models/Book/fields",
            json!({"name": "pages", "type": "Int"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let with_pages = data(
        gql(
            &c,
            r#"mutation { system_update_Book(where: {title: {_eq: "Dune"}}, _set: {pages: 412}) { affected_rows } }"#,
            json!({}),
        )
        .await,
    );
    assert_eq!(with_pages["system_update_Book"]["affected_rows"], 1);
    let listed = data(
        gql(
            &c,
            "{ system_list_Book(where: {pages: {_gt: 400}}) { title pages } }",
            json!({}),
        )
        .await,
    );
    assert_eq!(
        listed["system_list_Book"],
        json!([{"title": "Dune", "pages": 412}])
    );

    // A deleted model is gone from the schema.
    let (status, _) = c
        .call(Method::DELETE, "/datasources/system/models/Book", None)
        .await;
    assert_eq!(status, 204);
    let after = gql(&c, "{ system_list_Book { id } }", json!({})).await;
    assert_eq!(after["dataPresent"], false);
}

/// The generated APIs of `model`: (path, method) → (operation name, query).
async fn generated(c: &Console, model: &str) -> Vec<(String, String, String, String)> {
    let (status, body) = c
        .post(
            "/apis/generate",
            json!({"datasourceName": "system", "modelName": model,
                   "apiFolder": format!("{model} APIs"), "idFieldOfPath": "id",
                   "generateAPIs": ["list", "pagination", "view", "create", "update", "delete"]}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let tree = c.ok("/apis").await;
    let folder = tree
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == format!("{model} APIs"))
        .unwrap();
    folder["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|api| {
            let e = &api["meta"]["execution"];
            (
                api["path"].as_str().unwrap().to_owned(),
                api["method"].as_str().unwrap().to_owned(),
                e["operationName"].as_str().unwrap().to_owned(),
                e["query"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn run(c: &Console, operation: &str, query: &str, variables: Value) -> Value {
    let (status, body) = c
        .post(
            "/graphql",
            json!({"operationName": operation, "query": query, "variables": variables}),
        )
        .await;
    assert_eq!(status, 200);
    data(body)
}

#[tokio::test]
async fn the_generated_graphql_texts_run() {
    let c = console().await;
    let apis = generated(&c, "Classes").await;
    assert_eq!(apis.len(), 6);
    let api = |path: &str, method: &str| {
        apis.iter()
            .find(|a| a.0 == path && a.1 == method)
            .map(|a| (a.2.clone(), a.3.clone()))
            .unwrap_or_else(|| panic!("no {method} {path} in {apis:?}"))
    };

    let (op, q) = api("/Classes/list", "GET");
    let list = run(&c, &op, &q, json!({})).await;
    assert_eq!(list["list"].as_array().unwrap().len(), 5);
    assert_eq!(list["list"][0]["classCode"], "C01");

    let (op, q) = api("/Classes/page", "GET");
    let page = run(&c, &op, &q, json!({"page": 2, "size": 2})).await;
    assert_eq!(page["total"], 5, "@transform took the count out: {page}");
    assert_eq!(page["list"][0]["classCode"], "C03");

    // Path parameters arrive as text: numeric text for an Int variable is a number.
    let (op, q) = api("/Classes/{id}", "GET");
    let view = run(&c, &op, &q, json!({"id": "4"})).await;
    assert_eq!(view["system_find_one_Classes"]["classCode"], "C04");

    let (op, q) = api("/Classes", "POST");
    let created = run(
        &c,
        &op,
        &q,
        json!({"classCode": "C06", "className": "Class F"}),
    )
    .await;
    assert_eq!(created["system_create_Classes"]["id"], "6");
    assert_eq!(c.ok(&format!("{CLASSES}/6")).await["className"], "Class F");

    let (op, q) = api("/Classes/{id}", "PUT");
    let updated = run(
        &c,
        &op,
        &q,
        json!({"id": "6", "classCode": "C06", "className": "Class F2"}),
    )
    .await;
    assert_eq!(updated["system_update_Classes"]["affected_rows"], 1);
    assert_eq!(c.ok(&format!("{CLASSES}/6")).await["className"], "Class F2");

    let (op, q) = api("/Classes/{id}", "DELETE");
    let deleted = run(&c, &op, &q, json!({"id": 6})).await;
    assert_eq!(deleted["system_delete_Classes"]["affected_rows"], 1);
    let (status, _) = c.get(&format!("{CLASSES}/6")).await;
    assert_eq!(status, 204);

    // The Student model's too, whose enum field is declared as the schema's enum type.
    let apis = generated(&c, "Student").await;
    let student = |path: &str, method: &str| {
        apis.iter()
            .find(|a| a.0 == path && a.1 == method)
            .map(|a| (a.2.clone(), a.3.clone()))
            .unwrap_or_else(|| panic!("no {method} {path} in {apis:?}"))
    };
    let (op, q) = student("/Student", "POST");
    let created = run(
        &c,
        &op,
        &q,
        json!({"studentName": "新同学", "gender": "FEMALE", "age": 12, "classId": 1}),
    )
    .await;
    let id = created["system_create_Student"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (op, q) = student("/Student/{id}", "PUT");
    let updated = run(
        &c,
        &op,
        &q,
        json!({"id": id, "studentName": "新同学", "gender": "MALE", "age": 13, "classId": 1}),
    )
    .await;
    assert_eq!(updated["system_update_Student"]["affected_rows"], 1);
    let stored = c
        .ok(&format!("/datasources/system/models/Student/records/{id}"))
        .await;
    assert_eq!(
        (&stored["gender"], &stored["age"]),
        (&json!("MALE"), &json!(13))
    );
    let (op, q) = student("/Student/{id}", "DELETE");
    run(&c, &op, &q, json!({"id": id})).await;

    for (path, method, op, q) in apis.clone() {
        if method != "GET" {
            continue;
        }
        let vars = match path.as_str() {
            "/Student/{id}" => json!({"id": "9"}),
            _ => json!({"where": {"classId": {"_eq": 1}}}),
        };
        let out = run(&c, &op, &q, vars).await;
        match path.as_str() {
            "/Student/{id}" => {
                assert_eq!(out["system_find_one_Student"]["studentName"], "Student 09")
            }
            "/Student/page" => {
                assert_eq!(out["total"], 12);
                assert_eq!(out["list"].as_array().unwrap().len(), 10);
            }
            _ => assert_eq!(out["list"].as_array().unwrap().len(), 12),
        }
    }
}
