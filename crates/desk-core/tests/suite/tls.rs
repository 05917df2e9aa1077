//! A private deployment over https with a company CA (made here with rcgen): without the
//! profile's `caCertificate` file sign-in is refused as untrusted; with it, it works.

use desk_core::{Desk, Preset, Profile, Secrets};
use encoo_api::ErrorKind;
use encoo_sandbox::{Sandbox, SandboxConfig, SandboxServer};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair, KeyUsagePurpose};

/// A CA's PEM, and a console served over https with a certificate it signed for 127.0.0.1.
async fn https_console() -> (String, Sandbox, SandboxServer) {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &ca)
        .unwrap();
    let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
    let server = sandbox
        .serve_tls(
            ([127, 0, 0, 1], 0).into(),
            leaf.pem().as_bytes(),
            leaf_key.serialize_pem().as_bytes(),
        )
        .await
        .unwrap();
    (ca.pem(), sandbox, server)
}

fn desk(dir: &std::path::Path) -> Desk {
    let secrets = Secrets::new(format!("ConsoleDesk-test-{}", uuid::Uuid::new_v4()));
    Desk::open(dir, secrets, false).unwrap()
}

fn https_profile(server: &SandboxServer, ca: Option<std::path::PathBuf>) -> Profile {
    Profile {
        remember: false,
        ca_certificate: ca,
        ..Profile::encoo(
            "Corp https",
            Preset::Private,
            &server.url(),
            &server.url(),
            "admin",
        )
    }
}

#[tokio::test]
async fn without_the_profiles_ca_sign_in_is_refused_as_untrusted() {
    let (_ca, sandbox, server) = https_console().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let profile = desk.profile_save(https_profile(&server, None)).unwrap();
    let err = desk
        .sign_in(&profile.id, Some("admin".into()), None)
        .await
        .unwrap_err()
        .body();
    assert_eq!(err.kind, ErrorKind::Network, "{}", err.message);
    assert!(err.message.contains("not trusted"), "{}", err.message);
    assert!(
        err.message.contains("CA certificate"),
        "says what to do: {}",
        err.message
    );
    assert!(
        sandbox.request_log().is_empty(),
        "nothing reached the console"
    );
    assert!(desk.client().is_err(), "no session");
}

#[tokio::test]
async fn the_profiles_ca_certificate_makes_sign_in_work() {
    let (ca, sandbox, server) = https_console().await;
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("corp-ca.pem");
    std::fs::write(&ca_file, &ca).unwrap();
    let desk = desk(dir.path());
    let profile = desk
        .profile_save(https_profile(&server, Some(ca_file.clone())))
        .unwrap();
    let info = desk
        .sign_in(&profile.id, Some("admin".into()), None)
        .await
        .unwrap();
    assert_eq!(
        info.profile.ca_certificate.as_deref(),
        Some(ca_file.as_path())
    );
    let packages = desk
        .client()
        .unwrap()
        .packages()
        .list(&Default::default())
        .await
        .unwrap();
    assert_eq!(packages.count, 8, "the seeded packages, over https");
    assert_eq!(sandbox.token_grants().password, 1);
    // The file keeps the path, not the certificate.
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(file.contains("corp-ca.pem") && !file.contains("BEGIN CERTIFICATE"));
}

#[tokio::test]
async fn a_missing_ca_file_is_named_as_the_fault() {
    let (_ca, sandbox, server) = https_console().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let missing = dir.path().join("no-such-ca.pem");
    let profile = desk
        .profile_save(https_profile(&server, Some(missing)))
        .unwrap();
    let err = desk
        .sign_in(&profile.id, Some("admin".into()), None)
        .await
        .unwrap_err()
        .body();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("caCertificate"));
    assert!(err.message.contains("no-such-ca.pem"), "{}", err.message);
    assert!(sandbox.request_log().is_empty());
}
