//! Datasources: CRUD as the server answers it, validate / physics names / sync on a real SQLite
//! file made by the test, and the seed's contents.

use crate::data_support;

use data_support::{console, console_with};
use flexmodel_sandbox::SandboxConfig;
use reqwest::Method;
use serde_json::{json, Value};

/// A user's own SQLite database with two tables and some rows.
fn user_database(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("shop.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL, email TEXT UNIQUE,
             balance DECIMAL(10,2), vip BOOLEAN, joined DATETIME, born DATE, meta JSON, visits INT);
         CREATE INDEX IDX_CUSTOMER_NAME ON customer (name DESC);
         CREATE TABLE orders (no TEXT PRIMARY KEY, customer_id BIGINT, total REAL);
         INSERT INTO customer (name, email, balance, vip, joined, born, meta, visits) VALUES
             ('Ann', 'ann@x.org', 10.5, 1, '2024-01-02T03:04:05', '1990-01-01', '{\"k\":1}', 3),
             ('Ben', 'ben@x.org', 0, 0, NULL, NULL, NULL, 0);
         INSERT INTO orders VALUES ('A-1', 1, 99.5);",
    )
    .unwrap();
    path
}

fn sqlite(path: &std::path::Path) -> Value {
    json!({"dbKind": "sqlite", "url": format!("jdbc:sqlite:{}", path.display())})
}

#[tokio::test]
async fn validate_and_physics_names_really_open_the_file() {
    let c = console().await;
    let dir = tempfile::tempdir().unwrap();
    let path = user_database(dir.path());

    let (status, v) = c
        .post(
            "/datasources/validate",
            json!({"name": "shop", "config": sqlite(&path)}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (v["success"].as_bool(), v["errorMsg"].as_str()),
        (Some(true), Some("ok"))
    );
    assert!(v["time"].is_u64());

    let missing = dir.path().join("absent.db");
    let (_, v) = c
        .post("/datasources/validate", json!({"config": sqlite(&missing)}))
        .await;
    assert_eq!(v["success"], false);
    assert!(v["errorMsg"].as_str().unwrap().contains("absent.db"), "{v}");
    assert!(!missing.exists(), "validate never creates a file");

    let mysql = json!({"dbKind": "mysql", "url": "jdbc:mysql://db:3306/x", "username": "u", "password": "p"});
    let (_, v) = c
        .post("/datasources/validate", json!({"config": mysql}))
        .await;
    assert_eq!(v["success"], false);
    assert_eq!(
        v["errorMsg"],
        "the sandbox connects only to sqlite databases"
    );
    assert!(v["time"].is_u64());

    let (status, names) = c
        .post(
            "/datasources/physics/names",
            json!({"config": sqlite(&path)}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(names, json!(["customer", "orders"]));
    assert_eq!(
        c.post("/datasources/physics/names", json!({"config": mysql}))
            .await
            .1,
        json!([])
    );
    assert_eq!(
        c.post(
            "/datasources/physics/names",
            json!({"config": sqlite(&missing)})
        )
        .await
        .1,
        json!([])
    );
}

#[tokio::test]
async fn a_user_datasource_on_a_file_syncs_its_tables_into_models() {
    let c = console().await;
    let dir = tempfile::tempdir().unwrap();
    let path = user_database(dir.path());
    let (status, ds) = c
        .post(
            "/datasources",
            json!({"name": "shop", "type": "SYSTEM", "config": sqlite(&path)}),
        )
        .await;
    assert_eq!(status, 200, "{ds}");
    assert_eq!(ds["type"], "USER", "created ones are USER");
    assert_eq!(ds["enabled"], true);
    assert!(ds["createdAt"].as_str().unwrap().len() == 19);
    let (status, body) = c
        .post(
            "/datasources",
            json!({"name": "shop", "config": sqlite(&path)}),
        )
        .await;
    assert_eq!(status, 500, "a duplicate name: {body}");
    let names: Vec<Value> = c
        .ok("/datasources")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].clone())
        .collect();
    assert_eq!(names, [json!("system"), json!("shop")]);

    let (status, models) = c
        .post("/datasources/shop/sync", json!(["customer", "orders"]))
        .await;
    assert_eq!(status, 200, "{models}");
    let customer = &models[0];
    assert_eq!(customer["name"], "customer");
    let types: Vec<(&str, &str)> = customer["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        types,
        [
            ("id", "Long"),
            ("name", "String"),
            ("email", "String"),
            ("balance", "Float"),
            ("vip", "Boolean"),
            ("joined", "DateTime"),
            ("born", "Date"),
            ("meta", "JSON"),
            ("visits", "Int")
        ]
    );
    let f = |name: &str| {
        customer["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(f("id")["identity"], true);
    assert_eq!(
        (
            f("name")["nullable"].as_bool(),
            f("name")["length"].as_u64()
        ),
        (Some(false), Some(80))
    );
    assert_eq!(f("email")["unique"], true);
    assert_eq!(
        customer["indexes"],
        json!([{"name": "IDX_CUSTOMER_NAME", "modelName": "customer", "unique": false,
        "fields": [{"fieldName": "name", "direction": "DESC"}]}])
    );
    assert_eq!(
        models[1]["fields"][0],
        json!({"name": "no", "type": "String", "identity": true, "length": 255,
        "modelName": "orders", "nullable": false, "unique": false})
    );
    let kept: Vec<Value> = c
        .ok("/datasources/shop/models")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].clone())
        .collect();
    assert_eq!(kept, [json!("customer"), json!("orders")]);

    // Its records are the file's rows, and a new one lands in the file.
    let (status, page) = c.get("/datasources/shop/models/customer/records").await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 2);
    assert_eq!(page["list"][0]["meta"], json!({"k": 1}));
    assert_eq!(page["list"][0]["vip"], true);
    assert_eq!(page["list"][0]["balance"], 10.5);
    let (status, r) = c
        .post(
            "/datasources/shop/models/customer/records",
            json!({"name": "Cy", "visits": 1}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["id"], 3);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM customer WHERE id = 3", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Cy");
    assert_eq!(
        c.ok("/datasources/shop/models/orders/records/A-1").await["total"],
        99.5
    );

    let (status, body) = c.post("/datasources/shop/sync", json!(["ghost"])).await;
    assert_eq!(status, 500);
    assert!(body["message"].as_str().unwrap().contains("ghost"));

    // Disabled, it leaves the list; deleted, its models go but the user's file stays.
    let (status, ds) = c
        .call(
            Method::PUT,
            "/datasources/shop",
            Some(json!({"enabled": false, "config": sqlite(&path)})),
        )
        .await;
    assert_eq!(
        (status.as_u16(), ds["enabled"].as_bool()),
        (200, Some(false))
    );
    assert_eq!(c.ok("/datasources").await.as_array().unwrap().len(), 1);
    let (status, body) = c.call(Method::DELETE, "/datasources/shop", None).await;
    assert_eq!((status.as_u16(), body), (204, Value::Null));
    assert!(path.exists());
    assert_eq!(c.get("/datasources/shop/models").await.0, 500);
}

#[tokio::test]
async fn system_datasources_cannot_be_edited_and_bad_names_are_refused() {
    let c = console().await;
    let (status, body) = c
        .call(
            Method::PUT,
            "/datasources/system",
            Some(json!({"config": {"dbKind": "mysql"}})),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        (body["code"].as_i64(), body["success"].as_bool()),
        (Some(400), Some(false))
    );
    assert_eq!(
        c.call(Method::DELETE, "/datasources/system", None).await.0,
        400
    );
    let (status, body) = c
        .call(Method::PUT, "/datasources/ghost", Some(json!({})))
        .await;
    assert_eq!(status, 500);
    assert_eq!(body["message"], "Datasource not found: ghost");

    let (status, body) = c
        .post(
            "/datasources",
            json!({"name": "../escape", "config": {"dbKind": "sqlite"}}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = c.post("/datasources", json!({"config": {}})).await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"]["name"], "must not be blank");

    // A datasource of another kind keeps its models in the sandbox's own file for it.
    let (status, _) = c.post("/datasources", json!({"name": "pg", "config": {"dbKind": "postgresql", "url": "jdbc:postgresql://h/db"}})).await;
    assert_eq!(status, 200);
    let (status, m) = c
        .post("/datasources/pg/models", json!({"name": "Note", "fields": [{"name": "id", "type": "String", "identity": true,
            "defaultValue": {"type": "generated", "name": "uuid"}}, {"name": "body", "type": "String"}]}))
        .await;
    assert_eq!(status, 200, "{m}");
    let (_, r) = c
        .post("/datasources/pg/models/Note/records", json!({"body": "hi"}))
        .await;
    let id = r["id"].as_str().unwrap().to_owned();
    assert_eq!(
        c.ok(&format!("/datasources/pg/models/Note/records/{id}"))
            .await["body"],
        "hi"
    );
    assert!(c.file("default", "pg").exists());
    c.call(Method::DELETE, "/datasources/pg", None).await;
    assert!(
        !c.file("default", "pg").exists(),
        "the sandbox's own file goes with it"
    );
}

#[tokio::test]
async fn the_seed_has_the_demo_models_and_records() {
    let mut c = console_with(SandboxConfig {
        bulk_records: 1000,
        ..SandboxConfig::default()
    })
    .await;
    let ds = c.ok("/datasources").await;
    assert_eq!(ds[0]["name"], "system");
    assert_eq!(ds[0]["type"], "SYSTEM");
    assert_eq!(ds[0]["config"]["dbKind"], "sqlite");
    assert!(c.file("default", "system").exists());

    let models = c.ok("/datasources/system/models").await;
    let kinds: Vec<(&str, &str)> = models
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap(), m["type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("UserGender", "enum"),
            ("Classes", "entity"),
            ("Student", "entity"),
            ("StudentsOlderThan", "native_query"),
            ("Product", "entity")
        ]
    );
    assert_eq!(models[0]["elements"], json!(["UNKNOWN", "MALE", "FEMALE"]));
    let classes = &models[1];
    assert_eq!(classes["comment"], "班级");
    assert_eq!(classes["indexes"][0]["name"], "IDX_CLASS_CODE");
    let students = classes["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "students")
        .unwrap();
    assert_eq!(
        (
            students["from"].as_str(),
            students["multiple"].as_bool(),
            students["cascadeDelete"].as_bool()
        ),
        (Some("Student"), Some(true), Some(true))
    );
    let mut types: Vec<&str> = models[2]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["type"].as_str().unwrap())
        .collect();
    types.sort();
    types.dedup();
    assert_eq!(
        types,
        [
            "Boolean", "Date", "DateTime", "EnumRef", "Float", "Int", "JSON", "Long", "Relation",
            "String", "Time"
        ]
    );
    assert_eq!(
        models[3]["statement"],
        "select * from Student where age > ${age}"
    );

    assert_eq!(c.records("Classes", &[]).await.1["total"], 5);
    assert_eq!(c.records("Student", &[]).await.1["total"], 60);
    assert_eq!(c.records("Product", &[]).await.1["total"], 1000);
    let s = c.ok("/datasources/system/models/Student/records/1").await;
    assert_eq!(s["studentName"], "Student 01");
    assert_eq!(s["gender"], "MALE");

    c.project = "dev_test".into();
    let ds = c.ok("/datasources").await;
    assert_eq!(ds.as_array().unwrap().len(), 1);
    assert_eq!(ds[0]["name"], "dev");
    let (_, todos) = c.get("/datasources/dev/models/Todo/records").await;
    assert_eq!(todos["total"], 3);
    assert_eq!(todos["list"][0]["done"], false);
    assert!(c.file("dev_test", "dev").exists());
}
