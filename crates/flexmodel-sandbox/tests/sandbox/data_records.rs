//! Records over HTTP as the server answers them: create with defaults, typed values, one
//! record with its relations nested (204 when missing), PATCH merge, PUT replace, delete with
//! cascade, paging, totals and sort checked against the SQLite file.

use crate::data_support;

use data_support::console;
use reqwest::Method;
use serde_json::{json, Value};

const STUDENTS: &str = "/datasources/system/models/Student/records";
const CLASSES: &str = "/datasources/system/models/Classes/records";

#[tokio::test]
async fn a_created_record_has_its_generated_id_defaults_and_typed_values() {
    let c = console().await;
    let (status, r) = c
        .post(
            STUDENTS,
            json!({"studentName": "Ada", "age": "12", "classId": 2,
            "profile": {"langs": ["rust", "sql"]}, "birthday": "2013-05-06", "score": 91.25,
            "checkInTime": "08:05", "unknownKey": "ignored"}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["id"], 61, "after the 60 seeded students");
    assert_eq!(r["studentName"], "Ada");
    assert_eq!(r["age"], 12, "a numeric text becomes an Int");
    assert_eq!(
        r["active"], true,
        "the fixed default, answered as a boolean"
    );
    assert_eq!(
        r["profile"],
        json!({"langs": ["rust", "sql"]}),
        "JSON answered as JSON"
    );
    assert_eq!(r["score"], 91.25);
    assert_eq!(r["checkInTime"], "08:05:00");
    assert_eq!(r["gender"], Value::Null);
    assert!(r.get("unknownKey").is_none());
    let created = r["createdAt"].as_str().unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(created, "%Y-%m-%dT%H:%M:%S").is_ok(),
        "{created}"
    );
    let no = r["studentNo"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(no).is_ok(), "a generated uuid: {no}");

    // As SQLite keeps it.
    let conn = c.system_db();
    let (active, profile, created_at): (i64, String, String) = conn
        .query_row(
            "SELECT active, profile, createdAt FROM Student WHERE id = 61",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(active, 1);
    assert_eq!(
        serde_json::from_str::<Value>(&profile).unwrap(),
        json!({"langs": ["rust", "sql"]})
    );
    assert_eq!(created_at, created);

    // Another uuid and the next id for the next one.
    let (_, r2) = c.post(STUDENTS, json!({"studentName": "Bob"})).await;
    assert_eq!(r2["id"], 62);
    assert_ne!(r2["studentNo"], r["studentNo"]);
}

#[tokio::test]
async fn one_record_comes_with_its_relations_and_a_missing_one_is_204() {
    let c = console().await;
    let s = c.ok(&format!("{STUDENTS}/7")).await;
    assert_eq!(s["studentName"], "Student 07");
    assert_eq!(s["classId"], 2);
    assert_eq!(s["studentClass"]["classCode"], "C02");
    assert_eq!(s["studentClass"]["className"], "Class B");

    let class = c.ok(&format!("{CLASSES}/3")).await;
    let students = class["students"].as_array().unwrap();
    assert_eq!(students.len(), 12);
    assert!(students.iter().all(|s| s["classId"] == 3));

    for missing in ["999", "abc"] {
        let (status, body) = c.get(&format!("{STUDENTS}/{missing}")).await;
        assert_eq!(status, 204, "{missing}");
        assert_eq!(body, Value::Null, "no body");
    }
}

#[tokio::test]
async fn patch_merges_put_replaces_and_delete_is_204() {
    let c = console().await;
    let before = c.ok(&format!("{STUDENTS}/5")).await;
    let (status, after) = c
        .call(
            Method::PATCH,
            &format!("{STUDENTS}/5"),
            Some(json!({"age": 18, "active": false})),
        )
        .await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["age"], 18);
    assert_eq!(after["active"], false);
    assert_eq!(
        after["studentName"], before["studentName"],
        "PATCH keeps what it was not given"
    );
    assert_eq!(after["profile"], before["profile"]);

    // PUT replaces: what is not given becomes null; the identity stays; relations sent back
    // (the console's form echoes what it read) are ignored.
    let (status, put) = c
        .call(Method::PUT, &format!("{STUDENTS}/5"), Some(json!({"id": 5, "studentName": "Renamed", "gender": "FEMALE", "studentClass": {"id": 1}})))
        .await;
    assert_eq!(status, 200, "{put}");
    assert_eq!(put["id"], 5);
    assert_eq!(put["studentName"], "Renamed");
    assert_eq!(put["gender"], "FEMALE");
    assert_eq!(put["age"], Value::Null);
    assert_eq!(put["classId"], Value::Null);
    let stored: (Option<i64>, String) = c
        .system_db()
        .query_row(
            "SELECT age, studentName FROM Student WHERE id = 5",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(stored, (None, "Renamed".to_owned()));

    let (status, body) = c
        .call(
            Method::PUT,
            &format!("{STUDENTS}/555"),
            Some(json!({"studentName": "x"})),
        )
        .await;
    assert_eq!(status, 500);
    assert!(body["message"].as_str().unwrap().contains("555"), "{body}");

    let (status, body) = c.call(Method::DELETE, &format!("{STUDENTS}/5"), None).await;
    assert_eq!((status.as_u16(), body), (204, Value::Null));
    assert_eq!(c.get(&format!("{STUDENTS}/5")).await.0, 204);
    assert_eq!(
        c.call(Method::DELETE, &format!("{STUDENTS}/5"), None)
            .await
            .0,
        204
    );
    let (_, page) = c.records("Student", &[]).await;
    assert_eq!(page["total"], 59);
}

#[tokio::test]
async fn deleting_a_class_cascades_to_its_students() {
    let c = console().await;
    let (status, _) = c.call(Method::DELETE, &format!("{CLASSES}/1"), None).await;
    assert_eq!(status, 204);
    let left: i64 = c
        .system_db()
        .query_row("SELECT COUNT(*) FROM Student WHERE classId = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(left, 0);
    let (_, page) = c.records("Student", &[]).await;
    assert_eq!(page["total"], 48);
    // Student's relation to Classes does not cascade: deleting a student keeps its class.
    c.call(Method::DELETE, &format!("{STUDENTS}/2"), None).await;
    assert_eq!(c.get(&format!("{CLASSES}/2")).await.0, 200);
}

#[tokio::test]
async fn pages_count_from_one_and_total_respects_the_filter() {
    let c = console().await;
    let ids = |v: &Value| -> Vec<i64> {
        v["list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect()
    };
    let (_, first) = c.records("Student", &[]).await;
    assert_eq!(first["total"], 60);
    assert_eq!(
        ids(&first),
        (1..=15).collect::<Vec<_>>(),
        "page 1, 15 a page by default"
    );
    assert!(
        first["list"][0].get("studentClass").is_none(),
        "no relations without nestedQuery"
    );
    let (_, fourth) = c.records("Student", &[("page", "4".into())]).await;
    assert_eq!(ids(&fourth), (46..=60).collect::<Vec<_>>());
    let (_, beyond) = c.records("Student", &[("page", "5".into())]).await;
    assert_eq!(
        (ids(&beyond).len(), beyond["total"].as_u64()),
        (0, Some(60))
    );
    let (_, small) = c
        .records("Student", &[("page", "9".into()), ("size", "7".into())])
        .await;
    assert_eq!(ids(&small), vec![57, 58, 59, 60]);

    let filter = json!({"classId": 2}).to_string();
    let (_, filtered) = c
        .records(
            "Student",
            &[
                ("filter", filter),
                ("size", "5".into()),
                ("page", "2".into()),
            ],
        )
        .await;
    assert_eq!(filtered["total"], 12);
    assert_eq!(ids(&filtered), vec![27, 32, 37, 42, 47]);

    let (_, nested) = c
        .records(
            "Student",
            &[("nestedQuery", "true".into()), ("size", "3".into())],
        )
        .await;
    assert_eq!(nested["list"][2]["studentClass"]["id"], 3);
    let (_, classes) = c
        .records("Classes", &[("nestedQuery", "true".into())])
        .await;
    assert_eq!(classes["list"][4]["students"].as_array().unwrap().len(), 12);

    let (status, body) = c.records("Student", &[("page", "x".into())]).await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn sort_orders_as_sqlite_does() {
    let c = console().await;
    let conn = c.system_db();
    let cases = [
        (json!([{"field": "age", "order": "DESC"}]), "age DESC, id"),
        (
            json!([{"field": "age", "order": "ASC"}, {"field": "score", "order": "DESC"}]),
            "age, score DESC, id",
        ),
        (
            json!([{"field": "studentName", "order": "DESC"}]),
            "studentName DESC",
        ),
        (json!([{"field": "createdAt"}]), "createdAt, id"),
    ];
    for (sort, order) in cases {
        let (status, page) = c
            .records(
                "Student",
                &[
                    ("sort", sort.to_string()),
                    ("size", "25".into()),
                    ("page", "2".into()),
                ],
            )
            .await;
        assert_eq!(status, 200, "{page}");
        let got: Vec<i64> = page["list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT id FROM Student ORDER BY {order} LIMIT 25 OFFSET 25"
            ))
            .unwrap();
        let expected: Vec<i64> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(got, expected, "sort {sort}");
    }
    let (status, body) = c
        .records(
            "Student",
            &[("sort", json!([{"field": "nope"}]).to_string())],
        )
        .await;
    assert_eq!(status, 500);
    assert!(body["message"].as_str().unwrap().contains("nope"));
}

#[tokio::test]
async fn record_errors_come_in_the_servers_shapes() {
    let c = console().await;
    let (status, body) = c.post(STUDENTS, json!({"age": "old"})).await;
    assert_eq!(status, 500);
    assert_eq!(
        (body["code"].as_i64(), body["success"].as_bool()),
        (Some(-1), Some(false))
    );
    assert!(body["message"].as_str().unwrap().contains("age"), "{body}");

    let (status, body) = c
        .post(CLASSES, json!({"classCode": "C01", "className": "again"}))
        .await;
    assert_eq!(status, 500, "classCode is unique: {body}");
    assert!(
        body["message"].as_str().unwrap().contains("UNIQUE"),
        "{body}"
    );

    let (status, body) = c
        .post(
            CLASSES,
            json!({"classCode": "C09", "students": [{"studentName": "x"}]}),
        )
        .await;
    assert_eq!(status, 400, "nested writes are not the sandbox's: {body}");
    assert!(body["message"].as_str().unwrap().contains("students"));

    let (status, body) = c.get("/datasources/system/models/Nobody/records").await;
    assert_eq!(status, 500);
    assert_eq!(body["message"], "Model not found: Nobody");
    let (status, body) = c.get("/datasources/system/models/UserGender/records").await;
    assert_eq!(status, 500);
    assert!(body["message"].as_str().unwrap().contains("not an entity"));
    let (status, body) = c.get("/datasources/nowhere/models/Student/records").await;
    assert_eq!(status, 500);
    assert_eq!(body["message"], "Datasource not found: nowhere");

    let resp = c
        .http
        .get(format!("{}{STUDENTS}", c.api))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["message"], "Token is missing");

    let (status, body) = c.call(Method::POST, STUDENTS, None).await;
    assert_eq!(status, 500, "no body is no record: {body}");
}
