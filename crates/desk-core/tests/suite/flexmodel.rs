//! The FlexModel console in the app's logic: its built-in sandbox profile, a private server's
//! session kept in the keyring (the refresh cookie, never the profiles file), the project
//! remembered, and switching between profiles on the sessions they have.

use std::time::{Duration, Instant};

use desk_core::{
    ConsoleKind, Desk, Preset, Profile, Scope, SecretKind, Secrets, FLEXMODEL_SANDBOX_PROFILE_ID,
    SANDBOX_PROFILE_ID,
};
use flexmodel_sandbox::testing::served;

fn secrets() -> Secrets {
    Secrets::new(format!("ConsoleDesk-test-{}", uuid::Uuid::new_v4()))
}

fn project(scope: &Scope) -> &str {
    match scope {
        Scope::Flexmodel { project_id } => project_id,
        other => panic!("a FlexModel scope: {other:?}"),
    }
}

#[tokio::test]
async fn the_built_in_flexmodel_sandbox_signs_in_without_an_account_in_its_first_project() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), secrets(), false).unwrap();
    let profile = desk.profile(FLEXMODEL_SANDBOX_PROFILE_ID).unwrap();
    assert_eq!(profile.kind(), ConsoleKind::Flexmodel);
    assert!(profile.is_sandbox());
    let info = desk.sign_in(&profile.id, None, None).await.unwrap();
    assert_eq!(project(&info.scope), "default");
    let sources = desk
        .flexmodel()
        .unwrap()
        .datasources()
        .list()
        .await
        .unwrap();
    assert!(sources.iter().any(|d| d.name == "system"), "{sources:?}");
    // An Encoo command on a FlexModel session says which console the profile is.
    let Err(err) = desk.client() else {
        panic!("a FlexModel session is not an Encoo one")
    };
    let err = err.body();
    assert_eq!(err.field.as_deref(), Some("profile"));
    assert!(err.message.contains("FlexModel"), "{}", err.message);
}

#[tokio::test]
async fn the_project_is_remembered_and_switching_back_keeps_the_same_session() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), secrets(), false).unwrap();
    desk.sign_in(FLEXMODEL_SANDBOX_PROFILE_ID, None, None)
        .await
        .unwrap();
    let moved = desk.set_project("dev_test").await.unwrap();
    assert_eq!(project(&moved.scope), "dev_test");
    let cookie = desk.flexmodel().unwrap().refresh_cookie().await;
    assert!(cookie.is_some());
    let err = desk
        .set_project("no-such-project")
        .await
        .unwrap_err()
        .body();
    assert_eq!(err.field.as_deref(), Some("projectId"));

    // To the Encoo sandbox and back: the FlexModel session is the one it was (same refresh
    // cookie: no new sign-in), still in dev_test.
    desk.sign_in(SANDBOX_PROFILE_ID, None, None).await.unwrap();
    assert!(desk.flexmodel().is_err());
    let back = desk.switch_to(FLEXMODEL_SANDBOX_PROFILE_ID).unwrap();
    assert_eq!(project(&back.scope), "dev_test");
    assert_eq!(desk.flexmodel().unwrap().refresh_cookie().await, cookie);
    let encoo = desk.switch_to(SANDBOX_PROFILE_ID).unwrap();
    assert!(encoo.scope.encoo().is_some());
    assert_eq!(desk.startup_profile().id, SANDBOX_PROFILE_ID);

    // A profile never signed in cannot be switched to without signing in.
    let other = desk
        .profile_save(Profile::flexmodel(
            "Other",
            Preset::Private,
            "http://127.0.0.1:9",
            "admin",
        ))
        .unwrap();
    assert_eq!(
        desk.switch_to(&other.id).unwrap_err().body().kind,
        flexmodel_api::ErrorKind::SessionExpired
    );

    // A new start of the app opens the FlexModel sandbox in the project chosen last.
    drop(desk);
    let desk = Desk::open(dir.path(), secrets(), false).unwrap();
    let info = desk
        .sign_in(FLEXMODEL_SANDBOX_PROFILE_ID, None, None)
        .await
        .unwrap();
    assert_eq!(project(&info.scope), "dev_test");
}

#[tokio::test]
async fn a_private_server_session_lives_in_the_keyring_and_resumes_from_the_cookie() {
    let (sandbox, server) = served().await;
    let dir = tempfile::tempdir().unwrap();
    let s = secrets();
    let desk = Desk::open(dir.path(), s.clone(), false).unwrap();
    let profile = Profile {
        remember: true,
        ..Profile::flexmodel("FM 私有", Preset::Private, &server.url(), "admin")
    };
    let profile = desk.profile_save(profile).unwrap();
    desk.sign_in(&profile.id, Some("admin123".into()), None)
        .await
        .unwrap();
    let live = desk.flexmodel().unwrap().refresh_cookie().await;
    assert!(live.is_some());
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.get(&profile.id, SecretKind::RefreshToken).unwrap() != live {
        assert!(
            Instant::now() < deadline,
            "the keyring never got the cookie"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    let cookie = live.unwrap();
    assert!(
        !file.contains(&cookie) && !file.contains("admin123"),
        "{file}"
    );

    // Without the password, a new start resumes from the cookie alone.
    s.delete(&profile.id, SecretKind::Password).unwrap();
    drop(desk);
    let logins_before = logins(&sandbox);
    assert_eq!(logins_before, 1, "the first sign-in used the password");
    let desk = Desk::open(dir.path(), s.clone(), false).unwrap();
    let info = desk.sign_in(&profile.id, None, None).await.unwrap();
    assert_eq!(project(&info.scope), "default");
    assert_eq!(logins(&sandbox), logins_before, "resumed, not signed in");
    s.delete_all(&profile.id).unwrap();
}

fn logins(sandbox: &flexmodel_sandbox::Sandbox) -> usize {
    sandbox
        .request_log()
        .iter()
        .filter(|r| r.path.ends_with("/auth/login"))
        .count()
}

#[tokio::test]
async fn a_wrong_password_on_a_flexmodel_server_stores_nothing() {
    let (_sandbox, server) = served().await;
    let dir = tempfile::tempdir().unwrap();
    let s = secrets();
    let desk = Desk::open(dir.path(), s.clone(), false).unwrap();
    let profile = desk
        .profile_save(Profile::flexmodel(
            "FM",
            Preset::Private,
            &server.url(),
            "admin",
        ))
        .unwrap();
    let err = desk
        .sign_in(&profile.id, Some("wrong".into()), None)
        .await
        .unwrap_err()
        .body();
    assert_eq!(err.kind, flexmodel_api::ErrorKind::Unauthorized);
    assert_eq!(s.get(&profile.id, SecretKind::Password).unwrap(), None);
    assert_eq!(s.get(&profile.id, SecretKind::RefreshToken).unwrap(), None);
}

#[test]
fn flexmodel_profiles_are_validated_naming_the_field() {
    let cases = [
        (
            Profile::flexmodel("x", Preset::Saas, "http://a:8080", "u"),
            "preset",
        ),
        (
            Profile::flexmodel("x", Preset::Private, "flexmodel:8080", "u"),
            "url",
        ),
        (
            Profile::flexmodel("x", Preset::Private, "ftp://a", "u"),
            "url",
        ),
        (
            Profile::flexmodel("x", Preset::Private, "http://a:8080", " "),
            "username",
        ),
        (
            Profile::flexmodel(" ", Preset::Private, "http://a:8080", "u"),
            "name",
        ),
    ];
    for (profile, field) in cases {
        let err = profile.validate().unwrap_err().body();
        assert_eq!(
            err.field.as_deref(),
            Some(field),
            "{profile:?}: {}",
            err.message
        );
    }
    assert!(Profile::flexmodel("x", Preset::Sandbox, "", "admin")
        .validate()
        .is_ok());
}

#[tokio::test]
async fn a_data_source_password_never_reaches_the_window_and_is_kept_on_an_edit() {
    use flexmodel_api::{Datasource, DatasourceConfig};
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), secrets(), false).unwrap();
    desk.sign_in(FLEXMODEL_SANDBOX_PROFILE_ID, None, None)
        .await
        .unwrap();
    let config = DatasourceConfig {
        db_kind: "mysql".into(),
        url: "jdbc:mysql://db.example:3306/shop".into(),
        username: Some("shop".into()),
        password: Some("s3cret-密码".into()),
        ..Default::default()
    };
    let made = desk
        .flexmodel_datasource_create(Datasource::new("shop", config))
        .await
        .unwrap();
    let server = || async {
        desk.flexmodel()
            .unwrap()
            .datasources()
            .list()
            .await
            .unwrap()
    };
    let stored = |list: Vec<Datasource>| {
        list.into_iter()
            .find(|d| d.name == "shop")
            .and_then(|d| d.config.password)
    };
    assert_eq!(made.config.password, None, "the create's answer");
    let listed = desk.flexmodel_datasources().await.unwrap();
    let shop = listed.iter().find(|d| d.name == "shop").unwrap().clone();
    let text = serde_json::to_string(&listed).unwrap();
    assert!(!text.contains("s3cret"), "{text}");
    assert_eq!(shop.config.extra["hasPassword"], true);

    // Saved back as the window has it (no password, the marker): the stored one stays, and
    // the marker never reaches the server.
    let mut edit = shop.clone();
    edit.config.username = Some("shop".into());
    edit.enabled = true;
    desk.flexmodel_datasource_update("shop", edit.clone())
        .await
        .unwrap();
    assert_eq!(stored(server().await).as_deref(), Some("s3cret-密码"));
    let raw = server().await;
    let raw = raw.iter().find(|d| d.name == "shop").unwrap();
    assert!(!raw.config.extra.contains_key("hasPassword"), "{raw:?}");

    // Pointed at another database, a password left empty is still the one kept; one typed
    // replaces it.
    let mut moved = edit;
    moved.config.url = "jdbc:mysql://elsewhere.example:3306/shop".into();
    desk.flexmodel_datasource_update("shop", moved.clone())
        .await
        .unwrap();
    assert_eq!(stored(server().await).as_deref(), Some("s3cret-密码"));
    moved.config.password = Some("new".into());
    desk.flexmodel_datasource_update("shop", moved)
        .await
        .unwrap();
    assert_eq!(stored(server().await).as_deref(), Some("new"));
}
