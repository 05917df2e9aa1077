//! What an operator does every day, in the real window: every run is kept (across restarts,
//! on the workflow's page and in Runs), an upgrade says what it drops before it is confirmed,
//! and a user whose department is not the root lands in it and sees where they may not go.

mod common;

use common::Console;
use console_desk_e2e::App;
use encoo_api::dgs;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_run_appears_in_runs_after_a_restart() {
    let app = App::launch("runs", |_| {}).await;
    app.click("a[data-route=workflows]").await;
    app.wait_text("#content tbody", "Daily invoices").await;
    app.click_text("#content tbody tr button.link", "Daily invoices")
        .await;
    app.find("#workflow-detail dl.facts").await;
    app.click("dialog.modal button[data-action=run]").await;
    // The run dialog (opened from the page) sets this run's retries and video mode too.
    app.find("dialog.modal input[data-arg=MaxInvoices]").await;
    app.fill("dialog.modal input[data-field=MaxRetryCount]", "3")
        .await;
    app.select(
        "dialog.modal select[data-field=VideoRecordMode]",
        "AlwaysRecord",
    )
    .await;
    app.click("dialog.modal button[data-action=run]").await;
    let job = app
        .wait_script("const tr = document.querySelector('dialog.modal table.jobs tr[data-job]'); return tr && tr.dataset.job")
        .await;
    let job = job.as_str().unwrap().to_owned();
    let cells = app
        .run("return [...document.querySelectorAll('dialog.modal table.jobs tr[data-job] td')].map((td) => td.textContent)", vec![])
        .await;
    assert_eq!(cells[4], json!("3"), "this run's retries: {cells}");
    assert_eq!(
        cells[5],
        json!("Always record"),
        "this run's video mode: {cells}"
    );
    app.click("#see-runs").await;
    app.wait_text("#content tr[data-id] td", &job).await;
    app.screenshot("runs").await;

    let app = app.restart().await;
    app.click("a[data-route=runs]").await;
    let row = app.wait_text("#content tbody tr", &job).await;
    assert!(
        row.contains("Daily invoices") && row.contains("Queued"),
        "{row}"
    );
    assert!(row.contains("admin"), "who started it: {row}");
    // Filtered by state: none is unknown; queued shows it.
    app.select("#runs-state", "Unknown").await;
    app.wait_text("#content .state-empty", "").await;
    app.select("#runs-state", "Queued").await;
    app.wait_text("#content tbody tr", &job).await;
    // The workflow's page lists it among its recent runs.
    app.click("a[data-route=workflows]").await;
    app.click_text("#content tbody tr button.link", "Daily invoices")
        .await;
    app.wait_text("#workflow-detail .recent-runs", &job).await;
    app.close().await;
}

/// A `.dgs` of `id` at `version` whose process declares `arguments`.
fn package_with(
    dir: &std::path::Path,
    id: &str,
    version: &str,
    arguments: serde_json::Value,
) -> std::path::PathBuf {
    let path = dir.join(format!("{id}.{version}.dgs"));
    let manifest = dgs::Manifest {
        id: id.into(),
        version: version.into(),
        description: "for the upgrade preview".into(),
    };
    let args = serde_json::to_vec(&arguments).unwrap();
    dgs::write_package(
        std::fs::File::create(&path).unwrap(),
        &manifest,
        &[("arguments.json", &args)],
    )
    .unwrap();
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upgrade_that_drops_a_set_argument_says_so_before_it_is_confirmed() {
    let console = Console::start(|_| {}).await;
    let invoices = console
        .set_argument("Daily invoices", "MaxInvoices", "500")
        .await;
    // Version 1.3.0 no longer has MaxInvoices, and adds Currency.
    let dir = tempfile::tempdir().unwrap();
    let file = package_with(
        dir.path(),
        "Finance.InvoiceReader",
        "1.3.0",
        json!([
            {"Name": "InvoiceFolder", "Type": "String", "Direction": "In", "DefaultValue": "D:\\invoices"},
            {"Name": "Currency", "Type": "String", "Direction": "In", "DefaultValue": "CNY"},
            {"Name": "Processed", "Type": "Int32", "Direction": "Out"}
        ]),
    );
    console
        .client
        .packages()
        .upload(&file, &Default::default())
        .await
        .unwrap();

    let app = console.open_app("upgrade_preview", "admin", "admin").await;
    app.click("a[data-route=workflows]").await;
    app.wait_text("#content tbody", "Daily invoices").await;
    app.run(
        &format!(
            "document.querySelector(\"tr[data-id='{}'] input[type=checkbox]\").click()",
            invoices.id
        ),
        vec![],
    )
    .await;
    app.click("#wf-upgrade").await;
    let dropped = app
        .wait_text("#upgrade-preview li[data-change=dropped]", "MaxInvoices")
        .await;
    assert!(
        dropped.contains("500"),
        "the value that will be lost: {dropped}"
    );
    app.wait_text("#upgrade-preview li[data-change=added]", "Currency")
        .await;
    app.wait_text("#upgrade-loses", "1").await;
    app.wait_text("#upgrade-preview", "1.1.0 → 1.3.0").await;
    app.screenshot("upgrade-preview").await;
    assert_eq!(
        console.requests("POST", "/workflows/batch/upgrade"),
        0,
        "nothing is sent before the user confirms"
    );
    app.click("dialog.modal button[data-action=upgrade]").await;
    app.wait_script("return document.querySelector('#upgrade-preview li[data-result=upgraded]')")
        .await;
    let after = console.workflow("Daily invoices").await;
    assert_eq!(after.package_version.as_deref(), Some("1.3.0"));
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operator_lands_in_their_department_and_sees_where_they_may_not_go() {
    let console = Console::start(|_| {}).await;
    let app = console
        .open_app(
            "operator",
            encoo_sandbox::OPERATOR_USERNAME,
            encoo_sandbox::OPERATOR_PASSWORD,
        )
        .await;
    let chosen = app
        .wait_script("const s = document.getElementById('department-switch'); return s.selectedOptions[0] && s.selectedOptions[0].textContent")
        .await;
    assert!(chosen.as_str().unwrap().contains("Finance"), "{chosen}");
    let denied = app
        .run("return [...document.querySelectorAll('#department-switch option[data-denied]')].map((o) => [o.textContent, o.disabled])", vec![])
        .await;
    let denied = denied.as_array().unwrap();
    assert!(!denied.is_empty(), "the root is shown as out of reach");
    assert!(denied.iter().all(|d| d[1] == json!(true)), "{denied:?}");
    app.click("a[data-route=workflows]").await;
    app.wait_text("#content tbody", "Monthly reconcile").await;
    app.screenshot("operator").await;
    app.close().await;
}
