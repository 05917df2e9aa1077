//! The window keeps up with the user and with a console that misbehaves: screens and details
//! already seen come back at once and then refresh quietly, a write forgets what it changed, a
//! session that ends mid-edit loses nothing typed, a console that stops answering neither
//! freezes the window nor traps it, and a run whose answer was lost is said to be unknown.

use encoo_api::{Client, ClientConfig, PackageQuery, PackageUpdate};
use encoo_sandbox::testing::SignedIn;
use encoo_sandbox::Sandbox;
use serde_json::{json, Value};

use console_desk_e2e::{write_profile, App};

/// The shared fixture: its `client` is the console as another user sees it, for changes made
/// behind the app's back.
type Console = SignedIn;

async fn console() -> Console {
    encoo_sandbox::testing::signed_in().await
}

/// A client signed in on the sandbox at `url`, in its default scope.
async fn signed_client(url: &str) -> Client {
    Client::sign_in(ClientConfig::single(url), "admin", "admin")
        .await
        .unwrap()
        .with_default_scope()
        .await
        .unwrap()
}

/// The app on a profile for `console`, signed in, on the dashboard.
async fn signed_in(name: &str, console: &Console) -> App {
    let url = console.server.url();
    let app = App::launch(name, |dir| write_profile(dir, "ops", "Ops console", &url)).await;
    app.fill("#signin-password", "admin").await;
    app.click("dialog.modal button[data-action=signin]").await;
    app.find("[data-stat=packages]").await;
    app
}

/// Runs `script` (which may use `CHANGED`), then changes the route to `route` and answers what
/// `probe` returns, evaluated by a hashchange listener that runs right after the app's own:
/// in the same task as the screen's drawing, before any answer from the console can arrive.
async fn at_once(app: &App, route: &str, probe: &str) -> Value {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         window.addEventListener('hashchange', () => done((() => {{ {probe} }})()), {{ once: true }});
         location.hash = '#/{route}';"
    );
    app.client
        .execute_async(&script, vec![])
        .await
        .expect(route)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_screen_seen_comes_back_at_once_then_refreshes_quietly() {
    let console = console().await;
    let app = signed_in("cache_return", &console).await;
    app.click("a[data-route=packages]").await;
    let first = console
        .client
        .packages()
        .list(&PackageQuery::default())
        .await
        .unwrap()
        .list
        .remove(0);
    app.wait_text("#content tbody", &first.name).await;

    // Behind the app's back, another user changes the first package.
    const CHANGED: &str = "changed behind the app's back";
    console
        .client
        .packages()
        .update(
            &first.id,
            &PackageUpdate {
                etag: None,
                description: Some(CHANGED.into()),
                tags: None,
            },
        )
        .await
        .unwrap();
    app.click("a[data-route=dashboard]").await;
    app.find("[data-stat=packages]").await;
    let lists_before = console.sandbox.request_log().len();

    // Back on the list: the rows the session saw are drawn in the same task as the route
    // change (no loading state), still without the change…
    let seen = at_once(
        &app,
        "packages",
        &format!(
            "const body = document.querySelector('#content tbody');
             return [document.querySelectorAll('#content tbody tr').length,
                     !!document.querySelector('#content .state-loading'),
                     body ? body.textContent.includes({CHANGED:?}) : null];"
        ),
    )
    .await;
    let rows = first_count(&console).await.min(20);
    assert_eq!(
        seen,
        json!([rows, false, false]),
        "rows, loading shown, change shown"
    );
    // …then the quiet refresh brings it, without a loading state in between.
    app.wait_text("#content tbody", CHANGED).await;
    let asked: Vec<_> = console.sandbox.request_log()[lists_before..]
        .iter()
        .filter(|r| r.method == "GET" && r.path.eq_ignore_ascii_case("/openapi/packages"))
        // (not the dashboard's count, which refreshes quietly too)
        .filter(|r| {
            r.query
                .as_deref()
                .is_some_and(|q| q.contains("PageSize=20"))
        })
        .map(|r| r.status)
        .collect();
    assert_eq!(asked, vec![200], "the list was asked for once, quietly");

    // The dashboard too comes back at once with its counts.
    let counts = at_once(
        &app,
        "dashboard",
        "return document.querySelector('[data-stat=packages] .stat-value')?.textContent ?? null;",
    )
    .await;
    assert_eq!(counts, json!(first_count(&console).await.to_string()));
    app.screenshot("cache-return").await;
    app.close().await;
}

async fn first_count(console: &Console) -> u64 {
    console
        .client
        .packages()
        .list(&PackageQuery::default())
        .await
        .unwrap()
        .count
}

/// Opens the first package's detail and answers the facts the dialog showed first.
const FIRST_DETAIL: &str = r#"const done = arguments[arguments.length - 1];
const seen = new MutationObserver(() => {
  const detail = document.querySelector('dialog.modal .detail .facts');
  if (!detail) return;
  seen.disconnect();
  done(detail.textContent);
});
seen.observe(document.body, { childList: true, subtree: true });
document.querySelector('#content tbody tr button.link').click();"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_write_forgets_what_it_changed() {
    let console = console().await;
    let app = signed_in("cache_write", &console).await;
    app.click("a[data-route=packages]").await;
    app.find("#content tbody tr button.link").await;
    let before = app
        .client
        .execute_async(FIRST_DETAIL, vec![])
        .await
        .unwrap();
    app.click("dialog.modal .modal-actions button").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;

    // Edited here: the package's detail the session remembered is forgotten with the write.
    const EDITED: &str = "edited in the app";
    app.run(
        "document.querySelector('#content tbody tr .col-actions .btn').click()",
        vec![],
    )
    .await;
    app.fill("dialog.modal input[data-field=Description]", EDITED)
        .await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_text("#content tbody", EDITED).await;
    let after = app
        .client
        .execute_async(FIRST_DETAIL, vec![])
        .await
        .unwrap();
    let (before, after) = (before.as_str().unwrap(), after.as_str().unwrap());
    assert!(!before.contains(EDITED), "{before}");
    assert!(
        after.contains(EDITED),
        "the first thing shown was stale: {after}"
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_ended_during_an_edit_keeps_what_was_typed_and_sends_it() {
    let console = console().await;
    let app = signed_in("revoked_edit", &console).await;
    let workflow = console.first_workflow().await;
    app.click("a[data-route=workflows]").await;
    app.wait_text("#content tbody", &workflow.name).await;
    app.run(
        "const tr = [...document.querySelectorAll('#content tbody tr')].find((r) => r.dataset.id === arguments[0]); tr.querySelector('[data-edit]').click();",
        vec![json!(workflow.id)],
    )
    .await;
    const TYPED: &str = "typed before the session ended";
    app.fill("dialog.modal input[data-field=Description]", TYPED)
        .await;
    app.fill("dialog.modal input[data-field=Priority]", "1234")
        .await;

    // The session ends for good on the console while the form is open.
    console.sandbox.revoke_access_tokens();
    console.sandbox.revoke_refresh_tokens();
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_text("#signin-error", "expired").await;
    let typed = app
        .run(
            "return ['Description', 'Priority'].map((f) => document.querySelector(`dialog.modal input[data-field=${f}]`)?.value);",
            vec![],
        )
        .await;
    assert_eq!(
        typed,
        json!([TYPED, "1234"]),
        "the form still holds what was typed"
    );
    app.screenshot("revoked-during-edit").await;

    // Signed in again, the save goes through with what was typed.
    app.fill("#signin-password", "admin").await;
    app.click("dialog.modal button[data-action=signin]").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    // (Revoking ended every session, this test's own too: it signs in afresh to look.)
    let look = signed_client(&console.server.url()).await;
    let saved = look.workflows().get(&workflow.id).await.unwrap();
    assert_eq!(saved.description.as_deref(), Some(TYPED));
    assert_eq!(saved.priority, 1234);
    app.close().await;
}

/// Is the late "Cancel" of a loading table showing yet?
const CANCEL_OFFERED: &str = "const b = document.querySelector('#content .state-loading button[data-action=cancel-load]'); return !!b && getComputedStyle(b).visibility === 'visible';";

#[tokio::test(flavor = "multi_thread")]
async fn a_console_that_stops_answering_neither_freezes_nor_traps_the_window() {
    let console = console().await;
    let app = signed_in("stall", &console).await;
    // From now on the console sends the headers of every package list and never its body.
    console
        .sandbox
        .set_faults("stall=1,only=/openapi/packages".parse().unwrap());
    app.click("a[data-route=packages]").await;
    app.wait_script(CANCEL_OFFERED).await;
    app.screenshot("stalled-list").await;

    // The window still answers: another screen opens and fills while the list waits.
    app.click("a[data-route=queues]").await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'queues' && document.querySelectorAll('#content tbody tr').length > 0").await;

    // Back on the stalled list, the wait is cancelled by hand, and a retry (once the console
    // answers again) fills it.
    app.click("a[data-route=packages]").await;
    app.wait_script(CANCEL_OFFERED).await;
    // Leaving the screen gave up its request: the console saw that one go away.
    held_until(&console.sandbox, 1).await;
    app.click("#content button[data-action=cancel-load]").await;
    let said = app.wait_text("#content .state-error", "Cancelled").await;
    assert!(said.contains("Retry"), "{said}");
    held_until(&console.sandbox, 0).await;
    let stalled = console
        .sandbox
        .faults_applied()
        .iter()
        .filter(|f| matches!(f.fault, encoo_sandbox::Fault::Stall))
        .count();
    assert_eq!(stalled, 2, "both list requests met the stall");
    console.sandbox.set_faults(Default::default());
    app.click_text("#content .state-error button", "Retry")
        .await;
    app.wait_script("return document.querySelectorAll('#content tbody tr').length > 0")
        .await;
    app.close().await;
}

/// Waits (5 s at most) until `holds` does; `what` says what was awaited.
async fn eventually(what: &str, holds: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !holds() {
        assert!(std::time::Instant::now() < deadline, "never came: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Waits until the sandbox holds `count` stalled answers open.
async fn held_until(sandbox: &Sandbox, count: usize) {
    let what = format!("{count} stalled answers held open");
    eventually(&what, || sandbox.stalls_held() == count).await;
}

/// How many requests met a stall so far.
fn stalls_met(sandbox: &Sandbox) -> usize {
    sandbox
        .faults_applied()
        .iter()
        .filter(|f| matches!(f.fault, encoo_sandbox::Fault::Stall))
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_newer_search_cancels_the_request_it_replaces() {
    let console = console().await;
    let app = signed_in("search_cancel", &console).await;
    app.click("a[data-route=packages]").await;
    app.find("#content tbody tr").await;
    console
        .sandbox
        .set_faults("stall=1,only=/openapi/packages".parse().unwrap());
    app.fill("#content input.search", "Invoice").await;
    held_until(&console.sandbox, 1).await;
    // The next search replaces the stalled one: its request is given up, not left open.
    app.fill("#content input.search", "Report").await;
    eventually("the second search", || stalls_met(&console.sandbox) == 2).await;
    held_until(&console.sandbox, 1).await;
    // Once the console answers again, the newest search is the one on screen.
    console.sandbox.set_faults(Default::default());
    app.fill("#content input.search", "PriceMonitor").await;
    app.wait_script("const rows = [...document.querySelectorAll('#content tbody tr')]; return rows.length > 0 && rows.every((r) => r.textContent.includes('PriceMonitor'));").await;
    held_until(&console.sandbox, 0).await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_whose_answer_is_lost_is_reported_as_unknown_never_resent() {
    let console = console().await;
    let app = signed_in("unknown_outcome", &console).await;
    let workflow = console.first_workflow().await;
    // The console runs the workflow; a proxy in front of it loses the answer.
    console.sandbox.set_faults(
        "error=1,error_at=after,error_status=502,only=/execute"
            .parse()
            .unwrap(),
    );
    let jobs_before = console.sandbox.jobs().len();
    app.click("a[data-route=workflows]").await;
    app.click(&format!("#content button[data-run='{}']", workflow.id))
        .await;
    app.click("dialog.modal button[data-action=run]").await;
    let said = app
        .wait_text("dialog.modal .run-result .error-text", "may or may not")
        .await;
    assert!(said.contains("jobs list"), "{said}");
    app.screenshot("unknown-outcome").await;
    let executes = console
        .sandbox
        .request_log()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/execute"))
        .count();
    assert_eq!(executes, 1, "the run was sent once, not again");
    assert_eq!(
        console.sandbox.jobs().len(),
        jobs_before + 1,
        "and it did run"
    );
    // The run is kept as unknown, with what to check.
    app.click("#see-runs").await;
    let row = app.wait_text("#content tbody tr", "Unknown").await;
    assert!(row.contains(&workflow.name), "{row}");
    app.click("#content tbody tr button.link").await;
    app.wait_text("#run-detail .warn", "Check the console")
        .await;
    app.screenshot("unknown-outcome-run").await;
    app.close().await;
}
