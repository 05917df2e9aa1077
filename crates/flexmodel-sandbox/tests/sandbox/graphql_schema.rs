//! `POST /f/graphql` over HTTP, the schema side: the standard introspection query (as any
//! GraphQL editor sends it) with the server's operation, argument, input and type names, one
//! schema per project; the error answers (always 200, `dataPresent` false when nothing ran)
//! and the server's directives: `@internal` accepted, `@export` feeding later fields'
//! variables, each refused by name where the sandbox cannot apply it.

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

    // The server's directives, for editors to complete and accept.
    let directives = &schema["directives"];
    let transform = find(directives, "transform");
    assert_eq!(transform["locations"], json!(["FIELD"]));
    assert_eq!(args(&transform["args"]), pairs(&[("get", "String!")]));
    assert_eq!(
        args(&find(directives, "export")["args"]),
        pairs(&[("as", "String")])
    );
    assert_eq!(
        find(directives, "internal")["locations"],
        json!(["VARIABLE_DEFINITION"])
    );
    assert!(find(directives, "skip")["args"].is_array());

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
        "{ a: system_aggregate_Student { _max { studentClass { id } } } b: system_list_Student(size: 1, page: 1) { id } }",
        json!({}),
    )
    .await;
    assert_eq!(resolver["dataPresent"], true, "{resolver}");
    assert_eq!(resolver["errors"][0]["errorType"], "DataFetchingException");
    assert_eq!(resolver["errors"][0]["path"], json!(["a", "_max"]));
    assert_eq!(
        resolver["errors"][0]["message"],
        "Cannot aggregate relation field 'studentClass'"
    );
    assert_eq!(resolver["data"]["b"][0]["id"], "1");

    // A literal of the wrong type: refused before it runs.
    let bad = gql(
        &c,
        "{ system_find_one_Student(where: {studentName: {_eq: 12}}) { id } }",
        json!({}),
    )
    .await;
    assert_eq!(bad["dataPresent"], false, "a String takes no Int: {bad}");

    // The server's directives: @export refused where its path is unknown (a fragment),
    // @transform on a nested field, @internal anywhere but a variable; unknown ones by name.
    let export = gql(
        &c,
        "{ system_find_one_Classes { ...F } } fragment F on system_Classes { id @export(as: \"cid\") }",
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

    // A project without models has no schema, and says so.
    let mut empty = console().await;
    empty.project = "nowhere".into();
    let none = gql(&empty, "{ __typename }", json!({})).await;
    assert_eq!(none["dataPresent"], false);
    assert!(none["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("no entity model"));

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
