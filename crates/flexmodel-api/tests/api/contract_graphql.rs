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

/// A console that answers every request with `body` (a login answer and a GraphQL answer at
/// once: each reader takes its own members) and the refresh cookie, for a test of the order
/// of members, which the sandbox (its data in sorted maps) does not keep as graphql-java does.
async fn answering(body: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                let mut seen = Vec::new();
                // The whole request: its head, then as many body bytes as it says.
                loop {
                    let n = socket.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    seen.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&seen).to_lowercase();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if seen.len() >= end + 4 + length {
                            break;
                        }
                    }
                }
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nset-cookie: refreshToken=r; Path=/\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    url
}

#[tokio::test]
async fn raw_data_keeps_the_members_in_the_order_the_console_wrote_them() {
    let url = answering(
        r#"{"token":"t","expiresIn":300000,"user":{"id":"1","username":"admin"},"permissions":["*"],"errors":[],"data":{"zeta":[{"id":"1","b":2,"a":3}],"alpha":null}}"#,
    )
    .await;
    let mut config = ClientConfig::new(url);
    config.max_tries = 1;
    let client = Client::sign_in(config, "admin", "admin123")
        .await
        .unwrap()
        .with_project("default");
    let request = GraphqlRequest::new("{ zeta { id b a } alpha { id } }");
    let raw = client
        .graphql()
        .execute_raw(&request)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        raw.get(),
        r#"{"zeta":[{"id":"1","b":2,"a":3}],"alpha":null}"#
    );
    // `execute` reads the same data, as a Value (whose members are sorted).
    let value = client.graphql().execute(&request).await.unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(raw.get()).unwrap(),
        value
    );
}
