//! The workspace's layering, read from the sources: what every console shares lives in
//! `console-core` (the client side) and `sandbox-kit` (the emulator side); a console's crates
//! sit on them and hold no sending loop, retry, session or TLS code of their own; the app's
//! logic touches a console's types only in that console's module.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
        }
    }
    out
}

fn offenders(dir: &Path, skip: Option<&Path>, words: &[&str]) -> Vec<String> {
    let files = sources(dir);
    assert!(!files.is_empty(), "no sources under {}", dir.display());
    files
        .into_iter()
        .filter(|(path, _)| skip.is_none_or(|s| !path.starts_with(s)))
        .flat_map(|(path, text)| {
            words
                .iter()
                .filter(|w| text.contains(*w))
                .map(|w| format!("{} mentions {w}", path.display()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_apps_logic_holds_no_encoo_type_outside_its_encoo_module() {
    let src = root().join("crates/desk-core/src");
    let found = offenders(
        &src,
        Some(&src.join("encoo")),
        &["encoo_api", "encoo_sandbox"],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_encoo_client_keeps_no_sending_loop_retry_session_or_tls_of_its_own() {
    let found = offenders(
        &root().join("crates/encoo-api/src"),
        None,
        &[
            "reqwest::Client::builder",
            "ClientBuilder",
            "add_root_certificate",
            "danger_accept_invalid",
            "tokio::time::sleep",
            "tokio::sync::Mutex",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
    let manifest = std::fs::read_to_string(root().join("crates/encoo-api/Cargo.toml")).unwrap();
    let deps = manifest.split("[dev-dependencies]").next().unwrap();
    assert!(
        deps.contains("console-core"),
        "encoo-api sits on console-core"
    );
}

#[test]
fn the_encoo_sandbox_sits_on_the_kit_and_keeps_no_fault_or_tls_machinery() {
    let found = offenders(
        &root().join("crates/encoo-sandbox/src"),
        None,
        &["tokio_rustls", "rcgen", "TcpListener::bind", "StdRng"],
    );
    assert!(found.is_empty(), "{found:#?}");
    let manifest = std::fs::read_to_string(root().join("crates/encoo-sandbox/Cargo.toml")).unwrap();
    assert!(manifest.contains("sandbox-kit"));
}

/// (Their documentation may name a console as an example of a shape; their code names none.)
#[test]
fn the_shared_crates_depend_on_no_console() {
    for krate in ["console-core", "sandbox-kit"] {
        let found = offenders(
            &root().join("crates").join(krate).join("src"),
            None,
            &["encoo_", "encoo-", "flexmodel_", "flexmodel-"],
        );
        assert!(found.is_empty(), "{krate}: {found:#?}");
    }
}

/// The FlexModel crates sit on the same core and kit as the Encoo ones, keep no sending loop,
/// session or TLS of their own, and never depend on an Encoo crate.
#[test]
fn the_flexmodel_crates_sit_on_the_core_and_kit_and_never_on_encoo() {
    let found = offenders(
        &root().join("crates/flexmodel-api/src"),
        None,
        &[
            "reqwest::Client::builder",
            "ClientBuilder",
            "add_root_certificate",
            "danger_accept_invalid",
            "tokio::time::sleep",
        ],
    );
    assert!(found.is_empty(), "flexmodel-api: {found:#?}");
    let found = offenders(
        &root().join("crates/flexmodel-sandbox/src"),
        None,
        &["tokio_rustls", "rcgen", "TcpListener::bind", "StdRng"],
    );
    assert!(found.is_empty(), "flexmodel-sandbox: {found:#?}");
    for (krate, base) in [
        ("flexmodel-api", "console-core"),
        ("flexmodel-sandbox", "sandbox-kit"),
        ("flexmodel-idl", ""),
        ("flexmodel-rules", ""),
    ] {
        let manifest =
            std::fs::read_to_string(root().join("crates").join(krate).join("Cargo.toml")).unwrap();
        let deps = manifest.split("[dev-dependencies]").next().unwrap();
        assert!(deps.contains(base), "{krate} sits on {base}");
        assert!(
            !manifest.contains("encoo"),
            "{krate} depends on an Encoo crate"
        );
        let found = offenders(
            &root().join("crates").join(krate).join("src"),
            None,
            &["encoo_", "encoo-"],
        );
        assert!(found.is_empty(), "{krate}: {found:#?}");
    }
}
