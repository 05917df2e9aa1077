//! The files the app keeps, as a person upgrading or recovering would meet them: the folders of
//! the old bundle identifier (profiles, window state, data) found after the change, with the
//! keyring's entries; a profiles file cut short by a crash that no longer keeps the window from
//! opening; errors of the window's own code reaching the log file; and how WebKit is told to
//! composite where GL is drawn in software.

use std::path::Path;
use std::time::{Duration, Instant};

use console_desk_e2e::{write_profile_as, App, PATIENCE};
use desk_core::places::{IDENTIFIER, OLD_IDENTIFIERS};
use desk_core::{SecretKind, Secrets};
use serde_json::json;

/// The keyring service the harness gives the app launched on `dir` (named after it).
fn service_for(dir: &Path) -> String {
    let name = dir.file_name().unwrap().to_string_lossy();
    format!("console-desk-e2e-{name}")
}

/// The app's log file for a launch on the config folder `dir` (the harness points XDG_DATA_HOME
/// at `dir/data`).
fn log_file(dir: &Path) -> std::path::PathBuf {
    dir.join("data")
        .join(IDENTIFIER)
        .join("logs/console-desk.log")
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < PATIENCE, "never: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_old_identifiers_profiles_window_and_keyring_entries_are_found() {
    let sandbox = encoo_sandbox::Sandbox::new(Default::default()).unwrap();
    let server = sandbox.serve(([127, 0, 0, 1], 0).into()).await.unwrap();
    let old_id = OLD_IDENTIFIERS[0];
    const PROFILE: &str = "6f0c3f1e-0000-4000-8000-00000000c0de";
    let mut service = String::new();
    // Without CONSOLE_DESK_CONFIG_DIR the app uses the system's folders (the harness points
    // XDG_CONFIG_HOME and XDG_DATA_HOME into the test's directory).
    let app = App::launch_with(
        "old-identifier",
        &[("CONSOLE_DESK_CONFIG_DIR", "")],
        |dir| {
            let config = dir.join("config").join(old_id);
            let data = dir.join("data").join(old_id);
            std::fs::create_dir_all(&config).unwrap();
            std::fs::create_dir_all(&data).unwrap();
            write_profile_as(
                &config,
                PROFILE,
                "Kept across the rename",
                &server.url(),
                "admin",
            );
            // The profile remembers its password: the keyring has it, under the same service.
            let path = config.join("profiles.json");
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(
                &path,
                text.replace("\"remember\": false", "\"remember\": true"),
            )
            .unwrap();
            service = service_for(dir);
            Secrets::new(&service)
                .set(PROFILE, SecretKind::Password, "admin")
                .unwrap();
            let state = json!({ "main": {
                "width": 1010, "height": 660, "x": 40, "y": 30, "prev_x": 40, "prev_y": 30,
                "maximized": false, "visible": true, "decorated": true, "fullscreen": false
            }});
            std::fs::write(config.join(".window-state.json"), state.to_string()).unwrap();
            std::fs::write(data.join("kept-by-the-user.txt"), b"mine").unwrap();
        },
    )
    .await;
    // Signed in silently with the password the keyring kept, on the old profile.
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;
    app.wait_text("#topbar", "Kept across the rename").await;
    let size = app
        .run(
            "return [innerWidth, innerHeight].map((n) => Math.round(n * devicePixelRatio))",
            vec![],
        )
        .await;
    // The state records the window's inner size; the native menu bar takes the top of it.
    let (width, height) = (size[0].as_u64().unwrap(), size[1].as_u64().unwrap());
    assert_eq!(width, 1010, "the window reopens at its old width: {size}");
    assert!(
        (620..660).contains(&height),
        "the window reopens at its old height, less the menu bar: {size}"
    );
    app.screenshot("desktop-old-identifier").await;

    let root = app.config_dir.path();
    for (kind, file) in [
        ("config", "profiles.json"),
        ("config", ".window-state.json"),
        ("data", "kept-by-the-user.txt"),
    ] {
        assert!(
            root.join(kind).join(IDENTIFIER).join(file).is_file(),
            "{kind}/{IDENTIFIER}/{file}"
        );
        assert!(
            !root.join(kind).join(old_id).exists(),
            "{kind}/{old_id} is gone"
        );
    }
    app.close().await;
    Secrets::new(&service).delete_all(PROFILE).unwrap();
}

#[tokio::test]
async fn a_damaged_profiles_file_is_set_aside_and_window_errors_reach_the_log() {
    let cut = br#"{"version": 2, "active": "p1", "profiles": [{"id": "p1", "name": "Wo"#;
    // Under the C locale, as on a bare machine: the window must still work (WebKit names the
    // page's language after the locale, and "c" is no language `Intl` accepts).
    let app = App::launch_with("damaged-profiles", &[("LANG", "C")], |dir| {
        std::fs::write(dir.join("profiles.json"), cut).unwrap();
    })
    .await;
    // The window opens on the built-in Sandbox and says what happened and where the file is.
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;
    let notice = app.wait_text("#toasts", "could not be read").await;
    let dir = app.config_dir.path().to_owned();
    let aside: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("profiles.damaged-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), cut, "kept byte for byte");
    assert!(
        notice.contains(&aside[0].display().to_string()),
        "the notice names the file: {notice}"
    );
    app.screenshot("desktop-damaged-profiles").await;

    // An exception nobody caught and a rejection nobody handled, in the window's code.
    app.run(
        "setTimeout(() => { throw new Error('e2e-uncaught-7f3a'); }); \
         Promise.reject(new Error('e2e-rejected-91bc'));",
        vec![],
    )
    .await;
    let log = log_file(&dir);
    wait_for("both errors in the log", || {
        std::fs::read_to_string(&log)
            .is_ok_and(|t| t.contains("e2e-uncaught-7f3a") && t.contains("e2e-rejected-91bc"))
    })
    .await;
    let text = std::fs::read_to_string(&log).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("e2e-rejected-91bc"))
        .unwrap();
    assert!(line.contains("ERROR") && line.contains("webview"), "{line}");
    app.close().await;
}

/// The environment of each WebKit web process in the process group `group`, a string each.
fn web_process_environments(group: u32) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        // After the name: state ppid pgrp.
        let pgrp = stat[close + 2..].split_whitespace().nth(2);
        if &stat[open + 1..close] == "WebKitWebProces" && pgrp == Some(&group.to_string()) {
            if let Ok(env) = std::fs::read(format!("/proc/{pid}/environ")) {
                found.push(String::from_utf8_lossy(&env).replace('\0', "\n"));
            }
        }
    }
    found
}

const OFF: &str = "WEBKIT_DISABLE_COMPOSITING_MODE=1";

/// The app launched with `CONSOLE_DESK_COMPOSITING=value`, and its web processes' environments.
async fn launched_with_compositing(value: &str) -> (App, Vec<String>) {
    let app = App::launch_with(
        &format!("compositing-{value}"),
        &[("CONSOLE_DESK_COMPOSITING", value)],
        |_| {},
    )
    .await;
    let envs = web_process_environments(app.process_group());
    assert!(!envs.is_empty(), "the app's web process is found");
    (app, envs)
}

#[tokio::test]
async fn with_gl_drawn_in_software_webkit_composites_without_it_unless_told() {
    assert!(
        std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none(),
        "run without WEBKIT_DISABLE_COMPOSITING_MODE: the app leaves a value set by hand alone"
    );
    // The harness launches the app as Xvfb runs it, with Mesa's software GL
    // (LIBGL_ALWAYS_SOFTWARE=1); left to choose (`auto`; the harness's default is `on`), the app
    // turns WebKit's GL compositing off, and says why.
    let (app, envs) = launched_with_compositing("auto").await;
    assert!(
        envs.iter().all(|e| e.lines().any(|l| l == OFF)),
        "every web process runs with {OFF}"
    );
    let log = log_file(app.config_dir.path());
    wait_for("the choice in the log", || {
        std::fs::read_to_string(&log).is_ok_and(|t| {
            t.contains(
                "WebKit's compositing is off: LIBGL_ALWAYS_SOFTWARE asks Mesa to draw in software",
            )
        })
    })
    .await;
    app.close().await;

    // The user's override keeps WebKit's own compositing.
    let (app, envs) = launched_with_compositing("on").await;
    assert!(
        envs.iter().all(|e| !e
            .lines()
            .any(|l| l.starts_with("WEBKIT_DISABLE_COMPOSITING_MODE="))),
        "with CONSOLE_DESK_COMPOSITING=on the app sets nothing"
    );
    app.close().await;
}
