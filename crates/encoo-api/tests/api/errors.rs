//! How failures reach the caller: server messages and fields, proxies' HTML pages, not-found,
//! and refusals the client makes before sending anything.

use encoo_api::{Client, ClientConfig, ErrorKind, ExecuteRequest, ListQuery, WorkflowCreate};

use crate::common::start;

#[tokio::test]
async fn a_400_carries_the_servers_message_and_field() {
    let env = start().await;
    let queue = env
        .client
        .queues()
        .list(&ListQuery::default())
        .await
        .unwrap()
        .list
        .remove(0);
    let missing = uuid::Uuid::new_v4().to_string();
    let err = env
        .client
        .workflows()
        .create(&WorkflowCreate {
            name: "x".into(),
            package_id: missing.clone(),
            package_version_id: uuid::Uuid::new_v4().to_string(),
            associated_queue_id: queue.id,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.field(), Some("PackageId"));
    assert!(
        err.to_string().contains(&missing),
        "the message names the bad value: {err}"
    );
}

#[tokio::test]
async fn an_nginx_502_page_is_a_server_error_naming_the_status() {
    let env = start().await;
    env.sandbox.fail_next(10, 502);
    let err = env
        .client
        .robots()
        .list(&ListQuery::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.status(), Some(502));
    let text = err.to_string();
    assert!(text.contains("502") && text.contains("HTML"), "{text}");
    assert!(!text.contains("<html"), "{text}");
}

#[tokio::test]
async fn unknown_ids_are_not_found() {
    let env = start().await;
    let id = uuid::Uuid::new_v4().to_string();
    let err = env.client.workflows().get(&id).await.unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::NotFound, Some(404)));
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let env = start().await;
    let sent_before = env.sandbox.request_log().len();
    let c = &env.client;
    let e = c.workflows().get("not-a-guid").await.unwrap_err();
    assert_eq!(
        (e.kind(), e.field()),
        (ErrorKind::InvalidInput, Some("workflowId"))
    );
    let wf = uuid::Uuid::new_v4().to_string();
    let e = c
        .workflows()
        .execute(
            &wf,
            &ExecuteRequest {
                priority: Some(5001),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("Priority"));
    let e = c
        .workflows()
        .execute(
            &wf,
            &ExecuteRequest {
                max_retry_count: Some(11),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("MaxRetryCount"));
    let e = c
        .queues()
        .create(&encoo_api::QueueCreate {
            name: "  ".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("Name"));
    assert_eq!(
        env.sandbox.request_log().len(),
        sent_before,
        "nothing reached the console"
    );
}

#[tokio::test]
async fn an_invalid_ca_certificate_is_refused_with_its_field() {
    let mut cfg = ClientConfig::single("https://127.0.0.1:9");
    cfg.ca_certificate_pem =
        Some(b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n".to_vec());
    let err = Client::sign_in(cfg, "admin", "admin").await.unwrap_err();
    assert_eq!(
        (err.kind(), err.field()),
        (ErrorKind::InvalidInput, Some("CaCertificate"))
    );
}

#[tokio::test]
async fn an_unreachable_console_is_a_network_error_in_words() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cfg = ClientConfig::single(format!("http://127.0.0.1:{port}"));
    cfg.retry_backoff = std::time::Duration::from_millis(10);
    let err = Client::sign_in(cfg, "admin", "admin").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network);
    assert!(err.to_string().contains("connection refused"), "{err}");
}
