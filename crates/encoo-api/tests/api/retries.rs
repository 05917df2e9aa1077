//! The retry rule: reads (and the password grant) retry connect errors, cut connections,
//! 502/503/504 and a gateway's 500 page, three tries at most; execute, create and upload never
//! retry on their own (faults.rs has the same rule under injected faults).

use std::time::Duration;

use encoo_api::{
    Client, ClientConfig, ErrorKind, ExecuteRequest, ListQuery, PackageQuery, QueueCreate,
    UploadOptions,
};
use encoo_sandbox::{Sandbox, SandboxConfig, DEMO_PASSWORD, DEMO_USERNAME};

use crate::common::{package_file, start};

#[tokio::test]
async fn a_get_survives_two_503s() {
    let env = start().await;
    env.sandbox.fail_next(2, 503);
    let page = env
        .client
        .robots()
        .list(&ListQuery::default())
        .await
        .unwrap();
    assert!(page.count > 0);
    let statuses: Vec<u16> = env
        .requests_to("GET", "/openapi/robots")
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, vec![503, 503, 200]);
}

#[tokio::test]
async fn a_get_rides_out_a_gateways_500_page() {
    let env = start().await;
    env.sandbox.fail_next(2, 500);
    let page = env
        .client
        .packages()
        .list(&PackageQuery::default())
        .await
        .unwrap();
    assert!(page.count > 0);
    let statuses: Vec<u16> = env
        .requests_to("GET", "/openapi/packages")
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, vec![500, 500, 200]);
}

#[tokio::test]
async fn a_get_gives_up_after_three_tries() {
    let env = start().await;
    env.sandbox.fail_next(10, 504);
    env.client
        .queues()
        .list(&ListQuery::default())
        .await
        .unwrap_err();
    assert_eq!(env.requests_to("GET", "/openapi/queues").len(), 3);
}

#[tokio::test]
async fn execute_is_never_retried() {
    let env = start().await;
    let wf = env
        .client
        .workflows()
        .list(&ListQuery::default())
        .await
        .unwrap()
        .list
        .remove(0);
    let jobs_before = env.sandbox.jobs().len();
    env.sandbox.fail_next(1, 503);
    let err = env
        .client
        .workflows()
        .execute(&wf.id, &ExecuteRequest::default())
        .await
        .unwrap_err();
    // A proxy's page: the client cannot tell whether the console ran it (here it did not).
    assert_eq!(err.kind(), ErrorKind::UnknownOutcome, "{err}");
    assert_eq!(err.status(), Some(503));
    assert_eq!(env.requests_to("POST", "/execute").len(), 1);
    assert_eq!(env.sandbox.jobs().len(), jobs_before);
}

#[tokio::test]
async fn create_and_upload_are_never_retried() {
    let env = start().await;
    env.sandbox.fail_next(1, 502);
    env.client
        .queues()
        .create(&QueueCreate {
            name: "once".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    let creates = env
        .sandbox
        .request_log()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.starts_with("/openapi/queues/"))
        .count();
    assert_eq!(creates, 1);
    let dir = tempfile::tempdir().unwrap();
    let file = package_file(dir.path(), "Once", "1.0.0", 100);
    env.sandbox.fail_next(1, 503);
    env.client
        .packages()
        .upload(&file, &UploadOptions::default())
        .await
        .unwrap_err();
    assert_eq!(env.requests_to("PUT", "/openapi/packages").len(), 1);
    assert!(env.sandbox.package_versions("Once").is_empty());
}

#[tokio::test]
async fn sign_in_retries_a_connect_error_until_the_console_is_up() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
    let late = sandbox.clone();
    let server = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        late.serve(([127, 0, 0, 1], port).into()).await.unwrap()
    });
    let mut cfg = ClientConfig::single(format!("http://127.0.0.1:{port}"));
    cfg.retry_backoff = Duration::from_millis(1500);
    let client = Client::sign_in(cfg, DEMO_USERNAME, DEMO_PASSWORD).await;
    let _server = server.await.unwrap();
    assert!(client.is_ok(), "{:?}", client.err());
    assert_eq!(sandbox.token_grants().password, 1);
}
