//! What the GraphQL and API log tests do in the window: call a command as the UI does, watch
//! which commands the window sends, count API log rows, and type in the query editor.

use console_desk_e2e::App;
use serde_json::{json, Value};

/// Calls one of the app's commands as the UI does; `Err` holds the serialized error.
pub async fn invoke(app: &App, command: &str, args: Value) -> Result<Value, Value> {
    let answer = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.core.invoke(arguments[0], arguments[1]).then((v) => done({ ok: v }), (e) => done({ err: e }));",
            vec![json!(command), args],
        )
        .await
        .expect("invoke runs");
    match answer.get("ok") {
        Some(v) => Ok(v.clone()),
        None => Err(answer["err"].clone()),
    }
}

/// From now on, records the name of every command the window sends (in `window.__sent`). Tauri
/// freezes its own invoke functions, but on Linux a command travels as a `fetch` of
/// `ipc://localhost/<command>`, and `fetch` can be watched.
pub async fn record_commands(app: &App) {
    app.run(
        "window.__sent = [];
         if (!window.__recording) {
           const fetch = window.fetch.bind(window);
           window.fetch = (input, init) => {
             const url = String(input && input.url ? input.url : input);
             if (url.startsWith('ipc:') || url.includes('ipc.localhost')) window.__sent.push(decodeURIComponent(url.split('/').pop()));
             return fetch(input, init);
           };
           window.__recording = true;
         }",
        vec![],
    )
    .await;
}

pub async fn sent(app: &App, prefix: &str) -> Vec<String> {
    let v = app
        .run(
            "return window.__sent.filter((c) => c.startsWith(arguments[0]))",
            vec![json!(prefix)],
        )
        .await;
    serde_json::from_value(v).unwrap()
}

/// How many API log rows hold `keyword` in their request body.
pub async fn logged(app: &App, keyword: &str) -> u64 {
    let page = invoke(
        app,
        "flexmodel_api_logs_list",
        json!({ "query": { "keyword": keyword, "page": { "page": 1, "size": 50 } } }),
    )
    .await
    .expect("the log lists");
    page["total"].as_u64().unwrap()
}

/// Puts `text` in the query editor as a paste would.
pub async fn set_query(app: &App, text: &str) {
    app.run(
        "const a = document.getElementById('gql-query'); a.value = arguments[0]; a.focus(); a.setSelectionRange(a.value.length, a.value.length); a.dispatchEvent(new Event('input'));",
        vec![json!(text)],
    )
    .await;
}

pub async fn set_variables(app: &App, text: &str) {
    app.run(
        "const v = document.getElementById('gql-variables'); v.value = arguments[0]; v.dispatchEvent(new Event('input'));",
        vec![json!(text)],
    )
    .await;
}

pub async fn query_value(app: &App) -> String {
    let v = app
        .run("return document.getElementById('gql-query').value", vec![])
        .await;
    v.as_str().unwrap().to_owned()
}

pub async fn keys(app: &App, css: &str, text: &str) {
    app.find(css)
        .await
        .send_keys(text)
        .await
        .expect("keys typed");
}

pub const ENTER: &str = "\u{E007}";
pub const ESCAPE: &str = "\u{E00C}";
pub const CTRL_ENTER: &str = "\u{E009}\u{E007}\u{E000}";
pub const CTRL_SPACE: &str = "\u{E009}\u{E00D}\u{E000}";
pub const ARROW_DOWN: &str = "\u{E015}";
pub const TAB: &str = "\u{E004}";

/// The completion list's labels once it shows one holding `label`.
pub async fn offered(app: &App, label: &str) -> Vec<String> {
    app.wait_text("#gql-query-complete:not([hidden]) li", label)
        .await;
    let v = app
        .run(
            "return [...document.querySelectorAll('#gql-query-complete li')].map((li) => li.dataset.label)",
            vec![],
        )
        .await;
    serde_json::from_value(v).unwrap()
}
