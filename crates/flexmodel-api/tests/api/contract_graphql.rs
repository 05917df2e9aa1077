//! Contract of `POST /f/graphql` through the client against the sandbox's schema of the seed:
//! a list with `where`, `order_by`, `size` and `page`, an aggregate, a find-one with variables, a
//! mutation read back through the records API, and `errors` in a 200 as an error.

use flexmodel_api::*;
use serde_json::json;

use crate::common::signed_in;

#[tokio::test]
async fn queries_read_the_seed_and_a_mutation_is_read_back() {
    let f = signed_in().await;
    let g = f.client.graphql();
    let data = g
        .query(
            r#"{ system_list_Student(where: {classId: {_eq: 2}}, order_by: {id: desc}, size: 3, page: 1) { id studentName } }"#,
        )
        .await
        .unwrap();
    // Identities are GraphQL IDs: text.
    assert_eq!(
        data["system_list_Student"],
        json!([
            {"id": "57", "studentName": "Student 57"},
            {"id": "52", "studentName": "Student 52"},
            {"id": "47", "studentName": "Student 47"},
        ])
    );
    let count = g
        .query(r#"{ system_aggregate_Student(where: {active: {_eq: true}}) { _count } }"#)
        .await
        .unwrap();
    assert_eq!(count["system_aggregate_Student"]["_count"], 45);
    let one = g
        .execute(
            &GraphqlRequest::new(
                r#"query One($id: ID) { system_find_one_Student(where: {id: {_eq: $id}}) { studentName age } }"#,
            )
            .operation("One")
            .variables(json!({"id": 7})),
        )
        .await
        .unwrap();
    assert_eq!(
        one["system_find_one_Student"],
        json!({"studentName": "Student 07", "age": 19})
    );

    let made = g
        .query(
            r#"mutation { system_create_Classes(data: {classCode: "G01", className: "GraphQL"}) { id className } }"#,
        )
        .await
        .unwrap();
    let id = made["system_create_Classes"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(id, "6");
    let read = f
        .client
        .records("system", "Classes")
        .get(&id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read["className"], "GraphQL");
}

#[tokio::test]
async fn errors_in_a_200_are_an_error_with_the_servers_message() {
    let f = signed_in().await;
    let g = f.client.graphql();
    let from = f.sandbox.request_log().len();
    let err = g
        .query("{ system_list_Student { noSuchField } }")
        .await
        .unwrap_err();
    // A document the server would not run: the caller's input, by the server's message.
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::InvalidInput, Some(200)),
        "{err}"
    );
    assert!(err.to_string().contains("noSuchField"), "{err}");
    let log = &f.sandbox.request_log()[from..];
    assert_eq!(log.len(), 1, "a query refused is not sent again");
    assert_eq!(
        (log[0].path.as_str(), log[0].status),
        ("/api/f/graphql", 200)
    );

    // A mutation that fails while running (a class code taken): a server error, once.
    let err = g
        .query(r#"mutation { system_create_Classes(data: {classCode: "C01", className: "Twin"}) { id } }"#)
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::Server, Some(200)),
        "{err}"
    );
    assert!(!err.to_string().contains("stack frame"), "{err}");
    let twins = f
        .client
        .records("system", "Classes")
        .list(&RecordQuery::new().filter(&Filter::field("className").eq("Twin")))
        .await
        .unwrap();
    assert_eq!(twins.total, Some(0));
}
