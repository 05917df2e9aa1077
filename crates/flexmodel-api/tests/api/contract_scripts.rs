//! Contract of the operations that run text on a datasource: native queries (rows of a SELECT,
//! a count for a change, read back through the records), IDL execute (models made, then
//! usable through the records) and import (IDL and JSON forms, rows read back).

use flexmodel_api::*;
use serde_json::json;

use crate::common::signed_in;

#[tokio::test]
async fn native_queries_answer_rows_and_change_counts() {
    let f = signed_in().await;
    let native = f.client.native_query("system");
    let rows = native
        .execute(
            "select studentName, age from Student where age > ${age} and classId = ${class} order by id",
            &json!({"age": 15, "class": 1}),
        )
        .await
        .unwrap();
    // Students of class 1 are 1, 6, 11, …; their age is 10 + (7i mod 10).
    let expected: Vec<_> = (1..=60u64)
        .filter(|i| (i - 1) % 5 == 0 && !i.is_multiple_of(20) && 10 + (i * 7) % 10 > 15)
        .map(|i| json!({"studentName": format!("Student {i:02}"), "age": 10 + (i * 7) % 10}))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(rows.result, json!(expected));
    assert!(rows.time.is_some());

    let changed = native
        .execute(
            "update Classes set className = ${name} where classCode = ${code}",
            &json!({"name": "Renamed", "code": "C03"}),
        )
        .await
        .unwrap();
    assert_eq!(changed.result, json!(1));
    let class = f
        .client
        .records("system", "Classes")
        .get("3")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(class["className"], "Renamed");

    let err = native
        .execute("drop table Student", &json!({}))
        .await
        .unwrap_err();
    assert!(err.status().is_some_and(|s| s >= 400), "{err}");
    assert_eq!(
        f.client
            .records("system", "Student")
            .list(&RecordQuery::new())
            .await
            .unwrap()
            .total,
        Some(60)
    );
}

#[tokio::test]
async fn idl_execute_makes_models_that_take_records() {
    let f = signed_in().await;
    let models = f.client.models("system");
    let idl = r#"
        model Book {
          id : Long @id @default(autoIncrement()),
          title : String @length("80"),
          pages? : Int,
        }
        enum Shelf { TOP, BOTTOM }
    "#;
    let made = models.execute_idl(idl).await.unwrap();
    let mut names: Vec<&str> = made.iter().map(Model::name).collect();
    names.sort();
    assert_eq!(names, ["Book", "Shelf"]);
    match models.get("Book").await.unwrap() {
        Some(Model::Entity(book)) => {
            let title = book.fields.iter().find(|f| f.name == "title").unwrap();
            assert_eq!(title.length, Some(80));
        }
        other => panic!("{other:?}"),
    }
    let book = f
        .client
        .records("system", "Book")
        .create(&json!({"title": "Dune", "pages": 412}))
        .await
        .unwrap();
    assert_eq!(book, json!({"id": 1, "title": "Dune", "pages": 412}));

    let err = models.execute_idl("model {").await.unwrap_err();
    assert_eq!(err.status(), Some(500), "{err}");
    assert!(err.to_string().starts_with("IDL格式有误"), "{err}");
    assert!(!err.to_string().contains("stack frame"), "{err}");
}

#[tokio::test]
async fn import_puts_models_and_rows_into_a_datasource() {
    let f = signed_in().await;
    let ds = DatasourceConfig {
        db_kind: "sqlite".into(),
        url: "jdbc:sqlite:imported.sqlite3".into(),
        ..Default::default()
    };
    f.client
        .datasources()
        .create(&Datasource::new("imported", ds))
        .await
        .unwrap();
    let models = f.client.models("imported");
    let json_script = json!({
        "objects": [{"type": "entity", "name": "City", "fields": [
            {"name": "id", "type": "Long", "identity": true,
             "defaultValue": {"type": "generated", "name": "autoIncrement"}},
            {"name": "name", "type": "String"},
        ]}],
        "data": [{"modelName": "City", "values": [{"name": "Oslo"}, {"name": "Lima"}]}],
    });
    models
        .import(&json_script.to_string(), ImportType::JSON)
        .await
        .unwrap();
    let cities = f
        .client
        .records("imported", "City")
        .list(&RecordQuery::new().sort(Sort::asc("name")))
        .await
        .unwrap();
    assert_eq!(cities.total, Some(2));
    assert_eq!(cities.list[0]["name"], "Lima");

    models
        .import("enum Size { S, M, L }", ImportType::IDL)
        .await
        .unwrap();
    match models.get("Size").await.unwrap() {
        Some(Model::Enum(e)) => assert_eq!(e.elements, ["S", "M", "L"]),
        other => panic!("{other:?}"),
    }
    let names: Vec<String> = models
        .list()
        .await
        .unwrap()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    assert_eq!(names, ["City", "Size"]);
}
