//! The forms' field rules come from Rust: in the real window, a workflow edit the console
//! would refuse shows, under each failing field at once, the words the client and the console
//! use (`encoo-rules`), and nothing is sent.

mod common;

use common::Console;
use encoo_api::rules;
use serde_json::json;

/// The message shown under the form's field `field`, once there is one.
async fn field_error(app: &console_desk_e2e::App, field: &str) -> String {
    let shown = app
        .wait_script(&format!(
            "return document.querySelector(\"dialog.modal .field[data-for='{field}'] .field-error\")?.textContent"
        ))
        .await;
    shown.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workflow_edit_the_console_would_refuse_shows_the_rust_words_and_sends_nothing() {
    let console = Console::start(|_| {}).await;
    let before = console.workflow("Bank statements").await;
    let app = console.open_app("form_rules", "admin", "admin").await;
    app.click("a[data-route=workflows]").await;
    app.wait_text("#content tbody", "Bank statements").await;
    app.click(&format!("[data-edit='{}']", before.id)).await;
    app.find("dialog.modal textarea[data-field=Conditions]")
        .await;

    // A name of 101 characters and a priority of 6000: the window's inputs leave both to the
    // rules (no maxlength, min or max of their own), so the rules' words are what is shown.
    let long = "流".repeat(101);
    app.fill("dialog.modal input[data-field=Name]", &long).await;
    app.fill("dialog.modal input[data-field=Priority]", "6000")
        .await;
    app.click("dialog.modal button[data-action=save]").await;

    let name_says = rules::name("Name", &long).unwrap_err().message;
    let priority_says = rules::int_in("Priority", 6000, rules::PRIORITY)
        .unwrap_err()
        .message;
    assert_eq!(field_error(&app, "Name").await, name_says);
    assert_eq!(field_error(&app, "Priority").await, priority_says);
    assert_eq!(
        priority_says,
        "Priority must be a whole number from 0 to 5000, got 6000"
    );
    app.screenshot("workflow-rules-refused").await;
    let patches: Vec<String> = console
        .sandbox
        .request_log()
        .into_iter()
        .filter(|r| r.method == "PATCH")
        .map(|r| r.path)
        .collect();
    assert!(patches.is_empty(), "nothing was sent: {patches:?}");
    assert_eq!(
        app.run(
            "return Boolean(document.querySelector('dialog.modal'))",
            vec![]
        )
        .await,
        json!(true),
        "the form stays open"
    );

    // Put right, the edit goes through: the messages go and one PATCH is sent.
    app.fill("dialog.modal input[data-field=Name]", &before.name)
        .await;
    app.fill("dialog.modal input[data-field=Priority]", "4100")
        .await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    let after = console.workflow("Bank statements").await;
    assert_eq!(
        (after.name.as_str(), after.priority),
        (before.name.as_str(), 4100)
    );
    assert_eq!(console.requests("PATCH", &before.id), 1);
    app.close().await;
}
