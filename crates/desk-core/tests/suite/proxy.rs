//! A profile's proxy choice reaches its client, with the proxy's password from the keyring
//! (never the profiles file); a bad proxy is refused naming the field; a console on this
//! computer is reached directly whatever the choice. (Reaching a console through a proxy, by a
//! name only the proxy knows, is tested on the client in encoo-api's `proxy` test.)

use console_core::Proxy;
use desk_core::{Desk, Preset, Profile, ProxySetting, SecretKind, Secrets};
use encoo_sandbox::testing::signed_in;

fn secrets() -> Secrets {
    Secrets::new(format!("ConsoleDesk-test-{}", uuid::Uuid::new_v4()))
}

#[tokio::test]
async fn a_profiles_proxy_and_its_keyring_password_reach_the_client() {
    let console = signed_in().await;
    let url = console.server.url();
    let dir = tempfile::tempdir().unwrap();
    let s = secrets();
    let desk = Desk::open(dir.path(), s.clone(), false).unwrap();
    let profile = Profile {
        remember: false,
        proxy: ProxySetting::Url {
            url: "http://proxy.corp.example:3128".into(),
            username: Some("alice".into()),
        },
        ..Profile::encoo("Behind a proxy", Preset::Private, &url, &url, "admin")
    };
    let saved = desk
        .profile_save_with_proxy_password(profile, Some("s3cret-proxy".into()))
        .unwrap();
    assert_eq!(
        s.get(&saved.id, SecretKind::ProxyPassword)
            .unwrap()
            .as_deref(),
        Some("s3cret-proxy")
    );
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(!file.contains("s3cret-proxy"), "{file}");
    assert!(file.contains("proxy.corp.example"), "{file}");

    // The loopback console is reached directly (the proxy host does not even exist).
    desk.sign_in(&saved.id, Some("admin".into()), None)
        .await
        .unwrap();
    let client = desk.client().unwrap();
    assert_eq!(
        client.config().proxy,
        Proxy::Url {
            url: "http://proxy.corp.example:3128".into(),
            username: Some("alice".into()),
            password: Some("s3cret-proxy".into()),
        }
    );
    client.packages().list(&Default::default()).await.unwrap();

    // An edit that leaves the password out keeps it; a move to "none" forgets it.
    let kept = desk
        .profile_save_with_proxy_password(saved.clone(), None)
        .unwrap();
    assert!(s
        .get(&kept.id, SecretKind::ProxyPassword)
        .unwrap()
        .is_some());
    let direct = Profile {
        proxy: ProxySetting::None,
        ..kept
    };
    let direct = desk.profile_save_with_proxy_password(direct, None).unwrap();
    assert!(s
        .get(&direct.id, SecretKind::ProxyPassword)
        .unwrap()
        .is_none());
    desk.profile_remove(&direct.id).unwrap();
}

#[test]
fn a_proxy_that_cannot_be_used_is_refused_naming_the_field() {
    for url in [
        "ftp://proxy:21",
        "proxy.corp:3128",
        "http://user:pw@proxy:3128",
    ] {
        let p = Profile {
            proxy: ProxySetting::Url {
                url: url.into(),
                username: None,
            },
            ..Profile::encoo("x", Preset::Saas, "https://a", "https://b", "u")
        };
        let e = p.validate().unwrap_err().body();
        assert_eq!(e.field.as_deref(), Some("proxy"), "{url}: {e:?}");
    }
}
