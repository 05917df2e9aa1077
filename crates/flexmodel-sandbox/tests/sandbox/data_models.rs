//! Models, fields and indexes as the server keeps them, each change visible in the SQLite file
//! itself (`PRAGMA table_info`, `index_list`, `index_xinfo`).

use crate::data_support;

use data_support::{columns, console, indexes};
use reqwest::Method;
use serde_json::{json, Value};

const MODELS: &str = "/datasources/system/models";

fn book() -> Value {
    json!({"type": "entity", "name": "Book", "comment": "书", "fields": [
        {"name": "id", "type": "Long", "identity": true, "defaultValue": {"type": "generated", "name": "autoIncrement"}},
        {"name": "title", "type": "String", "length": 100, "nullable": false},
        {"name": "isbn", "type": "String", "unique": true},
        {"name": "price", "type": "Float"},
        {"name": "genders", "type": "EnumRef", "from": "UserGender", "multiple": true},
        {"name": "published", "type": "Boolean"},
        {"name": "ref", "type": "String", "defaultValue": {"type": "generated", "name": "ulid"}},
    ], "indexes": [{"name": "IDX_BOOK_TITLE", "fields": [{"fieldName": "title"}]}]})
}

#[tokio::test]
async fn an_entity_is_kept_as_the_server_shows_it_and_is_a_table() {
    let c = console().await;
    let (status, m) = c.post(MODELS, book()).await;
    assert_eq!(status, 200, "{m}");
    assert_eq!(m["type"], "entity");
    assert_eq!(m["comment"], "书");
    assert_eq!(m["additionalProperties"], json!({}));
    assert!(m["idl"].is_string());
    let isbn = &m["fields"][2];
    assert_eq!(isbn["modelName"], "Book");
    assert_eq!(
        (
            isbn["unique"].as_bool(),
            isbn["nullable"].as_bool(),
            isbn["length"].as_u64()
        ),
        (Some(true), Some(true), Some(255))
    );
    assert_eq!(m["fields"][3]["precision"], 20);
    assert_eq!(m["fields"][3]["scale"], 2);
    assert_eq!(
        m["indexes"][0],
        json!({"name": "IDX_BOOK_TITLE", "modelName": "Book", "unique": false,
        "fields": [{"fieldName": "title", "direction": "ASC"}]})
    );
    assert_eq!(c.ok(&format!("{MODELS}/Book")).await, m);
    let list = c.ok(MODELS).await;
    assert_eq!(list.as_array().unwrap().last().unwrap()["name"], "Book");

    let conn = c.system_db();
    let cols = columns(&conn, "Book");
    let expect = [
        ("id", "INTEGER", false, 1),
        ("title", "VARCHAR(100)", true, 0),
        ("isbn", "VARCHAR(255)", false, 0),
        ("price", "REAL", false, 0),
        ("genders", "VARCHAR(255)", false, 0),
        ("published", "BOOLEAN", false, 0),
        ("ref", "VARCHAR(255)", false, 0),
    ];
    let got: Vec<(&str, &str, bool, i64)> = cols
        .iter()
        .map(|(n, t, nn, pk)| (n.as_str(), t.as_str(), *nn, *pk))
        .collect();
    assert_eq!(got, expect);
    let autoinc: bool = conn
        .query_row(
            "SELECT sql LIKE '%AUTOINCREMENT%' FROM sqlite_master WHERE name = 'Book'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(autoinc);
    let mut unique_isbn = conn
        .prepare(
            "SELECT COUNT(*) FROM pragma_index_list('Book') WHERE \"unique\" = 1 AND origin = 'u'",
        )
        .unwrap();
    assert_eq!(
        unique_isbn.query_row([], |r| r.get::<_, i64>(0)).unwrap(),
        1
    );
    assert_eq!(
        indexes(&conn, "Book"),
        [("IDX_BOOK_TITLE".to_owned(), false)]
    );

    // Records of the new model: a multiple EnumRef is a list, a ulid is generated.
    let (status, r) = c
        .post(
            &format!("{MODELS}/Book/records"),
            json!({"title": "Dune", "genders": ["MALE", "FEMALE"], "published": true}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["genders"], json!(["MALE", "FEMALE"]));
    let ulid = r["ref"].as_str().unwrap();
    assert_eq!(ulid.len(), 26);
    assert!(
        ulid.chars()
            .all(|ch| ch.is_ascii_alphanumeric() && !"ILOU".contains(ch)),
        "{ulid}"
    );
    let (status, body) = c
        .post(&format!("{MODELS}/Book/records"), json!({"isbn": "x"}))
        .await;
    assert_eq!(status, 500, "title is NOT NULL: {body}");

    let (status, body) = c.post(MODELS, book()).await;
    assert_eq!(status, 500, "a name taken: {body}");
    assert!(body["message"].as_str().unwrap().contains("Book"));

    let (status, body) = c
        .call(Method::DELETE, &format!("{MODELS}/Book"), None)
        .await;
    assert_eq!((status.as_u16(), body), (204, Value::Null));
    let tables: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'Book'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0, "the table is dropped");
    let (status, body) = c.get(&format!("{MODELS}/Book")).await;
    assert_eq!(status, 500);
    assert_eq!(body["message"], "Model not found: Book");
}

#[tokio::test]
async fn field_changes_rebuild_the_table_keeping_its_data() {
    let c = console().await;
    c.post(MODELS, book()).await;
    let records = format!("{MODELS}/Book/records");
    c.post(&records, json!({"title": "A", "isbn": "1", "price": 12.5}))
        .await;
    c.post(&records, json!({"title": "B", "isbn": "2", "price": 3}))
        .await;
    let conn = c.system_db();

    let (status, f) = c
        .post(
            &format!("{MODELS}/Book/fields"),
            json!({"name": "status", "type": "String", "length": 20, "nullable": false,
            "defaultValue": {"type": "fixed", "value": "draft"}}),
        )
        .await;
    assert_eq!(status, 200, "{f}");
    assert_eq!(f["modelName"], "Book");
    let statuses: Vec<String> = conn
        .prepare("SELECT status FROM Book ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        statuses,
        ["draft", "draft"],
        "the rows there get the fixed default"
    );
    assert!(columns(&conn, "Book")
        .iter()
        .any(|c| c.0 == "status" && c.1 == "VARCHAR(20)" && c.2));
    assert_eq!(
        indexes(&conn, "Book"),
        [("IDX_BOOK_TITLE".to_owned(), false)],
        "indexes made again"
    );
    let (status, _) = c
        .post(
            &format!("{MODELS}/Book/fields"),
            json!({"name": "status", "type": "Int"}),
        )
        .await;
    assert_eq!(status, 500, "a field name taken");

    // A type change, the name from the path.
    let (status, f) = c
        .call(
            Method::PUT,
            &format!("{MODELS}/Book/fields/price"),
            Some(json!({"name": "cost", "type": "String"})),
        )
        .await;
    assert_eq!(status, 200, "{f}");
    assert_eq!(f["name"], "price");
    assert!(columns(&conn, "Book")
        .iter()
        .any(|c| c.0 == "price" && c.1 == "VARCHAR(255)"));
    let one = c.ok(&format!("{records}/1")).await;
    assert_eq!(one["price"], "12.5", "the data kept, now a String");
    assert_eq!(one["title"], "A");

    // New ids go on from the old ones.
    let (_, third) = c.post(&records, json!({"title": "C"})).await;
    assert_eq!(third["id"], 3);

    // An index on a field goes when the field goes.
    c.post(
        &format!("{MODELS}/Book/indexes"),
        json!({"name": "IDX_BOOK_ISBN", "fields": [{"fieldName": "isbn"}]}),
    )
    .await;
    let (status, _) = c
        .call(Method::DELETE, &format!("{MODELS}/Book/fields/isbn"), None)
        .await;
    assert_eq!(status, 204);
    assert!(!columns(&conn, "Book").iter().any(|c| c.0 == "isbn"));
    assert_eq!(
        indexes(&conn, "Book"),
        [("IDX_BOOK_TITLE".to_owned(), false)]
    );
    let m = c.ok(&format!("{MODELS}/Book")).await;
    assert_eq!(m["indexes"].as_array().unwrap().len(), 1);
    assert!(m["fields"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["name"] != "isbn"));
    let (_, page) = c.records("Book", &[]).await;
    assert_eq!(page["total"], 3);

    let (status, body) = c
        .call(
            Method::PUT,
            &format!("{MODELS}/Book/fields/nothing"),
            Some(json!({"type": "Int"})),
        )
        .await;
    assert_eq!(status, 500);
    assert!(body["message"].as_str().unwrap().contains("nothing"));
    let (status, _) = c
        .post(
            &format!("{MODELS}/UserGender/fields"),
            json!({"name": "x", "type": "Int"}),
        )
        .await;
    assert_eq!(status, 500, "an enum has no fields");
}

#[tokio::test]
async fn indexes_are_real_sqlite_indexes() {
    let c = console().await;
    let conn = c.system_db();
    assert!(indexes(&conn, "Classes").contains(&("IDX_CLASS_CODE".to_owned(), false)));
    let path = format!("{MODELS}/Student/indexes");
    let (status, i) = c
        .post(&path, json!({"name": "IDX_STUDENT_AGE", "unique": false, "fields": [{"fieldName": "age", "direction": "DESC"}, {"fieldName": "classId"}]}))
        .await;
    assert_eq!(status, 200, "{i}");
    assert_eq!(i["fields"][1]["direction"], "ASC");
    let info: Vec<(String, bool)> = conn
        .prepare("SELECT name, \"desc\" FROM pragma_index_xinfo('IDX_STUDENT_AGE') WHERE key = 1 ORDER BY seqno").unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    assert_eq!(
        info,
        [("age".to_owned(), true), ("classId".to_owned(), false)]
    );

    let (status, i) = c
        .call(
            Method::PUT,
            &format!("{path}/IDX_STUDENT_AGE"),
            Some(json!({"unique": true, "fields": [{"fieldName": "studentNo"}]})),
        )
        .await;
    assert_eq!(status, 200, "{i}");
    assert_eq!(i["name"], "IDX_STUDENT_AGE");
    assert!(indexes(&conn, "Student").contains(&("IDX_STUDENT_AGE".to_owned(), true)));
    let (status, body) = c
        .post(
            &format!("{MODELS}/Student/records"),
            json!({"studentNo": "S-1"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = c
        .post(
            &format!("{MODELS}/Student/records"),
            json!({"studentNo": "S-1"}),
        )
        .await;
    assert_eq!(status, 500, "the unique index holds");

    let (status, _) = c
        .call(Method::DELETE, &format!("{path}/IDX_STUDENT_AGE"), None)
        .await;
    assert_eq!(status, 204);
    assert!(!indexes(&conn, "Student")
        .iter()
        .any(|i| i.0 == "IDX_STUDENT_AGE"));
    let m = c.ok(&format!("{MODELS}/Student")).await;
    assert!(m["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["name"] != "IDX_STUDENT_AGE"));

    let (status, body) = c
        .post(
            &path,
            json!({"name": "IDX_BAD", "fields": [{"fieldName": "ghost"}]}),
        )
        .await;
    assert_eq!(status, 500);
    assert!(body["message"].as_str().unwrap().contains("ghost"));
    let (status, _) = c
        .post(
            &path,
            json!({"name": "IDX_STUDENT_NAME", "fields": [{"fieldName": "age"}]}),
        )
        .await;
    assert_eq!(status, 500, "an index name taken");
}

#[tokio::test]
async fn entities_are_not_replaced_but_enums_and_native_queries_are() {
    let c = console().await;
    let (status, body) = c
        .call(
            Method::PUT,
            &format!("{MODELS}/Student"),
            Some(json!({"type": "entity", "fields": []})),
        )
        .await;
    assert_eq!(status, 500);
    assert_eq!(body["message"], "Unsupported model type");

    let (status, e) = c
        .call(
            Method::PUT,
            &format!("{MODELS}/UserGender"),
            Some(json!({"type": "enum", "name": "Other", "elements": ["M", "F", "X"]})),
        )
        .await;
    assert_eq!(status, 200, "{e}");
    assert_eq!(e["name"], "UserGender", "the name from the path");
    assert_eq!(e["elements"], json!(["M", "F", "X"]));
    assert_eq!(
        c.ok(&format!("{MODELS}/UserGender")).await["elements"],
        json!(["M", "F", "X"])
    );

    let nq = c.ok(&format!("{MODELS}/StudentsOlderThan")).await;
    assert_eq!(nq["type"], "native_query");
    assert_eq!(nq["parameters"], json!(["age"]));
    let (status, nq) = c
        .call(Method::PUT, &format!("{MODELS}/StudentsOlderThan"), Some(json!({"type": "native_query",
            "statement": "select * from Student where age > ${age} and classId = ${ classId } or age = ${age}"})))
        .await;
    assert_eq!(status, 200, "{nq}");
    assert_eq!(nq["parameters"], json!(["age", "classId"]));

    let (status, body) = c.post(MODELS, json!({"type": "view", "name": "V"})).await;
    assert_eq!(status, 500);
    assert_eq!(body["message"], "Unsupported model type: view");
    let (status, body) = c
        .post(MODELS, json!({"type": "enum", "elements": []}))
        .await;
    assert_eq!(status, 400, "a model needs a name: {body}");
    assert_eq!(body["errors"]["name"], "must not be blank");
}
