//! The data core's Rust API as GraphQL and the other modules use it: lists, find one, update
//! and delete by filter (with the records answered and the events published), aggregates,
//! datasource names and counts, on a seeded sandbox.

use serde_json::{json, Value};

use super::*;
use crate::events::RecordEvent;
use crate::{Sandbox, SandboxConfig};

const P: &str = "default";
const DS: &str = "system";

fn sandbox() -> Sandbox {
    Sandbox::new(SandboxConfig::default()).unwrap()
}

fn drain(rx: &mut tokio::sync::broadcast::Receiver<RecordEvent>) -> Vec<RecordEvent> {
    let mut out = Vec::new();
    while let Ok(e) = rx.try_recv() {
        out.push(e);
    }
    out
}

#[test]
fn names_models_and_counts_of_the_seed() {
    let sb = sandbox();
    assert_eq!(datasource_names(&sb, P).unwrap(), ["system"]);
    assert_eq!(datasource_names(&sb, "dev_test").unwrap(), ["dev"]);
    assert!(datasource_names(&sb, "elsewhere").unwrap().is_empty());
    let names: Vec<String> = models(&sb, P, DS)
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
    assert!(models(&sb, P, DS)
        .unwrap()
        .iter()
        .all(|m| match m["type"] == "native_query" {
            true => m["idl"].is_null(),
            false => m["idl"].as_str().is_some_and(|s| !s.is_empty()),
        }));
    assert_eq!(counts(&sb, P).unwrap(), (1, 5));
    assert_eq!(counts(&sb, "dev_test").unwrap(), (1, 1));
    assert_eq!(model(&sb, P, DS, "Nobody").unwrap_err().status, 500);
    let student = model(&sb, P, DS, "Student").unwrap();
    assert_eq!(identity_of(&student), Some("id"));
    assert_eq!(identity_of(&model(&sb, P, DS, "UserGender").unwrap()), None);
}

#[test]
fn list_and_find_one_take_filters_sorts_pages_and_nesting() {
    let sb = sandbox();
    let q = Query {
        filter: Some(json!({"gender": "FEMALE", "age": {"_ne": null}})),
        sort: vec![("age".into(), true), ("id".into(), false)],
        page: Some((2, 5)),
        nested: true,
    };
    let (list, total) = list_records(&sb, P, DS, "Student", &q).unwrap();
    assert_eq!(total, 19, "20 FEMALE students, one (20) without an age");
    assert_eq!(list.len(), 5);
    let ages: Vec<i64> = list.iter().map(|r| r["age"].as_i64().unwrap()).collect();
    assert!(ages.windows(2).all(|w| w[0] >= w[1]), "{ages:?}");
    assert!(list.iter().all(|r| r["studentClass"]["id"] == r["classId"]));

    let one = find_one(
        &sb,
        P,
        DS,
        "Student",
        Some(&json!({"studentName": "Student 33"})),
        false,
    )
    .unwrap()
    .unwrap();
    assert_eq!(one["id"], 33);
    assert!(one.get("studentClass").is_none());
    assert!(
        find_one(&sb, P, DS, "Student", Some(&json!({"age": 99})), false)
            .unwrap()
            .is_none()
    );
    let all = Query::default();
    assert_eq!(
        list_records(&sb, P, DS, "Student", &all).unwrap().0.len(),
        60,
        "no page: every record"
    );
}

#[test]
fn updates_and_deletes_by_filter_answer_the_records_and_publish_events() {
    let sb = sandbox();
    let mut rx = sb.inner.events.subscribe();
    let created = create_record(
        &sb,
        P,
        DS,
        "Classes",
        json!({"classCode": "C06", "className": "Class F"}),
    )
    .unwrap();
    assert_eq!(created["id"], 6);
    let events = drain(&mut rx);
    assert_eq!(events.len(), 1);
    assert_eq!(
        (
            events[0].mutation,
            events[0].model.as_str(),
            events[0].datasource.as_str()
        ),
        ("create", "Classes", DS)
    );
    assert_eq!(events[0].record, created);

    let updated = update_records(
        &sb,
        P,
        DS,
        "Student",
        &json!({"classId": 4}),
        &json!({"classId": 6, "active": false}),
    )
    .unwrap();
    assert_eq!(updated.len(), 12);
    assert!(updated
        .iter()
        .all(|r| r["classId"] == 6 && r["active"] == false));
    let events = drain(&mut rx);
    assert_eq!(events.len(), 12);
    assert!(events
        .iter()
        .all(|e| e.mutation == "update" && e.record["classId"] == 6));
    let nothing = update_records(
        &sb,
        P,
        DS,
        "Student",
        &json!({"classId": 4}),
        &json!({"age": 1}),
    )
    .unwrap();
    assert!(nothing.is_empty());

    let deleted = delete_records(&sb, P, DS, "Classes", &json!({"classCode": "C06"})).unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0]["className"], "Class F");
    let events = drain(&mut rx);
    assert_eq!(events.iter().filter(|e| e.model == "Classes").count(), 1);
    assert_eq!(
        events
            .iter()
            .filter(|e| e.model == "Student" && e.mutation == "delete")
            .count(),
        12,
        "the cascade"
    );
    assert_eq!(
        list_records(&sb, P, DS, "Student", &Query::default())
            .unwrap()
            .1,
        48
    );

    let err =
        update_records(&sb, P, DS, "Student", &json!({"x": 1}), &json!({"age": 1})).unwrap_err();
    assert_eq!(err.status, 500);
}

#[test]
fn aggregates_match_the_seeded_values() {
    let sb = sandbox();
    let f = json!({"classId": 1});
    let agg =
        |field: Option<&str>, op| aggregate(&sb, P, DS, "Student", Some(&f), field, op).unwrap();
    assert_eq!(agg(None, Aggregate::Count), json!(12));
    assert_eq!(
        agg(Some("age"), Aggregate::Count),
        json!(12),
        "COUNT(age) skips nulls; class 1 has none"
    );
    // Class 1: students 1, 6, 11, …, 56; age 10 + (7i mod 10).
    let ages: Vec<i64> = (0..12)
        .map(|k| 5 * k + 1)
        .map(|i| 10 + (i * 7) % 10)
        .collect();
    assert_eq!(
        agg(Some("age"), Aggregate::Max),
        json!(ages.iter().max().unwrap())
    );
    assert_eq!(
        agg(Some("age"), Aggregate::Min),
        json!(ages.iter().min().unwrap())
    );
    assert_eq!(
        agg(Some("age"), Aggregate::Sum),
        json!(ages.iter().sum::<i64>())
    );
    let avg = agg(Some("age"), Aggregate::Avg).as_f64().unwrap();
    assert!((avg - ages.iter().sum::<i64>() as f64 / 12.0).abs() < 1e-9);
    assert_eq!(
        agg(Some("createdAt"), Aggregate::Max),
        json!("2025-08-01T08:56:00"),
        "typed as the field"
    );
    let none = aggregate(
        &sb,
        P,
        DS,
        "Student",
        Some(&json!({"age": 99})),
        Some("age"),
        Aggregate::Max,
    )
    .unwrap();
    assert_eq!(none, Value::Null);
    assert_eq!(
        aggregate(&sb, P, DS, "Student", None, Some("nope"), Aggregate::Sum)
            .unwrap_err()
            .status,
        500
    );
}

#[test]
fn bulk_products_are_inserted_in_seconds() {
    let start = std::time::Instant::now();
    let sb = Sandbox::new(SandboxConfig {
        bulk_records: 20_000,
        ..SandboxConfig::default()
    })
    .unwrap();
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    let (page, total) = list_records(
        &sb,
        P,
        DS,
        "Product",
        &Query {
            page: Some((2000, 10)),
            ..Query::default()
        },
    )
    .unwrap();
    assert_eq!(total, 20_000);
    assert_eq!(page[9]["sku"], "SKU-0020000");
    assert_eq!(page[9]["id"], 20_000);
}
