//! The real app window on the sandbox, driven as a person would: first launch, switching
//! department, packages, a workflow's whole life, a layout run, a wrong password, and server
//! text that looks like HTML. Screenshots land in `target/e2e/screenshots/`.

use std::time::Duration;

use console_desk_e2e::{write_profile, App};
use encoo_sandbox::{Sandbox, SandboxConfig};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn first_launch_lands_signed_in_on_the_dashboard() {
    let app = App::launch("first_launch", |_| {}).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;
    // The stat cards show the seeded counts, read from the embedded sandbox.
    let packages = app.wait_script("const el = document.querySelector('[data-stat=packages] .stat-value'); return el && el.textContent").await;
    assert_eq!(packages, json!("8"));
    let workflows = app
        .run(
            "return document.querySelector('[data-stat=workflows] .stat-value').textContent",
            vec![],
        )
        .await;
    assert_eq!(workflows, json!("5"));
    app.wait_text(".card", "Daily invoices").await;
    let profile = app
        .run(
            "return document.getElementById('profile-switch').selectedOptions[0].textContent",
            vec![],
        )
        .await;
    assert_eq!(profile, json!("Sandbox"));
    app.screenshot("dashboard").await;
    // Every English string has a Chinese one and the other way round.
    let missing = app
        .client
        .execute_async("const done = arguments[arguments.length - 1]; import('./i18n.js').then((m) => done(m.missingKeys()));", vec![])
        .await
        .unwrap();
    assert_eq!(missing, json!([]), "strings missing a translation");
    // Switching to Chinese redraws the screen in Chinese.
    app.click("#lang-switch").await;
    app.wait_text("#content h1", "概览").await;
    app.screenshot("dashboard-zh").await;
    // The profiles file the app wrote holds no secret.
    let file = std::fs::read_to_string(app.config_dir.path().join("profiles.json")).unwrap();
    assert!(!file.to_lowercase().contains("password"), "{file}");
    assert!(
        !file.contains("sbx-at-") && !file.contains("sbx-rt-"),
        "no token in the profiles file: {file}"
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_department_requeries_the_screen() {
    let app = App::launch("department", |_| {}).await;
    app.click("a[data-route=workflows]").await;
    app.wait_text("#content tbody", "Daily invoices").await;
    let finance = app
        .wait_script("const o = [...document.querySelectorAll('#department-switch option')].find((o) => o.textContent.includes('Finance')); return o && o.value")
        .await;
    app.select("#department-switch", finance.as_str().unwrap())
        .await;
    app.wait_text("#content tbody", "Monthly reconcile").await;
    let rows = app
        .run(
            "return document.querySelectorAll('#content tbody tr').length",
            vec![],
        )
        .await;
    assert_eq!(rows, json!(1), "only the Finance department's workflow");
    app.screenshot("department-finance").await;
    // Back at headquarters, the robots screen shows each robot's status badge.
    let hq = app
        .run(
            "return document.querySelector('#department-switch option').value",
            vec![],
        )
        .await;
    app.select("#department-switch", hq.as_str().unwrap()).await;
    app.click("a[data-route=robots]").await;
    app.wait_text("#content tbody", "FIN-BOT-01").await;
    let badges = app.run("return [...document.querySelectorAll('#content tbody .badge')].map((b) => b.textContent).sort().join(',')", vec![]).await;
    assert_eq!(badges, json!("Busy,Busy,Disconnected,Ready,Ready,Ready"));
    app.screenshot("robots").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn search_packages_and_open_one() {
    let app = App::launch("packages", |_| {}).await;
    app.click("a[data-route=packages]").await;
    app.wait_text("#content tbody", "Finance.InvoiceReader")
        .await;
    app.fill("#content input.search", "bank").await;
    app.wait_script("const rows = document.querySelectorAll('#content tbody tr'); return rows.length === 1 && rows[0].textContent.includes('Bank.StatementDownload')").await;
    app.click("#content tbody tr button.link").await;
    let dialog = app.wait_text("dialog.modal", "2.1.0").await;
    assert!(
        dialog.contains("2.0.0") && dialog.contains("Format"),
        "versions and their arguments: {dialog}"
    );
    app.screenshot("package-detail").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workflow_from_create_to_delete() {
    let app = App::launch("workflow", |_| {}).await;
    app.click("a[data-route=workflows]").await;
    app.wait_text("#content tbody", "Daily invoices").await;

    // Create from a package: its version's arguments come prefilled.
    app.click("#wf-new").await;
    app.pick("dialog.modal", "PackageId", "Finance.InvoiceReader")
        .await;
    app.find("dialog.modal input[data-arg=InvoiceFolder]").await;
    app.pick("dialog.modal", "AssociatedQueueId", "Finance robots")
        .await;
    app.fill("dialog.modal input[data-field=Name]", "E2E 端到端 workflow")
        .await;
    app.fill("dialog.modal input[data-arg=MaxInvoices]", "25")
        .await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_text("#content tbody", "E2E 端到端 workflow").await;

    // Run it: the dialog shows the job created, with the override.
    app.click_text("#content tbody tr", "E2E 端到端 workflow")
        .await;
    let run = app.wait_script("const tr = [...document.querySelectorAll('#content tbody tr')].find((r) => r.textContent.includes('E2E')); return tr && tr.querySelector('[data-run]').dataset.run").await;
    app.click(&format!("[data-run='{}']", run.as_str().unwrap()))
        .await;
    app.find("dialog.modal input[data-arg=MaxInvoices]").await;
    app.fill("dialog.modal input[type=number]", "4321").await;
    app.click("dialog.modal button[data-action=run]").await;
    let jobs = app.wait_text("dialog.modal table.jobs", "Queued").await;
    assert!(
        jobs.contains("4321"),
        "the job has the priority asked for: {jobs}"
    );
    app.screenshot("workflow-run").await;
    app.click_text("dialog.modal .modal-actions button", "Close")
        .await;

    // Edit: the priority changes in the list.
    app.click(&format!("[data-edit='{}']", run.as_str().unwrap()))
        .await;
    app.fill("dialog.modal input[data-field=Priority]", "4444")
        .await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_text("#content tbody tr", "4444").await;

    // Robots: add both of the group's robots at once, then remove one.
    app.click(&format!("[data-robots='{}']", run.as_str().unwrap()))
        .await;
    app.click("dialog.modal [data-picker=RobotIds] .picker-button")
        .await;
    app.wait_script("return document.querySelectorAll('dialog.modal [data-picker=RobotIds] .picker-option').length === 2")
        .await;
    app.run("document.querySelectorAll('dialog.modal [data-picker=RobotIds] .picker-option:not(.unavailable)').forEach((o) => o.click())", vec![]).await;
    app.click("#wf-robot-add").await;
    app.wait_script("return document.querySelectorAll('dialog.modal li[data-robot]').length === 2")
        .await;
    app.click("dialog.modal li[data-robot] button").await;
    app.click("dialog.modal button[data-action=confirm]").await;
    app.wait_script("return document.querySelectorAll('dialog.modal li[data-robot]').length === 1")
        .await;
    app.click_text("dialog.modal .modal-actions button", "Close")
        .await;

    // Upgrade the seeded workflow a version behind, with another that fails the check.
    app.run("[...document.querySelectorAll('#content tbody tr')].filter((r) => /Daily invoices|Order sync/.test(r.textContent)).forEach((r) => r.querySelector('input[type=checkbox]').click())", vec![]).await;
    app.click("#wf-upgrade").await;
    // Before anything is sent: Order sync's new version adds ApiKey.
    app.wait_text("#upgrade-preview li[data-change=added]", "ApiKey")
        .await;
    app.click("dialog.modal button[data-action=upgrade]").await;
    let result = app.wait_text("#upgrade-outcome", "2").await;
    assert!(result.contains('2') && result.contains('1'), "{result}");
    let failed = app
        .wait_text("#upgrade-preview li[data-result=failed]", "ApiKey")
        .await;
    assert!(failed.contains("Order sync"), "{failed}");
    app.screenshot("workflow-upgrade").await;
    app.click_text("dialog.modal .modal-actions button", "Close")
        .await;
    app.wait_text("#content tbody tr", "1.2.0").await;

    // Delete, confirmed.
    app.run("const tr = [...document.querySelectorAll('#content tbody tr')].find((r) => r.textContent.includes('E2E')); tr.querySelector('.btn-danger').click();", vec![]).await;
    app.click("dialog.modal button[data-action=confirm]").await;
    app.wait_script("return ![...document.querySelectorAll('#content tbody tr')].some((r) => r.textContent.includes('E2E'))").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_layout_run_shows_its_job_group() {
    let app = App::launch("layout", |_| {}).await;
    app.click("a[data-route=layouts]").await;
    app.wait_text("#content tbody", "Month-end close").await;
    app.click_text("#content tbody tr button.link", "Month-end close")
        .await;
    let detail = app.wait_text("dialog.modal ol.nodes", "Statements").await;
    let order: Vec<usize> = ["Statements", "Invoices", "Report"]
        .iter()
        .map(|n| detail.find(n).unwrap())
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "nodes in order: {detail}"
    );
    app.click_text("dialog.modal .modal-actions button", "Close")
        .await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    app.run("const tr = [...document.querySelectorAll('#content tbody tr')].find((r) => r.textContent.includes('Month-end')); tr.querySelector('.col-actions .btn-primary').click();", vec![]).await;
    // It asks first, naming the workflows it starts.
    let ask = app.wait_text("dialog.modal", "Statements").await;
    assert!(ask.contains("3"), "{ask}");
    app.click("dialog.modal button[data-action=confirm]").await;
    let jobs = app.wait_text("#job-group table.jobs", "Queued").await;
    assert_eq!(
        jobs.matches("Queued").count(),
        3,
        "one job per node: {jobs}"
    );
    app.screenshot("layout-run").await;
    app.close().await;
}

/// A sandbox outside the app, for profiles that are not the embedded one.
async fn outside_sandbox() -> (Sandbox, encoo_sandbox::SandboxServer) {
    let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
    let server = sandbox.serve("127.0.0.1:0".parse().unwrap()).await.unwrap();
    (sandbox, server)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_says_so() {
    let (_sandbox, server) = outside_sandbox().await;
    let url = server.url();
    let app = App::launch("wrong_password", |dir| {
        write_profile(dir, "ops", "Ops console", &url)
    })
    .await;
    app.find("dialog.modal input[type=password]").await;
    app.fill("dialog.modal input[type=password]", "not-the-password")
        .await;
    app.click("dialog.modal button[type=submit]").await;
    let text = app.wait_text("dialog.modal", "password").await;
    assert!(
        text.to_lowercase().contains("username or password"),
        "{text}"
    );
    app.screenshot("wrong-password").await;
    // The right one signs in and lands on the dashboard.
    app.fill("dialog.modal input[type=password]", "admin").await;
    app.click("dialog.modal button[type=submit]").await;
    app.wait_script("return !document.querySelector('dialog.modal') && document.querySelector('[data-stat=packages]')").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn html_in_a_package_name_shows_as_text() {
    let console = encoo_sandbox::testing::signed_in().await;
    let (url, client) = (console.server.url(), &console.client);
    let hostile = "<img src=x onerror=alert(1)>";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.dgs");
    let manifest = encoo_api::dgs::Manifest {
        id: hostile.into(),
        version: "1.0.0".into(),
        description: "<b>bold?</b>".into(),
    };
    encoo_api::dgs::write_package(std::fs::File::create(&file).unwrap(), &manifest, &[]).unwrap();
    client
        .packages()
        .upload(&file, &Default::default())
        .await
        .unwrap();

    let app = App::launch("xss", |dir| write_profile(dir, "ops", "Ops console", &url)).await;
    app.fill("dialog.modal input[type=password]", "admin").await;
    app.click("dialog.modal button[type=submit]").await;
    app.click("a[data-route=packages]").await;
    let cell = app.wait_text("#content tbody td", hostile).await;
    assert!(cell.contains(hostile));
    let images = app
        .run(
            "return document.querySelectorAll('#content img').length",
            vec![],
        )
        .await;
    assert_eq!(images, json!(0), "no element was made from the name");
    // Nor anywhere else in the page: no inline handler and no image from it, so no alert can
    // come of it later (an open alert would also fail the screenshot below).
    let runnable = app
        .run(
            "return document.querySelectorAll('[onerror], img[src=\"x\"]').length",
            vec![],
        )
        .await;
    assert_eq!(runnable, json!(0), "nothing in the page runs the name");
    app.screenshot("hostile-name").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_production_profile_then_an_expired_session() {
    let (sandbox, server) = outside_sandbox().await;
    let app = App::launch("profile", |_| {}).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;

    // The private-deployment preset fills the two default ports from a host.
    app.select("#profile-switch", "__new").await;
    app.find("#profile-preset").await;
    app.fill("dialog.modal input[data-field=name]", "生产 Production")
        .await;
    app.select("#profile-preset", "private").await;
    app.fill("#profile-host", "10.0.0.7").await;
    let urls = app.run("return [...document.querySelectorAll('dialog.modal input[data-field=ssoUrl], dialog.modal input[data-field=apiUrl]')].map((i) => i.value)", vec![]).await;
    assert_eq!(urls, json!(["http://10.0.0.7:81", "http://10.0.0.7:8080"]));
    // This one points at a sandbox on loopback instead.
    app.fill("dialog.modal input[data-field=ssoUrl]", &server.url())
        .await;
    app.fill("dialog.modal input[data-field=apiUrl]", &server.url())
        .await;
    app.fill("dialog.modal input[data-field=username]", "admin")
        .await;
    app.run("const boxes = [...document.querySelectorAll('dialog.modal input[type=checkbox]')]; boxes.forEach((b) => { const label = b.closest('label')?.textContent || ''; if (/production/i.test(label) !== b.checked && /production/i.test(label)) b.click(); if (/remember/i.test(label) && b.checked) b.click(); });", vec![]).await;
    app.click("dialog.modal button[data-action=save]").await;
    app.fill("#signin-password", "admin").await;
    app.click("dialog.modal button[data-action=signin]").await;
    app.find("#prod-badge").await;
    app.screenshot("production-profile").await;

    // A robot group made here, then deleted: production asks for its name to be typed.
    app.click("a[data-route=queues]").await;
    app.click("#queue-new").await;
    app.fill("dialog.modal input[data-field=Name]", "E2E group")
        .await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_text("#content tbody", "E2E group").await;
    app.run("const tr = [...document.querySelectorAll('#content tbody tr')].find((r) => r.textContent.includes('E2E group')); tr.querySelector('.btn-danger').click();", vec![]).await;
    app.click("dialog.modal button[data-action=confirm]").await;
    app.wait_script("return document.querySelector('dialog.modal input.invalid')")
        .await;
    app.fill("dialog.modal input[aria-label=confirm-name]", "E2E group")
        .await;
    app.click("dialog.modal button[data-action=confirm]").await;
    app.wait_script("return !document.querySelector('dialog.modal') && ![...document.querySelectorAll('#content tbody tr')].some((r) => r.textContent.includes('E2E group'))").await;

    // The session ends for good on the console: the sign-in dialog comes over this screen,
    // and after signing in the screen carries on.
    sandbox.revoke_access_tokens();
    sandbox.revoke_refresh_tokens();
    app.click_text("#content .toolbar button", "Refresh").await;
    let reason = app.wait_text("#signin-error", "expired").await;
    assert!(reason.contains("Sign in again"), "{reason}");
    assert_eq!(
        app.run(
            "return document.getElementById('content').dataset.screen",
            vec![]
        )
        .await,
        json!("queues")
    );
    app.screenshot("session-expired").await;
    app.fill("#signin-password", "admin").await;
    app.click("dialog.modal button[data-action=signin]").await;
    app.wait_script("return !document.querySelector('dialog.modal') && document.querySelectorAll('#content tbody tr').length === 3").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dark_desktop_gets_the_dark_theme() {
    let app =
        console_desk_e2e::App::launch_with("dark", &[("GTK_THEME", "Adwaita:dark")], |_| {}).await;
    app.wait_script("return document.querySelector('[data-stat=packages] .stat-value')")
        .await;
    let dark = app
        .run(
            "return matchMedia('(prefers-color-scheme: dark)').matches",
            vec![],
        )
        .await;
    assert_eq!(
        dark,
        json!(true),
        "the webview follows the desktop's dark theme"
    );
    // The page's background really is dark: its luminance from the computed colour.
    let luminance = app
        .run("const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;", vec![])
        .await;
    assert!(
        luminance.as_f64().unwrap() < 0.3,
        "background luminance {luminance}"
    );
    let text = app.run("const [r, g, b] = getComputedStyle(document.querySelector('.stat-value')).color.match(/\\d+/g).map(Number); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;", vec![]).await;
    assert!(
        text.as_f64().unwrap() > 0.7,
        "text luminance {text}: light text on the dark background"
    );
    app.screenshot("dashboard-dark").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn window_size_and_the_chosen_department_survive_a_restart() {
    let app = App::launch("restart", |_| {}).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;
    let finance = app
        .wait_script("const o = [...document.querySelectorAll('#department-switch option')].find((o) => o.textContent.includes('Finance')); return o && o.value")
        .await;
    app.select("#department-switch", finance.as_str().unwrap())
        .await;
    app.wait_script(&format!(
        "return document.getElementById('department-switch').value === {finance}"
    ))
    .await;
    // The window-state file records the window's inner size (in device pixels): the page and
    // the native menu bar above it, the size WebDriver sets and reports.
    app.client.set_window_size(1100, 700).await.unwrap();
    let (w, h) = app.client.get_window_size().await.unwrap();
    assert_eq!((w, h), (1100, 700), "the window took the size asked for");
    // The app saves it once the window has been still for a moment: wait until the file
    // records the new size.
    let started = std::time::Instant::now();
    loop {
        let saved = saved_size(&app);
        if saved == Some([1100, 700]) {
            break;
        }
        assert!(
            started.elapsed() < console_desk_e2e::PATIENCE,
            "the window state was never saved: the file has {saved:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // And the department is kept once the profiles file names it.
    let profiles = app.config_dir.path().join("profiles.json");
    let department = finance.as_str().unwrap();
    while !std::fs::read_to_string(&profiles).is_ok_and(|f| f.contains(department)) {
        assert!(
            started.elapsed() < console_desk_e2e::PATIENCE,
            "the profiles file never named the department chosen"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let app = app.restart().await;
    let (w2, h2) = app.client.get_window_size().await.unwrap();
    assert_eq!((w2, h2), (w, h), "the window reopens at the size it had");
    // The department chosen last time is where it reopens (the dashboard shows its data).
    app.wait_script(&format!(
        "return document.getElementById('department-switch').value === {finance}"
    ))
    .await;
    app.close().await;
}

/// The size the window-state file (the plugin's, in the app's config directory) records for
/// the window, when it records one.
fn saved_size(app: &App) -> Option<[u64; 2]> {
    let file = app
        .config_dir
        .path()
        .join("config/dev.consoledesk.ConsoleDesk/.window-state.json");
    let state: serde_json::Value = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
    let window = state.as_object()?.values().next()?;
    Some([window["width"].as_u64()?, window["height"].as_u64()?])
}
