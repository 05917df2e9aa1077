//! `POST /f/graphql` over HTTP on a seeded sandbox: the standard introspection query with the
//! server's operation, argument and input names; lists with `where` (several operators,
//! `_or`, `_and`), `order_by`, `page`/`size` checked against the REST records list of the same
//! filter; aggregates checked against SQL on the datasource's SQLite file; `find_one` and
//! `find_by_id` against REST's record; relations, enums and `_join`; the error answers
//! (always 200) and the server's directives.

mod data_support;

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

const INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description
    args { ...InputValue }
    type { ...TypeRef }
    isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
}
"#;

/// The named type at the bottom of a type reference, with its wrappers (`[X!]!` → "[X!]!").
fn show(t: &Value) -> String {
    match t["kind"].as_str().unwrap() {
        "NON_NULL" => format!("{}!", show(&t["ofType"])),
        "LIST" => format!("[{}]", show(&t["ofType"])),
        _ => t["name"].as_str().unwrap().to_owned(),
    }
}

fn find<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {list}"))
}

/// (name, type) of a field's arguments or an input's fields.
fn args(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].as_str().unwrap().to_owned(), show(&a["type"])))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[tokio::test]
async fn the_standard_introspection_query_shows_the_servers_names() {
    let c = console().await;
    let schema = data(gql(&c, INTROSPECTION, json!({})).await)["__schema"].clone();
    assert_eq!(schema["queryType"]["name"], "Query");
    assert_eq!(schema["mutationType"]["name"], "Mutation");
    let types = &schema["types"];

    let query = find(types, "Query");
    let list = find(&query["fields"], "system_list_Student");
    assert_eq!(show(&list["type"]), "[system_Student!]!");
    assert_eq!(
        args(&list["args"]),
        pairs(&[
            ("where", "system_Student_bool_exp"),
            ("order_by", "system_Student_order_by"),
            ("size", "Int"),
            ("page", "Int"),
        ])
    );
    let agg = find(&query["fields"], "system_aggregate_Student");
    assert_eq!(show(&agg["type"]), "system_Student_aggregate!");
    let one = find(&query["fields"], "system_find_one_Student");
    assert_eq!(
        args(&one["args"]),
        pairs(&[("where", "system_Student_bool_exp")])
    );
    let by_id = find(&query["fields"], "system_find_by_id_Classes");
    assert_eq!(args(&by_id["args"]), pairs(&[("id", "ID!")]));
    assert_eq!(show(&by_id["type"]), "system_Classes");
    // Native queries have no GraphQL form; every entity has its operations.
    let names: Vec<&str> = query["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(!names.iter().any(|n| n.contains("StudentsOlderThan")));
    assert!(names.contains(&"system_list_Product"));

    let mutation = find(types, "Mutation");
    let m = |name: &str| args(&find(&mutation["fields"], name)["args"]);
    assert_eq!(
        m("system_create_Student"),
        pairs(&[("data", "system_Student_insert_input")])
    );
    assert_eq!(
        m("system_update_Student"),
        pairs(&[
            ("_set", "system_Student_set_input"),
            ("where", "system_Student_bool_exp!")
        ])
    );
    assert_eq!(
        m("system_delete_Student"),
        pairs(&[("where", "system_Student_bool_exp!")])
    );
    assert_eq!(
        m("system_update_Student_by_id"),
        pairs(&[("_set", "system_Student_set_input"), ("id", "ID!")])
    );
    assert_eq!(m("system_delete_Student_by_id"), pairs(&[("id", "ID!")]));
    let update = find(&mutation["fields"], "system_update_Student");
    assert_eq!(show(&update["type"]), "mutation_response");
    let response = find(types, "mutation_response");
    assert_eq!(
        show(&find(&response["fields"], "affected_rows")["type"]),
        "Int!"
    );

    // The model's type: scalars per field type, the identity an ID, the enum, relations.
    let student = find(types, "system_Student");
    let field = |name: &str| show(&find(&student["fields"], name)["type"]);
    assert_eq!(field("id"), "ID");
    assert_eq!(field("studentName"), "String");
    assert_eq!(field("age"), "Int");
    assert_eq!(field("classId"), "Int", "Long is Int, as the engine has it");
    assert_eq!(field("score"), "Float");
    assert_eq!(field("active"), "Boolean");
    assert_eq!(field("createdAt"), "String");
    assert_eq!(field("profile"), "JSON");
    assert_eq!(field("gender"), "system_UserGender");
    assert_eq!(field("studentClass"), "system_Classes");
    assert_eq!(field("_join"), "Query");
    let classes = find(types, "system_Classes");
    assert_eq!(
        show(&find(&classes["fields"], "students")["type"]),
        "[system_Student]"
    );

    let gender = find(types, "system_UserGender");
    assert_eq!(gender["kind"], "ENUM");
    let values: Vec<&str> = gender["enumValues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["UNKNOWN", "MALE", "FEMALE"]);

    let bool_exp = find(types, "system_Student_bool_exp");
    assert_eq!(bool_exp["kind"], "INPUT_OBJECT");
    let inputs = args(&bool_exp["inputFields"]);
    for expected in [
        ("_and", "[system_Student_bool_exp!]"),
        ("_or", "[system_Student_bool_exp!]"),
        ("age", "Int_comparison_exp"),
        ("studentName", "String_comparison_exp"),
        ("score", "Float_comparison_exp"),
        ("active", "Boolean_comparison_exp"),
        ("gender", "system_UserGender_comparison_exp"),
        ("createdAt", "DateTime_comparison_exp"),
        ("birthday", "Date_comparison_exp"),
    ] {
        assert!(
            inputs.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {inputs:?}"
        );
    }
    let string_ops: Vec<String> = args(&find(types, "String_comparison_exp")["inputFields"])
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    for op in [
        "_eq",
        "_ne",
        "_in",
        "_nin",
        "_contains",
        "_not_contains",
        "_starts_with",
        "_ends_with",
    ] {
        assert!(string_ops.iter().any(|o| o == op), "{op}");
    }
    let order = args(&find(types, "system_Student_order_by")["inputFields"]);
    assert!(order.contains(&("score".into(), "order_by".into())));
    assert!(!order.iter().any(|(n, _)| n == "studentClass"));
    let order_by = find(types, "order_by");
    assert_eq!(
        order_by["enumValues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["asc", "desc"]
    );
    let aggregate = find(types, "system_Student_aggregate");
    let count = find(&aggregate["fields"], "_count");
    assert_eq!(
        args(&count["args"]),
        pairs(&[
            ("distinct", "Boolean"),
            ("field", "system_Student_select_field")
        ])
    );
    assert_eq!(
        show(&find(&aggregate["fields"], "_avg")["type"]),
        "system_Student_avg_fields!"
    );
    assert_eq!(find(types, "JSON")["kind"], "SCALAR");

    // Another project, another schema.
    let mut dev = console().await;
    dev.project = "dev_test".into();
    let fields = data(
        gql(
            &dev,
            "{ __type(name: \"Query\") { fields { name } } }",
            json!({}),
        )
        .await,
    );
    let names: Vec<&str> = fields["__type"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"dev_list_Todo"), "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with("system_")), "{names:?}");
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
async fn errors_are_answered_with_200_and_data_present_says_whether_it_ran() {
    let c = console().await;
    let syntax = gql(&c, "{ system_list_Student( { id } ", json!({})).await;
    assert_eq!(syntax["dataPresent"], false);
    assert_eq!(syntax["data"], Value::Null);
    assert_eq!(syntax["errors"][0]["errorType"], "InvalidSyntax");
    assert!(
        syntax["errors"][0]["locations"][0]["line"]
            .as_u64()
            .unwrap()
            >= 1
    );

    let unknown = gql(&c, "{ system_list_Student { id nope } }", json!({})).await;
    assert_eq!(unknown["dataPresent"], false, "{unknown}");
    assert_eq!(unknown["data"], Value::Null);
    let message = unknown["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("nope"), "{message}");
    assert_eq!(unknown["errors"][0]["errorType"], "ValidationError");

    let no_op = gql(&c, "{ system_list_Nothing { id } }", json!({})).await;
    assert_eq!(no_op["dataPresent"], false);
    assert!(no_op["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("system_list_Nothing"));

    // A resolver's error: the data is there, the field null, the message the server's.
    let resolver = gql(
        &c,
        "{ a: system_aggregate_Student { _count(distinct: true) } b: system_list_Student(size: 1, page: 1) { id } }",
        json!({}),
    )
    .await;
    assert_eq!(resolver["dataPresent"], true, "{resolver}");
    assert_eq!(resolver["errors"][0]["errorType"], "DataFetchingException");
    assert_eq!(resolver["errors"][0]["path"], json!(["a", "_count"]));
    assert!(resolver["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("distinct"));
    assert_eq!(resolver["data"]["b"][0]["id"], "1");

    // A filter the data module refuses: its message.
    let bad = gql(
        &c,
        "{ system_find_one_Student(where: {studentName: {_eq: 12}}) { id } }",
        json!({}),
    )
    .await;
    assert_eq!(bad["dataPresent"], false, "a String takes no Int: {bad}");

    // The server's directives: @export refused by name, @internal accepted.
    let export = gql(
        &c,
        "{ system_find_one_Classes { id @export(as: \"cid\") } }",
        json!({}),
    )
    .await;
    assert_eq!(export["dataPresent"], false);
    assert!(export["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("@export"));
    let nested = gql(
        &c,
        "{ system_find_one_Classes { students @transform(get: \"0\") { id } } }",
        json!({}),
    )
    .await;
    assert!(nested["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("@transform"));
    let internal = data(
        gql(
            &c,
            "query Q($id: ID! @internal) { system_find_by_id_Classes(id: $id) { classCode } }",
            json!({"id": "1"}),
        )
        .await,
    );
    assert_eq!(internal["system_find_by_id_Classes"]["classCode"], "C01");
    let unknown_directive = gql(&c, "{ system_list_Classes @nope { id } }", json!({})).await;
    assert!(unknown_directive["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("nope"));

    // No token: the REST answer, not a GraphQL one.
    let resp = c
        .http
        .post(format!("{}/graphql", c.api))
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
}
