//! `models/idl/execute` over HTTP: the server's example text made into models and tables,
//! errors with the IDL crate's messages, all or nothing, and the IDL round trip (a datasource's
//! models printed, executed into another datasource, read back equal).

use crate::data_support;

use data_support::{columns, console, indexes, Console};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The IDL the server prints, from flexmodel-server.md.
const SERVER_EXAMPLE: &str = r#"model Classes {
  id : Long @id @default(autoIncrement()),
  classCode? : String @length("255"),
  students? : Student[] @relation(localField: "id", foreignField: "classId", cascadeDelete: "true"),
  @comment("班级"),
  @index(name: "IDX_CLASS_CODE", unique: "false", fields: [classCode]),
}
enum UserGender {
  UNKNOWN,
  MALE,
  FEMALE,
}"#;

async fn new_datasource(c: &Console, name: &str) {
    let (status, body) = c
        .post(
            "/datasources",
            json!({"name": name, "config": {"dbKind": "sqlite"}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn execute(c: &Console, ds: &str, idl: &str) -> (StatusCode, Value) {
    c.post(
        &format!("/datasources/{ds}/models/idl/execute"),
        json!({ "idl": idl }),
    )
    .await
}

fn names(models: &Value) -> Vec<&str> {
    models
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect()
}

fn tables(c: &Console, ds: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(c.file("default", ds)).unwrap();
    let mut stmt = conn
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn the_servers_example_becomes_models_and_a_table() {
    let c = console().await;
    new_datasource(&c, "school").await;
    // The example's relation names Student, which the datasource must have.
    let (status, body) = c
        .post(
            "/datasources/school/models",
            json!({"name": "Student", "fields": [
                {"name": "id", "type": "Long", "identity": true},
                {"name": "classId", "type": "Long"}]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let (status, answer) = execute(&c, "school", SERVER_EXAMPLE).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(names(&answer), ["Classes", "UserGender"]);
    let classes = &answer[0];
    assert_eq!(classes["type"], "entity");
    assert_eq!(classes["comment"], "班级");
    assert_eq!(classes["fields"][0]["identity"], true);
    assert_eq!(classes["fields"][1]["length"], 255);
    assert_eq!(classes["fields"][2]["from"], "Student");
    assert_eq!(classes["indexes"][0]["name"], "IDX_CLASS_CODE");
    // Each model answered carries its IDL, printed as the server prints it.
    let (classes_text, enum_text) = SERVER_EXAMPLE.split_at(SERVER_EXAMPLE.find("enum").unwrap());
    assert_eq!(classes["idl"], classes_text.trim_end());
    assert_eq!(answer[1]["idl"], enum_text);
    assert_eq!(answer[1]["elements"], json!(["UNKNOWN", "MALE", "FEMALE"]));

    // They are stored: GET answers the same, and the entity is a table with its index.
    let listed = c.ok("/datasources/school/models").await;
    assert_eq!(names(&listed), ["Student", "Classes", "UserGender"]);
    assert_eq!(c.ok("/datasources/school/models/Classes").await, *classes);
    let conn = rusqlite::Connection::open(c.file("default", "school")).unwrap();
    let cols: Vec<String> = columns(&conn, "Classes")
        .into_iter()
        .map(|(n, ..)| n)
        .collect();
    assert_eq!(cols, ["id", "classCode"]);
    assert_eq!(
        indexes(&conn, "Classes"),
        [("IDX_CLASS_CODE".to_owned(), false)]
    );

    // Records work on it, the relation included.
    let (status, class) = c
        .post(
            "/datasources/school/models/Classes/records",
            json!({"classCode": "C1"}),
        )
        .await;
    assert_eq!(status, 200, "{class}");
    assert_eq!(class["id"], 1);
}

#[tokio::test]
async fn errors_are_500s_with_the_idl_crates_message_and_create_nothing() {
    let c = console().await;
    new_datasource(&c, "e").await;
    let cases = [
        ("model X { a : }", "IDL格式有误: line 1, column 15"),
        (
            "model X { a : Foo }",
            "IDL格式有误: line 1, column 15: type `Foo` names no field type, enum or model",
        ),
        (
            "model Ok { id : Long @id }\nmodel X { a : Int @length(3) }",
            "IDL格式有误: line 2, column 20: @length does not apply to field `a` of type Int",
        ),
    ];
    for (text, message) in cases {
        let (status, body) = execute(&c, "e", text).await;
        assert_eq!(status, 500, "{text}: {body}");
        assert!(
            body["message"].as_str().unwrap().starts_with(message),
            "{text}: {body}"
        );
        assert_eq!(body["code"], -1);
    }
    assert_eq!(c.ok("/datasources/e/models").await, json!([]));
    assert!(tables(&c, "e").is_empty());

    let (status, body) = execute(&c, "nowhere", "enum E { A }").await;
    assert_eq!(status, 500);
    assert_eq!(body["message"], "Datasource not found: nowhere");
}

#[tokio::test]
async fn names_resolve_against_the_datasources_models() {
    let c = console().await;
    // Student and UserGender exist in `system`: a new model may use them without defining them.
    let (status, answer) = execute(
        &c,
        "system",
        "model Award {\n  id : Long @id @default(autoIncrement()),\n  winner : Long,\n  \
         gender? : UserGender,\n  student? : Student @relation(localField: \"winner\", foreignField: \"id\"),\n}",
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer[0]["fields"][2]["type"], "EnumRef");
    assert_eq!(answer[0]["fields"][2]["from"], "UserGender");
    assert_eq!(answer[0]["fields"][3]["from"], "Student");
    // …but not what another datasource has.
    new_datasource(&c, "other").await;
    let (status, body) = execute(&c, "other", "model A { g : UserGender }").await;
    assert_eq!(status, 500);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("type `UserGender` names no field type, enum or model"),
        "{body}"
    );
}

#[tokio::test]
async fn all_or_nothing_when_a_model_exists_or_sqlite_refuses_a_table() {
    let c = console().await;
    let before = c.ok("/datasources/system/models").await;
    // An entity whose name is taken: the server's 500 naming it, and the new model before it
    // is not kept.
    let (status, body) = execute(
        &c,
        "system",
        "model Fresh { id : Long @id }\nmodel Student { id : Long @id }",
    )
    .await;
    assert_eq!(status, 500, "{body}");
    assert_eq!(
        body["message"],
        "Model Student already exists in datasource system"
    );
    assert_eq!(c.ok("/datasources/system/models").await, before);
    assert!(!tables(&c, "system").contains(&"Fresh".to_owned()));

    // SQLite refuses the second table (a reserved name) after the first is made: both go, and
    // so does an enum replaced in the same text.
    let (status, body) = execute(
        &c,
        "system",
        "enum UserGender { ONLY }\nmodel Fresh { id : Long @id }\nmodel sqlite_bad { id : Long @id }",
    )
    .await;
    assert_eq!(status, 500, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("sqlite_bad"),
        "{body}"
    );
    assert_eq!(c.ok("/datasources/system/models").await, before);
    let t = tables(&c, "system");
    assert!(
        !t.iter().any(|t| t == "Fresh" || t == "sqlite_bad"),
        "{t:?}"
    );

    // An existing enum is replaced, as the server does.
    let (status, answer) = execute(&c, "system", "enum UserGender { A, B }").await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        c.ok("/datasources/system/models/UserGender").await["elements"],
        json!(["A", "B"])
    );
}

/// A model with the keys whose value is the default taken out (a missing key and a default
/// value mean the same to the server and the sandbox).
fn canonical(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(k, v)| {
                    !(v.is_null()
                        || (*k == "identity" && **v == false)
                        || (*k == "additionalProperties" && **v == json!({})))
                })
                .map(|(k, v)| (k.clone(), canonical(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

#[tokio::test]
async fn idl_round_trips_from_one_datasource_to_another() {
    let c = console().await;
    let seed = c.ok("/datasources/system/models").await;
    let printed: Vec<&str> = seed
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] != "native_query")
        .map(|m| m["idl"].as_str().unwrap())
        .collect();
    assert!(printed.iter().all(|t| !t.is_empty()));
    assert!(printed.iter().any(|t| t.starts_with("model Student {")));
    assert!(printed.iter().any(|t| t.starts_with("enum UserGender {")));

    new_datasource(&c, "copy").await;
    let (status, answer) = execute(&c, "copy", &printed.join("\n\n")).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer.as_array().unwrap().len(), printed.len());
    for m in seed.as_array().unwrap() {
        let name = m["name"].as_str().unwrap();
        if m["type"] == "native_query" {
            continue;
        }
        let copied = c.ok(&format!("/datasources/copy/models/{name}")).await;
        assert_eq!(copied["idl"], m["idl"], "{name}");
        let mut want = canonical(m);
        if m["type"] == "enum" {
            // The server's IDL has no comment for an enum: it does not travel.
            assert_eq!(want["comment"], "性别");
            want.as_object_mut().unwrap().remove("comment");
        }
        assert_eq!(canonical(&copied), want, "{name}");
        // The same columns in both files.
        if m["type"] == "entity" {
            let a = columns(&c.system_db(), name);
            let b = columns(
                &rusqlite::Connection::open(c.file("default", "copy")).unwrap(),
                name,
            );
            assert_eq!(a, b, "{name}");
        }
    }
}

#[tokio::test]
async fn every_model_answered_carries_its_idl_as_the_server_prints_it() {
    let c = console().await;
    let gender = c.ok("/datasources/system/models/UserGender").await;
    assert_eq!(
        gender["idl"],
        "enum UserGender {\n  UNKNOWN,\n  MALE,\n  FEMALE,\n}"
    );
    let classes = c.ok("/datasources/system/models/Classes").await;
    assert_eq!(
        classes["idl"],
        "model Classes {\n  \
         id : Long @id @default(autoIncrement()),\n  \
         classCode? : String @comment(\"班级编号\") @unique @length(\"255\"),\n  \
         className? : String @comment(\"班级名称\") @length(\"255\"),\n  \
         students? : Student[] @relation(localField: \"id\", foreignField: \"classId\", cascadeDelete: \"true\"),\n  \
         @comment(\"班级\"),\n  \
         @index(name: \"IDX_CLASS_CODE\", unique: \"false\", fields: [classCode]),\n}"
    );
    // The list answers the same texts; a native query has no IDL (null, as the server's
    // getIdl answers for it).
    let listed = c.ok("/datasources/system/models").await;
    for m in listed.as_array().unwrap() {
        if m["type"] == "native_query" {
            assert_eq!(m["idl"], Value::Null, "{m}");
        } else {
            let one = c
                .ok(&format!(
                    "/datasources/system/models/{}",
                    m["name"].as_str().unwrap()
                ))
                .await;
            assert_eq!(m["idl"], one["idl"]);
            assert!(m["idl"]
                .as_str()
                .unwrap()
                .contains(m["name"].as_str().unwrap()));
        }
    }
    // A model just made answers its IDL at once.
    let (status, m) = c
        .post(
            "/datasources/system/models",
            json!({"type": "enum", "name": "Size", "elements": ["S", "M"]}),
        )
        .await;
    assert_eq!(status, 200, "{m}");
    assert_eq!(m["idl"], "enum Size {\n  S,\n  M,\n}");
}
