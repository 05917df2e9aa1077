//! `X-Tenant-Id` on every call but the session's, the projects list and the global profile.

use crate::common::signed_in;

#[tokio::test]
async fn the_project_header_goes_on_project_calls_only() {
    let f = signed_in().await;
    let projects = f.client.projects().list().await.unwrap();
    let ids: Vec<&str> = projects.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["default", "dev_test"]);
    assert!(projects.iter().all(|p| p.enabled));

    let client = f.client.with_project("dev_test");
    assert_eq!(client.project(), Some("dev_test"));
    client.settings().get().await.unwrap();
    client.projects().list().await.unwrap();
    client.whoami().await.unwrap();
    let profile = client.settings().global_profile().await.unwrap();
    assert_eq!(profile.api_root_path.as_deref(), Some("/api"));
    f.sandbox.revoke_access_tokens();
    client.settings().get().await.unwrap();
    client.without_project().settings().get().await.unwrap();

    let seen: Vec<(String, Option<String>)> = f
        .sandbox
        .request_log()
        .iter()
        .map(|r| (r.path.clone(), r.header("x-tenant-id").map(str::to_owned)))
        .collect();
    let tenant = |p: &str| Some(p.to_owned());
    assert_eq!(
        seen,
        [
            ("/api/f/auth/login".to_owned(), None),
            ("/api/f/projects".to_owned(), None),
            ("/api/f/settings".to_owned(), tenant("dev_test")),
            ("/api/f/projects".to_owned(), None),
            ("/api/f/auth/whoami".to_owned(), None),
            ("/api/f/global/profile".to_owned(), None),
            ("/api/f/settings".to_owned(), tenant("dev_test")),
            ("/api/f/auth/refresh".to_owned(), None),
            ("/api/f/settings".to_owned(), tenant("dev_test")),
            ("/api/f/settings".to_owned(), None),
        ]
    );
}

#[tokio::test]
async fn a_project_id_that_cannot_be_a_header_is_refused_before_sending() {
    let f = signed_in().await;
    let err = f
        .client
        .with_project("bad\nid")
        .settings()
        .get()
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("X-Tenant-Id"));
    assert!(!f
        .sandbox
        .request_log()
        .iter()
        .any(|r| r.path == "/api/f/settings"));
}
