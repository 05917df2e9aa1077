//! A machine with no Secret Service (no session bus at all, here) still signs in: the console
//! took the password, so the sign-in stands; the password is simply not remembered, with a
//! one-line warning for the window. Profiles can still be saved and removed. Its own test
//! binary: the session bus address is this process's.

use desk_core::{Desk, DeskError, Preset, Profile, Secrets};
use encoo_sandbox::{Sandbox, SandboxConfig};

#[tokio::test]
async fn signing_in_works_without_a_secret_service() {
    // Before anything reaches for the keyring: the bus this process would use is not there.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/console-desk-no-bus",
    );
    let secrets = Secrets::new(format!("ConsoleDesk-test-{}", uuid::Uuid::new_v4()));
    assert!(
        secrets.get("p", desk_core::SecretKind::Password).is_err(),
        "the keyring is out of reach in this test"
    );

    let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
    let server = sandbox.serve(([127, 0, 0, 1], 0).into()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), secrets, false).unwrap();
    let url = server.url();
    let profile = desk
        .profile_save(Profile {
            remember: true,
            ..Profile::encoo("Private", Preset::Private, &url, &url, "admin")
        })
        .expect("a profile is saved without a keyring");

    let info = desk
        .sign_in(&profile.id, Some("admin".into()), Some(true))
        .await
        .expect("the console accepted the password: signed in");
    let warning = info.warning.expect("a warning that it is not remembered");
    assert!(
        warning.starts_with("Signed in, but the password could not be remembered")
            && !warning.contains('\n'),
        "{warning}"
    );
    assert_eq!(info.profile.id, profile.id);
    desk.session().expect("the session is there");

    // Nothing was remembered: a silent sign-in asks for the password, without a keyring error.
    desk.sign_out(&profile.id).unwrap();
    let again = desk.sign_in(&profile.id, None, None).await;
    assert!(matches!(again, Err(DeskError::NotSignedIn)), "{again:?}");

    // Forgetting and removing work too.
    let mut forget = desk.profile(&profile.id).unwrap();
    forget.remember = false;
    desk.profile_save(forget).unwrap();
    desk.profile_remove(&profile.id).unwrap();
    assert!(desk.profile(&profile.id).is_err());
}
