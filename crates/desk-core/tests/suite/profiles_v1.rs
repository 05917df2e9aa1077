//! A profiles file written by the release before console kinds (format 1, every profile an
//! Encoo one with its addresses at the top level) still opens: every field is kept, the
//! secrets the keyring holds under the profile's id are still found, and the next save writes
//! format 2. Runs against a real Secret Service, as `scripts/test` provides.

use desk_core::{
    ConsoleKind, ConsoleProfile, Desk, Preset, Scope, SecretKind, Secrets, PROFILES_VERSION,
};
use encoo_sandbox::{Sandbox, SandboxConfig};

const PRODUCTION: &str = "0d6b8f1e-6a8c-4c35-9b1e-2f7f3c1d9a40";

#[tokio::test]
async fn a_version_1_file_keeps_every_field_and_finds_its_secrets() {
    let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
    let server = sandbox.serve(([127, 0, 0, 1], 0).into()).await.unwrap();
    // Where the user last was: the second company's root department.
    let client = encoo_api::Client::sign_in(
        encoo_api::ClientConfig::single(server.url()),
        "admin",
        "admin",
    )
    .await
    .unwrap();
    let companies = client.companies().list(None).await.unwrap();
    let company = companies[1].id.clone();
    let tree = client
        .with_scope(company.clone(), String::new())
        .departments()
        .tree()
        .await
        .unwrap();
    let department = tree.root_department.unwrap().id;

    let dir = tempfile::tempdir().unwrap();
    let v1 = include_str!("fixtures/profiles-v1.json")
        .replace("{SANDBOX}", &server.url())
        .replace("{COMPANY}", &company)
        .replace("{DEPARTMENT}", &department);
    std::fs::write(dir.path().join("profiles.json"), &v1).unwrap();
    let secrets = Secrets::new(format!("ConsoleDesk-test-{}", uuid::Uuid::new_v4()));
    secrets
        .set(PRODUCTION, SecretKind::Password, "admin")
        .unwrap();

    let desk = Desk::open(dir.path(), secrets.clone(), false).unwrap();
    let profiles = desk.profiles();
    // The user's profile, the Encoo sandbox it had, and the FlexModel sandbox added beside.
    assert_eq!(profiles.len(), 3);
    let p = desk.profile(PRODUCTION).unwrap();
    assert_eq!(p.name, "生产 Production");
    assert_eq!(p.kind(), ConsoleKind::Encoo);
    assert_eq!(p.username, "admin");
    assert!(p.remember && p.production && !p.accept_invalid_certificates);
    assert_eq!(
        p.ca_certificate.as_deref(),
        Some(std::path::Path::new("/etc/ssl/company-ca.pem"))
    );
    let ConsoleProfile::Encoo(console) = &p.console else {
        panic!("an Encoo profile: {p:?}")
    };
    assert_eq!(console.preset, Preset::Private);
    assert_eq!(
        (console.sso_url.as_str(), console.api_url.as_str()),
        (server.url().as_str(), server.url().as_str())
    );
    assert_eq!(console.last_company_id.as_deref(), Some(company.as_str()));
    assert_eq!(
        console.last_department_id.as_deref(),
        Some(department.as_str())
    );
    assert_eq!(
        desk.startup_profile().id,
        PRODUCTION,
        "the active profile is kept"
    );

    // The password the keyring kept under the profile's id signs in, where the user was.
    let mut profile = p.clone();
    profile.ca_certificate = None; // the fixture's CA file is not on this machine
    desk.profile_save(profile).unwrap();
    let info = desk.sign_in(PRODUCTION, None, None).await.unwrap();
    assert_eq!(
        info.scope,
        Scope::Encoo {
            company_id: company.clone(),
            department_id: department.clone()
        }
    );

    // The save wrote format 2, with the console's part under `console`.
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("profiles.json")).unwrap()).unwrap();
    assert_eq!(written["version"], PROFILES_VERSION);
    let saved = written["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == PRODUCTION)
        .unwrap();
    assert_eq!(saved["console"]["kind"], "encoo");
    assert_eq!(saved["console"]["preset"], "private");
    assert_eq!(saved["console"]["lastCompanyId"], company.as_str());
    assert!(saved.get("ssoUrl").is_none() && saved.get("kind").is_none());
    secrets.delete_all(PRODUCTION).unwrap();
}

#[test]
fn a_file_from_a_newer_release_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("profiles.json"),
        r#"{"version": 3, "profiles": []}"#,
    )
    .unwrap();
    let err = Desk::open(dir.path(), Secrets::new("unused"), false)
        .err()
        .expect("refused");
    assert!(err.to_string().contains("newer ConsoleDesk"), "{err}");
}

/// A file cut short (as a crash or a full disk leaves it) does not lock the user out: it is
/// kept aside under a dated name, byte for byte, and the app starts on the built-in profiles.
#[test]
fn a_damaged_file_is_set_aside_and_the_app_starts_anew() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profiles.json");
    let whole = r#"{"version": 2, "profiles": [{"id": "p1", "name": "Work", "console": {"kind": "encoo", "preset": "saas"}}], "active": "p1"}"#;
    let cut = &whole.as_bytes()[..whole.len() / 2];
    std::fs::write(&path, cut).unwrap();

    let desk = Desk::open(dir.path(), Secrets::new("unused"), false).expect("opens anyway");
    let aside = desk
        .profiles_set_aside()
        .expect("the damaged file is reported");
    assert_eq!(
        std::fs::read(&aside.path).unwrap(),
        cut,
        "kept byte for byte"
    );
    assert_eq!(aside.path.parent(), Some(dir.path()));
    let name = aside
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("profiles.damaged-") && name.ends_with("Z.json") && name.len() == 38,
        "a dated name: {name}"
    );
    assert!(aside.reason.contains("EOF"), "{}", aside.reason);
    assert!(!path.exists(), "nothing left under the old name");
    let ids: Vec<String> = desk.profiles().into_iter().map(|p| p.id).collect();
    assert_eq!(
        ids,
        [
            desk_core::SANDBOX_PROFILE_ID,
            desk_core::FLEXMODEL_SANDBOX_PROFILE_ID
        ]
    );
    assert_eq!(desk.startup_profile().id, desk_core::SANDBOX_PROFILE_ID);

    // The next launch finds a good file (once something was saved) and nothing to report.
    let mut work = desk.profile(desk_core::SANDBOX_PROFILE_ID).unwrap();
    work.name = "Sandbox renamed".into();
    desk.profile_save(work).unwrap();
    drop(desk);
    let again = Desk::open(dir.path(), Secrets::new("unused"), false).unwrap();
    assert!(again.profiles_set_aside().is_none());
    assert_eq!(
        std::fs::read(&aside.path).unwrap(),
        cut,
        "the set-aside file is left alone"
    );
}

/// JSON of the wrong shape is damaged too (not a crash: a file overwritten by something else).
#[test]
fn a_file_of_another_shape_is_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("profiles.json"), br#"{"profiles": 7}"#).unwrap();
    let desk = Desk::open(dir.path(), Secrets::new("unused"), false).unwrap();
    assert!(desk.profiles_set_aside().is_some());
}
