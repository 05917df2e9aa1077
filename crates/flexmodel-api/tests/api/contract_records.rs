//! Contract of the record operations through the client against the sandbox's seed (60
//! students of 5 classes with values computed from their number, `seed.rs`): typed filters
//! with several operators and a relation path, raw filter text, sort, paging totals, nested
//! relations, one record (a 204 is `None`), create, replace, update and delete read back, a
//! 500 shown by its message only, and a validation 400's field.

use flexmodel_api::*;
use serde_json::{json, Value};

use crate::common::signed_in;

/// The seeded student `i`'s age (`None` every 20th), class id, gender and active flag.
fn age(i: u64) -> Option<u64> {
    (!i.is_multiple_of(20)).then_some(10 + (i * 7) % 10)
}
fn class_of(i: u64) -> u64 {
    (i - 1) % 5 + 1
}
fn gender(i: u64) -> &'static str {
    ["UNKNOWN", "MALE", "FEMALE"][(i % 3) as usize]
}
fn name(i: u64) -> String {
    format!("Student {i:02}")
}

fn names(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|r| r["studentName"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The seeded students matching `pick`, by name (the order they were made).
fn expected(pick: impl Fn(u64) -> bool) -> Vec<String> {
    (1..=60).filter(|i| pick(*i)).map(name).collect()
}

#[tokio::test]
async fn typed_filters_pick_the_seeded_students_they_describe() {
    let f = signed_in().await;
    let students = f.client.records("system", "Student");
    let all = |filter: Filter| {
        let q = RecordQuery::new().filter(&filter).page(1, 100);
        let students = &students;
        async move { students.list(&q).await.unwrap() }
    };

    // gt + contains, ANDed.
    let page = all(Filter::field("age")
        .gt(15)
        .and(Filter::field("studentName").contains("Student 1")))
    .await;
    let want = expected(|i| age(i).is_some_and(|a| a > 15) && name(i).contains("Student 1"));
    assert!(!want.is_empty());
    assert_eq!(names(&page.list), want);
    assert_eq!(page.total, Some(want.len() as u64));

    // between, or in.
    let page = all(Filter::field("age")
        .between(11, 12)
        .or(Filter::field("gender").is_in(["FEMALE"])))
    .await;
    let want =
        expected(|i| age(i).is_some_and(|a| (11..=12).contains(&a)) || gender(i) == "FEMALE");
    assert_eq!(names(&page.list), want);

    // `_eq null` is IS NULL: every 20th student has no age.
    let page = all(Filter::field("age").eq(Value::Null)).await;
    assert_eq!(
        names(&page.list),
        ["Student 20", "Student 40", "Student 60"]
    );

    // A relation path: the students of Class B (class id 2), by a dotted name and by steps.
    let want = expected(|i| class_of(i) == 2);
    assert_eq!(want.len(), 12);
    let page = all(Filter::field("studentClass.className").eq("Class B")).await;
    assert_eq!(names(&page.list), want);
    let page = all(Filter::path(["studentClass", "classCode"]).ends_with("02")).await;
    assert_eq!(names(&page.list), want);

    // not_in, ne, starts_with, lte together.
    let page = all(Filter::all([
        Filter::field("classId").not_in([1, 2, 3]),
        Filter::field("gender").ne("UNKNOWN"),
        Filter::field("studentName").starts_with("Student 0"),
        Filter::field("age").lte(17),
    ]))
    .await;
    let want = expected(|i| {
        class_of(i) > 3 && gender(i) != "UNKNOWN" && i < 10 && age(i).is_some_and(|a| a <= 17)
    });
    assert!(!want.is_empty());
    assert_eq!(names(&page.list), want);
}

#[tokio::test]
async fn raw_filter_text_sort_and_paging_totals() {
    let f = signed_in().await;
    let students = f.client.records("system", "Student");
    let q = RecordQuery::new()
        .raw_filter(r#"{"classId": 3, "active": true}"#)
        .unwrap()
        .sort(Sort::desc("studentName"))
        .page(2, 4);
    let page = students.list(&q).await.unwrap();
    let mut want = expected(|i| class_of(i) == 3 && !i.is_multiple_of(4));
    want.reverse();
    assert_eq!(page.total, Some(want.len() as u64));
    assert_eq!(names(&page.list), want[4..8.min(want.len())]);

    // Every page, walked by the client, is the whole seed once.
    let every = students
        .list_all(&RecordQuery::new().sort(Sort::asc("id")))
        .await
        .unwrap();
    assert_eq!(names(&every), expected(|_| true));
    let last = students.list(&RecordQuery::new().page(9, 7)).await.unwrap();
    assert_eq!((last.total, last.list.len()), (Some(60), 4));

    // Sorting by two keys: age ascending (nulls first, as SQLite), then name descending.
    let q = RecordQuery::new()
        .sort(Sort::asc("age"))
        .sort(Sort::desc("studentName"))
        .page(1, 5);
    let page = students.list(&q).await.unwrap();
    assert_eq!(
        names(&page.list),
        [
            "Student 60",
            "Student 40",
            "Student 20",
            "Student 50",
            "Student 30"
        ]
    );
}

#[tokio::test]
async fn nested_lists_carry_the_related_class_and_one_record_its_relations() {
    let f = signed_in().await;
    let students = f.client.records("system", "Student");
    let flat = students.list(&RecordQuery::new().page(1, 2)).await.unwrap();
    assert!(
        flat.list[0].get("studentClass").is_none(),
        "{}",
        flat.list[0]
    );
    let nested = students
        .list(&RecordQuery::new().page(1, 2).nested(true))
        .await
        .unwrap();
    assert_eq!(nested.list[0]["studentClass"]["className"], "Class A");
    assert_eq!(nested.list[1]["studentClass"]["classCode"], "C02");

    let one = students.get("7").await.unwrap().expect("student 7");
    assert_eq!(one["studentName"], "Student 07");
    assert_eq!(one["age"], json!(age(7).unwrap()));
    assert_eq!(one["gender"], gender(7));
    assert_eq!(one["studentClass"]["className"], "Class B");

    let class = f
        .client
        .records("system", "Classes")
        .get("5")
        .await
        .unwrap()
        .unwrap();
    let of_class: Vec<String> = class["students"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["studentName"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(of_class, expected(|i| class_of(i) == 5));
}

#[tokio::test]
async fn a_missing_record_is_none_from_a_204() {
    let f = signed_in().await;
    let students = f.client.records("system", "Student");
    assert_eq!(students.get("999").await.unwrap(), None);
    let last = f.sandbox.request_log().pop().unwrap();
    assert_eq!(
        (last.path.as_str(), last.status),
        ("/api/f/datasources/system/models/Student/records/999", 204)
    );
}

#[tokio::test]
async fn create_replace_update_and_delete_are_read_back() {
    let f = signed_in().await;
    let students = f.client.records("system", "Student");
    let made = students
        .create(&json!({"studentName": "Zoe", "age": 12, "classId": 4, "gender": "FEMALE"}))
        .await
        .unwrap();
    let id = made["id"].to_string();
    assert_eq!(made["id"], 61);
    // Defaults the model declares were filled in.
    assert_eq!(made["active"], true);
    assert_eq!(made["studentNo"].as_str().map(str::len), Some(36));
    let read = students.get(&id).await.unwrap().unwrap();
    assert_eq!(read["studentName"], "Zoe");
    assert_eq!(read["studentClass"]["className"], "Class D");
    let total = |q: RecordQuery| {
        let students = &students;
        async move { students.list(&q).await.unwrap().total }
    };
    assert_eq!(total(RecordQuery::new()).await, Some(61));

    // PATCH changes the given fields only.
    let patched = students.update(&id, &json!({"age": 13})).await.unwrap();
    assert_eq!(
        (patched["age"].clone(), patched["studentName"].clone()),
        (json!(13), json!("Zoe"))
    );
    let read = students.get(&id).await.unwrap().unwrap();
    assert_eq!(
        (read["age"].clone(), read["gender"].clone()),
        (json!(13), json!("FEMALE"))
    );

    // PUT replaces: what is not sent is cleared.
    students
        .replace(&id, &json!({"studentName": "Zoe Y", "classId": 1}))
        .await
        .unwrap();
    let read = students.get(&id).await.unwrap().unwrap();
    assert_eq!(read["studentName"], "Zoe Y");
    assert_eq!(read["age"], Value::Null);
    assert_eq!(read["studentClass"]["className"], "Class A");
    let by_name = RecordQuery::new().filter(&Filter::field("studentName").eq("Zoe Y"));
    assert_eq!(total(by_name.clone()).await, Some(1));

    students.delete(&id).await.unwrap();
    assert_eq!(students.get(&id).await.unwrap(), None);
    assert_eq!(total(by_name).await, Some(0));
    assert_eq!(total(RecordQuery::new()).await, Some(60));
}

#[tokio::test]
async fn a_500_from_the_sandbox_is_shown_by_its_message_only() {
    let f = signed_in().await;
    let students = f.client.records("system", "Student");
    let err = students
        .list(
            &RecordQuery::new()
                .raw_filter(r#"{"age": {"_like": 3}}"#)
                .unwrap(),
        )
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::Server, Some(500)));
    assert_eq!(err.to_string(), "Unsupported operator: _like");
    let shown = serde_json::to_string(&err).unwrap();
    assert!(!shown.contains("stack frame"), "{shown}");
    assert!(!err.to_string().contains("at dev."), "{err}");

    // A PUT of a record that is not there: the server's 500, its message only.
    let err = students
        .replace("999", &json!({"studentName": "x"}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.to_string(), "Record not found: Student 999");
}

#[tokio::test]
async fn a_validation_400_names_its_field() {
    let f = signed_in().await;
    let err = f
        .client
        .datasources()
        .create(&Datasource::new(
            " ",
            DatasourceConfig {
                db_kind: "sqlite".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::InvalidInput, Some(400))
    );
    assert_eq!(err.field(), Some("name"));
    assert_eq!(err.to_string(), "must not be blank");
    assert_eq!(f.client.datasources().list().await.unwrap().len(), 1);
}
