//! The command palette (Ctrl-K) in the real window: it finds a screen (in English and in
//! Chinese), a profile, a workflow of the Encoo sandbox and a flow, a model and a trigger of the
//! FlexModel sandbox, by the keyboard and by the mouse, and runs each console's actions through
//! the screens' own dialogs: a workflow's run, a flow's start, a trigger enabled, a model's
//! records opened. Light and dark.

use console_desk_e2e::App;
use fantoccini::key::Key;
use serde_json::{json, Value};

async fn press(app: &App, key: Key) {
    app.chord(&[key.into()]).await;
}

/// Ctrl-K, then `query` typed into the palette.
async fn ask(app: &App, query: &str) {
    app.chord(&[Key::Control.into(), 'k']).await;
    app.wait_script("return document.activeElement?.id === 'palette-input'")
        .await;
    let input = app.find("#palette-input").await;
    input.send_keys(query).await.unwrap();
}

/// Waits until the chosen (highlighted) line of the palette is the one whose key matches
/// `pattern` (a JS regular expression) and whose text contains `text`; answers its key.
async fn chosen(app: &App, pattern: &str, text: &str) -> String {
    app.wait_script(&format!(
        "const li = document.querySelector('.palette-item[aria-selected=true]');
         return li && new RegExp({}).test(li.dataset.key) && li.textContent.includes({}) && !document.querySelector('.palette-status')?.textContent.includes('…') ? li.dataset.key : null;",
        json!(pattern),
        json!(text)
    ))
    .await
    .as_str()
    .unwrap()
    .to_owned()
}

async fn wait_screen(app: &App, route: &str) {
    app.wait_script(&format!(
        "return document.getElementById('content').dataset.screen === {} && !document.querySelector('dialog.palette')",
        json!(route)
    ))
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_palette_finds_and_acts_on_both_consoles() {
    let app = App::launch("palette", |_| {}).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;

    // A screen, by the keyboard.
    ask(&app, "runs").await;
    chosen(&app, "^screen:runs$", "Runs").await;
    app.screenshot("palette-light").await;
    press(&app, Key::Enter).await;
    wait_screen(&app, "runs").await;

    // A workflow of the Encoo sandbox, by a Chinese word of its name and its action: run it
    // through the run dialog; the run's job is shown.
    ask(&app, "发票 run").await;
    let key = chosen(&app, "^workflow:.*:run$", "Daily invoices").await;
    // The arrows move the choice (and wrap); Enter does the chosen line.
    press(&app, Key::Up).await;
    app.wait_script(&format!(
        "return document.querySelector('.palette-item[aria-selected=true]')?.dataset.key !== {} || document.querySelectorAll('.palette-item').length === 1",
        json!(key)
    ))
    .await;
    press(&app, Key::Down).await;
    chosen(&app, &format!("^{key}$"), "Daily invoices").await;
    press(&app, Key::Enter).await;
    app.find("dialog.modal input[data-field=MaxRetryCount]")
        .await;
    app.wait_text("dialog.modal .modal-title h2", "Daily invoices")
        .await;
    app.click("dialog.modal button[data-action=run]").await;
    app.find("dialog.modal table.jobs tr[data-job]").await;
    press(&app, Key::Escape).await;
    app.wait_script("return document.querySelectorAll('dialog').length === 0")
        .await;

    // A robot group: its page opens.
    ask(&app, "finance robots").await;
    chosen(&app, "^queue:.*:open$", "Finance robots").await;
    press(&app, Key::Enter).await;
    app.wait_text("dialog.modal .modal-title h2", "Finance robots")
        .await;
    app.find("#queue-detail dl.facts").await;
    press(&app, Key::Escape).await;
    app.wait_script("return document.querySelectorAll('dialog').length === 0")
        .await;

    // In Chinese: a screen by its Chinese name.
    app.click("#lang-switch").await;
    app.wait_text("#content h1", "运行记录").await;
    ask(&app, "流程部署").await;
    chosen(&app, "^screen:workflows$", "流程部署").await;
    app.screenshot("palette-zh").await;
    press(&app, Key::Enter).await;
    wait_screen(&app, "workflows").await;
    app.click("#lang-switch").await;
    app.wait_text("#content h1", "Workflows").await;

    // A profile, chosen with the mouse: the app switches to the FlexModel sandbox.
    ask(&app, "flexmodel sandbox").await;
    chosen(&app, "^profile:sandbox-flexmodel$", "FlexModel sandbox").await;
    app.click(".palette-item[data-key='profile:sandbox-flexmodel']")
        .await;
    app.wait_script("return document.getElementById('project-switch')?.value")
        .await;

    // A flow, by its Chinese name: started through the start dialog; the instance is shown.
    ask(&app, "请假 start").await;
    chosen(&app, "^flow:.*:start$", "请假审批").await;
    press(&app, Key::Enter).await;
    app.find("#flow-start").await;
    app.click("dialog.modal button[data-action=start]").await;
    let started = app
        .wait_script("return document.getElementById('flow-started-id')?.textContent")
        .await;
    assert!(started.as_str().unwrap().len() > 4, "{started}");
    press(&app, Key::Escape).await;
    app.wait_script("return document.querySelectorAll('dialog').length === 0")
        .await;

    // A model: its records open.
    ask(&app, "student records").await;
    chosen(&app, "^model:.*:Student:records$", "Student").await;
    press(&app, Key::Enter).await;
    wait_screen(&app, "records").await;
    app.wait_script("return new URLSearchParams(location.hash.split('?')[1]).get('model') === 'Student' && document.querySelectorAll('#records-grid tbody tr[data-id]').length > 0").await;

    // A disabled trigger: enabled from the palette; the Triggers screen shows it enabled.
    ask(&app, "订单同步 enable").await;
    chosen(&app, "^trigger:.*:enable$", "订单同步").await;
    press(&app, Key::Enter).await;
    wait_screen(&app, "triggers").await;
    app.wait_text(".toast", "enabled").await;
    let state = app
        .wait_script(
            "const tr = [...document.querySelectorAll('#triggers-table tr[data-id]')].find((r) => r.querySelector('.trigger-name strong')?.textContent === '订单同步');
             return tr?.querySelector('.badge-ok')?.textContent;",
        )
        .await;
    assert_eq!(state, json!("Enabled"));
    // An enabled trigger run now: said, and its job log opens beside the list.
    ask(&app, "每日审批提醒 run now").await;
    let key = chosen(&app, "^trigger:.*:execute$", "每日审批提醒").await;
    let trigger = key.split(':').nth(1).unwrap().to_owned();
    press(&app, Key::Enter).await;
    app.wait_text(".toast", "started").await;
    app.wait_script(&format!(
        "return new URLSearchParams(location.hash.split('?')[1]).get('trigger') === {} && document.querySelector('.trigger-side')?.children.length > 0",
        json!(trigger)
    ))
    .await;
    // The palette now offers to disable it (what it read was forgotten by the change).
    ask(&app, "订单同步 disable").await;
    chosen(&app, "^trigger:.*:disable$", "订单同步").await;
    press(&app, Key::Escape).await;
    app.wait_script("return document.querySelectorAll('dialog').length === 0")
        .await;

    // Every palette word is in both languages.
    let missing: Value = app
        .client
        .execute_async("const done = arguments[arguments.length - 1]; import('./i18n.js').then((m) => done(m.missingKeys().filter((k) => k.startsWith('palette.'))));", vec![])
        .await
        .unwrap();
    assert_eq!(missing, json!([]));
    app.close().await;
}

/// Relative luminance (0 black … 1 white) of a CSS `rgb(…)` colour.
fn luminance(css: &str) -> f64 {
    let parts: Vec<f64> = css
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .take(3)
        .map(|p| p.trim().parse::<f64>().unwrap() / 255.0)
        .collect();
    0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]
}

#[tokio::test(flavor = "multi_thread")]
async fn the_palette_in_the_dark() {
    let app = App::launch_with("palette-dark", &[("GTK_THEME", "Adwaita:dark")], |_| {}).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;
    ask(&app, "ro").await;
    chosen(&app, "^screen:", "Robot").await;
    app.wait_script("return document.querySelectorAll('.palette-item').length > 2")
        .await;
    let colours = app
        .run(
            "const s = getComputedStyle(document.querySelector('dialog.palette')); return [s.backgroundColor, s.color];",
            vec![],
        )
        .await;
    let bg = luminance(colours[0].as_str().unwrap());
    let fg = luminance(colours[1].as_str().unwrap());
    assert!(bg < 0.25 && fg > 0.6, "dark palette: {colours}");
    app.screenshot("palette-dark").await;
    // A line clicked with the mouse is done.
    app.click(".palette-item[data-key='screen:robots']").await;
    wait_screen(&app, "robots").await;
    app.close().await;
}
