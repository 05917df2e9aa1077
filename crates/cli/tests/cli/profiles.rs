//! `--profile` and `profiles list`: the app's profiles file (in a folder of the test's own,
//! through CONSOLE_DESK_CONFIG_DIR) and its passwords in the real OS keyring (Secret Service,
//! under a service name of the test's own, through CONSOLE_DESK_KEYRING_SERVICE); the built
//! binary signs in to sandboxes with them. These tests need a Secret Service: run them inside
//! `dbus-run-session` with gnome-keyring unlocked (see the README).

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use desk_core::{Preset, Profile, ProxySetting, SecretKind, Secrets};
use serde_json::{json, Value};

use crate::common::{failed, ok, stderr, Console, ProxyTrap, BIN};
use crate::flexmodel_common::Fm;

/// A profiles file and keyring entries of one test's own, removed when it ends.
struct Place {
    dir: tempfile::TempDir,
    service: String,
    ids: Vec<String>,
}

impl Place {
    /// `profiles` written as the app writes its file, `active` the active one.
    fn new(tag: &str, profiles: &[Profile], active: Option<&str>) -> Place {
        let dir = tempfile::tempdir().unwrap();
        let service = format!("ConsoleDesk-cli-test-{tag}-{}", std::process::id());
        let file = json!({
            "version": desk_core::PROFILES_VERSION,
            "profiles": profiles.iter().map(|p| serde_json::to_value(p).unwrap()).collect::<Vec<_>>(),
            "active": active,
        });
        std::fs::write(
            dir.path().join("profiles.json"),
            serde_json::to_vec_pretty(&file).unwrap(),
        )
        .unwrap();
        let ids = profiles.iter().map(|p| p.id.clone()).collect();
        Place { dir, service, ids }
    }

    fn secrets(&self) -> Secrets {
        Secrets::new(self.service.clone())
    }

    fn remember(&self, id: &str, kind: SecretKind, value: &str) {
        self.secrets()
            .set(id, kind, value)
            .expect("a Secret Service (run inside dbus-run-session with gnome-keyring)");
    }

    fn file(&self) -> PathBuf {
        self.dir.path().join("profiles.json")
    }

    /// The CLI with this place's profiles and keyring, no password in the environment
    /// unless `password` is given, and none of the connection variables.
    fn run(&self, args: &[&str], password: Option<&str>) -> Output {
        let mut cmd = Command::new(BIN);
        for var in [
            "CONSOLE_DESK_CONSOLE",
            "CONSOLE_DESK_USERNAME",
            "CONSOLE_DESK_PROXY",
            "CONSOLE_DESK_PROXY_PASSWORD",
            "CONSOLE_DESK_PASSWORD",
            "CONSOLE_DESK_FLEXMODEL_URL",
            "CONSOLE_DESK_PROFILE",
        ] {
            cmd.env_remove(var);
        }
        if let Some(p) = password {
            cmd.env("CONSOLE_DESK_PASSWORD", p);
        }
        cmd.env("CONSOLE_DESK_CONFIG_DIR", self.dir.path())
            .env("CONSOLE_DESK_KEYRING_SERVICE", &self.service)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let secrets = self.secrets();
        for id in &self.ids {
            let _ = secrets.delete_all(id);
        }
    }
}

fn encoo(id: &str, name: &str, url: &str, user: &str) -> Profile {
    let mut p = Profile::encoo(name, Preset::Private, url, url, user);
    p.id = id.into();
    p
}

fn flexmodel(id: &str, name: &str, url: &str, user: &str) -> Profile {
    let mut p = Profile::flexmodel(name, Preset::Private, url, user);
    p.id = id.into();
    p
}

#[test]
fn an_encoo_profile_signs_in_with_its_remembered_password_and_changes_nothing() {
    let c = Console::start();
    let place = Place::new(
        "encoo",
        &[encoo("p-staging", "Staging", &c.url, "admin")],
        None,
    );
    place.remember("p-staging", SecretKind::Password, "admin");
    let before = std::fs::read(place.file()).unwrap();

    // No --console, no --username, no CONSOLE_DESK_PASSWORD: all from the profile.
    let out = place.run(
        &["--profile", "Staging", "--json", "companies", "list"],
        None,
    );
    let companies: Value = serde_json::from_str(&ok(out)).unwrap();
    assert_eq!(companies.as_array().unwrap().len(), 2, "{companies}");
    // The old top-level name and the group take it alike; by id too.
    let out = place.run(&["--profile", "p-staging", "encoo", "me"], None);
    assert!(ok(out).contains("admin"));

    // The CLI only reads: the file is as it was, and the keyring holds no token of it.
    assert_eq!(std::fs::read(place.file()).unwrap(), before);
    let secrets = place.secrets();
    assert_eq!(
        secrets.get("p-staging", SecretKind::RefreshToken).unwrap(),
        None
    );
    assert_eq!(
        secrets
            .get("p-staging", SecretKind::Password)
            .unwrap()
            .as_deref(),
        Some("admin")
    );
}

#[test]
fn flags_beside_the_profile_win_and_the_password_goes_with_its_user() {
    let c = Console::start();
    let nowhere = ProxyTrap::start();
    // The profile points at a port where no console is, as another user.
    let place = Place::new(
        "flags",
        &[encoo("p-old", "Old", &nowhere.url, "someone")],
        None,
    );
    place.remember("p-old", SecretKind::Password, "not-admins-password");
    let args = [
        "--profile",
        "Old",
        "--console",
        &c.url,
        "--username",
        "admin",
        "--json",
        "companies",
        "list",
    ];
    // The remembered password is someone's: for admin it comes from the environment.
    let printed = ok(place.run(&args, Some("admin")));
    assert!(printed.contains("\"Id\""), "{printed}");
    assert_eq!(nowhere.offered(), 0, "the profile's address was not used");
    // Without one, admin is not signed in with someone's password.
    let err = failed(&place.run(&args, None), 2);
    assert!(err.contains("CONSOLE_DESK_PASSWORD"), "{err}");
}

#[test]
fn a_profiles_proxy_is_used_with_its_remembered_password() {
    let trap = ProxyTrap::start();
    // A console that is not on loopback goes through the profile's proxy: the trap.
    let mut profile = encoo(
        "p-proxied",
        "Proxied",
        "http://console.invalid:8080",
        "admin",
    );
    profile.proxy = ProxySetting::Url {
        url: trap.url.clone(),
        username: Some("proxy user".into()),
    };
    let place = Place::new("proxy", &[profile], None);
    place.remember("p-proxied", SecretKind::Password, "admin");
    place.remember("p-proxied", SecretKind::ProxyPassword, "proxy-secret");
    // No CONSOLE_DESK_PROXY_PASSWORD and no terminal: only the keyring can give it.
    let out = place.run(&["--profile", "Proxied", "companies", "list"], None);
    let err = failed(&out, 1);
    assert!(!err.contains("proxy password"), "{err}");
    assert!(!err.contains("proxy-secret"), "{err}");
    assert!(
        trap.offered() >= 1,
        "the profile's proxy was offered the call"
    );
    // --proxy beside it wins: another proxy is offered the call, not the profile's.
    let other = ProxyTrap::start();
    let offered = trap.offered();
    let out = place.run(
        &[
            "--profile",
            "Proxied",
            "--proxy",
            &other.url,
            "companies",
            "list",
        ],
        None,
    );
    failed(&out, 1);
    assert!(other.offered() >= 1);
    assert_eq!(trap.offered(), offered);
}

#[test]
fn a_flexmodel_profile_works_for_flexmodel_and_is_refused_for_encoo() {
    let fm = Fm::start();
    let place = Place::new(
        "fm",
        &[flexmodel("p-fm", "Low code", &fm.url, "admin")],
        None,
    );
    place.remember("p-fm", SecretKind::Password, "admin123");
    let out = place.run(
        &["--profile", "Low code", "flexmodel", "--json", "projects"],
        None,
    );
    let projects: Value = serde_json::from_str(&ok(out)).unwrap();
    assert!(projects.to_string().contains("dev_test"), "{projects}");

    for args in [
        &["--profile", "Low code", "packages", "list"][..],
        &["--profile", "Low code", "encoo", "packages", "list"][..],
    ] {
        let err = failed(&place.run(args, None), 2);
        assert!(err.contains("is a FlexModel profile"), "{err}");
        assert!(err.contains("flexmodel"), "{err}");
    }
}

#[test]
fn unknown_ambiguous_and_sandbox_profiles_are_usage_errors() {
    let place = Place::new(
        "names",
        &[
            encoo("p-a", "Twin", "http://127.0.0.1:9", "a"),
            encoo("p-b", "Twin", "http://127.0.0.1:9", "b"),
            encoo("p-c", "Prod", "http://127.0.0.1:9", "c"),
        ],
        None,
    );
    let err = failed(&place.run(&["--profile", "prod", "me"], None), 2);
    assert!(err.contains("no profile is named \"prod\""), "{err}");
    for name in ["\"Prod\"", "\"Twin\"", "\"Sandbox\""] {
        assert!(err.contains(name), "the names are listed: {err}");
    }
    let err = failed(&place.run(&["--profile", "Twin", "me"], None), 2);
    assert!(err.contains("2 profiles are named \"Twin\""), "{err}");
    assert!(err.contains("p-a") && err.contains("p-b"), "{err}");

    let err = failed(&place.run(&["--profile", "Sandbox", "me"], None), 2);
    assert!(err.contains("inside the ConsoleDesk app"), "{err}");
    assert!(err.contains("console-desk-cli encoo sandbox"), "{err}");
    let out = place.run(
        &[
            "--profile",
            desk_core::FLEXMODEL_SANDBOX_PROFILE_ID,
            "flexmodel",
            "projects",
        ],
        None,
    );
    let err = failed(&out, 2);
    assert!(err.contains("console-desk-cli flexmodel sandbox"), "{err}");
}

#[test]
fn profiles_list_shows_each_profile_and_never_a_password() {
    let c = Console::start();
    let place = Place::new(
        "list",
        &[
            encoo("p-one", "One", &c.url, "admin"),
            flexmodel("p-two", "Two\tTabbed", "http://127.0.0.1:8080", "ann"),
        ],
        Some("p-two"),
    );
    place.remember("p-one", SecretKind::Password, "the-password-value");

    let table = ok(place.run(&["profiles", "list"], None));
    assert!(!table.contains("the-password-value"), "{table}");
    let one = table.lines().find(|l| l.contains("One")).unwrap();
    for cell in ["Encoo", c.url.as_str(), "admin", "yes"] {
        assert!(one.contains(cell), "{cell} in {one}");
    }
    let two = table.lines().find(|l| l.contains("Tabbed")).unwrap();
    for cell in ["*", "FlexModel", "http://127.0.0.1:8080", "ann", "no"] {
        assert!(two.contains(cell), "{cell} in {two}");
    }
    let sandbox = table.lines().find(|l| l.contains("(inside the app)"));
    assert!(sandbox.is_some(), "{table}");

    let listed: Value =
        serde_json::from_str(&ok(place.run(&["profiles", "list", "--json"], None))).unwrap();
    let listed = listed.as_array().unwrap();
    // The two built-in sandboxes come first, as in the app.
    assert_eq!(listed.len(), 4, "{listed:?}");
    let one = listed.iter().find(|p| p["id"] == "p-one").unwrap();
    assert_eq!(
        (&one["rememberedPassword"], &one["active"], &one["kind"]),
        (&json!(true), &json!(false), &json!("encoo"))
    );
    let two = listed.iter().find(|p| p["id"] == "p-two").unwrap();
    assert_eq!(
        (&two["rememberedPassword"], &two["active"]),
        (&json!(false), &json!(true))
    );
    assert!(!listed
        .iter()
        .any(|p| p.to_string().contains("the-password-value")));

    let tsv = ok(place.run(&["--output", "tsv", "profiles", "list"], None));
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines.len(), 5, "{tsv}");
    assert_eq!(lines[0], "Active\tName\tKind\tConsole\tUser\tPassword\tId");
    assert!(
        lines.contains(&"*\tTwo\\tTabbed\tFlexModel\thttp://127.0.0.1:8080\tann\tno\tp-two"),
        "{tsv}"
    );
    assert!(lines.iter().all(|l| l.split('\t').count() == 7), "{tsv}");
    assert!(stderr(&place.run(&["profiles", "list"], None)).is_empty());
}
