//! The security promises, checked in the real window: the content security policy stops an
//! injected inline script, no answer the webview receives (nor the page, its storage, or any
//! file the app writes, log included) holds a token, and server text that looks like HTML is
//! shown as text on every screen.

use std::path::{Path, PathBuf};

use console_desk_e2e::{write_profile, App};
use encoo_sandbox::{Sandbox, SandboxConfig, SandboxServer};
use serde_json::{json, Value};

const IMG: &str = r#"<img src=x onerror="window.__xss=1">"#;
const BOLD: &str = "<b>bold</b>";

#[tokio::test(flavor = "multi_thread")]
async fn injected_inline_script_does_not_run() {
    let app = App::launch("csp", |_| {}).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;
    // What an attacker who got markup into the page would try: an inline script, inline
    // event handlers (one fired by a load error, one by a click), a javascript: URL.
    app.run(
        r#"
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(
          { directive: e.violatedDirective, policy: e.originalPolicy, sample: e.sample }));
        window.__listenerRan = false;
        const script = document.createElement('script');
        script.textContent = 'window.__pwned = 1';
        document.body.append(script);
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.__pwnedOnerror = 1');
        img.src = 'data:image/png;base64,not-an-image';
        img.id = 'injected-img';
        document.body.append(img);
        const button = document.createElement('button');
        button.setAttribute('onclick', 'window.__pwnedOnclick = 1');
        button.addEventListener('click', () => { window.__listenerRan = true; });
        document.body.append(button);
        button.click();
        const link = document.createElement('a');
        link.href = 'javascript:window.__pwnedHref = 1';
        document.body.append(link);
        link.click();
        "#,
        vec![],
    )
    .await;
    // The broken image has failed to load (so its onerror had its chance)...
    app.wait_script("const img = document.getElementById('injected-img'); return img.complete && img.naturalWidth === 0").await;
    // ...and the violations have been reported: one for each inline attempt.
    let violations = app
        .wait_script("return window.__violations.length >= 3 && window.__violations")
        .await;
    let state = app
        .run(
            "return { pwned: window.__pwned, onerror: window.__pwnedOnerror, onclick: window.__pwnedOnclick, href: window.__pwnedHref, listener: window.__listenerRan }",
            vec![],
        )
        .await;
    assert_eq!(
        state,
        json!({ "pwned": null, "onerror": null, "onclick": null, "href": null, "listener": true }),
        "only the app's own listener ran, no inline code"
    );
    let list = violations.as_array().unwrap();
    assert!(
        list.iter().all(|v| v["directive"]
            .as_str()
            .unwrap_or_default()
            .starts_with("script-src")),
        "{violations:#}"
    );
    // The policy in force is the app's (Tauri sends it as a header with the page).
    let policy = list[0]["policy"].as_str().unwrap_or_default();
    assert!(
        policy.contains("script-src 'self'") && policy.contains("object-src 'none'"),
        "the policy in force: {policy}"
    );
    assert!(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"));
    app.screenshot("csp-injected-script").await;
    app.close().await;
}

/// A sandbox on loopback, owned by the test.
async fn console(sandbox: Sandbox) -> (Sandbox, SandboxServer) {
    let server = sandbox.serve(([127, 0, 0, 1], 0).into()).await.unwrap();
    (sandbox, server)
}

/// Records, from now on, every answer the page receives from Rust: command results and
/// errors, event payloads, channel messages. Tauri's `invoke` cannot be replaced (it is a
/// read-only property), but every answer goes through a callback it registers in
/// `__TAURI_INTERNALS__.callbacks`, so the recorder wraps each one as it is registered.
const RECORD_ANSWERS: &str = r#"
    window.__answers = [];
    const callbacks = window.__TAURI_INTERNALS__.callbacks;
    const set = Map.prototype.set;
    callbacks.set = function (id, fn) {
      return set.call(this, id, (data) => {
        const text = data instanceof ArrayBuffer ? new TextDecoder().decode(data) : JSON.stringify(data);
        window.__answers.push(text ?? String(data));
        return fn(data);
      });
    };
    return true;
"#;

/// Opens each screen and a detail on it, waiting for what it shows.
async fn visit_every_screen(app: &App) {
    app.click("a[data-route=dashboard]").await;
    app.wait_script("return document.querySelector('[data-stat=packages] .stat-value')")
        .await;
    for (route, row) in [
        ("packages", "Finance.InvoiceReader"),
        ("workflows", "Daily invoices"),
        ("queues", "Finance robots"),
        ("robots", "FIN-BOT-01"),
        ("layouts", "Month-end close"),
    ] {
        app.click(&format!("a[data-route={route}]")).await;
        app.wait_text("#content tbody", row).await;
        app.click_text("#content tbody tr button.link", row).await;
        app.find("dialog.modal").await;
        app.wait_script("return !document.querySelector('dialog.modal .state-loading') && document.querySelector('dialog.modal').textContent.length > 20").await;
        close_dialog(app).await;
    }
    app.click("a[data-route=me]").await;
    app.wait_text("#content", "admin").await;
    // The profiles form (the new-profile one), then back.
    app.select("#profile-switch", "__new").await;
    app.find("#profile-preset").await;
    close_dialog(app).await;
}

/// Closes the open dialog with its × and waits until it is gone.
async fn close_dialog(app: &App) {
    app.run(
        "document.querySelector('dialog.modal .icon-btn').click()",
        vec![],
    )
    .await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            out.extend(files_under(&path));
        } else if entry.file_type().unwrap().is_file() {
            out.push(path);
        }
    }
    out
}

/// Whether `bytes` hold `secret` as UTF-8 or as UTF-16 (WebKit keeps web storage as UTF-16).
fn holds(bytes: &[u8], secret: &str) -> bool {
    let utf16: Vec<u8> = secret
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    [secret.as_bytes(), &utf16[..]]
        .iter()
        .any(|needle| bytes.windows(needle.len()).any(|w| w == *needle))
}

#[tokio::test(flavor = "multi_thread")]
async fn no_command_answers_the_access_token() {
    let (sandbox, server) = console(Sandbox::new(SandboxConfig::default()).unwrap()).await;
    let url = server.url();
    let mut app = App::launch_with("no_token", &[("RUST_LOG", "trace")], |dir| {
        write_profile(dir, "ops", "Ops console", &url)
    })
    .await;
    app.find("dialog.modal input[type=password]").await;
    assert_eq!(app.run(RECORD_ANSWERS, vec![]).await, json!(true));
    app.fill("dialog.modal input[type=password]", "admin").await;
    app.click("dialog.modal button[type=submit]").await;
    app.wait_script("return !document.querySelector('dialog.modal') && document.querySelector('[data-stat=packages]')").await;
    visit_every_screen(&app).await;
    // A refresh after a 401 mints new tokens while the window watches.
    sandbox.revoke_access_tokens();
    app.click("a[data-route=queues]").await;
    app.click_text("#content .toolbar button", "Refresh").await;
    app.wait_text("#content tbody", "Finance").await;

    let issued = sandbox.issued_tokens();
    assert_eq!(
        issued.len(),
        4,
        "a sign-in and a refresh: two access and two refresh tokens"
    );
    let seen = app
        .run(
            "return { answers: window.__answers, html: document.documentElement.outerHTML, local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) }",
            vec![],
        )
        .await;
    let answers = seen["answers"].as_array().unwrap();
    let all_answers = answers
        .iter()
        .map(|a| a.as_str().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    // The recorder saw the session's answers (so a token would have been seen too).
    assert!(answers.len() > 20, "{} answers recorded", answers.len());
    for expected in [
        "companyId",
        "Finance.InvoiceReader",
        "FIN-BOT-01",
        "Month-end close",
    ] {
        assert!(
            all_answers.contains(expected),
            "recorded an answer with {expected}"
        );
    }
    for (place, text) in [
        ("a command's answer", all_answers.as_str()),
        ("the page", seen["html"].as_str().unwrap()),
        ("localStorage", seen["local"].as_str().unwrap()),
        ("sessionStorage", seen["session"].as_str().unwrap()),
    ] {
        for token in &issued {
            assert!(
                !text.contains(token.as_str()),
                "{place} holds the token {}…",
                &token[..7]
            );
        }
    }
    app.screenshot("no-token-queues").await;
    // Close the app but keep its directory (the App deletes it when it goes).
    let kept = std::mem::replace(&mut app.config_dir, tempfile::tempdir().unwrap());
    app.close().await;

    let files = files_under(kept.path());
    let log = kept
        .path()
        .join("data/dev.consoledesk.ConsoleDesk/logs/console-desk.log");
    let log_text = std::fs::read_to_string(&log)
        .unwrap_or_else(|e| panic!("the log at {}: {e}; files: {files:#?}", log.display()));
    assert!(
        log_text.contains("console call") && log_text.contains("/openapi/packages"),
        "the TRACE log recorded the session ({} bytes)",
        log_text.len()
    );
    assert!(
        files.iter().any(|f| f.ends_with("profiles.json")),
        "{files:#?}"
    );
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        for token in &issued {
            assert!(
                !holds(&bytes, token),
                "{} holds the token {}…",
                file.display(),
                &token[..7]
            );
        }
    }
}

/// A console whose names and descriptions carry markup: every package, workflow, robot
/// group, robot, layout, company and department. Written as the sandbox's data file, which
/// a new sandbox then loads.
fn hostile_sandbox(dir: &Path) -> Sandbox {
    let data = dir.join("hostile.json");
    let config = SandboxConfig {
        data_file: Some(data.clone()),
        ..Default::default()
    };
    drop(Sandbox::new(config.clone()).unwrap());
    let mut store: Value = serde_json::from_slice(&std::fs::read(&data).unwrap()).unwrap();
    for kind in ["packages", "workflows", "queues", "robots", "layouts"] {
        for doc in store[kind].as_array_mut().unwrap() {
            doc["Name"] = json!(format!("{} {IMG}", doc["Name"].as_str().unwrap()));
            doc["Description"] = json!(format!(
                "{} {BOLD}",
                doc["Description"].as_str().unwrap_or("")
            ));
            if let Some(package) = doc["PackageName"].as_str() {
                doc["PackageName"] = json!(format!("{package} {IMG}"));
            }
            for node in doc["Nodes"].as_array_mut().into_iter().flatten() {
                node["Name"] = json!(format!("{} {BOLD}", node["Name"].as_str().unwrap()));
            }
        }
    }
    for kind in ["companies", "departments"] {
        for doc in store[kind].as_array_mut().unwrap() {
            doc["Name"] = json!(format!("{} {BOLD}", doc["Name"].as_str().unwrap()));
        }
    }
    std::fs::write(&data, serde_json::to_vec(&store).unwrap()).unwrap();
    Sandbox::new(config).unwrap()
}

/// Checks the window shows `literal` as text and made no element from any hostile string.
async fn assert_shown_as_text(app: &App, place: &str, literal: &str) {
    app.wait_script(&format!(
        "return document.body.innerText.includes({})",
        json!(literal)
    ))
    .await;
    let made = app
        .run(
            "return { img: document.querySelectorAll('img[src=\"x\"]').length, bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'bold').length, xss: window.__xss === undefined ? null : window.__xss }",
            vec![],
        )
        .await;
    assert_eq!(
        made,
        json!({ "img": 0, "bold": 0, "xss": null }),
        "{place}: markup became elements"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn server_html_stays_text_in_every_view() {
    let dir = tempfile::tempdir().unwrap();
    let (_sandbox, server) = console(hostile_sandbox(dir.path())).await;
    let url = server.url();
    let app = App::launch("html_as_text", |d| {
        write_profile(d, "ops", "Ops console", &url)
    })
    .await;
    app.fill("dialog.modal input[type=password]", "admin").await;
    app.click("dialog.modal button[type=submit]").await;
    app.wait_script("return !document.querySelector('dialog.modal') && document.querySelector('[data-stat=packages]')").await;
    // The header: company and department names.
    app.wait_script(&format!("return [...document.querySelectorAll('#company-switch option, #department-switch option')].some((o) => o.textContent.includes({}))", json!(BOLD))).await;
    assert_shown_as_text(&app, "dashboard", &format!("Daily invoices {IMG}")).await;
    app.screenshot("html-dashboard").await;

    // Each screen, the row it lists, whether the list shows descriptions, and its detail.
    for (route, row, described, detail) in [
        ("packages", "Finance.InvoiceReader", true, BOLD),
        ("workflows", "Daily invoices", false, IMG),
        ("queues", "Finance robots", true, BOLD),
        ("robots", "FIN-BOT-01", false, BOLD),
        ("layouts", "Month-end close", false, BOLD),
    ] {
        app.click(&format!("a[data-route={route}]")).await;
        let name = format!("{row} {IMG}");
        app.wait_text("#content tbody", &name).await;
        assert_shown_as_text(&app, &format!("{route} list"), &name).await;
        if described {
            assert_shown_as_text(&app, &format!("{route} list"), BOLD).await;
        }
        app.click_text("#content tbody tr button.link", &name).await;
        app.find("dialog.modal").await;
        app.wait_script("return !document.querySelector('dialog.modal .state-loading')")
            .await;
        assert_shown_as_text(&app, &format!("{route} detail"), detail).await;
        assert_shown_as_text(&app, &format!("{route} detail title"), &name).await;
        app.screenshot(&format!("html-{route}-detail")).await;
        close_dialog(&app).await;
        if route == "workflows" {
            // In the workflow's form, the values sit in inputs, as text.
            app.run("const tr = [...document.querySelectorAll('#content tbody tr')].find((r) => r.textContent.includes(arguments[0])); tr.querySelector('[data-edit]').click();", vec![json!(name)]).await;
            app.wait_script(&format!(
                "const v = [...document.querySelectorAll('dialog.modal input')].map((i) => i.value); return v.some((x) => x.endsWith({})) && v.some((x) => x.endsWith({}))",
                json!(IMG),
                json!(BOLD)
            ))
            .await;
            close_dialog(&app).await;
        }
    }

    // The console's own error message, repeating the hostile name it refuses.
    app.click("a[data-route=queues]").await;
    let taken = app
        .wait_script("const b = [...document.querySelectorAll('#content tbody tr button.link')][0]; return b && b.textContent")
        .await;
    app.click("#queue-new").await;
    app.fill(
        "dialog.modal input[data-field=Name]",
        taken.as_str().unwrap(),
    )
    .await;
    app.click("dialog.modal button[data-action=save]").await;
    let said = app
        .wait_text("dialog.modal, #toasts", "already exists")
        .await;
    assert!(said.contains(IMG), "the message repeats the name: {said}");
    assert_shown_as_text(&app, "a server error", &format!("{IMG}\" already exists")).await;
    app.screenshot("html-server-error").await;
    app.close().await;
}
