//! The secrets promise, checked on what the app leaves behind: a whole working session (sign
//! in, browse, token refreshes, sign out and in, publish) with the log at TRACE, then every
//! file it wrote and every line it logged searched for the password and every token the
//! console issued. One test per binary: it owns the process's tracing subscriber.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use desk_core::{Desk, Preset, Profile, PublishEvent, SecretKind, Secrets};
use encoo_api::dgs;
use encoo_sandbox::{Sandbox, SandboxConfig};

const PASSWORD: &str = "Quartz-Zebra-7731-密码-pw";

/// Everything the log subscriber writes, kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The secrets found in `haystack`, by what they are.
fn leaks(haystack: &str, secrets: &[(String, String)]) -> Vec<String> {
    secrets
        .iter()
        .filter(|(_, secret)| haystack.contains(secret.as_str()))
        .map(|(what, _)| what.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn no_password_or_token_reaches_any_file_or_the_trace_log() {
    let log = Captured::default();
    let sink = log.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .init();

    let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
    sandbox.set_password(PASSWORD);
    let server = sandbox.serve(([127, 0, 0, 1], 0).into()).await.unwrap();
    let config_dir = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let secrets = Secrets::new(format!("ConsoleDesk-test-{}", uuid::Uuid::new_v4()));
    let desk = Desk::open(config_dir.path(), secrets.clone(), true).unwrap();

    // Sign in, remembering the password (so it goes to the keyring), and browse.
    let profile = desk
        .profile_save(Profile {
            remember: true,
            ..Profile::encoo(
                "Ops",
                Preset::Private,
                &server.url(),
                &server.url(),
                "admin",
            )
        })
        .unwrap();
    let info = desk
        .sign_in(&profile.id, Some(PASSWORD.into()), None)
        .await
        .unwrap();
    let client = desk.client().unwrap();
    let packages = client.packages().list(&Default::default()).await.unwrap();
    client.packages().get(&packages.list[0].id).await.unwrap();
    client.workflows().list(&Default::default()).await.unwrap();
    client.queues().list(&Default::default()).await.unwrap();
    client.robots().list(&Default::default()).await.unwrap();
    client.users().me().await.unwrap();
    let tree = client.departments().tree().await.unwrap();
    let child = tree.root_department.unwrap().children[0].id.clone();
    let company = info.scope.encoo().unwrap().0.to_owned();
    desk.set_scope(&company, &child).await.unwrap();

    // Both ways a token gets refreshed: ahead of expiry, and after a 401.
    let client = desk.client().unwrap();
    client.expire_access_token().await;
    client.queues().list(&Default::default()).await.unwrap();
    sandbox.revoke_access_tokens();
    client.robots().list(&Default::default()).await.unwrap();
    assert_eq!(sandbox.token_grants().refresh, 2);

    // Sign out, then in again from the keyring's password.
    desk.sign_out(&profile.id).unwrap();
    desk.sign_in(&profile.id, None, None).await.unwrap();
    assert_eq!(sandbox.token_grants().password, 2);

    // Publish a package.
    let package = work.path().join("Leak.Check-1.0.0.dgs");
    let manifest = dgs::Manifest {
        id: "Leak.Check".into(),
        version: "1.0.0".into(),
        description: "publishing writes no secret either".into(),
    };
    dgs::write_package(std::fs::File::create(&package).unwrap(), &manifest, &[]).unwrap();
    let outcome = desk.publish_upload("u1", &package, |_| {}).await.unwrap();
    assert!(
        matches!(outcome, PublishEvent::Done { ref version, .. } if version == "1.0.0"),
        "{outcome:?}"
    );
    // The keyring follows the refresh token on a task: wait until it holds the live one.
    let live = desk.client().unwrap().refresh_token().await.unwrap();
    let started = std::time::Instant::now();
    while secrets.get(&profile.id, SecretKind::RefreshToken).unwrap() != Some(live.clone()) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "the keyring never got the live refresh token"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        secrets
            .get(&profile.id, SecretKind::Password)
            .unwrap()
            .as_deref(),
        Some(PASSWORD),
        "the password is kept, in the keyring"
    );
    drop(desk);

    let issued = sandbox.issued_tokens();
    assert_eq!(
        issued.len(),
        8,
        "4 grants, each an access and a refresh token"
    );
    assert!(issued.contains(&live));
    let mut needles = vec![("the password".to_owned(), PASSWORD.to_owned())];
    needles.extend(
        issued
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("issued token #{i} ({}…)", &t[..7]), t.clone())),
    );

    let files = files_under(config_dir.path());
    assert!(
        files.iter().any(|f| f.ends_with("profiles.json")),
        "the app wrote its files: {files:?}"
    );
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let found = leaks(&String::from_utf8_lossy(&bytes), &needles);
        assert!(found.is_empty(), "{} holds {found:?}", file.display());
    }

    let text = log.text();
    // The log saw the session in detail (so a leak would have had its chance to show)...
    for expected in [
        "console call",
        "access token refreshed",
        "/openapi/packages",
    ] {
        assert!(text.contains(expected), "the TRACE log has {expected:?}");
    }
    // ...and holds none of its secrets.
    let found = leaks(&text, &needles);
    assert!(
        found.is_empty(),
        "the TRACE log holds {found:?} ({} bytes)",
        text.len()
    );
}
