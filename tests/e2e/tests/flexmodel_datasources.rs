//! The FlexModel Data sources screen in the real window, on the app's own FlexModel sandbox:
//! a SQLite file the test made is connected through the form (its connection tested, the
//! server's message and time shown), one of its two tables picked and synced into a model,
//! which the screen then links to and counts; an edit and a delete (what goes with it said);
//! import and export through the Rust commands the dialogs call (native dialogs cannot be
//! driven); and the connect form's refusals, each shown, with nothing sent.

use std::path::Path;

use console_desk_e2e::App;
use serde_json::{json, Value};

// The bad input of the forms, each refused with its message and nothing sent.
#[path = "flexmodel_datasources/refusals.rs"]
mod refusals;

/// Invokes a command from the window, as the screen does: `Ok(answer)` or `Err(error body)`.
pub(crate) async fn invoke(app: &App, command: &str, args: Value) -> Result<Value, Value> {
    let answer = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.core.invoke(arguments[0], arguments[1])
               .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ err: e }));",
            vec![json!(command), args],
        )
        .await
        .expect("invoke runs");
    match answer.get("ok") {
        Some(v) => Ok(v.clone()),
        None => Err(answer["err"].clone()),
    }
}

/// The data sources as the server lists them now.
pub(crate) async fn datasources(app: &App) -> Value {
    invoke(app, "flexmodel_datasources_list", json!({}))
        .await
        .expect("the list")
}

pub(crate) async fn model_names(app: &App, ds: &str) -> Vec<String> {
    let models = invoke(app, "flexmodel_models_list", json!({ "datasource": ds }))
        .await
        .expect("models");
    let names = models.as_array().unwrap().iter();
    names
        .map(|m| m["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Sets an input's value as typing would (an empty value: the input cleared).
pub(crate) async fn type_into(app: &App, css: &str, value: &str) {
    if value.is_empty() {
        app.run(
            "const el = document.querySelector(arguments[0]); el.value = ''; el.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![json!(css)],
        )
        .await;
    } else {
        app.fill(css, value).await;
    }
}

/// A SQLite database with two tables, as a user's own database would be.
fn shop_database(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email VARCHAR(120) UNIQUE);
         CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total REAL, placed_at DATETIME);
         INSERT INTO customer (name, email) VALUES ('Ada', 'ada@example.com');",
    )
    .unwrap();
}

pub(crate) async fn open_screen(app: &App) {
    app.run("location.hash = '#/datasources'", vec![]).await;
    app.wait_script("return document.querySelector('tr[data-id=system]')")
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sqlite_file_is_connected_tested_and_one_table_synced_into_a_model() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    shop_database(&db);
    let app = App::launch_flexmodel("fm-datasources").await;
    open_screen(&app).await;

    // The list: SYSTEM is read-only (no edit, no delete; a note says why).
    let system = app.wait_text("tr[data-id=system]", "SYSTEM").await;
    assert!(
        system.contains("SQLite") && system.contains("jdbc:sqlite:system.sqlite3"),
        "{system}"
    );
    assert!(system.contains("read-only"), "{system}");
    app.wait_text("[data-models-of=system]", "5").await;
    let actions = app
        .run("return [...document.querySelectorAll('tr[data-id=system] [data-act]')].map((b) => b.dataset.act)", vec![])
        .await;
    assert_eq!(actions, json!(["import", "export"]));
    app.wait_text("#ds-system-note", "read-only").await;
    app.screenshot("fm-datasources-list").await;

    // Connect: first to a file that is not there (the server's message), then to the real one.
    app.click("#ds-connect").await;
    app.fill("#ds-name", "shop").await;
    app.select("#ds-kind", "sqlite").await;
    let missing = dir.path().join("missing.db");
    app.fill("#ds-url", &format!("jdbc:sqlite:{}", missing.display()))
        .await;
    app.click("#ds-test").await;
    let failed = app
        .wait_text("#ds-test-result.ds-test-failed", "Cannot connect")
        .await;
    assert!(
        failed.contains("missing.db"),
        "the server's message: {failed}"
    );
    app.fill("#ds-url", &format!("jdbc:sqlite:{}", db.display()))
        .await;
    app.click("#ds-test").await;
    app.wait_text("#ds-test-result.ds-test-ok", "Connected.")
        .await;
    let message = app
        .run(
            "return document.querySelector('#ds-test-result .ds-test-message').textContent",
            vec![],
        )
        .await;
    assert_eq!(message, json!("ok"));
    let time = app
        .run(
            "return document.querySelector('#ds-test-result .ds-test-time').textContent",
            vec![],
        )
        .await;
    assert!(
        time.as_str()
            .unwrap()
            .strip_suffix(" ms")
            .unwrap()
            .parse::<u64>()
            .is_ok(),
        "the time in ms: {time}"
    );
    app.screenshot("fm-datasources-connect-tested").await;

    // Connected, the table picker opens on the file's two tables.
    app.click("button[data-action=ds-save]").await;
    app.find(".ds-table[data-table=orders]").await;
    let tables = app
        .run(
            "return [...document.querySelectorAll('.ds-table')].map((r) => r.dataset.table)",
            vec![],
        )
        .await;
    assert_eq!(tables, json!(["customer", "orders"]));
    app.wait_text("#ds-tables-count", "0 of 2 chosen").await;
    app.click("input[data-table=customer]").await;
    app.wait_text("#ds-tables-count", "1 of 2 chosen").await;
    app.screenshot("fm-datasources-tables").await;
    app.click("button[data-action=ds-sync]").await;
    app.wait_text("#ds-sync-now", "1 models made, 0 tables failed")
        .await;
    let made = app
        .wait_text("#ds-sync-result li[data-model=customer]", "3 fields")
        .await;
    assert!(made.contains("Table customer"), "{made}");
    app.screenshot("fm-datasources-synced").await;
    assert_eq!(
        model_names(&app, "shop").await,
        ["customer"],
        "only the table picked"
    );
    let shop = datasources(&app).await;
    let shop = shop
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "shop")
        .unwrap()
        .clone();
    assert_eq!(shop["type"], "USER");
    assert_eq!(shop["config"]["dbKind"], "sqlite");

    // The made model's link opens it on the Models screen.
    app.click("button[data-open=customer]").await;
    app.wait_script("return location.hash.startsWith('#/models') && location.hash.includes('ds=shop') && location.hash.includes('model=customer')").await;
    assert_eq!(
        app.run(
            "return document.querySelectorAll('dialog.modal').length",
            vec![]
        )
        .await,
        json!(0)
    );
    open_screen(&app).await;
    app.wait_text("[data-models-of=shop]", "1").await;
    let row = app.wait_text("tr[data-id=shop]", "USER").await;
    assert!(row.contains(&db.display().to_string()), "{row}");

    // Edit: the form comes from a fresh list answer; the server needs any password resent.
    app.click("button[data-act=edit][data-ds=shop]").await;
    app.find("#ds-username").await;
    let form = app
        .run("return [document.getElementById('ds-name').disabled, document.getElementById('ds-kind').value, document.getElementById('ds-url').value]", vec![])
        .await;
    assert_eq!(
        form,
        json!([true, "sqlite", format!("jdbc:sqlite:{}", db.display())])
    );
    app.wait_text(".field[data-for=password] .hint", "keeps no password")
        .await;
    app.fill("#ds-username", "reader").await;
    app.click("button[data-action=ds-save]").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    let after = datasources(&app).await;
    let edited = after
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "shop")
        .unwrap();
    assert_eq!(edited["config"]["username"], "reader");
    assert_eq!(
        edited["config"]["url"], shop["config"]["url"],
        "the URL kept"
    );

    // Export through the command the save dialog leads to: IDL and JSON files written.
    let idl = dir.path().join("system.idl");
    let summary = invoke(
        &app,
        "flexmodel_datasources_export",
        json!({ "name": "system", "format": "IDL", "path": idl }),
    )
    .await
    .expect("exported");
    assert_eq!(
        summary["models"],
        json!(["UserGender", "Classes", "Student", "Product"])
    );
    assert_eq!(summary["skipped"], json!(["StudentsOlderThan"]));
    let text = std::fs::read_to_string(&idl).unwrap();
    assert_eq!(summary["bytes"], json!(text.len()));
    assert!(text.contains("model Student {"), "{text}");
    let shop_json = dir.path().join("shop.json");
    invoke(
        &app,
        "flexmodel_datasources_export",
        json!({ "name": "shop", "format": "JSON", "path": shop_json }),
    )
    .await
    .expect("exported");
    let written: Value = serde_json::from_slice(&std::fs::read(&shop_json).unwrap()).unwrap();
    assert_eq!(written["objects"][0]["name"], "customer");
    assert_eq!(written["objects"].as_array().unwrap().len(), 1);

    // Import the IDL into a fresh data source, made through the form.
    app.click("#ds-connect").await;
    app.fill("#ds-name", "copy").await;
    app.select("#ds-kind", "mysql").await;
    app.fill("#ds-url", "jdbc:mysql://db.example:3306/copy")
        .await;
    app.click("button[data-action=ds-save]").await;
    app.wait_text("#ds-tables-empty", "cannot connect").await;
    app.click("button[data-action=ds-tables-close]").await;
    let imported = invoke(
        &app,
        "flexmodel_datasources_import",
        json!({ "name": "copy", "format": "IDL", "path": idl }),
    )
    .await
    .expect("imported");
    assert_eq!(
        imported["models"],
        json!(["UserGender", "Classes", "Student", "Product"])
    );
    assert_eq!(imported["created"].as_array().unwrap().len(), 4);
    let mut copied = model_names(&app, "copy").await;
    copied.sort();
    assert_eq!(copied, ["Classes", "Product", "Student", "UserGender"]);
    // A file that is not what its format says is refused before anything is sent.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "model X {}").unwrap();
    let err = invoke(
        &app,
        "flexmodel_datasources_import",
        json!({ "name": "copy", "format": "JSON", "path": bad }),
    )
    .await
    .unwrap_err();
    assert_eq!(err["field"], "path");
    assert!(
        err["message"].as_str().unwrap().contains("is not JSON"),
        "{err}"
    );

    // Delete, saying what goes with it.
    app.click_text(".screen-head .btn", "Refresh").await;
    app.wait_text("[data-models-of=copy]", "4").await;
    app.click("button[data-act=delete][data-ds=copy]").await;
    let question = app
        .wait_text("dialog.modal p", "Its 4 models go with it")
        .await;
    assert!(question.contains("copy"), "{question}");
    app.wait_text("#ds-delete-models", "Student").await;
    app.screenshot("fm-datasources-delete").await;
    app.click("button[data-action=confirm]").await;
    app.wait_script("return !document.querySelector('tr[data-id=copy]') && !!document.querySelector('tr[data-id=shop]')").await;
    let names: Vec<Value> = datasources(&app)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].clone())
        .collect();
    assert_eq!(names, [json!("system"), json!("shop")]);
    // In Chinese, every word of the screen is the screen's own.
    app.click("#lang-switch").await;
    app.wait_text(".screen-head h1", "数据源").await;
    app.wait_text("tr[data-id=shop]", "同步数据表").await;
    app.screenshot("fm-datasources-list-zh").await;
    app.close().await;
}
