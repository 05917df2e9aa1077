//! What the Models screen's end-to-end tests share: the app's commands as the window invokes
//! them, the dialog's inputs and messages, and a table of bad inputs played through a form.

#![allow(dead_code)] // Each test file uses its own part.

use console_desk_e2e::App;
use flexmodel_rules::{check, Datasource};
use serde_json::{json, Value};

/// A command of the app, as the window invokes it; panics on a refusal.
pub async fn invoke(app: &App, command: &str, args: Value) -> Value {
    let answer = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.core.invoke(arguments[0], arguments[1])
               .then((ok) => done({ ok }), (err) => done({ err }));",
            vec![json!(command), args],
        )
        .await
        .expect("the script runs");
    assert!(answer.get("err").is_none(), "{command}: {answer}");
    answer["ok"].clone()
}

/// The `system` datasource's models, as the window gets them.
pub async fn models(app: &App) -> Vec<Value> {
    let list = invoke(
        app,
        "flexmodel_models_list",
        json!({"datasource": "system"}),
    )
    .await;
    list.as_array().unwrap().clone()
}

pub fn named<'a>(models: &'a [Value], name: &str) -> &'a Value {
    models
        .iter()
        .find(|m| m["name"] == name)
        .unwrap_or(&Value::Null)
}

/// The message under the dialog's input for `member`, once there is one.
pub async fn shown_error(app: &App, member: &str) -> String {
    let script = format!(
        "return document.querySelector({})?.textContent",
        json!(format!(
            "dialog.modal .field[data-for=\"{member}\"] .field-error"
        ))
    );
    app.wait_script(&script)
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Puts `text` in an input as a paste does (WebDriver types no line breaks, and no empty text).
pub async fn paste(app: &App, css: &str, text: &str) {
    app.find(css).await;
    app.run(
        "const el = document.querySelector(arguments[0]); el.focus(); el.value = arguments[1]; el.dispatchEvent(new Event('input', {bubbles: true}));",
        vec![json!(css), json!(text)],
    )
    .await;
}

/// Empties an input.
pub async fn clear(app: &App, css: &str) {
    paste(app, css, "").await;
}

pub async fn close_dialog(app: &App) {
    app.click("dialog.modal .modal-title .icon-btn").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
}

/// Opens the Models screen on `model` of the seed's `system` datasource.
pub async fn open_model(app: &App, model: &str) {
    app.wait_script("return document.getElementById('fm-models-ds')?.value === 'system'")
        .await;
    app.click(&format!(".fm-model-list [data-model='{model}']"))
        .await;
    app.wait_text("#fm-model-title", model).await;
}

/// One move in a form: type into an input, choose an option, click, or empty an input.
pub enum Step {
    Fill(String, &'static str),
    Select(String, &'static str),
    Click(String),
    Clear(String),
}

pub use Step::{Clear, Click, Fill, Select};

pub fn input(name: &str) -> String {
    format!("dialog.modal input[data-field={name}]")
}

pub fn choice(name: &str) -> String {
    format!("dialog.modal select[data-field={name}]")
}

/// One bad input of a form: the moves, the body the form sends for them (what the rules are
/// asked; none for the form's own check), and the member whose message must show.
pub struct Bad {
    pub steps: Vec<Step>,
    pub body: Option<Value>,
    pub member: &'static str,
}

pub fn bad(steps: Vec<Step>, body: Value, member: &'static str) -> Bad {
    Bad {
        steps,
        body: Some(body),
        member,
    }
}

/// Opens the form with `opener` for each row, makes its moves, saves, and checks the message
/// under the row's member: the rules' words for the body (`kind`, in `model`), or the form's
/// own (`local`). Answers the messages shown.
pub async fn refuse_each(
    app: &App,
    opener: &str,
    kind: &str,
    model: Option<&str>,
    rows: Vec<Bad>,
    shot: &str,
) -> Vec<String> {
    let seed = models(app).await;
    let ds = Datasource::new("system", &seed);
    let mut shown = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        app.click(opener).await;
        app.find("dialog.modal button[data-action=save]").await;
        for step in &row.steps {
            match step {
                Fill(css, text) => app.fill(css, text).await,
                Select(css, value) => app.select(css, value).await,
                Click(css) => app.click(css).await,
                Clear(css) => clear(app, css).await,
            }
        }
        app.click("dialog.modal button[data-action=save]").await;
        let said = shown_error(app, row.member).await;
        match &row.body {
            Some(body) => {
                let expected = check(kind, &ds, body, model);
                let words = expected.get(row.member).cloned().unwrap_or_default();
                assert!(!words.is_empty(), "the rules refuse {body}: {expected:?}");
                assert_eq!(said, words, "{kind} row {i}: {body}");
            }
            None => assert!(said.starts_with("Not JSON:"), "{said}"),
        }
        app.screenshot(&format!("{shot}-{i}")).await;
        shown.push(said);
        close_dialog(app).await;
    }
    shown
}
