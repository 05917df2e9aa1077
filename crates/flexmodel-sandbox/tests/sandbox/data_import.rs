//! `POST …/datasources/{ds}/import` over HTTP, in both forms: models made, rows inserted
//! through the records' create path (defaults filled) and read back through the records API;
//! the same script twice; all or nothing when SQLite refuses a row half way; the refusals.

use crate::data_support;

use data_support::{columns, console, Console};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn new_datasource(c: &Console, name: &str) {
    let (status, body) = c
        .post(
            "/datasources",
            json!({"name": name, "config": {"dbKind": "sqlite"}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn import(c: &Console, ds: &str, body: Value) -> (StatusCode, Value) {
    c.post(&format!("/datasources/{ds}/import"), body).await
}

async fn records(c: &Console, ds: &str, model: &str) -> Vec<Value> {
    let page = c
        .ok(&format!(
            "/datasources/{ds}/models/{model}/records?size=100"
        ))
        .await;
    page["list"].as_array().unwrap().clone()
}

fn shop() -> Value {
    json!({
        "objects": [
            {"type": "enum", "name": "Colour", "elements": ["RED", "GREEN"]},
            {"type": "entity", "name": "Item", "comment": "商品", "fields": [
                {"name": "id", "type": "Long", "identity": true,
                 "defaultValue": {"type": "generated", "name": "autoIncrement"}},
                {"name": "sku", "type": "String", "length": 16, "unique": true},
                {"name": "colour", "type": "EnumRef", "from": "Colour"},
                {"name": "stock", "type": "Int", "defaultValue": {"type": "fixed", "value": 7}},
                {"name": "ref", "type": "String", "defaultValue": {"type": "generated", "name": "uuid"}},
            ], "indexes": [{"name": "IDX_ITEM_SKU", "fields": [{"fieldName": "sku"}]}]},
            {"type": "native_query", "name": "Stocked", "statement": "select * from Item where stock > ${n}"},
        ],
        "data": [
            {"modelName": "Item", "values": [
                {"sku": "A-1", "colour": "RED"},
                {"sku": "A-2", "colour": "GREEN", "stock": 3},
            ]},
        ],
    })
}

#[tokio::test]
async fn the_json_form_makes_models_and_rows_with_their_defaults() {
    let c = console().await;
    new_datasource(&c, "shop").await;
    let script = shop().to_string();
    let (status, body) = import(&c, "shop", json!({"script": script, "type": "JSON"})).await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(body, Value::Null);

    // The entity and the enum are models (the native query is skipped, as the server's import
    // does); the entity is a table.
    let models = c.ok("/datasources/shop/models").await;
    let names: Vec<&str> = models
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Colour", "Item"]);
    assert!(models[1]["idl"]
        .as_str()
        .unwrap()
        .starts_with("model Item {"));
    let conn = rusqlite::Connection::open(c.file("default", "shop")).unwrap();
    let cols: Vec<String> = columns(&conn, "Item").into_iter().map(|c| c.0).collect();
    assert_eq!(cols, ["id", "sku", "colour", "stock", "ref"]);

    // The rows, read through the records API, with the defaults filled in.
    let rows = records(&c, "shop", "Item").await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], 1);
    assert_eq!(rows[0]["sku"], "A-1");
    assert_eq!(rows[0]["colour"], "RED");
    assert_eq!(rows[0]["stock"], 7, "a fixed default");
    assert_eq!(rows[1]["stock"], 3, "a given value");
    for r in &rows {
        let uuid = r["ref"].as_str().unwrap();
        assert_eq!(uuid.len(), 36, "a generated uuid: {r}");
    }
    assert_ne!(rows[0]["ref"], rows[1]["ref"]);

    // `type` defaults to JSON; rows may go into a model the datasource already has.
    let more = json!({"data": [{"modelName": "Item", "values": [{"sku": "B-1"}]}]});
    let (status, body) = import(&c, "shop", json!({"script": more.to_string()})).await;
    assert_eq!(status, 204, "{body}");
    let rows = records(&c, "shop", "Item").await;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2]["sku"], "B-1");
    assert_eq!(rows[2]["id"], 3);
}

#[tokio::test]
async fn the_idl_form_makes_models_resolved_against_the_datasource() {
    let c = console().await;
    let script = "model Prize {\n  id : Long @id @default(autoIncrement()),\n  \
                  title : String @length(\"40\"),\n  gender? : UserGender,\n  \
                  @comment(\"奖项\"),\n}\nenum Level { GOLD, SILVER }";
    let (status, body) = import(&c, "system", json!({"script": script, "type": "IDL"})).await;
    assert_eq!(status, 204, "{body}");
    let prize = c.ok("/datasources/system/models/Prize").await;
    assert_eq!(prize["comment"], "奖项");
    assert_eq!(prize["fields"][1]["length"], 40);
    assert_eq!(prize["fields"][1]["nullable"], false);
    assert_eq!(prize["fields"][2]["from"], "UserGender");
    assert_eq!(
        c.ok("/datasources/system/models/Level").await["elements"],
        json!(["GOLD", "SILVER"])
    );
    let cols = columns(&c.system_db(), "Prize");
    assert_eq!(
        cols,
        [
            ("id".to_owned(), "INTEGER".to_owned(), false, 1),
            ("title".to_owned(), "VARCHAR(40)".to_owned(), true, 0),
            ("gender".to_owned(), "VARCHAR(255)".to_owned(), false, 0),
        ]
    );
    // The records API writes into it.
    let (status, rec) = c
        .post(
            "/datasources/system/models/Prize/records",
            json!({"title": "Best", "gender": "MALE"}),
        )
        .await;
    assert_eq!(status, 200, "{rec}");
    assert_eq!(rec, json!({"id": 1, "title": "Best", "gender": "MALE"}));

    // The same script again changes nothing and is no error (the server skips a model whose
    // IDL is the same).
    let (status, body) = import(&c, "system", json!({"script": script, "type": "IDL"})).await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(records(&c, "system", "Prize").await.len(), 1);

    // An enum that differs replaces the old one; an entity that differs is refused, naming it.
    let (status, body) = import(
        &c,
        "system",
        json!({"script": "enum Level { GOLD, SILVER, BRONZE }", "type": "IDL"}),
    )
    .await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(
        c.ok("/datasources/system/models/Level").await["elements"],
        json!(["GOLD", "SILVER", "BRONZE"])
    );
    let (status, body) = import(
        &c,
        "system",
        json!({"script": "model Prize { id : Long @id, extra? : Int }", "type": "IDL"}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("'Prize'"),
        "{body}"
    );
    assert_eq!(c.ok("/datasources/system/models/Prize").await, prize);
}

#[tokio::test]
async fn a_failure_half_way_leaves_nothing_behind() {
    let c = console().await;
    let before = c.ok("/datasources/system/models").await;
    // A new entity, an enum replaced, rows into the new entity and into Student, and then a
    // row SQLite refuses (the unique sku again): nothing of it stays.
    let script = json!({
        "objects": [
            {"type": "enum", "name": "UserGender", "elements": ["X"]},
            {"type": "entity", "name": "Tag", "fields": [
                {"name": "id", "type": "Long", "identity": true,
                 "defaultValue": {"type": "generated", "name": "autoIncrement"}},
                {"name": "sku", "type": "String", "unique": true},
            ]},
        ],
        "data": [
            {"modelName": "Student", "values": [{"studentName": "Imported"}]},
            {"modelName": "Tag", "values": [{"sku": "t1"}, {"sku": "t2"}, {"sku": "t1"}]},
        ],
    });
    let (status, body) = import(&c, "system", json!({"script": script.to_string()})).await;
    assert_eq!(status, 500, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.starts_with("Tag: record 3: "), "{message}");
    assert!(message.contains("UNIQUE constraint failed"), "{message}");

    assert_eq!(c.ok("/datasources/system/models").await, before);
    let conn = c.system_db();
    let tag_tables: i64 = conn
        .query_row(
            "select count(*) from sqlite_master where name = 'Tag'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tag_tables, 0);
    let (_, page) = c
        .records(
            "Student",
            &[("filter", json!({"studentName": "Imported"}).to_string())],
        )
        .await;
    assert_eq!(page["total"], 0);
    let (_, page) = c.records("Student", &[]).await;
    assert_eq!(page["total"], 60);

    // Rows for a model that does not exist: the server's 500, and nothing kept either.
    let script = json!({
        "objects": [{"type": "enum", "name": "Mood", "elements": ["OK"]}],
        "data": [{"modelName": "Nope", "values": [{"a": 1}]}],
    });
    let (status, body) = import(&c, "system", json!({"script": script.to_string()})).await;
    assert_eq!(status, 500);
    assert_eq!(body["message"], "Model not found: Nope");
    assert_eq!(c.ok("/datasources/system/models").await, before);
}

#[tokio::test]
async fn bad_scripts_are_refused_with_the_servers_answers() {
    let c = console().await;
    let (status, body) = import(&c, "system", json!({"script": "  ", "type": "IDL"})).await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"]["script"], "must not be blank");
    let (status, body) = import(&c, "system", json!({"type": "JSON"})).await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"]["script"], "must not be blank");

    let (status, body) = import(&c, "system", json!({"script": "{}", "type": "XML"})).await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], -1);
    assert!(body["message"].as_str().unwrap().contains("XML"), "{body}");

    let (status, body) = import(&c, "system", json!({"script": "model X {", "type": "IDL"})).await;
    assert_eq!(status, 500);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("IDL parsing failed: IDL格式有误: line 1, column 10"),
        "{body}"
    );

    let (status, body) = import(&c, "system", json!({"script": "not json", "type": "JSON"})).await;
    assert_eq!(status, 500);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("The import script is not JSON"),
        "{body}"
    );

    let (status, body) = import(
        &c,
        "nowhere",
        json!({"script": "enum E { A }", "type": "IDL"}),
    )
    .await;
    assert_eq!(status, 500);
    assert_eq!(body["message"], "Datasource not found: nowhere");
    // Nothing of these made a model.
    let names: Vec<String> = c
        .ok("/datasources/system/models")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "UserGender",
            "Classes",
            "Student",
            "StudentsOlderThan",
            "Product"
        ]
    );
}
