//! The cookie session: sign-in, a refused password, one refresh for many callers after a 401,
//! a refused refresh ending the session, resuming from the stored cookie.

use flexmodel_api::{Client, ErrorKind};
use flexmodel_sandbox::testing::served;

use crate::common::{config, signed_in};

#[tokio::test]
async fn sign_in_keeps_the_user_and_the_refresh_cookie_from_set_cookie() {
    let f = signed_in().await;
    assert_eq!(f.client.user().username, "admin");
    assert_eq!(f.client.user().permissions, ["*"]);
    let cookie = f.client.refresh_cookie().await.expect("a refresh cookie");
    assert!(!cookie.is_empty() && !cookie.contains(';'), "{cookie}");
    let me = f.client.whoami().await.unwrap();
    assert_eq!(me.username, "admin");
    let login = f
        .sandbox
        .request_log()
        .into_iter()
        .find(|r| r.path == "/api/f/auth/login")
        .expect("the login was sent under /api");
    assert_eq!(login.method, "POST");
    assert_eq!(login.content_type.as_deref(), Some("application/json"));
    assert_eq!(f.sandbox.token_grants().sign_in, 1);
}

#[tokio::test]
async fn a_wrong_password_is_unauthorized_in_the_servers_words() {
    let (sandbox, server) = served().await;
    let err = Client::sign_in(config(&server), "admin", "wrong")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.to_string(), "Wrong username or password");
    assert_eq!(sandbox.token_grants().sign_in_refused, 1);
    let blank = Client::sign_in(config(&server), " ", "x")
        .await
        .unwrap_err();
    assert_eq!(
        (blank.kind(), blank.field()),
        (ErrorKind::InvalidInput, Some("username"))
    );
    assert_eq!(sandbox.token_grants().sign_in_refused, 1, "nothing sent");
}

#[tokio::test]
async fn ten_concurrent_callers_after_a_401_share_one_refresh() {
    let f = signed_in().await;
    f.sandbox.revoke_access_tokens();
    let calls = (0..10).map(|_| {
        let client = f.client.clone();
        tokio::spawn(async move { client.whoami().await })
    });
    for call in calls.collect::<Vec<_>>() {
        assert_eq!(call.await.unwrap().unwrap().username, "admin");
    }
    let grants = f.sandbox.token_grants();
    assert_eq!((grants.sign_in, grants.refresh), (1, 1));
    let refresh = f
        .sandbox
        .request_log()
        .into_iter()
        .find(|r| r.path == "/api/f/auth/refresh")
        .expect("a refresh was sent");
    let cookie = f.client.refresh_cookie().await.unwrap();
    assert_eq!(
        refresh.header("cookie"),
        Some(format!("refreshToken={cookie}").as_str())
    );
    assert_eq!(refresh.authorization, None);
}

#[tokio::test]
async fn a_refused_refresh_ends_the_session() {
    let f = signed_in().await;
    let mut watch = f.client.watch_refresh_cookie();
    f.sandbox.revoke_access_tokens();
    f.sandbox.revoke_refresh();
    let err = f.client.whoami().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionExpired, "{err}");
    assert_eq!(f.client.refresh_cookie().await, None);
    watch.changed().await.unwrap();
    assert_eq!(*watch.borrow(), None);
    assert_eq!(f.sandbox.token_grants().refresh_refused, 1);
    let again = f.client.whoami().await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::SessionExpired);
    assert_eq!(
        f.sandbox.token_grants().refresh_refused,
        1,
        "not asked again"
    );
}

#[tokio::test]
async fn a_session_resumes_from_the_stored_cookie() {
    let f = signed_in().await;
    let cookie = f.client.refresh_cookie().await.unwrap();
    let resumed = Client::resume(f.config(), &cookie).await.unwrap();
    assert_eq!(resumed.user().username, "admin");
    assert_eq!(resumed.whoami().await.unwrap().username, "admin");
    assert_eq!(resumed.refresh_cookie().await, Some(cookie));
    let grants = f.sandbox.token_grants();
    assert_eq!((grants.sign_in, grants.refresh), (1, 1));

    let err = Client::resume(f.config(), "not-a-cookie")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionExpired);
    let err = Client::resume(f.config(), "").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionExpired);
}

#[tokio::test]
async fn debug_output_never_shows_the_cookie_or_the_token() {
    let f = signed_in().await;
    let cookie = f.client.refresh_cookie().await.unwrap();
    let shown = format!("{:?}", f.client.with_project("default"));
    assert!(
        shown.contains("default") && shown.contains(&f.server.url()),
        "{shown}"
    );
    assert!(!shown.contains(&cookie), "{shown}");
    let login = f.sandbox.request_log().remove(0);
    assert!(
        login.authorization.is_none(),
        "no token sent with the login"
    );
}
