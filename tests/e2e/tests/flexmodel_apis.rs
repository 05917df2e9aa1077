//! The API definitions screen in the real window, on the app's FlexModel sandbox: generating a
//! model's APIs; editing a definition's query, two of its versions side by side (the changed
//! line marked on both sides) and restoring the older; trying the list API; renaming,
//! disabling, searching, moving and deleting (told what goes with it); and tables of bad input
//! for the editor and the create form, each message shown and nothing sent.

mod fm_apis_support;

use console_desk_e2e::App;
use fm_apis_support::*;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread")]
async fn generate_edit_diff_restore_and_try_an_api() {
    let app = App::launch_flexmodel("fm-apis-history").await;
    app.click("a[data-route=apis]").await;
    app.wait_text("#apis-tree", "List students").await;

    // Generate the standard APIs of the seeded Student model into a folder of their own.
    app.click("#api-generate").await;
    app.wait_script("return document.querySelector('#gen-model option[value=Student]')")
        .await;
    app.select("#gen-model", "Student").await;
    app.fill("#gen-folder", "Student REST").await;
    app.screenshot("fm-apis-generate").await;
    app.click("dialog.modal button[data-action=generate]").await;
    app.wait_text("#api-name", "Student REST").await;
    let generated = app
        .wait_script("return document.querySelectorAll('.api-children li').length")
        .await;
    assert_eq!(generated, json!(6));

    // Edit the seeded list API's query and save: a third version.
    let id = open_node(&app, "List students").await;
    assert_eq!(histories(&app, &id).await.len(), 2);
    app.click("[data-tab=edit]").await;
    let query = app
        .wait_script("return document.querySelector('#api-editor [data-field=query]')?.value")
        .await;
    let query = query.as_str().unwrap().to_owned();
    assert!(
        query.contains("list: system_list_Student(where: $where)"),
        "{query}"
    );
    // Meanwhile another client adds a member of meta this window does not know.
    let mut other = find_in_tree(&app, &id).await;
    other["meta"]["x-owner"] = json!({"team": "data"});
    other.as_object_mut().unwrap().remove("children");
    let stored = invoke(
        &app,
        "flexmodel_apis_update",
        json!({"id": id, "api": other}),
    )
    .await;
    assert_eq!(stored["meta"]["x-owner"]["team"], "data", "{stored}");
    let edited = query.replace("(where: $where)", "(where: $where, size: 5)");
    set_value(&app, "#api-editor [data-field=query]", &edited).await;
    app.screenshot("fm-apis-edit").await;
    app.click("#api-save").await;
    app.wait_script(&format!(
        "return window.__TAURI__.core.invoke('flexmodel_apis_histories', {{id: {}}}).then((h) => h.length === 4)",
        json!(id)
    ))
    .await;
    // Only the query was laid over the node as the console had it: the other member stays.
    let saved = find_in_tree(&app, &id).await;
    assert_eq!(saved["meta"]["execution"]["query"], json!(edited));
    assert_eq!(saved["meta"]["x-owner"], json!({"team": "data"}));
    assert!(app
        .run("return location.hash", vec![])
        .await
        .as_str()
        .unwrap()
        .contains(&format!("api={id}")));

    // The two newest versions side by side: the query's line changed on both sides.
    app.click("[data-tab=history]").await;
    app.wait_script("return document.querySelectorAll('#history-list .history-item').length === 5")
        .await;
    let versions = histories(&app, &id).await;
    for v in &versions[..2] {
        let box_css = format!(
            "#history-list [data-history='{}'] .history-pick",
            v["id"].as_str().unwrap()
        );
        app.click(&box_css).await;
    }
    app.click("#history-compare").await;
    app.wait_script("return document.querySelector('#api-diff .diff-row.diff-replace')")
        .await;
    let changed = app
        .run(
            "return [...document.querySelectorAll('#api-diff .diff-row.diff-replace')].map((r) => [r.querySelector('.diff-left').textContent, r.querySelector('.diff-right').textContent, r.querySelectorAll('.diff-right .diff-mark').length])",
            vec![],
        )
        .await;
    let rows = changed.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{changed}");
    assert!(
        rows[0][0].as_str().unwrap().contains("(where: $where)"),
        "{changed}"
    );
    assert!(
        rows[0][1]
            .as_str()
            .unwrap()
            .contains("(where: $where, size: 5)"),
        "{changed}"
    );
    assert!(
        rows[0][2].as_u64().unwrap() >= 1,
        "the added characters are marked: {changed}"
    );
    app.wait_text("#diff-summary", "Lines changed: 1").await;
    app.screenshot("fm-apis-diff").await;
    // Folded to the changes: the changed row and three on either side.
    app.click("#diff-only").await;
    let visible = app
        .run(
            "return [...document.querySelectorAll('#api-diff tbody tr')].filter((r) => r.getClientRects().length).length",
            vec![],
        )
        .await;
    assert_eq!(visible, json!(7));

    // Restore the older one: the query comes back, and the restore is a version of its own.
    let older = versions[1]["id"].as_str().unwrap().to_owned();
    app.click(&format!("[data-restore='{older}']")).await;
    app.click("dialog.modal button[data-action=confirm]").await;
    app.wait_script(&format!(
        "return window.__TAURI__.core.invoke('flexmodel_apis_histories', {{id: {}}}).then((h) => h.length === 5)",
        json!(id)
    ))
    .await;
    assert_eq!(
        find_in_tree(&app, &id).await["meta"]["x-owner"],
        json!({"team": "data"})
    );
    app.click("[data-tab=overview]").await;
    app.wait_text("#api-query", "list: system_list_Student(where: $where)")
        .await;
    let shown = app
        .run(
            "return document.querySelector('#api-query').textContent",
            vec![],
        )
        .await;
    assert!(!shown.as_str().unwrap().contains("size: 5"), "{shown}");

    // Try it: the list's JSON answer, formatted.
    app.click("[data-tab=try]").await;
    app.click("#try-send").await;
    app.wait_text("#try-status", "200 OK").await;
    let body = app
        .run(
            "return document.querySelector('#try-answer-body').textContent",
            vec![],
        )
        .await;
    let answer: Value = serde_json::from_str(body.as_str().unwrap()).unwrap();
    assert_eq!(answer["data"]["list"].as_array().unwrap().len(), 60);
    assert!(
        body.as_str().unwrap().contains("\n  \"data\": {"),
        "formatted"
    );
    app.screenshot("fm-apis-try").await;

    // Auth on (through the editor): the session's token goes with the try, so it passes.
    app.click("[data-tab=edit]").await;
    app.click("#api-editor [data-field=auth]").await;
    app.fill("#api-editor [data-field=identityProvider]", "default")
        .await;
    app.click("#api-save").await;
    app.wait_script(
        "return window.__TAURI__.core.invoke('flexmodel_apis_tree').then((t) => JSON.stringify(t).includes('\"identityProvider\":\"default\"'))",
    )
    .await;
    assert_eq!(find_in_tree(&app, &id).await["meta"]["auth"], json!(true));
    app.click("[data-tab=try]").await;
    app.wait_text(".try-token", "token is sent").await;
    app.click("#try-send").await;
    app.wait_text("#try-status", "200 OK").await;

    // A path parameter: the generated view API answers the one student.
    open_node(&app, "Fetch a single Student record").await;
    app.click("[data-tab=try]").await;
    app.fill("[data-param=id]", "3").await;
    app.click("#try-send").await;
    app.wait_text("#try-status", "200 OK").await;
    app.wait_text("#try-answer-body", "Student 03").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_unsent_and_the_tree_is_renamed_disabled_searched_moved_and_deleted() {
    let app = App::launch_flexmodel("fm-apis-tree").await;
    app.click("a[data-route=apis]").await;
    app.wait_text("#apis-tree", "List students").await;
    let before = tree_names(&app).await;
    assert_eq!(before.len(), 7);

    // The create form: each bad input says why under its field, and nothing is created.
    let create_rows: [(&str, &str, &str, &str); 3] = [
        ("", "/x", "name", "Enter a name."),
        ("Ping", "ping", "path", "The path starts with /."),
        ("Ping", "", "path", "The path starts with /."),
    ];
    app.click("#api-new").await;
    for (name, path, field, message) in create_rows {
        set_value(&app, "#api-create [data-field=name]", name).await;
        set_value(&app, "#api-create [data-field=path]", path).await;
        app.click("dialog.modal button[data-action=create]").await;
        assert_eq!(
            field_error(&app, "#api-create", field).await,
            message,
            "{name:?} {path:?}"
        );
    }
    app.screenshot("fm-apis-create-refused").await;
    app.click("dialog.modal button[data-action='']").await;
    assert_eq!(tree_names(&app).await, before, "nothing was created");

    // The editor: each bad input says why under its field, and nothing is saved.
    let id = open_node(&app, "List students").await;
    app.click("[data-tab=edit]").await;
    app.find("#api-editor").await;
    let ed = "#api-editor";
    let editor_rows: [(&str, &str, &str); 10] = [
        ("[['name', '']]", "name", "Enter a name."),
        ("[['path', 'Student/list']]", "path", "The path starts with /."),
        ("[['query', '  ']]", "query", "Enter the GraphQL query."),
        ("[['variables', '{bad']]", "variables", "Not valid JSON: "),
        ("[['variables', '[1, 2]']]", "variables", "This is a JSON object: {…}."),
        ("[['auth', true], ['identityProvider', '']]", "identityProvider", "Name the identity provider that checks the token."),
        ("[['rateLimitingEnabled', true], ['maxRequestCount', '0'], ['intervalInSeconds', '60']]", "maxRequestCount", "A whole number above 0."),
        ("[['rateLimitingEnabled', true], ['maxRequestCount', '5'], ['intervalInSeconds', '1.5']]", "intervalInSeconds", "A whole number above 0."),
        ("[['inputSchema', 'nope']]", "inputSchema", "Not valid JSON: "),
        ("[['outputSchema', '3']]", "outputSchema", "This is a JSON object: {…}."),
    ];
    for (changes, field, message) in editor_rows {
        app.click("#api-reset").await;
        app.run(
            &format!(
                "for (const [name, value] of {changes}) {{
                   const el = document.querySelector(`#api-editor [data-field=${{name}}]`)
                     || document.querySelector(`#api-editor .field[data-for=${{name}}] input`);
                   if (typeof value === 'boolean') el.checked = value; else el.value = value;
                   el.dispatchEvent(new Event('change', {{bubbles: true}}));
                 }}"
            ),
            vec![],
        )
        .await;
        app.click("#api-save").await;
        let shown = field_error(&app, ed, field).await;
        assert!(
            shown.starts_with(message),
            "{changes}: {field} says {shown:?}"
        );
    }
    app.screenshot("fm-apis-editor-refused").await;
    assert_eq!(histories(&app, &id).await.len(), 2, "nothing was saved");
    app.click("#api-reset").await;

    // Rename, then disable: greyed in the tree, and the console refuses a try of it.
    app.click(".api-head [data-action=rename]").await;
    app.fill("#api-rename [data-field=name]", "All students")
        .await;
    app.click("dialog.modal button[data-action=rename]").await;
    app.wait_text("#api-name", "All students").await;
    app.click(".api-head [data-action=toggle]").await;
    app.wait_script(&format!(
        "return document.querySelector(\"#apis-tree .tree-row.off[data-node='{id}']\")"
    ))
    .await;
    app.click("[data-tab=try]").await;
    app.click("#try-send").await;
    app.wait_text("#try-status", "404").await;
    app.wait_text("#try-answer-body", "is disabled").await;
    app.screenshot("fm-apis-disabled").await;

    // Search by name and by path: the matches with their folder, nothing else.
    let shown_rows =
        "return [...document.querySelectorAll('#apis-tree .tree-row')].map((r) => r.dataset.name)";
    app.fill("#api-search", "paginated").await;
    app.wait_script("return document.querySelectorAll('#apis-tree .tree-row').length === 2")
        .await;
    assert_eq!(
        app.run(shown_rows, vec![]).await,
        json!(["Student APIs", "Fetch a paginated Student records list"])
    );
    app.fill("#api-search", "{id}").await;
    app.wait_script("return document.querySelectorAll('#apis-tree .tree-row').length === 4")
        .await;
    app.screenshot("fm-apis-search").await;
    set_value(&app, "#api-search", "").await;
    app.wait_script("return document.querySelectorAll('#apis-tree .tree-row').length === 7")
        .await;

    // Move it into a new top-level folder: only its parent changes.
    let node_before =
        invoke(&app, "flexmodel_apis_tree", json!({})).await[0]["children"][0].clone();
    assert_eq!(node_before["name"], "All students");
    app.click("#api-new-folder").await;
    app.select("#create-parent", "").await;
    app.fill("#api-create [data-field=name]", "Archive").await;
    app.click("dialog.modal button[data-action=create]").await;
    app.wait_text("#api-name", "Archive").await;
    let archive = node_id(&app, "Archive").await;
    open_node(&app, "All students").await;
    app.click(".api-head [data-action=move]").await;
    app.select("#move-target", &archive).await;
    app.click("dialog.modal button[data-action=move]").await;
    app.wait_script(&format!(
        "return window.__TAURI__.core.invoke('flexmodel_apis_tree').then((t) => t.some((r) => r.id === {} && r.children.some((c) => c.id === {})))",
        json!(archive), json!(id)
    ))
    .await;
    let tree = invoke(&app, "flexmodel_apis_tree", json!({})).await;
    let moved = tree
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == archive.as_str())
        .unwrap()["children"][0]
        .clone();
    for key in [
        "name",
        "enabled",
        "method",
        "path",
        "meta",
        "type",
        "createdAt",
    ] {
        assert_eq!(
            moved[key], node_before[key],
            "{key} is unchanged by the move"
        );
    }

    // Delete the seeded folder, with a folder and an API under it: the dialog says what goes.
    open_node(&app, "Student APIs").await;
    app.click("#api-new-folder").await;
    app.fill("#api-create [data-field=name]", "Nested").await;
    app.click("dialog.modal button[data-action=create]").await;
    app.wait_text("#api-name", "Nested").await;
    app.click("#api-new").await;
    app.fill("#api-create [data-field=name]", "Deep").await;
    app.fill("#api-create [data-field=path]", "/deep").await;
    app.click("dialog.modal button[data-action=create]").await;
    app.wait_text("#api-name", "Deep").await;
    open_node(&app, "Student APIs").await;
    app.click(".api-head [data-action=delete]").await;
    app.wait_text("#delete-children", "“Nested”").await;
    app.wait_text("#delete-children", "“Create Student record”")
        .await;
    app.wait_text("#delete-deeper-note", "“Deep”").await;
    app.screenshot("fm-apis-delete").await;
    app.click("dialog.modal button[data-action=confirm]").await;
    app.wait_script(
        "return !document.querySelector('#apis-tree .tree-row[data-name=\"Student APIs\"]')",
    )
    .await;
    let after = tree_names(&app).await;
    assert_eq!(
        after,
        [
            ("Archive".to_owned(), String::new()),
            ("All students".to_owned(), "Archive".to_owned())
        ]
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seeded_rename_as_a_diff_in_the_dark_theme_and_in_chinese() {
    let app = App::launch_with(
        "fm-apis-dark",
        &[("GTK_THEME", "Adwaita:dark")],
        console_desk_e2e::open_on_flexmodel_sandbox,
    )
    .await;
    app.wait_script("return document.getElementById('project-switch')?.value")
        .await;
    assert_eq!(
        app.run(
            "return matchMedia('(prefers-color-scheme: dark)').matches",
            vec![]
        )
        .await,
        json!(true)
    );
    app.click("a[data-route=apis]").await;
    // The screen opens on the first API: the seeded list, renamed once (two versions).
    app.wait_text("#api-name", "List students").await;
    app.click("[data-tab=history]").await;
    app.wait_script("return document.querySelectorAll('#history-list .history-pick').length === 3")
        .await;
    app.click("#history-list .history-item:not(.current) + .history-item .history-pick")
        .await;
    app.click("#history-list [data-history='__current'] .history-pick")
        .await;
    app.click("#history-compare").await;
    app.wait_script("return document.querySelector('#api-diff .diff-row.diff-replace')")
        .await;
    let changed = app
        .run(
            "return [...document.querySelectorAll('#api-diff .diff-row:not(.diff-equal)')].map((r) => [r.dataset.change, r.querySelector('.diff-left').textContent.trim(), r.querySelector('.diff-right').textContent.trim()])",
            vec![],
        )
        .await;
    assert_eq!(
        changed,
        json!([[
            "replace",
            "\"name\": \"Fetch Student records list\",",
            "\"name\": \"List students\","
        ]]),
        "the oldest version against the current definition: only the name"
    );
    app.screenshot("fm-apis-diff-dark").await;
    app.click("#lang-switch").await;
    app.wait_text("#content h1", "接口管理").await;
    app.wait_text("[data-tab=history]", "历史版本").await;
    app.screenshot("fm-apis-zh-dark").await;
    app.close().await;
}
