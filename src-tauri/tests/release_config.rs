//! The release machinery that cannot run here, checked by reading it: the two GitHub workflows
//! (parsed as YAML) and the `bundle` section of tauri.conf.json (parsed by Tauri's own config
//! types, so a misspelt or misplaced key fails here rather than on a release tag).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use yaml_rust2::{Yaml, YamlLoader};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn workflow(name: &str) -> (Yaml, String) {
    let path = root().join(".github/workflows").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut docs = YamlLoader::load_from_str(&text)
        .unwrap_or_else(|e| panic!("{name} is not valid YAML: {e}"));
    assert_eq!(docs.len(), 1, "{name}: one YAML document");
    (docs.remove(0), text)
}

fn s(y: &Yaml) -> &str {
    y.as_str().unwrap_or_default()
}

fn steps(job: &Yaml) -> &[Yaml] {
    job["steps"].as_vec().map(Vec::as_slice).unwrap_or_default()
}

/// (runner, target, the whole row) of a job's matrix.
fn matrix(job: &Yaml) -> Vec<(String, String, Yaml)> {
    job["strategy"]["matrix"]["include"]
        .as_vec()
        .expect("a matrix of include rows")
        .iter()
        .map(|row| {
            (
                s(&row["runner"]).to_owned(),
                s(&row["target"]).to_owned(),
                row.clone(),
            )
        })
        .collect()
}

const TARGETS: [(&str, &str); 4] = [
    ("windows-latest", "x86_64-pc-windows-msvc"),
    ("macos-latest", "aarch64-apple-darwin"),
    ("macos-latest", "x86_64-apple-darwin"),
    // The oldest Ubuntu runner GitHub offers: the Linux bundles then run on its glibc and newer.
    ("ubuntu-22.04", "x86_64-unknown-linux-gnu"),
];

fn expected_matrix() -> BTreeSet<(String, String)> {
    TARGETS
        .iter()
        .map(|(r, t)| (r.to_string(), t.to_string()))
        .collect()
}

/// Each secret the release reads, and the secret whose presence decides whether its step runs
/// (a password is only used with its certificate or key).
const SECRETS: [(&str, &str); 10] = [
    ("WINDOWS_CERTIFICATE", "WINDOWS_CERTIFICATE"),
    ("WINDOWS_CERTIFICATE_PASSWORD", "WINDOWS_CERTIFICATE"),
    ("APPLE_CERTIFICATE", "APPLE_CERTIFICATE"),
    ("APPLE_CERTIFICATE_PASSWORD", "APPLE_CERTIFICATE"),
    ("APPLE_SIGNING_IDENTITY", "APPLE_SIGNING_IDENTITY"),
    ("APPLE_ID", "APPLE_ID"),
    ("APPLE_PASSWORD", "APPLE_PASSWORD"),
    ("APPLE_TEAM_ID", "APPLE_TEAM_ID"),
    ("TAURI_SIGNING_PRIVATE_KEY", "TAURI_SIGNING_PRIVATE_KEY"),
    (
        "TAURI_SIGNING_PRIVATE_KEY_PASSWORD",
        "TAURI_SIGNING_PRIVATE_KEY",
    ),
];

#[test]
fn release_runs_tauri_action_on_a_version_tag_for_every_system() {
    let (wf, _) = workflow("release.yml");
    let tags: Vec<&str> = wf["on"]["push"]["tags"]
        .as_vec()
        .expect("on.push.tags")
        .iter()
        .map(s)
        .collect();
    assert_eq!(tags, ["v*"], "triggered by version tags only");
    assert!(
        wf["on"]["push"]["branches"].is_badvalue(),
        "no branch trigger"
    );

    let app = &wf["jobs"]["app"];
    let rows = matrix(app);
    let got: BTreeSet<_> = rows
        .iter()
        .map(|(r, t, _)| (r.clone(), t.clone()))
        .collect();
    assert_eq!(got, expected_matrix());
    assert_eq!(s(&app["runs-on"]), "${{ matrix.runner }}");

    let action: Vec<&Yaml> = steps(app)
        .iter()
        .filter(|st| s(&st["uses"]).starts_with("tauri-apps/tauri-action@"))
        .collect();
    assert_eq!(action.len(), 1, "one tauri-action step");
    let with = &action[0]["with"];
    let args = s(&with["args"]);
    assert!(args.contains("--target ${{ matrix.target }}"), "{args}");
    assert!(args.contains("--config tauri.signing.json"), "{args}");
    assert_eq!(s(&with["tagName"]), "${{ github.ref_name }}");
    assert_eq!(
        s(&with["releaseId"]),
        "${{ needs.create-release.outputs.release_id }}"
    );
    assert_eq!(
        with["includeUpdaterJson"].as_bool(),
        Some(true),
        "latest.json uploaded"
    );
    assert_eq!(with["updaterJsonPreferNsis"].as_bool(), Some(true));
    assert_eq!(
        s(&action[0]["env"]["GITHUB_TOKEN"]),
        "${{ secrets.GITHUB_TOKEN }}"
    );
    // The Linux job installs WebKitGTK 4.1 (Tauri 2), not 4.0.
    let linux = steps(app)
        .iter()
        .find(|st| s(&st["if"]).contains("runner.os == 'Linux'"))
        .expect("a Linux dependencies step");
    assert!(s(&linux["run"]).contains("libwebkit2gtk-4.1-dev"));

    // The release is a draft until every build has uploaded, then published.
    let needs: Vec<&str> = wf["jobs"]["publish"]["needs"]
        .as_vec()
        .expect("publish.needs")
        .iter()
        .map(s)
        .collect();
    for job in ["create-release", "app", "cli"] {
        assert!(needs.contains(&job), "publish waits for {job}: {needs:?}");
    }
    assert!(s(&steps(&wf["jobs"]["create-release"])[2]["run"]).contains("--draft"));
}

#[test]
fn release_attaches_the_cli_for_every_target() {
    let (wf, _) = workflow("release.yml");
    let cli = &wf["jobs"]["cli"];
    let rows = matrix(cli);
    let got: BTreeSet<_> = rows
        .iter()
        .map(|(r, t, _)| (r.clone(), t.clone()))
        .collect();
    assert_eq!(got, expected_matrix());
    for (_, target, row) in &rows {
        let want = if target.contains("windows") {
            "zip"
        } else {
            "tar.gz"
        };
        assert_eq!(s(&row["archive"]), want, "{target}");
    }
    let runs: Vec<&str> = steps(cli).iter().map(|st| s(&st["run"])).collect();
    assert!(runs.iter().any(|r| r.contains(
        "cargo build --release --locked -p console-desk-cli --target ${{ matrix.target }}"
    )));
    let upload = runs
        .iter()
        .find(|r| r.contains("gh release upload"))
        .expect("a step uploads the archive to the release");
    assert!(upload.contains("\"dist/$name.$ARCHIVE\""), "{upload}");
    assert!(
        upload.contains("7z a -tzip") && upload.contains("tar -C dist -czf"),
        "{upload}"
    );
}

#[test]
fn every_signing_secret_is_read_from_secrets_and_skipped_with_a_notice_when_absent() {
    let (wf, text) = workflow("release.yml");
    let app_steps = steps(&wf["jobs"]["app"]);
    for (secret, guard) in SECRETS {
        let reference = format!("${{{{ secrets.{secret} }}}}");
        let readers: Vec<&Yaml> = app_steps
            .iter()
            .filter(|st| {
                st["env"]
                    .as_hash()
                    .is_some_and(|env| env.values().any(|v| s(v) == reference))
            })
            .collect();
        assert!(!readers.is_empty(), "no step reads {reference}");
        for step in readers {
            let name = s(&step["name"]);
            assert!(
                step["uses"].is_badvalue(),
                "{secret} goes to an action ({name}) without a guard"
            );
            let run = s(&step["run"]);
            let guarded = run.contains(&format!("[ -n \"${guard}\" ]"))
                || run.contains(&format!("if (-not $env:{guard})"));
            assert!(
                guarded,
                "step {name:?} uses {secret} without checking {guard}"
            );
            // The skip says which secret is missing, as a notice in the run's summary.
            let notice = run
                .lines()
                .find(|l| l.contains("::notice") && l.contains(guard) && l.contains("not set"));
            assert!(
                notice.is_some(),
                "step {name:?} skips {guard} without a notice"
            );
        }
    }
    // No other secret, and no secret anywhere but a step's env.
    let known: BTreeSet<&str> = SECRETS
        .iter()
        .map(|(n, _)| *n)
        .chain(["GITHUB_TOKEN"])
        .collect();
    let expressions = text.match_indices("${{ secrets.");
    assert!(expressions.clone().count() > SECRETS.len());
    for (i, _) in expressions {
        let name: String = text[i + 12..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        assert!(known.contains(name.as_str()), "unexpected secret {name}");
    }
}

#[test]
fn checks_run_ci_on_linux_and_build_on_windows_and_macos() {
    let (wf, _) = workflow("checks.yml");
    assert!(
        !wf["on"]["pull_request"].is_badvalue(),
        "runs on pull requests"
    );
    let linux = &wf["jobs"]["linux"];
    assert!(s(&linux["runs-on"]).starts_with("ubuntu-"));
    let runs: Vec<&str> = steps(linux).iter().map(|st| s(&st["run"])).collect();
    assert!(runs.contains(&"bash .ci/run"), "{runs:?}");

    let build = &wf["jobs"]["build"];
    let rows = matrix(build);
    let runners: BTreeSet<&str> = rows.iter().map(|(r, _, _)| r.as_str()).collect();
    assert!(runners.contains("windows-latest"), "{runners:?}");
    assert!(
        runners.iter().any(|r| r.starts_with("macos-")),
        "{runners:?}"
    );
    let cmd = steps(build)
        .iter()
        .map(|st| s(&st["run"]))
        .find(|r| r.starts_with("cargo "))
        .expect("a cargo step");
    assert!(cmd.starts_with("cargo build --workspace --locked"), "{cmd}");
    assert!(!cmd.contains("cargo test"), "build, not tests: {cmd}");
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn bundle_config_lists_every_installer_and_its_languages() {
    let path = root().join("src-tauri/tauri.conf.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(
        raw.get("version").is_none(),
        "the version comes from Cargo.toml"
    );
    // Tauri's own types: an unknown or misplaced key in the bundle section fails here.
    let config: tauri_utils::config::Config =
        serde_json::from_value(raw.clone()).expect("tauri.conf.json as Tauri reads it");
    assert!(config.version.is_none());
    assert!(
        !config.identifier.ends_with(".app"),
        "{}",
        config.identifier
    );

    let bundle = &raw["bundle"];
    let targets: BTreeSet<&str> = bundle["targets"]
        .as_array()
        .expect("a list of targets")
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    let want: BTreeSet<&str> = ["deb", "rpm", "appimage", "nsis", "msi", "app", "dmg"].into();
    assert_eq!(targets, want);
    assert!(config.bundle.active);

    let nsis = config.bundle.windows.nsis.as_ref().expect("windows.nsis");
    assert_eq!(
        nsis.languages.as_deref(),
        Some(&["English".to_owned(), "SimpChinese".to_owned()][..])
    );
    assert!(nsis.display_language_selector);
    assert!(matches!(
        nsis.install_mode,
        tauri_utils::config::NSISInstallerMode::CurrentUser
    ));
    let wix = &bundle["windows"]["wix"]["language"];
    assert_eq!(wix, &serde_json::json!(["en-US", "zh-CN"]));
    assert_eq!(
        config.bundle.macos.minimum_system_version.as_deref(),
        Some("10.15")
    );
    let deb = &config.bundle.linux.deb;
    assert!(deb
        .depends
        .as_ref()
        .is_some_and(|d| d.contains(&"libdbus-1-3".to_owned())));
    let rpm = &config.bundle.linux.rpm;
    assert!(rpm
        .depends
        .as_ref()
        .is_some_and(|d| d.contains(&"dbus-libs".to_owned())));

    // Every icon exists and is what its name says; the PNGs are square, of their named size.
    let icons = config.bundle.icon.clone();
    assert!(
        icons.iter().any(|i| i.ends_with(".ico")) && icons.iter().any(|i| i.ends_with(".icns"))
    );
    for icon in icons {
        let bytes = std::fs::read(root().join("src-tauri").join(&icon))
            .unwrap_or_else(|e| panic!("{icon}: {e}"));
        if icon.ends_with(".png") {
            let (w, h) = png_size(&bytes);
            assert_eq!(w, h, "{icon} is square");
            let named = icon.rsplit('/').next().unwrap();
            if let Some(size) = named.split('x').next().and_then(|n| n.parse::<u32>().ok()) {
                assert_eq!(w, size, "{icon}");
            } else {
                assert!(w >= 512, "{icon}: the large icon is at least 512 px");
            }
        } else if icon.ends_with(".ico") {
            assert_eq!(&bytes[..4], b"\0\0\x01\0", "{icon} is an ICO");
        } else if icon.ends_with(".icns") {
            assert_eq!(&bytes[..4], b"icns", "{icon} is an ICNS");
        }
    }
}
