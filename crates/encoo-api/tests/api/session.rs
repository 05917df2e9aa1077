//! Sign-in, headers, refresh before expiry, single-flight refresh, 401 handling, expiry.

use std::time::{Duration, Instant};

use encoo_api::{Client, ClientConfig, ErrorKind, ListQuery, PackageQuery};
use encoo_sandbox::{Sandbox, SandboxConfig, TokenStyle, DEMO_PASSWORD, DEMO_USERNAME};
use futures_util::future::join_all;

use crate::common::{start, start_with};

#[tokio::test]
async fn every_business_call_carries_bearer_company_and_department() {
    let env = start().await;
    let scope = env.client.scope().unwrap().clone();
    // Sign-in reads the user and the tree before a department is chosen: look after it.
    let from = env.sandbox.request_log().len();
    env.client
        .packages()
        .list(&PackageQuery::default())
        .await
        .unwrap();
    env.client
        .workflows()
        .list(&ListQuery::default())
        .await
        .unwrap();
    env.client
        .robots()
        .list(&ListQuery::default())
        .await
        .unwrap();
    let log = env.sandbox.request_log();
    let business: Vec<_> = log[from..]
        .iter()
        .filter(|r| {
            let p = r.path.to_ascii_lowercase();
            p.starts_with("/openapi/")
                && !p.contains("companylist")
                && !p.contains("departments/tree")
        })
        .collect();
    assert!(business.len() >= 3);
    for r in business {
        assert!(
            r.authorization
                .as_deref()
                .is_some_and(|a| a.starts_with("Bearer ")),
            "{r:?}"
        );
        assert_eq!(r.company_id.as_deref(), Some(scope.company_id.as_str()));
        assert_eq!(
            r.department_id.as_deref(),
            Some(scope.department_id.as_str())
        );
    }
}

#[tokio::test]
async fn sso_and_api_may_live_at_different_addresses() {
    let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
    let sso = sandbox.serve("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let api = sandbox.serve("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let client = Client::sign_in(
        ClientConfig::new(sso.url(), api.url()),
        DEMO_USERNAME,
        DEMO_PASSWORD,
    )
    .await
    .unwrap()
    .with_default_scope()
    .await
    .unwrap();
    client
        .packages()
        .list(&PackageQuery::default())
        .await
        .unwrap();
    let host = |r: &encoo_sandbox::RequestRecord| {
        r.headers
            .iter()
            .find(|(k, _)| k == "host")
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    for r in sandbox.request_log() {
        let expected = if r.path == "/connect/token" {
            sso.addr()
        } else {
            api.addr()
        };
        assert_eq!(host(&r), expected.to_string(), "{} {}", r.method, r.path);
    }
}

#[tokio::test]
async fn oauth_spelling_of_the_token_answer_signs_in_too() {
    let config = SandboxConfig {
        token_style: TokenStyle::OAuth,
        ..Default::default()
    };
    let env = start_with(config, |_| {}).await;
    env.client.users().me().await.unwrap();
    assert_eq!(env.sandbox.token_grants().password, 1);
}

#[tokio::test]
async fn wrong_password_is_unauthorized_and_says_so() {
    let env = start().await;
    let err = Client::sign_in(ClientConfig::single(env.server.url()), "admin", "nope")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    assert!(err.to_string().contains("username or password"), "{err}");
}

#[tokio::test]
async fn session_refreshes_before_expiry_without_a_401() {
    let config = SandboxConfig {
        token_ttl: Duration::from_secs(1),
        ..Default::default()
    };
    let env = start_with(config, |c| c.refresh_margin = Duration::from_millis(1500)).await;
    // Lifetime 1 s, margin capped at half of it: the client refreshes after 0.5 s, before the
    // console's expiry. Call until the refresh has happened.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        env.client.users().me().await.unwrap();
        if env.sandbox.token_grants().refresh > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the session never refreshed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(env.sandbox.token_grants().refresh, 1);
    assert!(env.sandbox.request_log().iter().all(|r| r.status != 401));
}

#[tokio::test]
async fn refresh_is_single_flight_under_50_callers_at_expiry() {
    let env = start().await;
    // The token is due: the next callers find it so, all at once.
    env.client.expire_access_token().await;
    let calls = (0..50).map(|_| {
        let c = env.client.clone();
        async move { c.packages().list(&PackageQuery::default()).await }
    });
    let results = join_all(calls).await;
    assert!(
        results.iter().all(Result::is_ok),
        "{:?}",
        results.iter().find(|r| r.is_err())
    );
    assert_eq!(env.sandbox.token_grants().refresh, 1);
    assert_eq!(env.sandbox.token_grants().refresh_rejected, 0);
}

#[tokio::test]
async fn refresh_is_single_flight_under_50_callers_after_revocation() {
    let env = start().await;
    env.sandbox.revoke_access_tokens();
    let calls = (0..50).map(|_| {
        let c = env.client.clone();
        async move { c.robots().list(&ListQuery::default()).await }
    });
    let results = join_all(calls).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(env.sandbox.token_grants().refresh, 1);
}

#[tokio::test]
async fn a_401_triggers_one_refresh_and_one_resend() {
    let env = start().await;
    // Sign-in read the user once already.
    let before = env.requests_to("GET", "/companyusers/self").len();
    env.sandbox.revoke_access_tokens();
    let me = env.client.users().me().await.unwrap();
    assert_eq!(me.user_name.as_deref(), Some("admin"));
    let statuses: Vec<u16> = env.requests_to("GET", "/companyusers/self")[before..]
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, vec![401, 200]);
    assert_eq!(env.sandbox.token_grants().refresh, 1);
}

#[tokio::test]
async fn a_refused_refresh_is_session_expired() {
    let env = start().await;
    env.sandbox.revoke_access_tokens();
    env.sandbox.revoke_refresh_tokens();
    let err = env.client.users().me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionExpired);
    assert_eq!(env.sandbox.token_grants().refresh_rejected, 1);
    // It stays expired: no second refresh is attempted with a spent token.
    let again = env.client.users().me().await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::SessionExpired);
    assert_eq!(env.sandbox.token_grants().refresh_rejected, 1);
}

#[tokio::test]
async fn a_new_refresh_token_is_announced_to_watchers() {
    let env = start().await;
    let mut watch = env.client.watch_refresh_token();
    let first = watch.borrow_and_update().clone();
    env.client.expire_access_token().await;
    env.client.users().me().await.unwrap();
    assert!(watch.has_changed().unwrap());
    let second = watch.borrow_and_update().clone();
    assert!(second.is_some() && second != first);
    // The announced token resumes a session on its own.
    let resumed = Client::resume(
        ClientConfig::single(env.server.url()),
        second.as_deref().unwrap(),
    )
    .await;
    assert!(resumed.is_ok());
}
