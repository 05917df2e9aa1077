//! The Data sources screen's forms refusing bad input: the connect form (a table of inputs,
//! each with the message shown under its field, and the server's list unchanged), the edit
//! form (and its stored password kept), the import without a file; in the dark theme.

use console_desk_e2e::{open_on_flexmodel_sandbox, App};
use serde_json::json;

use super::{datasources, invoke, model_names, open_screen, type_into};

/// Each bad input of the connect form, with the message expected under the field it names.
const BAD_INPUT: &[(&str, &str, &str, &str, &str)] = &[
    // (name, kind, url, field, message)
    ("", "sqlite", "jdbc:sqlite:x.db", "name", "required"),
    (
        "1shop",
        "sqlite",
        "jdbc:sqlite:x.db",
        "name",
        "Use letters, digits and _ only",
    ),
    (
        "my shop",
        "sqlite",
        "jdbc:sqlite:x.db",
        "name",
        "Use letters, digits and _ only",
    ),
    (
        "my-shop",
        "sqlite",
        "jdbc:sqlite:x.db",
        "name",
        "Use letters, digits and _ only",
    ),
    (
        "system",
        "sqlite",
        "jdbc:sqlite:x.db",
        "name",
        "A data source named \"system\" already exists",
    ),
    (
        "SYSTEM",
        "sqlite",
        "jdbc:sqlite:x.db",
        "name",
        "A data source named \"system\" already exists",
    ),
    (
        "a_very_long_name_that_goes_on_and_on_past_sixty_four_characters_xx",
        "sqlite",
        "jdbc:sqlite:x.db",
        "name",
        "At most 64 characters.",
    ),
    (
        "shop2",
        "",
        "jdbc:sqlite:x.db",
        "dbKind",
        "Choose the kind of database.",
    ),
    ("shop2", "sqlite", "", "url", "required"),
    ("shop2", "sqlite", "   ", "url", "required"),
];

#[tokio::test(flavor = "multi_thread")]
async fn the_connect_form_refuses_bad_input_and_sends_nothing() {
    let app = App::launch_with(
        "fm-datasources-bad",
        &[("GTK_THEME", "Adwaita:dark")],
        open_on_flexmodel_sandbox,
    )
    .await;
    app.wait_script("return document.getElementById('project-switch')?.value")
        .await;
    open_screen(&app).await;
    app.screenshot("fm-datasources-list-dark").await;
    let before = datasources(&app).await;

    app.click("#ds-connect").await;
    for &(name, kind, url, field, message) in BAD_INPUT {
        type_into(&app, "#ds-name", name).await;
        app.select("#ds-kind", kind).await;
        type_into(&app, "#ds-url", url).await;
        app.click("button[data-action=ds-save]").await;
        let shown = app
            .wait_text(&format!(".field[data-for={field}] .field-error"), message)
            .await;
        assert!(
            shown.contains(message),
            "{name:?}/{kind:?}/{url:?}: {shown}"
        );
        let others = app
            .run("return [...document.querySelectorAll('.ds-form .field-error')].filter((e) => e.textContent).length", vec![])
            .await;
        assert_eq!(
            others,
            json!(1),
            "{name:?}/{kind:?}/{url:?}: one message, under {field}"
        );
    }
    // The test asks for the kind and the URL too, and sends nothing without them.
    type_into(&app, "#ds-url", "").await;
    app.click("#ds-test").await;
    app.wait_text(".field[data-for=url] .field-error", "required")
        .await;
    assert_eq!(
        app.run(
            "return document.getElementById('ds-test-result').textContent",
            vec![]
        )
        .await,
        json!("")
    );
    app.screenshot("fm-datasources-connect-refused-dark").await;
    assert!(
        app.run(
            "return !!document.querySelector('dialog.modal #ds-name')",
            vec![]
        )
        .await
        .as_bool()
        .unwrap(),
        "the form stays open"
    );
    assert_eq!(datasources(&app).await, before, "nothing was created");
    app.click("dialog.modal .modal-actions button:not([data-action=ds-save])")
        .await;

    // The edit form checks the same: no kind, no URL, and the data source stays as it was.
    let made = invoke(&app, "flexmodel_datasources_create", json!({ "datasource": {
        "name": "warehouse", "type": "USER", "enabled": true,
        "config": { "dbKind": "postgresql", "url": "jdbc:postgresql://db.example:5432/wh", "password": "s3cret" } } }))
        .await
        .expect("created");
    assert_eq!(made["name"], "warehouse");
    app.click_text(".screen-head .btn", "Refresh").await;
    app.click("button[data-act=edit][data-ds=warehouse]").await;
    app.wait_text(
        ".field[data-for=password] .hint",
        "Leave empty to keep the stored password",
    )
    .await;
    let before = datasources(&app).await;
    for (kind, url, field, message) in [
        (
            "",
            "jdbc:postgresql://db.example:5432/wh",
            "dbKind",
            "Choose the kind of database.",
        ),
        ("postgresql", " ", "url", "required"),
    ] {
        app.select("#ds-kind", kind).await;
        type_into(&app, "#ds-url", url).await;
        app.click("button[data-action=ds-save]").await;
        app.wait_text(&format!(".field[data-for={field}] .field-error"), message)
            .await;
    }
    assert_eq!(datasources(&app).await, before, "nothing was changed");
    // Left empty, the password is the stored one, sent again.
    type_into(
        &app,
        "#ds-url",
        "jdbc:postgresql://db.example:5432/warehouse",
    )
    .await;
    app.click("button[data-action=ds-save]").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    let after = datasources(&app).await;
    let saved = after
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "warehouse")
        .unwrap();
    assert_eq!(
        saved["config"]["url"],
        "jdbc:postgresql://db.example:5432/warehouse"
    );
    // Kept on the server (desk-core's tests read it there), and never shown to the window.
    assert_eq!(
        saved["config"]["hasPassword"], true,
        "the stored password kept"
    );
    assert!(saved["config"].get("password").is_none(), "{saved}");

    // Import asks for a file before sending anything; export says what it leaves out.
    let models = model_names(&app, "system").await;
    app.click("button[data-act=import][data-ds=system]").await;
    app.click("button[data-action=ds-import-run]").await;
    app.wait_text(
        ".field[data-for=path] .field-error",
        "Choose the file to import.",
    )
    .await;
    app.screenshot("fm-datasources-import-dark").await;
    assert_eq!(model_names(&app, "system").await, models);
    app.click("dialog.modal .modal-actions button:not([data-action=ds-import-run])")
        .await;
    app.click("button[data-act=export][data-ds=system]").await;
    app.wait_text("dialog.modal .hint", "Native queries are left out")
        .await;
    app.screenshot("fm-datasources-export-dark").await;
    app.click("dialog.modal .modal-actions button:not([data-action=ds-export-run])")
        .await;

    // The search is kept in the address, and comes back with it.
    app.fill("#ds-search", "ware").await;
    app.wait_script("return location.hash === '#/datasources?q=ware' && document.querySelectorAll('tbody tr').length === 1").await;
    app.run("location.hash = '#/models'", vec![]).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'models'")
        .await;
    app.run("location.hash = '#/datasources?q=ware'", vec![])
        .await;
    let kept = app
        .wait_script("const s = document.getElementById('ds-search'); return s && s.value === 'ware' && [...document.querySelectorAll('tbody tr')].map((r) => r.dataset.id).join(',');")
        .await;
    assert_eq!(kept, json!("warehouse"));

    // A refusal only the server can make (the data source went meanwhile) is shown under the
    // field it is about.
    app.click("button[data-act=edit][data-ds=warehouse]").await;
    app.find("#ds-url").await;
    invoke(
        &app,
        "flexmodel_datasources_delete",
        json!({ "name": "warehouse" }),
    )
    .await
    .expect("deleted elsewhere");
    type_into(&app, "#ds-url", "jdbc:postgresql://db.example:5432/other").await;
    app.click("button[data-action=ds-save]").await;
    app.wait_text(
        ".field[data-for=name] .field-error",
        "Datasource not found: warehouse",
    )
    .await;
    app.screenshot("fm-datasources-edit-refused-dark").await;
    app.close().await;
}
