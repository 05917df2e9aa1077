//! The app's logic against a real Secret Service (gnome-keyring under dbus-run-session, as
//! `scripts/test` runs it) and a real sandbox on loopback.

use desk_core::{Desk, Preset, Profile, SecretKind, Secrets, SANDBOX_PROFILE_ID};
use encoo_sandbox::{Sandbox, SandboxConfig, SandboxServer};

fn secrets() -> Secrets {
    Secrets::new(format!("ConsoleDesk-test-{}", uuid::Uuid::new_v4()))
}

async fn console() -> (Sandbox, SandboxServer) {
    let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
    let server = sandbox.serve(([127, 0, 0, 1], 0).into()).await.unwrap();
    (sandbox, server)
}

fn private_profile(server: &SandboxServer) -> Profile {
    let url = server.url();
    Profile {
        remember: true,
        ..Profile::encoo("私有部署 Private", Preset::Private, &url, &url, "admin")
    }
}

#[test]
fn keyring_round_trip_through_the_secret_service() {
    let s = secrets();
    assert_eq!(s.get("p1", SecretKind::Password).unwrap(), None);
    s.set("p1", SecretKind::Password, "pässwörd 密码").unwrap();
    s.set("p1", SecretKind::RefreshToken, "rt").unwrap();
    assert_eq!(
        s.get("p1", SecretKind::Password).unwrap().as_deref(),
        Some("pässwörd 密码")
    );
    s.delete_all("p1").unwrap();
    assert_eq!(s.get("p1", SecretKind::Password).unwrap(), None);
    assert_eq!(s.get("p1", SecretKind::RefreshToken).unwrap(), None);
}

#[tokio::test]
async fn first_launch_opens_signed_in_on_the_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), secrets(), false).unwrap();
    let start = desk.startup_profile();
    assert_eq!(start.id, SANDBOX_PROFILE_ID);
    let info = desk.sign_in(&start.id, None, None).await.unwrap();
    let (company, department) = info.scope.encoo().unwrap();
    assert!(!company.is_empty() && !department.is_empty());
    let packages = desk
        .client()
        .unwrap()
        .packages()
        .list(&Default::default())
        .await
        .unwrap();
    assert!(packages.count >= 8);
    assert!(desk
        .sandbox_url()
        .await
        .unwrap()
        .starts_with("http://127.0.0.1:"));
}

#[tokio::test]
async fn remembered_secrets_live_in_the_keyring_and_never_in_the_profiles_file() {
    let (sandbox, server) = console().await;
    let dir = tempfile::tempdir().unwrap();
    let s = secrets();
    let desk = Desk::open(dir.path(), s.clone(), false).unwrap();
    let profile = desk.profile_save(private_profile(&server)).unwrap();
    desk.sign_in(&profile.id, Some("admin".into()), Some(true))
        .await
        .unwrap();
    // Rotate the refresh token once so the keyring must follow it.
    desk.client().unwrap().expire_access_token().await;
    desk.client().unwrap().users().me().await.unwrap();
    // The keyring follows the refresh token on a task: wait until it holds the live one.
    let live = desk.client().unwrap().refresh_token().await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while s.get(&profile.id, SecretKind::RefreshToken).unwrap() != live {
        assert!(
            std::time::Instant::now() < deadline,
            "the keyring never got the live refresh token"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let stored_refresh = s
        .get(&profile.id, SecretKind::RefreshToken)
        .unwrap()
        .expect("refresh token kept");
    assert_eq!(
        desk.client().unwrap().refresh_token().await.as_deref(),
        Some(stored_refresh.as_str())
    );
    assert_eq!(
        s.get(&profile.id, SecretKind::Password).unwrap().as_deref(),
        Some("admin")
    );

    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(file.contains(&profile.id));
    assert!(
        !file.contains(&stored_refresh),
        "no refresh token in the profiles file"
    );
    let json: serde_json::Value = serde_json::from_str(&file).unwrap();
    let mut leaks = Vec::new();
    walk(&json, "", &mut |key, value| {
        let k = key.to_ascii_lowercase();
        if k.contains("password") || k.contains("token") || (value == "admin" && key != "username")
        {
            leaks.push(format!("{key}={value}"));
        }
    });
    assert!(leaks.is_empty(), "secrets in the profiles file: {leaks:?}");

    // A restart resumes from the keyring's refresh token, without the password.
    drop(desk);
    let refreshes = sandbox.token_grants().refresh;
    let again = Desk::open(dir.path(), s.clone(), false).unwrap();
    assert_eq!(
        again.startup_profile().id,
        profile.id,
        "the last profile is remembered"
    );
    again.sign_in(&profile.id, None, None).await.unwrap();
    assert_eq!(sandbox.token_grants().refresh, refreshes + 1);
    assert_eq!(sandbox.token_grants().password, 1);

    again.profile_remove(&profile.id).unwrap();
    assert_eq!(s.get(&profile.id, SecretKind::Password).unwrap(), None);
    assert_eq!(s.get(&profile.id, SecretKind::RefreshToken).unwrap(), None);
}

#[tokio::test]
async fn the_chosen_company_and_department_are_remembered() {
    let (_sandbox, server) = console().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), secrets(), false).unwrap();
    let profile = desk
        .profile_save(Profile {
            remember: false,
            ..private_profile(&server)
        })
        .unwrap();
    let first = desk
        .sign_in(&profile.id, Some("admin".into()), None)
        .await
        .unwrap();
    let tree = desk.client().unwrap().departments().tree().await.unwrap();
    let child = tree.root_department.unwrap().children[0].id.clone();
    let company = first.scope.encoo().unwrap().0.to_owned();
    let moved = desk.set_scope(&company, &child).await.unwrap();
    assert_eq!(moved.scope.encoo().unwrap().1, child);
    drop(desk);
    let again = Desk::open(dir.path(), secrets(), false).unwrap();
    let info = again
        .sign_in(&profile.id, Some("admin".into()), None)
        .await
        .unwrap();
    assert_eq!(info.scope.encoo(), Some((company.as_str(), child.as_str())));
}

#[tokio::test]
async fn a_wrong_password_says_so_and_stores_nothing() {
    let (_sandbox, server) = console().await;
    let dir = tempfile::tempdir().unwrap();
    let s = secrets();
    let desk = Desk::open(dir.path(), s.clone(), false).unwrap();
    let profile = desk.profile_save(private_profile(&server)).unwrap();
    let err = desk
        .sign_in(&profile.id, Some("wrong".into()), None)
        .await
        .unwrap_err();
    let body = err.body();
    assert_eq!(body.kind, encoo_api::ErrorKind::Unauthorized);
    assert!(
        body.message.contains("username or password"),
        "{}",
        body.message
    );
    assert_eq!(s.get(&profile.id, SecretKind::Password).unwrap(), None);
}

#[test]
fn profiles_are_validated_naming_the_field() {
    let p = Profile::encoo("x", Preset::Saas, "ftp://a", "https://b", "u");
    let e = p.validate().unwrap_err().body();
    assert_eq!(e.field.as_deref(), Some("ssoUrl"));
    let p = Profile {
        name: " ".into(),
        ..Default::default()
    };
    assert_eq!(
        p.validate().unwrap_err().body().field.as_deref(),
        Some("name")
    );
}

/// Calls `f(key, string value)` for every string in a JSON document.
fn walk(v: &serde_json::Value, key: &str, f: &mut impl FnMut(&str, &str)) {
    match v {
        serde_json::Value::Object(o) => o.iter().for_each(|(k, v)| walk(v, k, f)),
        serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, key, f)),
        serde_json::Value::String(s) => f(key, s),
        _ => {}
    }
}
