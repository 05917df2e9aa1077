//! Contract of the session and platform operations: login (sign-in), refresh (resume),
//! whoami, projects, the global profile and the settings, with the values the sandbox seeds.

use flexmodel_api::*;
use flexmodel_sandbox::{DEMO_PASSWORD, DEMO_USERNAME};

use crate::common::{config, signed_in};

#[tokio::test]
async fn login_refresh_and_whoami_name_the_same_user() {
    let f = signed_in().await;
    let user = f.client.user().clone();
    assert_eq!(user.username, DEMO_USERNAME);
    assert_eq!(user.permissions, ["*"]);
    assert!(!user.id.is_empty());
    assert_eq!(f.client.whoami().await.unwrap(), user);

    let cookie = f.client.refresh_cookie().await.expect("a refresh cookie");
    let resumed = Client::resume(f.config(), &cookie).await.unwrap();
    assert_eq!(resumed.user().username, DEMO_USERNAME);
    assert_eq!(resumed.whoami().await.unwrap().id, user.id);
    let grants = f.sandbox.token_grants();
    assert_eq!((grants.sign_in, grants.refresh), (1, 1));

    let err = Client::sign_in(config(&f.server), DEMO_USERNAME, "wrong")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    let again = Client::sign_in(config(&f.server), DEMO_USERNAME, DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(again.user().id, user.id);
}

#[tokio::test]
async fn projects_profile_and_settings_hold_the_seed() {
    let f = signed_in().await;
    let projects = f.client.projects().list().await.unwrap();
    let ids: Vec<&str> = projects.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["default", "dev_test"]);
    assert!(projects.iter().all(|p| p.enabled));

    let client = f.client.with_project("default");
    let profile = client.settings().global_profile().await.unwrap();
    assert_eq!(profile.api_root_path.as_deref(), Some("/api"));
    assert_eq!(profile.settings.app_name.as_deref(), Some("FlexModel"));

    let mut settings = client.settings().get().await.unwrap();
    assert_eq!(settings, profile.settings);
    settings.app_name = Some("Contract".into());
    assert_eq!(client.settings().update(&settings).await.unwrap(), settings);
    let profile = client.settings().global_profile().await.unwrap();
    assert_eq!(profile.settings.app_name.as_deref(), Some("Contract"));
}
