//! The filter language, operator by operator, against SQLite's own answers: each filter sent
//! to the records list must pick exactly the ids that a hand-written query (written another
//! way where it can be: `instr`, `substr`, subqueries) picks from the same database file.

use crate::data_support;

use data_support::{console, Console};
use serde_json::{json, Value};

/// The ids the sandbox answers for `filter` on `model` (every page at once).
async fn sandbox_ids(c: &Console, model: &str, filter: &Value) -> Vec<i64> {
    let (status, body) = c
        .records(
            model,
            &[("filter", filter.to_string()), ("size", "1000".into())],
        )
        .await;
    assert_eq!(status, 200, "{filter}: {body}");
    let ids: Vec<i64> = body["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        body["total"],
        ids.len(),
        "{filter}: total counts what the filter matches"
    );
    let mut sorted = ids.clone();
    sorted.sort();
    sorted
}

fn sqlite_ids(conn: &rusqlite::Connection, model: &str, condition: &str) -> Vec<i64> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT id FROM \"{model}\" WHERE {condition} ORDER BY id"
        ))
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

async fn same(c: &Console, model: &str, filter: Value, condition: &str) -> usize {
    let conn = c.system_db();
    let expected = sqlite_ids(&conn, model, condition);
    let got = sandbox_ids(c, model, &filter).await;
    assert_eq!(got, expected, "filter {filter} against SQL `{condition}`");
    got.len()
}

#[tokio::test]
async fn every_operator_picks_the_rows_sqlite_picks() {
    let c = console().await;
    let cases: Vec<(Value, &str)> = vec![
        (json!({"age": 15}), "age = 15"),
        (json!({"age": {"_eq": 15}}), "age = 15"),
        (json!({"age": {"_ne": 15}}), "age <> 15"),
        (json!({"age": {"_gt": 15}}), "age > 15"),
        (json!({"age": {"_gte": 15}}), "age >= 15"),
        (json!({"age": {"_lt": 12}}), "age < 12"),
        (json!({"age": {"_lte": 12}}), "age <= 12"),
        (json!({"age": {"_in": [11, 13, 17]}}), "age IN (11, 13, 17)"),
        (
            json!({"age": {"_nin": [11, 13, 17]}}),
            "age NOT IN (11, 13, 17)",
        ),
        (json!({"age": {"_nin": []}}), "1"),
        (
            json!({"age": {"_between": [12, 14]}}),
            "age >= 12 AND age <= 14",
        ),
        (
            json!({"studentName": {"_contains": "1"}}),
            "instr(studentName, '1') > 0",
        ),
        (
            json!({"studentName": {"_not_contains": "1"}}),
            "instr(studentName, '1') = 0",
        ),
        (
            json!({"studentName": {"_starts_with": "Student 0"}}),
            "substr(studentName, 1, 9) = 'Student 0'",
        ),
        (
            json!({"studentName": {"_ends_with": "5"}}),
            "substr(studentName, -1) = '5'",
        ),
        (json!({"age": null}), "age IS NULL"),
        (json!({"age": {"_ne": null}}), "age IS NOT NULL"),
        (json!({"active": true}), "active = 1"),
        (json!({"active": {"_eq": false}}), "active = 0"),
        (json!({"score": {"_gt": 80.5}}), "score > 80.5"),
        (
            json!({"createdAt": {"_gte": "2025-08-01T08:30:00"}}),
            "createdAt >= '2025-08-01T08:30:00'",
        ),
        (
            json!({"createdAt": {"_lt": "2025-08-01 08:10:00"}}),
            "createdAt < '2025-08-01T08:10:00'",
        ),
        (
            json!({"birthday": {"_between": ["2012-03-01", "2012-06-30"]}}),
            "birthday >= '2012-03-01' AND birthday <= '2012-06-30'",
        ),
        (
            json!({"checkInTime": {"_lt": "07:20"}}),
            "checkInTime < '07:20:00'",
        ),
        (json!({"gender": "MALE"}), "gender = 'MALE'"),
        (
            json!({"gender": {"_in": ["MALE", "FEMALE"]}}),
            "gender <> 'UNKNOWN'",
        ),
        (
            json!({"classId": 3, "gender": "FEMALE"}),
            "classId = 3 AND gender = 'FEMALE'",
        ),
        (
            json!({"age": {"_gt": 11, "_lt": 15}}),
            "age > 11 AND age < 15",
        ),
        (
            json!({"_or": [{"age": 10}, {"classId": 2}]}),
            "age = 10 OR classId = 2",
        ),
        (
            json!({"_and": [{"age": {"_gte": 12}}, {"classId": {"_ne": 1}}]}),
            "age >= 12 AND classId <> 1",
        ),
        (
            json!({"_and": [
                {"_or": [{"age": {"_lt": 12}}, {"age": {"_gt": 17}}]},
                {"_or": [{"gender": "MALE"}, {"classId": {"_in": [1, 2]}}]},
            ]}),
            "(age < 12 OR age > 17) AND (gender = 'MALE' OR classId IN (1, 2))",
        ),
        (
            json!({"_or": [{"_and": [{"classId": 1}, {"active": false}]}, {"score": {"_gte": 99}}]}),
            "(classId = 1 AND active = 0) OR score >= 99",
        ),
        (
            json!({"studentClass": {"className": {"_ends_with": "B"}}}),
            "classId IN (SELECT id FROM Classes WHERE substr(className, -1) = 'B')",
        ),
        (
            json!({"studentClass": {"classCode": {"_in": ["C01", "C05"]}}, "age": {"_gt": 14}}),
            "classId IN (SELECT id FROM Classes WHERE classCode IN ('C01', 'C05')) AND age > 14",
        ),
        (
            json!({"studentClass": {"_or": [{"classCode": "C02"}, {"classCode": "C04"}]}}),
            "classId IN (2, 4)",
        ),
        (json!({"studentName": "x' OR '1'='1"}), "0"),
        (json!({}), "1"),
    ];
    let mut matched = 0;
    for (filter, condition) in cases {
        matched += same(&c, "Student", filter, condition).await;
    }
    assert!(
        matched > 500,
        "the cases pick rows, not only empty sets: {matched}"
    );

    // One-to-many relation path, from the other side.
    let n = same(
        &c,
        "Classes",
        json!({"students": {"age": {"_gte": 19}}}),
        "id IN (SELECT classId FROM Student WHERE age >= 19)",
    )
    .await;
    assert!(n > 0 && n < 5, "{n}");
    same(
        &c,
        "Classes",
        json!({"students": {"studentName": "Student 07"}}),
        "id = 2",
    )
    .await;
    assert!(sandbox_ids(&c, "Student", &json!({"age": {"_in": []}}))
        .await
        .is_empty());
    assert!(sandbox_ids(&c, "Student", &json!({"_or": []}))
        .await
        .is_empty());
}

#[tokio::test]
async fn like_wildcards_in_values_match_only_themselves() {
    let c = console().await;
    for name in ["100% sure", "snake_case", "back\\slash", "plain"] {
        let (status, _) = c
            .post(
                "/datasources/system/models/Student/records",
                json!({"studentName": name}),
            )
            .await;
        assert_eq!(status, 200);
    }
    let conn = c.system_db();
    for needle in ["%", "_", "\\", "e_c", "0%"] {
        let got = sandbox_ids(
            &c,
            "Student",
            &json!({"studentName": {"_contains": needle}}),
        )
        .await;
        let mut stmt = conn
            .prepare("SELECT id FROM Student WHERE instr(studentName, ?1) > 0 ORDER BY id")
            .unwrap();
        let expected: Vec<i64> = stmt
            .query_map([needle], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(got, expected, "_contains {needle}");
        assert_eq!(got.len(), 1, "_contains {needle} matches one record");
    }
    let starts = sandbox_ids(
        &c,
        "Student",
        &json!({"studentName": {"_starts_with": "snake_"}}),
    )
    .await;
    assert_eq!(starts.len(), 1);
    let ends = sandbox_ids(
        &c,
        "Student",
        &json!({"studentName": {"_ends_with": "% sure"}}),
    )
    .await;
    assert_eq!(ends.len(), 1);
}

#[tokio::test]
async fn bad_filters_are_the_servers_500_naming_the_problem() {
    let c = console().await;
    let cases: Vec<(String, &str)> = vec![
        (
            json!({"age": {"_like": 3}}).to_string(),
            "Unsupported operator: _like",
        ),
        (
            json!({"_not": {"age": 3}}).to_string(),
            "Unsupported operator: _not",
        ),
        (json!({"nickname": "x"}).to_string(), "nickname"),
        (
            json!({"age": {"_between": [1, 2, 3]}}).to_string(),
            "_between takes exactly two values",
        ),
        (json!({"age": {"_in": 3}}).to_string(), "_in takes a list"),
        (json!({"_or": {"age": 3}}).to_string(), "_or takes an array"),
        (json!({"age": {"years": 3}}).to_string(), "not a relation"),
        (
            json!({"studentClass": {"nothing": 1}}).to_string(),
            "nothing",
        ),
        (json!({"age": "old"}).to_string(), "Cannot convert"),
        ("{not json".to_owned(), "filter"),
        (json!([1, 2]).to_string(), "A filter is a JSON object"),
    ];
    for (filter, needle) in cases {
        let (status, body) = c.records("Student", &[("filter", filter.clone())]).await;
        assert_eq!(status, 500, "{filter}: {body}");
        assert_eq!(body["code"], -1, "{filter}");
        assert_eq!(body["success"], false, "{filter}");
        let message = body["message"].as_str().unwrap();
        assert!(message.contains(needle), "{filter}: {message}");
    }
    // The table is intact after all of that.
    let (status, body) = c.records("Student", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(body["total"], 60);
}
