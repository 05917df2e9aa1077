//! What the FlexModel records and native query tests share: the seeded students as the
//! sandbox makes them, the app's commands called as the UI calls them (the sandbox's API log
//! is read this way, to see what was sent), and the grid and filter builder driven as a
//! person drives them.

#![allow(dead_code)]

use console_desk_e2e::App;
use serde_json::{json, Value};

/// The seeded student `i` (from 1), as the sandbox's seed makes it: id, name, age, gender.
pub fn student(i: u64) -> (u64, String, Option<u64>, &'static str) {
    let age = (!i.is_multiple_of(20)).then(|| 10 + (i * 7) % 10);
    let gender = ["UNKNOWN", "MALE", "FEMALE"][(i % 3) as usize];
    (i, format!("Student {i:02}"), age, gender)
}

pub fn ids_where(keep: impl Fn(&(u64, String, Option<u64>, &'static str)) -> bool) -> Vec<u64> {
    (1..=60)
        .map(student)
        .filter(|s| keep(s))
        .map(|s| s.0)
        .collect()
}

/// Calls one of the app's commands as the UI does (the API log is read this way).
pub async fn invoke(app: &App, command: &str, args: Value) -> Value {
    let answer = app
        .client
        .execute_async(
            "const [command, args, done] = arguments; window.__TAURI__.core.invoke(command, args).then((v) => done({ok: v}), (e) => done({err: e}));",
            vec![json!(command), args],
        )
        .await
        .expect("invoke runs");
    match answer.get("ok") {
        Some(v) => v.clone(),
        None => panic!("{command} failed: {answer}"),
    }
}

/// The sandbox's API log rows (newest first) whose path starts with `prefix`.
pub async fn logged(app: &App, prefix: &str) -> Vec<Value> {
    let page = invoke(
        app,
        "flexmodel_api_logs_list",
        json!({"query": {"page": {"page": 1, "size": 1000}}}),
    )
    .await;
    page["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"].as_str().unwrap_or_default().starts_with(prefix))
        .cloned()
        .collect()
}

/// Once the grid has settled on `total` records: the ids of its rows.
pub async fn grid_ids(app: &App, total: usize) -> Vec<u64> {
    let shown = match total {
        1 => "1 record".to_owned(),
        n => format!("{n} records"),
    };
    let script = format!(
        "const grid = document.querySelector('.rg'); const total = document.getElementById('records-total')?.textContent || '';
         if (!grid || grid.hasAttribute('aria-busy') || total !== '{shown}') return null;
         return [...document.querySelectorAll('#records-grid tbody tr[data-id]')].map((tr) => tr.dataset.id);"
    );
    let ids = app.wait_script(&script).await;
    ids.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().parse().unwrap())
        .collect()
}

/// Waits for the raw filter box to hold `expected` (as JSON, whatever its layout).
pub async fn wait_filter_json(app: &App, expected: Value) {
    app.wait_script(&format!(
        "try {{ return JSON.stringify(JSON.parse(document.getElementById('records-filter-json').value)) === {}; }} catch {{ return false; }}",
        json!(expected.to_string())
    ))
    .await;
}

/// Sets builder row `n` (from 1): its field, operator and value.
pub async fn condition(app: &App, n: usize, field: &str, op: &str, value: &str) {
    let row = format!("#records-conditions .fb-row:nth-child({n})");
    app.select(&format!("{row} .fb-field"), field).await;
    app.select(&format!("{row} .fb-op"), op).await;
    if !value.is_empty() {
        app.fill(&format!("{row} .fb-input"), value).await;
    }
}

/// The address's query parameters.
pub async fn address(app: &App) -> Value {
    app.run(
        "return Object.fromEntries(new URLSearchParams(location.hash.split('?')[1] || ''))",
        vec![],
    )
    .await
}

/// The grid's column `field` on screen, as text.
pub async fn column(app: &App, field: &str) -> Vec<String> {
    let v = app
        .run(
            "const i = [...document.querySelectorAll('#records-grid thead th')].findIndex((th) => th.dataset.sort === arguments[0]);
             return [...document.querySelectorAll('#records-grid tbody tr[data-id]')].map((tr) => tr.children[i].textContent);",
            vec![json!(field)],
        )
        .await;
    serde_json::from_value(v).unwrap()
}

/// Types `text` into an input, as `fill` does; an empty text (which WebDriver cannot send
/// as keys) empties it as a person deleting it would.
pub async fn enter(app: &App, css: &str, text: &str) {
    if !text.is_empty() {
        return app.fill(css, text).await;
    }
    app.find(css).await;
    app.run(
        "const el = document.querySelector(arguments[0]); el.value = ''; el.dispatchEvent(new Event('input', {bubbles: true}));",
        vec![json!(css)],
    )
    .await;
}

pub async fn open_students(app: &App) {
    app.run(
        "location.hash = '#/records?ds=system&model=Student'",
        vec![],
    )
    .await;
    assert_eq!(grid_ids(app, 60).await, (1..=20).collect::<Vec<_>>());
}

/// A model with a field the console requires (not null, no default) for the form's checks.
pub const BOOK: &str = "model Book {
  id : Long @id @default(autoIncrement()),
  title : String @length(\"100\"),
  pages? : Int
}";

/// How many changes of records the sandbox has been sent (POST, PUT, PATCH, DELETE).
pub async fn record_writes(app: &App) -> usize {
    let mut n = 0;
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        n += logged(app, &format!("{method} /f/datasources/"))
            .await
            .iter()
            .filter(|r| r["path"].as_str().unwrap().contains("/records"))
            .count();
    }
    n
}
