//! Every operation of `flexmodel-paths.md`, each met by a proxy's 502 page on its first try:
//! its method and path as the server serves them, the project header where it belongs, and the
//! resend rule the call says: reads and PUT/PATCH/DELETE are tried again, changes that must not
//! repeat are sent once and come back as an unknown outcome with their own advice. The
//! operation's answer after the retry is not judged here (the sandbox's routes for most of
//! them are being written): what the client sent is.

use std::time::Duration;

use console_core::{ErrorKind, DEFAULT_ADVICE};
use flexmodel_api::{Client, GraphqlRequest};
use flexmodel_sandbox::testing::served;
use flexmodel_sandbox::{DEMO_PASSWORD, DEMO_USERNAME};

use crate::common::config;
use crate::operations::{run, Once, OPS};

#[tokio::test]
async fn every_operation_sends_its_method_path_header_and_resend_rule() {
    let (sandbox, server) = served().await;
    let mut config = config(&server);
    config.max_tries = 2;
    config.retry_backoff = Duration::from_millis(1);
    let client = Client::sign_in(config, DEMO_USERNAME, DEMO_PASSWORD)
        .await
        .unwrap()
        .with_project("dev_test");
    let dir = tempfile::tempdir().unwrap();
    for &(op, method, path, tenant, rule) in OPS {
        let seen = sandbox.request_log().len();
        sandbox.fail_next(1, 502);
        let outcome = run(&client, op, dir.path()).await;
        let sent: Vec<_> = sandbox.request_log().split_off(seen);
        let tries = if rule == Once { 1 } else { 2 };
        assert_eq!(sent.len(), tries, "{op}: {sent:?}");
        for r in &sent {
            assert_eq!((r.method.as_str(), r.path.as_str()), (method, path), "{op}");
            let header = r.header("x-tenant-id");
            assert_eq!(header, tenant.then_some("dev_test"), "{op}");
            assert!(
                r.authorization
                    .as_deref()
                    .is_some_and(|a| a.starts_with("Bearer ")),
                "{op}"
            );
        }
        assert_eq!(sent[0].status, 502, "{op}");
        if rule == Once {
            let err = outcome.expect_err(op);
            assert_eq!(err.kind(), ErrorKind::UnknownOutcome, "{op}: {err}");
            let text = err.to_string();
            let operation = format!("{method} {}", path.trim_start_matches("/api"));
            assert!(text.contains(&operation), "{op}: {text}");
            assert!(
                !text.ends_with(DEFAULT_ADVICE),
                "{op} says what to check: {text}"
            );
        }
    }
    assert_eq!(OPS.len(), 78);
    assert!(
        !dir.path().join("java.zip").exists(),
        "no file from a failed download"
    );
}

#[tokio::test]
async fn the_graphql_operation_type_decides_the_rule() {
    let (sandbox, server) = served().await;
    let mut config = config(&server);
    config.max_tries = 2;
    config.retry_backoff = Duration::from_millis(1);
    let client = Client::sign_in(config, DEMO_USERNAME, DEMO_PASSWORD)
        .await
        .unwrap();
    let doc = "query Read { a }\nmutation Write { b }";
    for (name, tries) in [("Read", 2), ("Write", 1)] {
        let seen = sandbox.request_log().len();
        sandbox.fail_next(1, 502);
        let request = GraphqlRequest::new(doc).operation(name);
        let _ = client.graphql().execute(&request).await;
        assert_eq!(sandbox.request_log().len() - seen, tries, "{name}");
    }
}
