//! The flow instances screens in the real window, on a FlexModel sandbox outside the app (its
//! request record and faults): an instance started through the client is opened, its diagram
//! coloured (the active user task active); a table of bad variables for the commit editor, each
//! message shown and nothing sent; a lost commit answer reported as unknown and sent ONCE;
//! committing its user tasks until it completes. Terminating with the typed confirmation of a
//! production profile. Rolling a task back on a dark desktop, in English and Chinese.

mod fm_console;

use console_desk_e2e::App;
use flexmodel_api::{FlowInstanceStatus, FlowQuery, NodeStatus};
use fm_console::FmConsole;
use serde_json::{json, Value};

/// The seeded `approval` flow's module id (start → submit → approve → record → end).
async fn approval(console: &FmConsole) -> String {
    let query = FlowQuery {
        flow_key: Some("approval".into()),
        ..FlowQuery::default()
    };
    let flows = console.client.flows().list(&query).await.unwrap();
    flows.list[0].flow_module_id.clone()
}

async fn start(console: &FmConsole, variables: Value) -> String {
    let id = approval(console).await;
    let run = console
        .client
        .instances()
        .start(&id, None, &variables)
        .await
        .unwrap();
    run.flow_instance_id.expect("the instance's id")
}

/// From the list (the nav link, then the instance's row) to the instance's page.
async fn open_instance(app: &App, id: &str) {
    app.click("a[data-route=instances]").await;
    app.fill("#inst-id", id).await;
    let row = format!("#inst-table tr[data-id='{id}'] [data-action=open]");
    app.click(&row).await;
    app.wait_script(&format!(
        "return document.querySelector('.inst-page')?.dataset.instance === {} && document.querySelector('#inst-tasks')",
        json!(id)
    ))
    .await;
}

/// Once node `key` is at `status`: its latest row in the executed elements, and its node in
/// the diagram (the status attribute the diagram colours it by).
async fn wait_node(app: &App, key: &str, status: i64) {
    app.wait_script(&format!(
        "const rows = [...document.querySelectorAll('#inst-elements tbody tr')].filter((r) => r.dataset.key === {k}); \
         const node = [...document.querySelectorAll('#inst-diagram g.fm-node')].find((g) => g.dataset.key === {k}); \
         return rows.length && rows[rows.length - 1].dataset.status === {s} && node?.dataset.status === {s};",
        k = json!(key),
        s = json!(status.to_string())
    ))
    .await;
}

/// Each executed element's key and status, in order.
async fn elements(app: &App) -> Vec<(String, String)> {
    let v = app
        .run(
            "return [...document.querySelectorAll('#inst-elements tbody tr')].map((r) => [r.dataset.key, r.dataset.status])",
            vec![],
        )
        .await;
    serde_json::from_value(v).unwrap()
}

/// Opens the commit dialog of the active task `key`, writes `variables` and asks to commit.
async fn commit_dialog(app: &App, key: &str, variables: &str) {
    app.click(&format!(
        "#inst-tasks tr[data-key={key}] [data-action=commit]"
    ))
    .await;
    app.fill("#commit-variables", variables).await;
    app.click("dialog.modal [data-action=commit-next]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn open_an_instance_refuse_bad_variables_survive_a_lost_answer_and_commit_to_the_end() {
    let console = FmConsole::start().await;
    let id = start(&console, json!({"days": 4, "applicant": "e2e"})).await;
    let app = console.open_app("fm-instances-commit", false).await;

    // The list, filtered by the flow and by status.
    app.click("a[data-route=instances]").await;
    app.wait_script(&format!(
        "return document.querySelector(\"#inst-table tr[data-id='{id}']\")"
    ))
    .await;
    let module = approval(&console).await;
    app.wait_script(&format!(
        "return document.querySelector('#inst-flow option[value={}]')",
        json!(module)
    ))
    .await;
    app.select("#inst-flow", &module).await;
    app.select("#inst-status", "2").await;
    app.wait_script("return document.querySelector('#inst-table tbody') && [...document.querySelectorAll('#inst-table tbody tr')].every((r) => r.querySelector('[data-status]')?.dataset.status === '2')").await;
    let rows = app.run("return [...document.querySelectorAll('#inst-table tbody tr')].map((r) => r.dataset.id)", vec![]).await;
    let running = console
        .client
        .instances()
        .list_all(&flexmodel_api::InstanceQuery {
            flow_module_id: Some(module.clone()),
            status: Some(FlowInstanceStatus::Running),
            ..Default::default()
        })
        .await
        .unwrap();
    let expected: Vec<&str> = running
        .iter()
        .map(|i| i.flow_instance_id.as_str())
        .collect();
    assert_eq!(
        rows,
        json!(expected),
        "the approval flow's running instances, as the console lists them"
    );
    assert!(expected.contains(&id.as_str()));
    let hash = app.run("return location.hash", vec![]).await;
    assert!(hash.as_str().unwrap().contains("status=2"), "{hash}");
    app.screenshot("fm-instances-list").await;

    // The instance: its diagram with the first user task active, the elements run so far.
    open_instance(&app, &id).await;
    wait_node(&app, "submit", 2).await;
    wait_node(&app, "start", 1).await;
    // Coloured: the active task's box is filled otherwise than a node not reached yet.
    let fills = app
        .run(
            "const fill = (k) => getComputedStyle([...document.querySelectorAll('#inst-diagram g.fm-node')].find((g) => g.dataset.key === k).querySelector('rect')).fill; \
             return [fill('submit'), fill('approve'), document.querySelector('#inst-diagram g.fm-node[data-key=approve]').hasAttribute('data-status')];",
            vec![],
        )
        .await;
    assert_ne!(fills[0], fills[1], "{fills}");
    assert_eq!(fills[2], json!(false), "a node not reached has no status");
    let before = elements(&app).await;
    assert_eq!(
        before.last().unwrap(),
        &("submit".to_owned(), "2".to_owned()),
        "{before:?}"
    );
    app.screenshot("fm-instances-page").await;

    // Bad variables: each message under the editor, the dialog still open, nothing sent.
    let bad = [
        ("{days: 3}", "not valid JSON"),
        ("[1, 2]", "not a list"),
        ("\"yes\"", "not a text"),
        ("null", "not null"),
        ("42", "not a number"),
        ("{\" \": 1}", "Every variable needs a name"),
    ];
    app.click("#inst-tasks tr[data-key=submit] [data-action=commit]")
        .await;
    for (text, message) in bad {
        app.fill("#commit-variables", text).await;
        app.click("dialog.modal [data-action=commit-next]").await;
        let shown = app
            .wait_text(
                "dialog.modal .field[data-for=variables] .field-error",
                message,
            )
            .await;
        assert!(shown.contains(message), "{text}: {shown}");
        assert!(
            app.run(
                "return !!document.querySelector('#commit-variables')",
                vec![]
            )
            .await
            .as_bool()
            .unwrap(),
            "{text}: the editor stays"
        );
    }
    app.screenshot("fm-instances-commit-bad").await;
    app.click("dialog.modal .modal-title .icon-btn").await;
    assert_eq!(
        console.requests("POST", "/commit"),
        0,
        "no bad variables were sent"
    );
    let tasks = console.client.instances().user_tasks(&id).await.unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(
        tasks[0].status,
        Some(NodeStatus::Active),
        "the task is as it was"
    );

    // A lost answer: the console answers 502; the window says the outcome is unknown, with the
    // console's advice, and the commit went out exactly once.
    commit_dialog(&app, "submit", "{\"note\": \"lost\"}").await;
    app.find("dialog.modal [data-action=confirm]").await;
    console.sandbox.fail_next(1, 502);
    app.click("dialog.modal [data-action=confirm]").await;
    let said = app
        .wait_text("#inst-outcome [data-outcome=unknown]", "unknown")
        .await;
    assert!(said.contains("Check the instance's user tasks"), "{said}");
    assert!(said.contains("did not send it again"), "{said}");
    // What the console holds was read again: the task is still active (the 502 ran nothing).
    wait_node(&app, "submit", 2).await;
    app.screenshot("fm-instances-unknown").await;
    assert_eq!(
        console.requests("POST", "/commit"),
        1,
        "sent once, never again"
    );

    // Committed with variables: the next task is active, the variables the engine answered shown.
    commit_dialog(&app, "submit", "{\"approved\": true, \"comment\": \"ok\"}").await;
    app.click("dialog.modal [data-action=confirm]").await;
    wait_node(&app, "approve", 2).await;
    wait_node(&app, "submit", 1).await;
    app.wait_text("#inst-variables", "\"comment\": \"ok\"")
        .await;
    assert_eq!(
        app.run(
            "return document.querySelector('#inst-outcome').children.length",
            vec![]
        )
        .await,
        json!(0)
    );
    commit_dialog(&app, "approve", "{}").await;
    app.click("dialog.modal [data-action=confirm]").await;
    app.wait_script("return document.querySelector('#inst-status [data-status=\"1\"]')")
        .await;
    wait_node(&app, "end", 1).await;
    let after = elements(&app).await;
    assert!(after.len() > before.len(), "{before:?} → {after:?}");
    assert_eq!(
        after.last().unwrap(),
        &("end".to_owned(), "1".to_owned()),
        "{after:?}"
    );
    assert!(app
        .run(
            "return document.querySelector('#inst-terminate').disabled",
            vec![]
        )
        .await
        .as_bool()
        .unwrap());
    assert_eq!(console.requests("POST", "/commit"), 3);
    let done = console.client.instances().get(&id).await.unwrap();
    assert_eq!(done.status, Some(FlowInstanceStatus::Completed));
    app.screenshot("fm-instances-completed").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn terminate_a_running_instance_with_the_typed_confirmation_of_production() {
    let console = FmConsole::start().await;
    let id = start(&console, json!({"days": 9})).await;
    let app = console.open_app("fm-instances-terminate", true).await;
    open_instance(&app, &id).await;
    app.wait_script("return document.querySelector('#inst-status [data-status=\"2\"]')")
        .await;

    // The name not typed: refused, nothing sent.
    app.click("#inst-terminate").await;
    app.click("dialog.modal [data-action=confirm]").await;
    app.wait_script(
        "return document.querySelector('dialog.modal input[aria-label=confirm-name].invalid')",
    )
    .await;
    app.screenshot("fm-instances-terminate-typed").await;
    assert_eq!(console.requests("POST", "/terminate"), 0);
    app.fill("dialog.modal input[aria-label=confirm-name]", &id)
        .await;
    app.click("dialog.modal [data-action=confirm]").await;
    app.wait_script("return document.querySelector('#inst-status [data-status=\"3\"]')")
        .await;
    assert!(app
        .run(
            "return document.querySelector('#inst-terminate').disabled",
            vec![]
        )
        .await
        .as_bool()
        .unwrap());
    assert!(
        app.run(
            "return !document.querySelector('#inst-tasks [data-action=commit]')",
            vec![]
        )
        .await
        .as_bool()
        .unwrap(),
        "no commit on a terminated instance"
    );
    assert_eq!(console.requests("POST", "/terminate"), 1);
    let stopped = console.client.instances().get(&id).await.unwrap();
    assert_eq!(stopped.status, Some(FlowInstanceStatus::Terminated));
    app.screenshot("fm-instances-terminated").await;

    // In Chinese: the page's words and the list's.
    app.click("#lang-switch").await;
    app.wait_text("#inst-terminate", "终止").await;
    app.wait_text("#inst-status", "已终止").await;
    app.screenshot("fm-instances-page-zh").await;
    app.click("#inst-back").await;
    app.wait_text("#content h1", "流程实例").await;
    // Back on the list of this instance's flow (`?flow=`, as `ctx.openInstances` puts it).
    let module = approval(&console).await;
    let chosen = app
        .wait_script(&format!(
            "return document.querySelector('#inst-flow').value === {} && location.hash",
            json!(module)
        ))
        .await;
    assert!(
        chosen.as_str().unwrap().contains(&format!("flow={module}")),
        "{chosen}"
    );
    app.wait_script(&format!(
        "return document.querySelector(\"#inst-table tr[data-id='{id}']\")"
    ))
    .await;
    app.screenshot("fm-instances-list-zh").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn roll_a_task_back_on_a_dark_desktop_in_english_and_chinese() {
    let app = App::launch_with(
        "fm-instances-dark",
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
    app.click("a[data-route=instances]").await;
    app.wait_script("return document.querySelectorAll('#inst-table tbody tr').length >= 6")
        .await;
    app.screenshot("fm-instances-list-dark").await;

    // The seed's instance waiting at the manager's approval (its first task committed).
    let waiting = app
        .wait_script(
            "const invoke = window.__TAURI__.core.invoke; \
             return invoke('flexmodel_instances_list', {query: {status: 2}}).then(async (page) => { \
               for (const i of page.list) { \
                 const tasks = await invoke('flexmodel_instances_user_tasks', {id: i.flowInstanceId}); \
                 if (tasks.length === 2 && tasks[0].key === 'approve' && tasks[0].status === 2) return i.flowInstanceId; \
               } \
               return null; });",
        )
        .await;
    let waiting = waiting.as_str().unwrap().to_owned();
    open_instance(&app, &waiting).await;
    wait_node(&app, "approve", 2).await;
    app.screenshot("fm-instances-page-dark").await;

    // Rolled back: the approval revoked, the submission active again.
    app.click("#inst-tasks tr[data-key=approve] [data-action=rollback]")
        .await;
    app.wait_text("dialog.modal", "Roll back the user task")
        .await;
    app.click("dialog.modal [data-action=confirm]").await;
    wait_node(&app, "approve", 4).await;
    wait_node(&app, "submit", 2).await;
    app.wait_script("return document.querySelector('#inst-tasks tr[data-key=submit][data-status=\"2\"] [data-action=commit]')").await;
    app.screenshot("fm-instances-rolled-back-dark").await;

    app.click("#lang-switch").await;
    app.wait_text("#inst-tasks", "回滚").await;
    app.wait_text("#inst-elements", "已撤回").await;
    app.screenshot("fm-instances-page-zh-dark").await;
    // Every string of these screens has its English and its Chinese.
    let missing = app
        .run(
            "return import('./i18n.js').then((m) => m.missingKeys())",
            vec![],
        )
        .await;
    assert_eq!(missing, json!([]), "strings missing a translation");
    app.close().await;
}
