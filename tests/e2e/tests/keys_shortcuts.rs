//! The keyboard shortcuts in the real window, pressed as keys through WebDriver's actions, on a
//! console the test also changes directly: Ctrl-F goes to the screen's search (from a text
//! field too), F5 and Ctrl-R read the screen again (what was remembered forgotten, the window
//! itself never reloaded), Ctrl-] and Ctrl-[ walk the navigation, Escape closes the top dialog
//! only (a confirmation closed that way confirms nothing), and keys typed in a text field stay
//! there.

mod common;

use common::Console;
use console_desk_e2e::App;
use encoo_api::WorkflowUpdate;
use fantoccini::key::Key;
use serde_json::json;

fn ctrl() -> char {
    Key::Control.into()
}

async fn screen(app: &App) -> String {
    app.run(
        "return document.getElementById('content').dataset.screen",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// The routes of the navigation, in its order.
async fn nav(app: &App) -> Vec<String> {
    let v = app
        .run("return [...document.querySelectorAll('#sidebar .nav-item[data-route]')].map((a) => a.dataset.route)", vec![])
        .await;
    serde_json::from_value(v).unwrap()
}

async fn wait_screen(app: &App, route: &str) {
    app.wait_script(&format!(
        "return document.getElementById('content').dataset.screen === {} && document.querySelector('.nav-item.active')?.dataset.route === {}",
        json!(route),
        json!(route)
    ))
    .await;
}

/// Whether the session remembers the workflow's page (its last read of the workflow).
async fn remembered(app: &App, id: &str) -> bool {
    app.client
        .execute_async(
            "const done = arguments[arguments.length - 1]; const id = arguments[0];
             import('./consoles/encoo/api.js').then((m) => done(m.api.workflows.get.peek(id) !== undefined));",
            vec![json!(id)],
        )
        .await
        .unwrap()
        == json!(true)
}

async fn rename(console: &Console, id: &str, name: &str) {
    let update = WorkflowUpdate {
        name: Some(name.into()),
        ..Default::default()
    };
    console
        .client
        .workflows()
        .update(id, &update)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn each_shortcut_does_what_it_says() {
    let console = Console::start(|_| {}).await;
    let app = console.open_app("keys", "admin", "admin").await;
    // Set on the page: a reload of the window would lose it.
    app.run("window.keysMarker = 'still here'; return true", vec![])
        .await;

    // Ctrl-] and Ctrl-[ walk the navigation in its order, wrapping at both ends.
    let routes = nav(&app).await;
    assert!(routes.len() > 3, "{routes:?}");
    let first = screen(&app).await;
    let at = routes.iter().position(|r| *r == first).unwrap();
    app.chord(&[ctrl(), ']']).await;
    wait_screen(&app, &routes[(at + 1) % routes.len()]).await;
    app.chord(&[ctrl(), '[']).await;
    wait_screen(&app, &first).await;
    app.click("a[data-route=dashboard]").await;
    wait_screen(&app, &routes[0]).await;
    app.chord(&[ctrl(), '[']).await;
    wait_screen(&app, routes.last().unwrap()).await;
    app.chord(&[ctrl(), ']']).await;
    wait_screen(&app, &routes[0]).await;

    // Ctrl-F: the screen's search box, said on the box itself; from another text field too.
    app.click("a[data-route=packages]").await;
    wait_screen(&app, "packages").await;
    // Said on the box itself (set once the screen is drawn).
    let said = app
        .wait_script("const box = document.querySelector('#content input[data-search]'); return box?.title.includes('Ctrl+F') && box.getAttribute('aria-keyshortcuts')")
        .await;
    assert_eq!(said, json!("Control+F"));
    app.click("#pkg-name").await;
    app.chord(&[ctrl(), 'f']).await;
    app.wait_script("return document.activeElement?.matches('#content input[data-search]')")
        .await;
    // Plain keys typed there stay there: none switches screen, opens or refreshes anything.
    let typed = app.find("#content input[data-search]").await;
    typed.send_keys("k]f[r").await.unwrap();
    assert_eq!(
        app.run(
            "return document.querySelector('#content input[data-search]').value",
            vec![]
        )
        .await,
        json!("k]f[r")
    );
    assert_eq!(screen(&app).await, "packages");
    assert_eq!(
        app.run(
            "return document.querySelectorAll('dialog[open]').length",
            vec![]
        )
        .await,
        json!(0)
    );

    let id = console.workflow("Daily invoices").await.id;
    // Escape closes the top dialog only: a workflow's page opened from its package's page.
    app.click("a[data-route=dashboard]").await;
    wait_screen(&app, "dashboard").await;
    app.click("a[data-route=packages]").await;
    app.wait_text("#content tbody", "Finance.InvoiceReader")
        .await;
    app.click_text("#content tbody tr button.link", "Finance.InvoiceReader")
        .await;
    app.click(&format!(
        "#package-detail li[data-workflow='{id}'] button.link"
    ))
    .await;
    app.find("#workflow-detail dl.facts").await;
    assert_eq!(
        app.run(
            "return document.querySelectorAll('dialog[open]').length",
            vec![]
        )
        .await,
        json!(2)
    );
    // The workflow's page was remembered.
    assert!(remembered(&app, &id).await);
    app.chord(&[Key::Escape.into()]).await;
    app.wait_script("return document.querySelectorAll('dialog[open]').length === 1 && !document.querySelector('#workflow-detail') && !!document.querySelector('#package-detail')").await;
    app.chord(&[Key::Escape.into()]).await;
    app.wait_script("return document.querySelectorAll('dialog').length === 0")
        .await;

    // F5 and Ctrl-R: the list is read again and shows what changed on the console.
    app.click("a[data-route=workflows]").await;
    app.wait_text("#content tbody", "Daily invoices").await;
    rename(&console, &id, "每日发票识别 Daily invoices, renamed").await;
    app.chord(&[Key::F5.into()]).await;
    app.wait_text("#content tbody", "Daily invoices, renamed")
        .await;
    // What the session remembered was forgotten (the page is read afresh when next opened).
    assert!(!remembered(&app, &id).await);
    rename(&console, &id, "每日发票识别 Daily invoices, again").await;
    app.chord(&[ctrl(), 'r']).await;
    app.wait_text("#content tbody", "Daily invoices, again")
        .await;
    assert_eq!(
        app.run("return window.keysMarker", vec![]).await,
        json!("still here"),
        "the window was not reloaded"
    );
    let said = app
        .wait_script("const b = document.querySelector('#content button[data-refresh]'); return b?.title.includes('F5') && b.getAttribute('aria-keyshortcuts')")
        .await;
    assert_eq!(said, json!("F5 Control+R"));

    // Escape on a confirmation: closed, nothing deleted.
    app.run(
        "[...document.querySelectorAll('#content tbody tr')].find((tr) => tr.textContent.includes('Daily invoices, again')).querySelector('.col-actions .btn-danger').click(); return true",
        vec![],
    )
    .await;
    app.find("dialog.modal button[data-action=confirm]").await;
    app.chord(&[Key::Escape.into()]).await;
    app.wait_script("return document.querySelectorAll('dialog').length === 0")
        .await;
    assert_eq!(console.requests("DELETE", &id), 0, "nothing deleted");
    app.wait_text("#content tbody", "Daily invoices, again")
        .await;

    // Ctrl-K opens the palette (its input focused); Escape closes it.
    app.chord(&[ctrl(), 'k']).await;
    app.wait_script("return document.activeElement?.id === 'palette-input' && document.querySelector('dialog.palette[open]') !== null").await;
    app.screenshot("keys-palette").await;
    app.chord(&[Key::Escape.into()]).await;
    app.wait_script("return document.querySelectorAll('dialog').length === 0")
        .await;
    assert_eq!(
        app.run("return window.keysMarker", vec![]).await,
        json!("still here")
    );
    app.close().await;
}
