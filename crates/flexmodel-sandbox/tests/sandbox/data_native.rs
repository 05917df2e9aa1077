//! Native queries over HTTP, run for real on the seeded `system` database: rows equal what the
//! test's own SQL on the same file answers, changes are counted and seen in the data, a
//! parameter stays a value whatever it holds, and what is not a query or a change is refused.

use crate::data_support;

use data_support::{console, Console};
use reqwest::StatusCode;
use rusqlite::types::ValueRef;
use serde_json::{json, Map, Value};

const NATIVE: &str = "/datasources/system/native-query";

async fn native(c: &Console, statement: &str, parameters: Value) -> (StatusCode, Value) {
    c.post(
        NATIVE,
        json!({"statement": statement, "parameters": parameters}),
    )
    .await
}

/// The `result` of a native query that must succeed.
async fn result(c: &Console, statement: &str, parameters: Value) -> Value {
    let (status, body) = native(c, statement, parameters).await;
    assert_eq!(status, 200, "{statement}: {body}");
    assert!(body["time"].as_u64().is_some(), "time in ms: {body}");
    body["result"].clone()
}

/// Rows of `sql` run by the test itself on the `system` file, as objects by column name.
fn rows(c: &Console, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Vec<Value> {
    let conn = c.system_db();
    let mut stmt = conn.prepare(sql).unwrap();
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let mut out = Vec::new();
    let mut q = stmt.query(params).unwrap();
    while let Some(r) = q.next().unwrap() {
        let mut obj = Map::new();
        for (i, n) in names.iter().enumerate() {
            let v = match r.get_ref(i).unwrap() {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(i) => json!(i),
                ValueRef::Real(f) => json!(f),
                ValueRef::Text(t) => json!(std::str::from_utf8(t).unwrap()),
                ValueRef::Blob(_) => panic!("no blobs in the seed"),
            };
            obj.insert(n.clone(), v);
        }
        out.push(Value::Object(obj));
    }
    out
}

fn count(c: &Console, sql: &str) -> i64 {
    c.system_db().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn a_select_with_parameters_answers_the_rows_sqlite_gives() {
    let c = console().await;
    let got = result(
        &c,
        "select id, studentName, age, score, active, profile from Student \
         where age > ${age} and classId = ${classId} order by id",
        json!({"age": 14, "classId": 3}),
    )
    .await;
    let want = rows(
        &c,
        "select id, studentName, age, score, active, profile from Student \
         where age > ?1 and classId = ?2 order by id",
        &[&14, &3],
    );
    assert!(!want.is_empty(), "the seed has such students");
    assert_eq!(got, Value::Array(want));

    // The seed's native query model's statement, every column, the same parameter twice.
    let got = result(
        &c,
        "select * from Student where age > ${age} or age < ${age} - 5 order by id",
        json!({"age": 17}),
    )
    .await;
    let want = rows(
        &c,
        "select * from Student where age > ?1 or age < ?1 - 5 order by id",
        &[&17],
    );
    assert_eq!(got.as_array().unwrap().len(), want.len());
    assert_eq!(got, Value::Array(want));
    assert_eq!(got[0]["studentName"].as_str().unwrap().len(), 10);

    // WITH … SELECT is a query too, and parameters may be absent when none is named.
    let got = result(
        &c,
        "with older as (select * from Student where age >= ${min}) \
         select classId, count(*) as n from older group by classId order by classId",
        json!({"min": 15}),
    )
    .await;
    let want = rows(
        &c,
        "select classId, count(*) as n from Student where age >= 15 group by classId order by classId",
        &[],
    );
    assert_eq!(got, Value::Array(want));
    let (status, body) = c
        .post(
            NATIVE,
            json!({"statement": "select count(*) as n from Classes"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"], json!([{"n": 5}]));

    // A null parameter is bound as NULL; a query matching nothing is an empty list.
    let got = result(
        &c,
        "select id from Student where age is ${age} order by id",
        json!({"age": null}),
    )
    .await;
    assert_eq!(
        got,
        Value::Array(rows(
            &c,
            "select id from Student where age is null order by id",
            &[]
        ))
    );
    assert_eq!(got.as_array().unwrap().len(), 3);
    assert_eq!(
        result(
            &c,
            "select * from Student where age > ${age}",
            json!({"age": 1000})
        )
        .await,
        json!([])
    );
}

#[tokio::test]
async fn a_change_answers_its_count_and_is_seen_in_the_data() {
    let c = console().await;
    let in_class_2 = count(&c, "select count(*) from Student where classId = 2");
    assert!(in_class_2 > 0);
    let n = result(
        &c,
        "update Student set score = ${score} where classId = ${classId}",
        json!({"score": 99.5, "classId": 2}),
    )
    .await;
    assert_eq!(n, json!(in_class_2));
    let (status, page) = c
        .records(
            "Student",
            &[
                ("filter", json!({"classId": 2}).to_string()),
                ("size", "100".into()),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let list = page["list"].as_array().unwrap();
    assert_eq!(list.len() as i64, in_class_2);
    assert!(list.iter().all(|s| s["score"] == 99.5), "{page}");

    let n = result(
        &c,
        "insert into Classes (classCode, className) values (${code}, ${name}), ('C-X2', 'Extra')",
        json!({"code": "C-X1", "name": "Native"}),
    )
    .await;
    assert_eq!(n, json!(2));
    assert_eq!(
        rows(
            &c,
            "select className from Classes where classCode = 'C-X1'",
            &[]
        ),
        vec![json!({"className": "Native"})]
    );

    let n = result(
        &c,
        "delete from Classes where classCode like ${prefix} || '%'",
        json!({"prefix": "C-X"}),
    )
    .await;
    assert_eq!(n, json!(2));
    assert_eq!(
        count(
            &c,
            "select count(*) from Classes where classCode like 'C-X%'"
        ),
        0
    );
    // A change matching nothing counts 0.
    assert_eq!(
        result(
            &c,
            "delete from Classes where id = ${id}",
            json!({"id": -1})
        )
        .await,
        json!(0)
    );
}

#[tokio::test]
async fn a_parameter_stays_a_value_whatever_it_holds() {
    let c = console().await;
    for attempt in [
        "x' or '1'='1",
        "Student 01'; drop table Student; --",
        "Student 01\" or 1=1 --",
    ] {
        let got = result(
            &c,
            "select * from Student where studentName = ${name}",
            json!({ "name": attempt }),
        )
        .await;
        assert_eq!(got, json!([]), "{attempt}");
    }
    let got = result(
        &c,
        "select id from Student where age > ${age}",
        json!({"age": "0 or 1=1"}),
    )
    .await;
    assert_eq!(got, json!([]), "a text compared with an INTEGER column");
    // The value is found when it is the stored text, quotes and all.
    result(
        &c,
        "update Student set studentName = ${name} where id = 1",
        json!({"name": "O'Brien\"; --"}),
    )
    .await;
    let got = result(
        &c,
        "select id, studentName from Student where studentName = ${name}",
        json!({"name": "O'Brien\"; --"}),
    )
    .await;
    assert_eq!(got, json!([{"id": 1, "studentName": "O'Brien\"; --"}]));
    assert_eq!(count(&c, "select count(*) from Student"), 60);
}

#[tokio::test]
async fn missing_and_quoted_parameters_are_refused_naming_them() {
    let c = console().await;
    let (status, body) = native(
        &c,
        "select * from Student where age > ${age} and classId = ${classId}",
        json!({"age": 3}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], 400);
    assert!(
        body["message"].as_str().unwrap().contains("${classId}"),
        "{body}"
    );

    let (status, body) = native(
        &c,
        "select * from Student where studentName like '${name}%'",
        json!({"name": "Student"}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("${name}"),
        "{body}"
    );
}

#[tokio::test]
async fn what_is_neither_a_query_nor_a_change_is_unsupported() {
    let c = console().await;
    for statement in [
        "create table Extra (a int)",
        "drop table Student",
        "alter table Student add column x int",
        "create index IDX_X on Student (age)",
        "pragma table_info(Student)",
        "pragma user_version = 7",
        "select 1; select 2",
        "delete from Student; drop table Classes",
        "explain select * from Student",
        "begin",
        "attach database 'other.db' as other",
        "vacuum",
        "",
        "-- only a comment",
    ] {
        let (status, body) = native(&c, statement, json!({})).await;
        assert_eq!(status, 500, "{statement}: {body}");
        assert_eq!(
            body["message"],
            format!("Unsupported SQL statement: {statement}"),
            "{statement}"
        );
    }
    // None of them did anything.
    assert_eq!(count(&c, "select count(*) from Student"), 60);
    assert_eq!(count(&c, "select count(*) from Classes"), 5);
    assert_eq!(
        count(
            &c,
            "select count(*) from sqlite_master where name in ('Extra', 'IDX_X')"
        ),
        0
    );
    assert_eq!(count(&c, "pragma user_version"), 0);
    let cols = data_support::columns(&c.system_db(), "Student");
    assert!(cols.iter().all(|(n, ..)| n != "x"));

    // An SQL error is the database's own message in a 500; the datasource must exist.
    let (status, body) = native(&c, "select * from Nope", json!({})).await;
    assert_eq!(status, 500);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("no such table: Nope"),
        "{body}"
    );
    let (status, body) = c
        .post(
            "/datasources/nowhere/native-query",
            json!({"statement": "select 1"}),
        )
        .await;
    assert_eq!(status, 500);
    assert_eq!(body["message"], "Datasource not found: nowhere");

    // The connection is usable as before: the records API still answers.
    let (status, page) = c.records("Classes", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 5);
}

#[tokio::test]
async fn a_native_query_needs_a_token_and_runs_nothing_without_one() {
    let c = console().await;
    let resp = c
        .http
        .post(format!("{}{NATIVE}", c.api))
        .json(&json!({"statement": "delete from Student"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["message"], "Token is missing");
    let resp = c
        .http
        .post(format!("{}{NATIVE}", c.api))
        .bearer_auth("not-a-token")
        .json(&json!({"statement": "delete from Student"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    assert_eq!(count(&c, "select count(*) from Student"), 60);
}
