//! The app carries none of the sandbox's test-only calls: the `testing` feature of this crate
//! and of sandbox-kit (request log, grant counters, revocation, `fail_next`, the fixtures) is
//! off in what `cargo build -p console-desk` (the desktop app), `-p desk-core` and
//! `-p console-desk-cli` compile (the app and the CLI serve the FlexModel sandbox too, under the
//! same rule). Asked of Cargo's own resolver, through `cargo tree` over the
//! normal and build dependencies only (dev-dependencies, where tests enable the feature, are
//! not part of those builds), so a `features = ["testing"]` anywhere on the app's path, or a
//! feature that forwards to it by default, fails here.

use std::path::Path;
use std::process::Command;

/// The sandbox crates: each console's, and the kit they share.
const SANDBOXES: [&str; 3] = ["encoo-sandbox", "flexmodel-sandbox", "sandbox-kit"];

/// The features `cargo tree` says `package`'s build enables on each sandbox crate, as
/// (crate, features); `edges` picks the dependency kinds followed.
fn sandbox_features(package: &str, edges: &str) -> Vec<(String, String)> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(env!("CARGO"))
        .current_dir(&workspace)
        .args(["tree", "--quiet", "-p", package, "-e", edges])
        .args(["--prefix", "none", "--format", "{p}|{f}"])
        .output()
        .expect("cargo runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "cargo tree -p {package}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut found: Vec<(String, String)> = text
        .lines()
        // A line ending in "(*)" repeats a package shown in full elsewhere, without features.
        .filter(|line| !line.ends_with("(*)"))
        .filter_map(|line| {
            let (package, features) = line.split_once('|')?;
            let name = package.split(' ').next()?;
            let features = features.trim();
            SANDBOXES
                .contains(&name)
                .then(|| (name.to_owned(), features.to_owned()))
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn the_app_desk_core_and_the_cli_build_the_sandbox_without_its_testing_feature() {
    let embedded: [(&str, &[&str]); 3] = [
        // The app embeds both consoles' sandboxes.
        ("console-desk", &SANDBOXES),
        ("desk-core", &SANDBOXES),
        ("console-desk-cli", &SANDBOXES),
    ];
    for (package, sandboxes) in embedded {
        let found = sandbox_features(package, "normal,build");
        let names: Vec<&str> = found.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names, sandboxes,
            "{package} embeds these sandboxes (so this check is not vacuous)"
        );
        for (name, features) in &found {
            assert!(
                !features.split(',').any(|f| f == "testing"),
                "{package} builds {name} with features \"{features}\": the test-only calls would ship"
            );
        }
    }
}

#[test]
fn a_test_build_that_asks_for_the_feature_is_seen_to_have_it() {
    // The same reading of the same tool, where the feature is on: encoo-api's tests enable it
    // from their dev-dependencies.
    let found = sandbox_features("encoo-api", "normal,build,dev");
    assert_eq!(
        found,
        [
            ("encoo-sandbox".to_owned(), "testing".to_owned()),
            ("sandbox-kit".to_owned(), "testing".to_owned()),
        ]
    );
}
