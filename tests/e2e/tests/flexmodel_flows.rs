//! The Flows screen in the real window, against a FlexModel sandbox the test also reads
//! directly: the list with status words and the search by name; a table of bad input for the
//! create form (each message shown, nothing sent); creating a flow, editing its remark (the
//! model untouched), deploying it (and the console's words for a flow without a model),
//! deleting it with the typed confirmation of a production profile; a seeded flow's page with
//! its diagram (one box per node of the model); starting an instance with variables after a
//! table of bad variables (nothing started), a lost answer said as unknown and not resent,
//! the outcome and its link; a flow not deployed
//! refused before sending. Dark and Chinese screenshots.

mod fm_console;
mod fm_flows_support;

use console_desk_e2e::App;
use flexmodel_api::{FlowCreate, FlowQuery, FlowUpdate};
use fm_console::FmConsole;
use fm_flows_support::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn list_search_create_edit_deploy_and_delete_a_flow() {
    let console = FmConsole::start().await;
    let app = console.open_app("fm-flows-crud", true).await;
    app.click("a[data-route=flows]").await;
    let seeded = wait_rows(&app, 4).await;
    // Newest first, each status as the console says it (1 draft, 2 editing, 4 published).
    assert_eq!(
        seeded,
        json!([
            ["请假审批", "4"],
            ["订单同步", "4"],
            ["入职流程", "2"],
            ["报销流程", "1"]
        ])
    );
    app.wait_text("#flows-table", "Published").await;
    app.wait_text("#flows-table", "Draft").await;
    app.screenshot("fm-flows-list").await;

    // Search by name on the console: a substring.
    app.fill("#flows-search", "审批").await;
    assert_eq!(wait_rows(&app, 1).await, json!([["请假审批", "4"]]));
    let hash = app.run("return location.hash", vec![]).await;
    assert!(
        hash.as_str().unwrap().contains("q=%E5%AE%A1%E6%89%B9"),
        "{hash}"
    );
    type_in(&app, "#flows-search", "").await;
    wait_rows(&app, 4).await;

    // The create form refuses bad input before sending.
    app.click("#flow-new").await;
    let long = "k".repeat(65);
    let table: [(&str, &str, &str, &str); 6] = [
        ("", "leave_e2e", "flowName", "Enter a name"),
        ("Leave e2e", "", "flowKey", "Enter a key"),
        ("Leave e2e", "1leave", "flowKey", "starts with a letter"),
        ("Leave e2e", "leave e2e", "flowKey", "only letters, digits"),
        ("Leave e2e", &long, "flowKey", "at most 64"),
        (
            "Leave e2e",
            "approval",
            "flowKey",
            "“请假审批” already has the key approval",
        ),
    ];
    for (name, key, field, message) in table {
        type_in(&app, "#flow-name", name).await;
        type_in(&app, "#flow-key", key).await;
        app.click("dialog.modal [data-action=create]").await;
        field_error(&app, field, message).await;
        if field == "flowKey" && key == "approval" {
            app.screenshot("fm-flows-create-refused").await;
        }
    }
    assert_eq!(console.requests("POST", "/f/flows"), 0, "nothing was sent");
    let all = console
        .client
        .flows()
        .list_all(&FlowQuery::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 4);

    // Put right, it is created.
    app.fill("#flow-name", "Leave e2e").await;
    app.fill("#flow-key", "leave_e2e").await;
    app.fill("#flow-remark", "first").await;
    app.click("dialog.modal [data-action=create]").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    let now = wait_rows(&app, 5).await;
    assert_eq!(now[0], json!(["Leave e2e", "1"]));
    assert_eq!(console.requests("POST", "/f/flows"), 1);
    let id = flow_id(&console, "leave_e2e").await;

    // Meanwhile a designer saves a model: editing the remark keeps it as it is.
    let model = json!({"flowElementList": [
        {"key": "start", "type": 2, "incoming": [], "outgoing": ["f1"], "properties": {}},
        {"key": "f1", "type": 1, "incoming": ["start"], "outgoing": ["end"], "properties": {}},
        {"key": "end", "type": 3, "incoming": ["f1"], "outgoing": [], "properties": {}},
    ]});
    console
        .client
        .flows()
        .update(&id, &FlowUpdate::default().model(&model))
        .await
        .unwrap();
    let row = format!("#flows-table tr[data-id='{id}']");
    app.click(&format!("{row} [data-act=edit]")).await;
    // The edit form's bad input: a blank name (alone or with a new remark), nothing sent.
    let puts = console.requests("PUT", &format!("/f/flows/{id}"));
    for (name, remark) in [("", "first"), ("   ", "second")] {
        type_in(&app, "#flow-edit-name", name).await;
        type_in(&app, "#flow-edit-remark", remark).await;
        app.click("dialog.modal [data-action=save]").await;
        field_error(&app, "flowName", "Enter a name").await;
        app.run("document.querySelector('dialog.modal .field[data-for=flowName] .field-error').textContent = ''", vec![]).await;
    }
    assert_eq!(
        console.requests("PUT", &format!("/f/flows/{id}")),
        puts,
        "nothing sent"
    );
    app.fill("#flow-edit-name", "Leave e2e").await;
    app.fill("#flow-edit-remark", "second").await;
    app.screenshot("fm-flows-edit").await;
    app.click("dialog.modal [data-action=save]").await;
    app.wait_text(&format!("{row} .flow-remark"), "second")
        .await;
    let stored = console.client.flows().get(&id, None).await.unwrap();
    assert_eq!(stored.remark.as_deref(), Some("second"));
    assert_eq!(stored.flow_name.as_deref(), Some("Leave e2e"));
    assert_eq!(stored.flow_key.as_deref(), Some("leave_e2e"));
    assert_eq!(
        stored.model(),
        Some(model.clone()),
        "the model is untouched"
    );

    // Deploy: the seeded draft has no model and the console says so; ours is published.
    let draft = flow_id(&console, "expense").await;
    app.click(&format!(
        "#flows-table tr[data-id='{draft}'] [data-act=deploy]"
    ))
    .await;
    app.wait_text("#toasts .toast-error", "3201").await;
    app.screenshot("fm-flows-deploy-refused").await;
    app.click("#toasts .toast-error .toast-close").await;
    app.click(&format!("{row} [data-act=deploy]")).await;
    app.wait_script(&format!(
        "return document.querySelector(\"{row} [data-status]\")?.dataset.status === '4'"
    ))
    .await;
    let stored = console.client.flows().get(&id, None).await.unwrap();
    assert_eq!(
        stored.status.map(|s| s.label()).as_deref(),
        Some("published")
    );
    assert!(stored.flow_deploy_id.is_some());

    // Its model edited after the deployment: its page says instances run the deployed one;
    // deploying again makes them the same.
    let first_deploy = stored.flow_deploy_id.clone().unwrap();
    let mut edited = model.clone();
    edited["flowElementList"][0]["properties"] = json!({"name": "Begin"});
    console
        .client
        .flows()
        .update(&id, &FlowUpdate::default().model(&edited))
        .await
        .unwrap();
    app.click(&format!("{row} .flow-name")).await;
    app.wait_text("#flow-title", "Leave e2e").await;
    app.wait_script(&format!(
        "const n = document.getElementById('flow-undeployed'); return n.dataset.checked === '{first_deploy}' && !n.hidden"
    ))
    .await;
    app.wait_text("#flow-diagram", "Begin").await;
    app.screenshot("fm-flows-undeployed").await;
    app.click("#flow-deploy").await;
    app.wait_script(&format!(
        "const n = document.getElementById('flow-undeployed'); return n.dataset.checked && n.dataset.checked !== '{first_deploy}' && n.hidden"
    ))
    .await;
    let stored = console.client.flows().get(&id, None).await.unwrap();
    let deployed = console
        .client
        .flows()
        .get(&id, stored.flow_deploy_id.as_deref())
        .await
        .unwrap();
    assert_ne!(
        stored.flow_deploy_id.as_deref(),
        Some(first_deploy.as_str())
    );
    assert_eq!(deployed.model(), Some(edited));
    app.click("#flow-back").await;
    wait_rows(&app, 5).await;

    // Delete, typed on this production profile: a wrong name keeps it.
    app.click(&format!("{row} [data-act=delete]")).await;
    app.fill("dialog.modal input[aria-label=confirm-name]", "Leave")
        .await;
    app.click("dialog.modal [data-action=confirm]").await;
    assert_eq!(console.requests("DELETE", &format!("/f/flows/{id}")), 0);
    app.fill("dialog.modal input[aria-label=confirm-name]", "Leave e2e")
        .await;
    app.screenshot("fm-flows-delete-typed").await;
    app.click("dialog.modal [data-action=confirm]").await;
    wait_rows(&app, 4).await;
    assert_eq!(console.requests("DELETE", &format!("/f/flows/{id}")), 1);
    let all = console
        .client
        .flows()
        .list_all(&FlowQuery::default())
        .await
        .unwrap();
    assert!(all.iter().all(|f| f.flow_module_id != id));

    // More than a page: the page stays in the address and the screen comes back on it.
    for i in 1..=20 {
        let flow = FlowCreate {
            flow_key: format!("bulk_{i:02}"),
            flow_name: format!("Bulk {i:02}"),
            remark: None,
        };
        console.client.flows().create(&flow).await.unwrap();
    }
    app.click("a[data-route=models]").await;
    app.wait_script("return document.getElementById('content')?.dataset.screen === 'models'")
        .await;
    app.click("a[data-route=flows]").await;
    wait_rows(&app, 20).await;
    app.wait_text("#flows-table .table-footer", "24 in all")
        .await;
    app.click("#flows-table .table-footer .btn:last-child")
        .await;
    app.wait_text("#flows-table .table-footer", "Page 2 of 2")
        .await;
    assert_eq!(
        wait_rows(&app, 4).await,
        seeded,
        "the oldest four on page 2"
    );
    let hash = app.run("return location.hash", vec![]).await;
    assert!(hash.as_str().unwrap().contains("page=2"), "{hash}");
    app.click("a[data-route=models]").await;
    app.wait_script("return document.getElementById('content')?.dataset.screen === 'models'")
        .await;
    app.run("history.back()", vec![]).await;
    app.wait_text("#flows-table .table-footer", "Page 2 of 2")
        .await;
    assert_eq!(wait_rows(&app, 4).await, seeded);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flows_page_its_diagram_and_starting_an_instance() {
    let console = FmConsole::start().await;
    let app = console.open_app("fm-flows-start", false).await;
    let approval = flow_id(&console, "approval").await;
    app.click("a[data-route=flows]").await;
    wait_rows(&app, 4).await;
    app.click(&format!("#flows-table tr[data-id='{approval}'] .flow-name"))
        .await;
    app.wait_text("#flow-title", "请假审批").await;
    let hash = app.run("return location.hash", vec![]).await;
    assert!(
        hash.as_str().unwrap().contains(&format!("flow={approval}")),
        "{hash}"
    );

    // The diagram: one box per node of the model, the count said beside it.
    let model = console
        .client
        .flows()
        .get(&approval, None)
        .await
        .unwrap()
        .model()
        .unwrap();
    let elements = model["flowElementList"].as_array().unwrap();
    let nodes = elements.iter().filter(|e| e["type"] != 1).count();
    assert_eq!((nodes, elements.len() - nodes), (5, 4));
    app.wait_text("#flow-element-count", "Nodes 5 · sequence flows 4")
        .await;
    let drawn = app.wait_script(NODE_BOXES).await;
    let mut drawn: Vec<String> = serde_json::from_value(drawn).unwrap();
    let mut keys: Vec<String> = elements
        .iter()
        .filter(|e| e["type"] != 1)
        .map(|e| e["key"].as_str().unwrap().to_owned())
        .collect();
    drawn.sort();
    keys.sort();
    assert_eq!(drawn, keys, "one box per node of the model");
    let arrows = app
        .run(
            "return document.querySelectorAll('#flow-diagram .fm-diagram-edge').length",
            vec![],
        )
        .await;
    assert_eq!(arrows, json!(4));
    app.wait_text("#flow-fact-key", "approval").await;
    app.screenshot("fm-flows-page").await;

    // The variables editor refuses bad JSON and anything but an object: nothing started.
    let before = instances_of(&console, &approval).await;
    app.click("#flow-start").await;
    let table = [
        ("{", "Line 1, column 1"),
        ("[1]", "must be a JSON object"),
        ("\"x\"", "must be a JSON object"),
        ("{\"days\": 3,\n\"who\" \"Li\"}", "Line 2, column 7"),
    ];
    for (text, message) in table {
        set_text(&app, "#flow-vars", text).await;
        app.click("dialog.modal [data-action=start]").await;
        field_error(&app, "variables", message).await;
        if text == "{" {
            app.screenshot("fm-flows-vars-refused").await;
        }
    }
    assert_eq!(
        console.requests("POST", "/instances/start"),
        0,
        "nothing sent"
    );
    assert_eq!(instances_of(&console, &approval).await, before);

    // The answer lost (a 502 from a gateway): an unknown outcome, said, and never resent.
    let good = "{\"days\": 3, \"applicant\": \"E2E\"}";
    console.sandbox.fail_next(1, 502);
    set_text(&app, "#flow-vars", good).await;
    app.click("dialog.modal [data-action=start]").await;
    app.wait_text("#flow-start-error", "Outcome unknown").await;
    app.wait_text("#flow-start-outcome", "not sent again").await;
    app.screenshot("fm-flows-start-unknown").await;
    let again = app
        .run(
            "return document.querySelectorAll('dialog.modal [data-action=start]').length",
            vec![],
        )
        .await;
    assert_eq!(again, json!(0), "no second try offered");
    assert_eq!(console.requests("POST", "/instances/start"), 1, "sent once");
    assert_eq!(instances_of(&console, &approval).await, before);
    app.click("dialog.modal .modal-title .icon-btn").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;

    // Good variables: started once, its id and status shown, with a link to it.
    app.click("#flow-start").await;
    set_text(&app, "#flow-vars", good).await;
    app.click("dialog.modal [data-action=start]").await;
    let shown = app.wait_text("#flow-start-outcome", "Running").await;
    app.screenshot("fm-flows-started").await;
    assert_eq!(console.requests("POST", "/instances/start"), 2);
    let after = instances_of(&console, &approval).await;
    assert_eq!(after.len(), before.len() + 1);
    let started = after.iter().find(|i| !before.contains(i)).unwrap().clone();
    assert!(shown.contains(&started), "{shown} names {started}");
    let instance = console.client.instances().get(&started).await.unwrap();
    assert_eq!(
        instance.status.map(|s| s.label()).as_deref(),
        Some("running")
    );
    app.click("#flow-open-instance").await;
    app.wait_script(&format!(
        "return location.hash.includes('instances') && location.hash.includes('instance={started}')"
    ))
    .await;

    // A flow never deployed: said before sending, nothing sent.
    let draft = flow_id(&console, "expense").await;
    app.run(
        "location.hash = arguments[0]",
        vec![json!(format!("#/flows?flow={draft}"))],
    )
    .await;
    app.wait_text("#flow-title", "报销流程").await;
    app.wait_text("#flow-no-model", "no model").await;
    app.click("#flow-start").await;
    app.wait_text("#flow-start-note", "not deployed").await;
    let disabled = app
        .run(
            "return document.querySelector('dialog.modal [data-action=start]').disabled",
            vec![],
        )
        .await;
    assert_eq!(disabled, json!(true));
    app.screenshot("fm-flows-not-deployed").await;
    assert_eq!(console.requests("POST", "/instances/start"), 2);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn flows_in_the_dark_theme_and_in_chinese() {
    let app = App::launch_with(
        "fm-flows-dark",
        &[("GTK_THEME", "Adwaita:dark")],
        console_desk_e2e::open_on_flexmodel_sandbox,
    )
    .await;
    app.wait_script("return document.getElementById('project-switch')?.value")
        .await;
    app.click("a[data-route=flows]").await;
    wait_rows(&app, 4).await;
    app.screenshot("fm-flows-list-dark").await;
    app.click_text("#flows-table .flow-name", "请假审批").await;
    app.wait_script(NODE_BOXES).await;
    app.screenshot("fm-flows-page-dark").await;
    // Every string of the screen (and the diagram's) in both languages.
    let missing = app
        .client
        .execute_async("const done = arguments[arguments.length - 1]; import('./i18n.js').then((m) => done(m.missingKeys()));", vec![])
        .await
        .unwrap();
    assert_eq!(missing, json!([]), "strings missing a translation");
    app.click("#lang-switch").await;
    app.wait_text("#flow-toolbar", "启动实例").await;
    app.wait_text("#flow-element-count", "5 个节点").await;
    app.screenshot("fm-flows-page-zh-dark").await;
    app.click("#flow-start").await;
    app.fill("#flow-vars", "[1]").await;
    app.click("dialog.modal [data-action=start]").await;
    field_error(&app, "variables", "变量必须是 JSON 对象").await;
    app.screenshot("fm-flows-start-zh-dark").await;
    app.close().await;
}
