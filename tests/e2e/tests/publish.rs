//! The publish panel in the real window. Files reach it through `publish_offer`, the command
//! an OS drop and the file dialog both end in (WebDriver cannot drive either); from there on
//! everything is real: inspection, uploads with progress to a sandbox on a slow link, a
//! cancel, a failure and its retry, and the upgrade follow-up.

use std::path::{Path, PathBuf};

use console_desk_e2e::{write_profile, App};
use encoo_api::dgs;
use encoo_sandbox::{Sandbox, SandboxConfig};
use serde_json::json;

fn package(dir: &Path, id: &str, version: &str, payload: u64) -> PathBuf {
    let path = dir.join(format!("{id} {version}.dgs"));
    let manifest = dgs::Manifest {
        id: id.into(),
        version: version.into(),
        description: String::new(),
    };
    dgs::write_sized_package(std::fs::File::create(&path).unwrap(), &manifest, payload).unwrap();
    path
}

/// The panel item for the file whose name contains `name`: its upload id.
async fn item(app: &App, name: &str) -> String {
    let id = app
        .wait_script(&format!(
            "const li = [...document.querySelectorAll('.publish-item')].find((l) => l.querySelector('.publish-name').textContent.includes({})); return li && li.dataset.upload",
            json!(name)
        ))
        .await;
    id.as_str().unwrap().to_owned()
}

async fn state(app: &App, id: &str) -> String {
    let v = app
        .run(
            "return document.querySelector(`[data-upload='${arguments[0]}']`).dataset.state",
            vec![json!(id)],
        )
        .await;
    v.as_str().unwrap_or_default().to_owned()
}

async fn wait_state(app: &App, id: &str, expected: &str) {
    app.wait_script(&format!(
        "return document.querySelector(\"[data-upload='{id}']\").dataset.state === {}",
        json!(expected)
    ))
    .await;
}

async fn click_in(app: &App, id: &str, label: &str) {
    app.click_text(
        &format!("[data-upload='{id}'] .publish-actions button"),
        label,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn publish_panel_progress_cancel_retry_and_upgrade() {
    // A console on a slow link (8 MiB/s), so an upload can be watched and cancelled.
    let sandbox = Sandbox::new(SandboxConfig {
        upload_rate: Some(8 << 20),
        ..Default::default()
    })
    .unwrap();
    let server = sandbox.serve("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let newer = package(dir.path(), "Finance.InvoiceReader", "1.3.0", 200 << 10);
    let slow = package(dir.path(), "Slow.Pkg", "1.0.0", 64 << 20);
    let flaky = package(dir.path(), "Flaky.Pkg", "1.0.0", 100 << 10);
    let notes = dir.path().join("会议 notes.dgs");
    std::fs::write(&notes, "meeting notes, not a package").unwrap();

    let app = App::launch("publish", |d| write_profile(d, "ops", "Ops console", &url)).await;
    app.fill("#signin-password", "admin").await;
    app.click("dialog.modal button[data-action=signin]").await;
    app.find("[data-stat=packages]").await;

    // What a drop delivers: the paths, to the same command.
    let paths: Vec<String> = [&newer, &notes, &slow, &flaky]
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    app.run(
        "window.__TAURI__.core.invoke('encoo_publish_offer', { paths: arguments[0] })",
        vec![json!(paths)],
    )
    .await;
    let (newer_id, notes_id, slow_id, flaky_id) = (
        item(&app, "Finance.InvoiceReader").await,
        item(&app, "notes").await,
        item(&app, "Slow.Pkg").await,
        item(&app, "Flaky.Pkg").await,
    );
    assert_eq!(state(&app, &notes_id).await, "problem");
    app.wait_text(&format!("[data-upload='{notes_id}']"), "not a zip")
        .await;
    app.wait_text(
        &format!("[data-upload='{newer_id}']"),
        "the console has 1.2.0",
    )
    .await;
    app.wait_text(&format!("[data-upload='{slow_id}']"), "new package")
        .await;
    assert_eq!(state(&app, &newer_id).await, "ready");
    app.screenshot("publish-offered").await;

    // A slow upload: live progress while the rest of the app goes on; then cancelled.
    click_in(&app, &slow_id, "Publish").await;
    app.wait_script(&format!("const p = document.querySelector(\"[data-upload='{slow_id}'] progress\"); return p && Number(p.value) > 0")).await;
    app.click("a[data-route=robots]").await;
    app.wait_text("#content tbody", "FIN-BOT-01").await;
    let stats = app
        .wait_text(&format!("[data-upload='{slow_id}'] .publish-stats"), "/s")
        .await;
    assert!(
        stats.contains("MiB") && stats.contains('%') && stats.contains("left"),
        "{stats}"
    );
    app.screenshot("publish-progress").await;
    click_in(&app, &slow_id, "Cancel").await;
    wait_state(&app, &slow_id, "cancelled").await;
    // The sandbox is done with the cut-off body once it has answered the upload's PUT.
    let started = std::time::Instant::now();
    while !sandbox.request_log().iter().any(|r| {
        r.method == "PUT"
            && (r.path.starts_with("/openapi/packages") || r.path.starts_with("/storage/"))
    }) {
        assert!(
            started.elapsed() < console_desk_e2e::PATIENCE,
            "the sandbox never answered the cancelled upload's PUT"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        sandbox.package_versions("Slow.Pkg").is_empty(),
        "a cancelled upload leaves no version"
    );

    // A failure (the proxy answers 503), then a retry that lands.
    sandbox.fail_next(1, 503);
    click_in(&app, &flaky_id, "Publish").await;
    wait_state(&app, &flaky_id, "failed").await;
    app.wait_text(&format!("[data-upload='{flaky_id}']"), "503")
        .await;
    assert!(sandbox.package_versions("Flaky.Pkg").is_empty());
    click_in(&app, &flaky_id, "Retry").await;
    wait_state(&app, &flaky_id, "done").await;
    assert_eq!(sandbox.package_versions("Flaky.Pkg"), ["1.0.0"]);

    // A new version of a package in use, then the upgrade follow-up.
    click_in(&app, &newer_id, "Publish").await;
    wait_state(&app, &newer_id, "done").await;
    assert_eq!(
        sandbox.package_versions("Finance.InvoiceReader")[0],
        "1.3.0"
    );
    click_in(&app, &newer_id, "Upgrade its workflows").await;
    app.wait_text("dialog.modal .upgrade-list", "Daily invoices")
        .await;
    app.wait_text("dialog.modal .upgrade-list", "1.1.0").await;
    app.click("dialog.modal button[data-action=upgrade]").await;
    app.wait_script("return document.querySelector('dialog.modal li[data-result=upgraded]')")
        .await;
    let row = app
        .wait_text("dialog.modal li[data-result=upgraded]", "1.3.0")
        .await;
    assert!(row.contains("1.1.0 → 1.3.0"), "{row}");
    app.screenshot("publish-upgrade").await;
    app.click_text("dialog.modal .modal-actions button", "Close")
        .await;

    // The other follow-up: a workflow form with the new version chosen.
    click_in(&app, &newer_id, "Create a workflow").await;
    app.find("dialog.modal input[data-arg=InvoiceFolder]").await;
    let version = app.run("return document.querySelector('dialog.modal select[data-field=PackageVersionId]').selectedOptions[0].textContent", vec![]).await;
    assert_eq!(version, json!("1.3.0"));
    app.click_text("dialog.modal .modal-actions button", "Cancel")
        .await;
    app.close().await;
}
