//! One instance: launching ConsoleDesk while it runs brings the running window forward and
//! the second launch exits at once, leaving the profiles file alone.

mod desktop_support;

use std::time::Duration;

use console_desk_e2e::App;
use desktop_support::{app_processes, launch_again, wait_log};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_hands_over_to_the_running_app_and_exits() {
    let app = App::launch("single_instance", |_| {}).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;
    let dir = app.config_dir.path().to_owned();
    let profiles = dir.join("profiles.json");
    let before = std::fs::read(&profiles).ok();
    assert_eq!(app_processes(&dir).len(), 1);

    let (out, took) = launch_again(&app, Duration::from_secs(30));
    assert!(
        out.status.success(),
        "the second launch ends with success: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    // Not a measurement: only that it ended by itself instead of opening a window.
    assert!(
        took < Duration::from_secs(20),
        "it exited quickly ({took:?})"
    );
    // The running app heard of it (and brought its window forward).
    wait_log(&app, "ConsoleDesk was launched again").await;

    assert_eq!(
        app_processes(&dir).len(),
        1,
        "still one app for this folder"
    );
    assert_eq!(
        std::fs::read(&profiles).ok(),
        before,
        "the profiles file is untouched"
    );
    // The first window still answers, on the screen it showed.
    let screen = app
        .run(
            "return document.getElementById('content').dataset.screen",
            vec![],
        )
        .await;
    assert_eq!(screen, json!("dashboard"));
    let version = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__TAURI__.core.invoke('app_version').then(done, (e) => done(String(e)));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(version, json!(env!("CARGO_PKG_VERSION")));
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn apps_on_two_config_folders_both_run() {
    // The end-to-end tests run apps side by side in one D-Bus session, each on its own
    // folder: each folder has its own single instance.
    let first = App::launch("two_folders_a", |_| {}).await;
    let second = App::launch("two_folders_b", |_| {}).await;
    for app in [&first, &second] {
        app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
            .await;
        assert_eq!(app_processes(app.config_dir.path()).len(), 1);
    }
    first.close().await;
    second.close().await;
}
