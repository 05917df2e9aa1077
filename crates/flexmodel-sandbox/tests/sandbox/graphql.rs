//! `POST /f/graphql` over HTTP, the query side on a seeded sandbox: lists with `where`
//! (several operators, `_or`, `_and`, enums), `order_by`, `page`/`size` checked against the
//! REST records list of the same filter; aggregates checked against SQL on the datasource's
//! SQLite file (and `@transform` taking the count out); `find_one` and `find_by_id` against
//! REST's record; relations both ways, `_join`, and `@export` feeding later fields.

use crate::data_support;

use data_support::{console, Console};
use serde_json::{json, Value};

/// Posts a GraphQL request; answers the body (the status is always 200).
async fn gql(c: &Console, query: &str, variables: Value) -> Value {
    let (status, body) = c
        .post("/graphql", json!({"query": query, "variables": variables}))
        .await;
    assert_eq!(status, 200, "{body}");
    for key in ["errors", "data", "extensions", "dataPresent"] {
        assert!(body.get(key).is_some(), "no {key} in {body}");
    }
    body
}

/// The data of an answer without errors.
fn data(body: Value) -> Value {
    assert_eq!(body["errors"], json!([]), "{body}");
    assert_eq!(body["dataPresent"], true, "{body}");
    assert_eq!(body["extensions"], Value::Null);
    body["data"].clone()
}

/// REST ids as GraphQL's `ID` answers them (strings).
fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| match &r[key] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}
const LIST: &str = r#"
query Page($where: system_Student_bool_exp, $page: Int, $size: Int) {
  system_list_Student(where: $where, order_by: {score: desc, id: asc}, page: $page, size: $size) {
    id studentName age score active classId
  }
}"#;

#[tokio::test]
async fn a_list_with_where_order_by_and_page_matches_the_rest_list() {
    let c = console().await;
    let filters = [
        json!({"_or": [{"age": {"_gte": 16}}, {"studentName": {"_ends_with": "7"}}],
               "active": {"_eq": true}}),
        json!({"classId": {"_in": [1, 3]}, "score": {"_lt": 80.0}}),
        json!({"_and": [{"studentName": {"_starts_with": "Student 1"}},
                        {"studentName": {"_not_contains": "3"}}],
               "gender": {"_ne": "MALE"}}),
        json!({"age": {"_nin": [10, 11, 12]}, "classId": {"_gt": 2, "_lte": 4}}),
    ];
    for filter in filters {
        for (page, size) in [(1, 5), (2, 5), (1, 100)] {
            let got = data(
                gql(
                    &c,
                    LIST,
                    json!({"where": filter, "page": page, "size": size}),
                )
                .await,
            );
            let got = &got["system_list_Student"];
            let (status, rest) = c
                .records(
                    "Student",
                    &[
                        ("filter", filter.to_string()),
                        (
                            "sort",
                            json!([{"field": "score", "order": "DESC"}, {"field": "id", "order": "ASC"}])
                                .to_string(),
                        ),
                        ("page", page.to_string()),
                        ("size", size.to_string()),
                    ],
                )
                .await;
            assert_eq!(status, 200, "{rest}");
            let want = &rest["list"];
            assert!(
                !want.as_array().unwrap().is_empty() || page > 1,
                "the filter {filter} should match something"
            );
            assert_eq!(ids(got, "id"), ids(want, "id"), "{filter} page {page}");
            for (g, w) in got.as_array().unwrap().iter().zip(want.as_array().unwrap()) {
                for key in ["studentName", "age", "score", "active", "classId"] {
                    assert_eq!(g[key], w[key], "{key} of {w}");
                }
            }
        }
    }

    // Without page or size: every match; a literal where instead of a variable.
    let all = data(
        gql(
            &c,
            "{ system_list_Student(where: {age: {_eq: 17}}) { id age } }",
            json!({}),
        )
        .await,
    );
    let (_, rest) = c
        .records(
            "Student",
            &[
                ("filter", json!({"age": 17}).to_string()),
                ("size", "1000".into()),
            ],
        )
        .await;
    assert_eq!(
        ids(&all["system_list_Student"], "id"),
        ids(&rest["list"], "id")
    );
    assert_eq!(
        rest["total"],
        all["system_list_Student"].as_array().unwrap().len()
    );
}

#[tokio::test]
async fn aggregates_match_sql_on_the_datasource_file() {
    let c = console().await;
    let body = data(
        gql(
            &c,
            r#"{
              all: system_aggregate_Student { _count }
              class5: system_aggregate_Student(where: {classId: {_eq: 5}}) {
                _count
                ages: _count(field: age)
                ageValues: _count(field: age, distinct: true)
                _max { age score studentName }
                _min { age birthday }
                _sum { age score }
                _avg { age score }
              }
            }"#,
            json!({}),
        )
        .await,
    );
    let db = c.system_db();
    let total: i64 = db
        .query_row("SELECT COUNT(*) FROM Student", [], |r| r.get(0))
        .unwrap();
    assert_eq!(body["all"]["_count"], total);
    #[allow(clippy::type_complexity)]
    let row: (i64, i64, i64, f64, String, i64, String, i64, f64, f64, f64) = db
        .query_row(
            "SELECT COUNT(*), COUNT(age), MAX(age), MAX(score), MAX(studentName), MIN(age),
                    MIN(birthday), SUM(age), SUM(score), AVG(age), AVG(score)
             FROM Student WHERE classId = 5",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                ))
            },
        )
        .unwrap();
    let a = &body["class5"];
    assert_eq!(a["_count"], row.0);
    assert_eq!(a["ages"], row.1);
    assert!(row.0 > row.1, "the seed has null ages in class 5");
    let distinct_ages: i64 = db
        .query_row(
            "SELECT COUNT(DISTINCT age) FROM Student WHERE classId = 5",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(a["ageValues"], distinct_ages);
    assert!(distinct_ages < row.1, "ages repeat in class 5");
    assert_eq!(a["_max"]["age"], row.2);
    assert_eq!(a["_max"]["score"].as_f64().unwrap(), row.3);
    assert_eq!(a["_max"]["studentName"], row.4);
    assert_eq!(a["_min"]["age"], row.5);
    assert_eq!(a["_min"]["birthday"], row.6);
    assert_eq!(a["_sum"]["age"], row.7);
    assert!((a["_sum"]["score"].as_f64().unwrap() - row.8).abs() < 1e-9);
    assert!((a["_avg"]["age"].as_f64().unwrap() - row.9).abs() < 1e-9);
    assert!((a["_avg"]["score"].as_f64().unwrap() - row.10).abs() < 1e-9);

    // The pagination API's form: the count taken out by @transform.
    let page = data(
        gql(
            &c,
            r#"query P($where: system_Student_bool_exp, $page: Int = 1, $size: Int = 10) {
                 list: system_list_Student(where: $where, page: $page, size: $size) { id }
                 total: system_aggregate_Student(where: $where) @transform(get: "_count") { _count }
               }"#,
            json!({"where": {"classId": {"_eq": 5}}, "size": 4}),
        )
        .await,
    );
    assert_eq!(page["total"], row.0, "{page}");
    assert_eq!(page["list"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn find_one_and_find_by_id_answer_the_record_rest_shows() {
    let c = console().await;
    let rest = c.ok("/datasources/system/models/Student/records/8").await;
    let selection = "id studentName gender age score active createdAt birthday checkInTime profile studentNo studentClass { id classCode className }";
    let body = data(
        gql(
            &c,
            &format!(
                r#"query One($name: String, $id: ID!) {{
                  one: system_find_one_Student(where: {{studentName: {{_eq: $name}}}}) {{ {selection} }}
                  byId: system_find_by_id_Student(id: $id) {{ {selection} }}
                  none: system_find_one_Student(where: {{studentName: {{_eq: "nobody"}}}}) {{ id }}
                  noId: system_find_by_id_Student(id: 999) {{ id }}
                }}"#
            ),
            json!({"name": "Student 08", "id": 8}),
        )
        .await,
    );
    for key in ["one", "byId"] {
        let r = &body[key];
        assert_eq!(r["id"], "8", "ID answers as a string");
        for field in [
            "studentName",
            "gender",
            "age",
            "score",
            "active",
            "createdAt",
            "birthday",
            "checkInTime",
            "profile",
            "studentNo",
        ] {
            assert_eq!(r[field], rest[field], "{key}.{field}");
        }
        assert_eq!(r["studentClass"]["id"], "3");
        assert_eq!(
            r["studentClass"]["classCode"],
            rest["studentClass"]["classCode"]
        );
    }
    assert!(body["one"]["profile"].is_object(), "JSON as JSON: {body}");
    assert_eq!(body["none"], Value::Null);
    assert_eq!(body["noId"], Value::Null);

    // A one-to-many relation, nested two levels, and the enum filter.
    let classes = data(
        gql(
            &c,
            r#"{ system_find_by_id_Classes(id: "3") {
                   classCode
                   students { id gender studentClass { classCode } }
                 }
                 males: system_list_Student(where: {gender: {_eq: MALE}, classId: {_eq: 3}}) { id }
               }"#,
            json!({}),
        )
        .await,
    );
    let class = &classes["system_find_by_id_Classes"];
    assert_eq!(class["classCode"], "C03");
    let students = class["students"].as_array().unwrap();
    let (_, rest) = c
        .records(
            "Student",
            &[
                ("filter", json!({"classId": 3}).to_string()),
                ("size", "100".into()),
            ],
        )
        .await;
    assert_eq!(ids(&class["students"], "id"), ids(&rest["list"], "id"));
    assert!(students
        .iter()
        .all(|s| s["studentClass"]["classCode"] == "C03"));
    let males: Vec<String> = students
        .iter()
        .filter(|s| s["gender"] == "MALE")
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!males.is_empty());
    assert_eq!(ids(&classes["males"], "id"), males);

    // `_join`: the query root again inside a result.
    let joined = data(
        gql(
            &c,
            r#"{ system_find_one_Classes(where: {classCode: {_eq: "C03"}}) {
                   className
                   _join { system_aggregate_Student(where: {classId: {_eq: 3}}) { _count } }
                 } }"#,
            json!({}),
        )
        .await,
    );
    let one = &joined["system_find_one_Classes"];
    assert_eq!(one["className"], "Class C");
    assert_eq!(
        one["_join"]["system_aggregate_Student"]["_count"],
        students.len()
    );
}

#[tokio::test]
async fn an_exported_value_is_a_variable_of_the_fields_resolved_after_it() {
    let c = console().await;
    // Under `_join`, and in a later top-level field.
    let body = data(
        gql(
            &c,
            r#"query Q($cid: Int @internal, $code: String) {
                 c: system_find_one_Classes(where: {classCode: {_eq: $code}}) {
                   id @export(as: "cid")
                   _join {
                     inClass: system_aggregate_Student(where: {classId: {_eq: $cid}}) { _count }
                   }
                 }
                 later: system_list_Student(where: {classId: {_eq: $cid}}, size: 2, page: 1) {
                   studentClass { classCode }
                 }
               }"#,
            json!({"code": "C04"}),
        )
        .await,
    );
    assert_eq!(body["c"]["id"], "4");
    assert_eq!(body["c"]["_join"]["inClass"]["_count"], 12, "{body}");
    assert_eq!(
        body["later"],
        json!([{"studentClass": {"classCode": "C04"}}, {"studentClass": {"classCode": "C04"}}])
    );

    // Exported from a list: the last item's value, as on the server.
    let body = data(
        gql(
            &c,
            r#"query Q($last: Int @internal) {
                 system_list_Classes(order_by: {id: asc}) { id @export(as: "last") }
                 system_find_one_Classes(where: {id: {_eq: $last}}) { classCode }
               }"#,
            json!({}),
        )
        .await,
    );
    assert_eq!(body["system_find_one_Classes"]["classCode"], "C05");
}
