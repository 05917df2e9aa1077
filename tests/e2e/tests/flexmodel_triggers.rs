//! The Triggers screen in the real window. On a FlexModel sandbox outside the app (its request
//! record tells what was sent): a table of bad input for the trigger form, each message shown
//! and nothing sent, an invalid cron refused with the sandbox's own reason; a cron trigger
//! firing every 3 s created through the form, its next five fire times 3 s apart, saved, and
//! its job log appearing; a disabled trigger's "Run now" refused without asking; a seeded one
//! run now and its log appearing; an edit that keeps what was not touched. On the app's own
//! sandbox, in the dark theme: the list, the form's preview and the job logs.

mod fm_console;

use console_desk_e2e::App;
use flexmodel_api::{ErrorBody, Trigger, TriggerConfig, TriggerQuery};
use flexmodel_rules::cron::parse_cron;
use fm_console::FmConsole;
use serde_json::{json, Value};

/// The row of the trigger named `name` in the list.
fn row(name: &str) -> String {
    format!(
        "return [...document.querySelectorAll('#triggers-table tr[data-id]')].find((r) => r.querySelector('.trigger-name strong')?.textContent === {})?.dataset.id",
        json!(name)
    )
}

/// Picks the flow whose name is `name` in the form's flow select.
async fn pick_flow(app: &App, name: &str) {
    let id = app
        .wait_script(&format!(
            "return [...document.querySelectorAll('#trigger-flow option')].find((o) => o.textContent === {})?.value",
            json!(name)
        ))
        .await;
    app.select("#trigger-flow", id.as_str().unwrap()).await;
}

/// Types `value` into an input (empty: cleared, and the input event fired as typing does).
async fn type_into(app: &App, css: &str, value: &str) {
    if value.is_empty() {
        app.run(
            "const i = document.querySelector(arguments[0]); i.value = ''; i.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![json!(css)],
        )
        .await;
    } else {
        app.fill(css, value).await;
    }
}

/// Sets the form back to a valid cron trigger on the approval flow.
async fn valid_cron(app: &App) {
    app.fill("#trigger-name", "Every three seconds").await;
    pick_flow(app, "请假审批").await;
    app.select("#trigger-kind", "cron").await;
    app.fill("#trigger-cron", "*/3 * * * * ?").await;
    app.wait_script("return document.querySelectorAll('#trigger-times li').length === 5")
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_refused_a_cron_trigger_fires_run_now_disable_and_edit() {
    let console = FmConsole::start().await;
    let app = console.open_app("fm-triggers", false).await;
    app.click("a[data-route=triggers]").await;
    app.wait_text("#triggers-table", "每日审批提醒").await;
    // The app computes what the server leaves null: the enabled cron has a next fire time,
    // the disabled interval none.
    let daily = app.wait_script(&row("每日审批提醒")).await;
    let daily = daily.as_str().unwrap().to_owned();
    let next = app
        .run(
            "return document.querySelector(`#triggers-table tr[data-id='${arguments[0]}'] .trigger-next`)?.dataset.at",
            vec![json!(daily)],
        )
        .await;
    assert!(
        next.as_str().is_some_and(|t| t.contains("T08:00:00")),
        "the daily 8:00 trigger's next fire: {next}"
    );
    app.wait_text("#triggers-table tr", "none (disabled)").await;
    app.screenshot("fm-triggers-list").await;

    // The bad-input table: each message under its field, and nothing sent.
    app.click("#trigger-new").await;
    app.find("#trigger-form").await;
    let day_fields = parse_cron("0 0 8 * * *").unwrap_err();
    let seconds = parse_cron("61 * * * * ?").unwrap_err();
    type Step = (&'static str, &'static str);
    let rows: Vec<(&str, Vec<Step>, String)> = vec![
        (
            "blank name",
            vec![("#trigger-name", "  ")],
            "Give the trigger a name.".into(),
        ),
        (
            "no flow",
            vec![("#trigger-flow", "")],
            "Pick the flow it starts.".into(),
        ),
        (
            "blank cron",
            vec![("#trigger-cron", "")],
            "Enter a cron expression.".into(),
        ),
        (
            "both day fields",
            vec![("#trigger-cron", "0 0 8 * * *")],
            day_fields.clone(),
        ),
        (
            "61 seconds",
            vec![("#trigger-cron", "61 * * * * ?")],
            seconds.clone(),
        ),
        (
            "five fields",
            vec![("#trigger-cron", "0 8 * * ?")],
            parse_cron("0 8 * * ?").unwrap_err(),
        ),
        (
            "interval 0",
            vec![("#trigger-kind", "interval"), ("#trigger-interval", "0")],
            "IntervalScheduledTriggerConfig.interval must be greater than 0.".into(),
        ),
        (
            "interval not whole",
            vec![("#trigger-kind", "interval"), ("#trigger-interval", "1.5")],
            "The interval is a whole number of units.".into(),
        ),
        (
            "repeat not whole",
            vec![
                ("#trigger-kind", "interval"),
                ("#trigger-interval", "5"),
                ("#trigger-repeat", "2.5"),
            ],
            "The number of times is a whole number (0 or less: forever).".into(),
        ),
        (
            "event without a datasource",
            vec![("#trigger-kind", "event")],
            "Pick the datasource whose records it listens to.".into(),
        ),
        (
            "event without a mutation type",
            vec![
                ("#trigger-kind", "event"),
                ("#trigger-ds", "system"),
                ("#trigger-model", "Student"),
            ],
            "Tick at least one change: created, updated or deleted.".into(),
        ),
    ];
    for (what, steps, message) in &rows {
        valid_cron(&app).await;
        for (css, value) in steps {
            if css.starts_with("#trigger-kind") || css.starts_with("#trigger-flow") {
                app.select(css, value).await;
            } else if *css == "#trigger-ds" {
                app.wait_script(
                    "return document.querySelector('#trigger-ds option[value=system]')",
                )
                .await;
                app.select(css, value).await;
            } else if *css == "#trigger-model" {
                app.wait_script(
                    "return document.querySelector('#trigger-model option[value=Student]')",
                )
                .await;
                app.select(css, value).await;
            } else {
                type_into(&app, css, value).await;
            }
        }
        app.click("dialog.modal button[data-action=save-trigger]")
            .await;
        let shown = app
            .wait_text("#trigger-form .field.has-error .field-error", message)
            .await;
        assert_eq!(&shown, message, "{what}");
        assert!(
            app.run(
                "return Boolean(document.querySelector('#trigger-form'))",
                vec![]
            )
            .await
                == json!(true),
            "{what}: the form stays open"
        );
        // Unticks what an event row ticked, for the next row.
        app.run("document.querySelectorAll('#trigger-mutations input').forEach((b) => { b.checked = false; })", vec![]).await;
    }
    assert_eq!(
        console.requests("POST", "/f/triggers"),
        0,
        "nothing was sent"
    );
    assert_eq!(
        console
            .client
            .triggers()
            .list_all(&TriggerQuery::default())
            .await
            .unwrap()
            .len(),
        5,
        "the seeded five only"
    );
    // The app's check is the console's: the sandbox refuses these with the same reasons.
    let flows = console
        .client
        .flows()
        .list_all(&Default::default())
        .await
        .unwrap();
    let approval = flows
        .iter()
        .find(|f| f.flow_key.as_deref() == Some("approval"))
        .unwrap();
    for expr in ["61 * * * * ?", "0 0 8 * * *", "0 0 8 ? * ?", "0 8 * * ?"] {
        let t = Trigger::for_flow(
            "refused",
            &approval.flow_module_id,
            TriggerConfig::Cron {
                cron_expression: expr.into(),
            },
        );
        let err = console.client.triggers().create(&t).await.unwrap_err();
        assert_eq!(
            ErrorBody::from(&err).message,
            format!("创建定时任务失败: {}", parse_cron(expr).unwrap_err()),
            "{expr}"
        );
    }

    // An invalid cron is refused as it is typed, with the sandbox's reason.
    app.select("#trigger-kind", "cron").await;
    app.fill("#trigger-cron", "61 * * * * ?").await;
    app.wait_text(".field[data-for=cronExpression] .field-error", &seconds)
        .await;
    app.wait_text(
        "#trigger-reason",
        "No fire times until the schedule is corrected.",
    )
    .await;
    app.screenshot("fm-triggers-form-refused").await;

    // A cron every 3 s: its next five fire times, 3 s apart, in the user's zone.
    valid_cron(&app).await;
    let gaps = app
        .run(
            "const at = [...document.querySelectorAll('#trigger-times li')].map((li) => li.dataset.at); return at.slice(1).map((a, i) => Date.parse(a) - Date.parse(at[i]));",
            vec![],
        )
        .await;
    assert_eq!(gaps, json!([3000, 3000, 3000, 3000]));
    let offset = app
        .run(
            "const a = document.querySelector('#trigger-times li').dataset.at; const m = -new Date(a).getTimezoneOffset(); const s = m < 0 ? '-' : '+'; const p = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0'); return [a.slice(-6), `${s}${p(m / 60)}:${p(m % 60)}`];",
            vec![],
        )
        .await;
    assert_eq!(offset[0], offset[1], "RFC 3339 with the user's offset");
    app.fill("#trigger-description", "made by the e2e test")
        .await;
    app.screenshot("fm-triggers-form-preview").await;
    let posts = console.requests("POST", "/f/triggers");
    let count = console
        .client
        .triggers()
        .list_all(&TriggerQuery::default())
        .await
        .unwrap()
        .len();
    app.click("dialog.modal button[data-action=save-trigger]")
        .await;
    app.wait_script("return !document.querySelector('#trigger-form')")
        .await;
    assert_eq!(
        console.requests("POST", "/f/triggers"),
        posts + 1,
        "sent once"
    );
    assert_eq!(
        console
            .client
            .triggers()
            .list_all(&TriggerQuery::default())
            .await
            .unwrap()
            .len(),
        count + 1
    );
    let made = app.wait_script(&row("Every three seconds")).await;
    let made = made.as_str().unwrap().to_owned();
    // Its job log appears beside the list as it fires.
    app.wait_script(&format!(
        "return document.querySelector('#trigger-logs[data-trigger=\"{made}\"] #trigger-logs-rows tr[data-id]')"
    ))
    .await;
    app.screenshot("fm-triggers-log").await;

    // Disabled: no next fire, and "Run now" says why without asking the console.
    app.click(&format!(
        "#triggers-table tr[data-id='{made}'] [data-action=toggle]"
    ))
    .await;
    app.wait_script(&format!(
        "return document.querySelector(\"#triggers-table tr[data-id='{made}']\")?.textContent.includes('none (disabled)')"
    ))
    .await;
    let stored = console.client.triggers().get(&made).await.unwrap();
    assert!(!stored.state, "disabled on the console");
    app.click(&format!(
        "#triggers-table tr[data-id='{made}'] [data-action=execute]"
    ))
    .await;
    app.wait_text(
        "#toasts",
        "is disabled: the console refuses to run a disabled trigger",
    )
    .await;
    assert_eq!(
        console.requests("POST", &format!("/f/triggers/{made}/execute")),
        0
    );

    // Run the seeded daily trigger now: its run appears and ends.
    let before = console
        .client
        .job_logs()
        .list_all(&flexmodel_api::JobLogQuery {
            trigger_id: Some(daily.clone()),
            ..Default::default()
        })
        .await
        .unwrap()
        .len();
    app.click(&format!(
        "#triggers-table tr[data-id='{daily}'] [data-action=execute]"
    ))
    .await;
    app.wait_script(&format!(
        "const rows = document.querySelectorAll('#trigger-logs[data-trigger=\"{daily}\"] #trigger-logs-rows tr[data-id]'); return rows.length === {} && rows[0].dataset.status !== 'RUNNING' && rows[0].dataset.status",
        before + 1
    ))
    .await;
    assert_eq!(
        console.requests("POST", &format!("/f/triggers/{daily}/execute")),
        1
    );
    app.screenshot("fm-triggers-run-now").await;

    // Edit the description only: the PUT keeps the rest as it was.
    let old = console.client.triggers().get(&daily).await.unwrap();
    app.click(&format!(
        "#triggers-table tr[data-id='{daily}'] [data-action=edit]"
    ))
    .await;
    app.wait_script("return document.querySelectorAll('#trigger-times li').length === 5")
        .await;
    app.fill("#trigger-description", "edited").await;
    app.click("dialog.modal button[data-action=save-trigger]")
        .await;
    app.wait_script("return !document.querySelector('#trigger-form')")
        .await;
    let new = console.client.triggers().get(&daily).await.unwrap();
    assert_eq!(new.description.as_deref(), Some("edited"));
    assert_eq!(
        (new.name, new.config, new.state, new.job_id, new.created_at),
        (old.name, old.config, old.state, old.job_id, old.created_at)
    );
    assert_eq!(console.requests("PUT", &format!("/f/triggers/{daily}")), 1);

    // Deleted after asking: the row goes, one DELETE sent.
    app.click(&format!(
        "#triggers-table tr[data-id='{made}'] [data-action=delete]"
    ))
    .await;
    app.wait_text("dialog.modal", "Delete the trigger “Every three seconds”?")
        .await;
    app.click("dialog.modal button[data-action=confirm]").await;
    app.wait_script(&format!(
        "return !document.querySelector(\"#triggers-table tr[data-id='{made}']\") && document.querySelector('#triggers-table tr[data-id]')"
    ))
    .await;
    assert_eq!(
        console.requests("DELETE", &format!("/f/triggers/{made}")),
        1
    );

    // Filtered by flow (kept in the address): the order sync flow's triggers only.
    let listed = console
        .client
        .triggers()
        .list_all(&TriggerQuery::default())
        .await
        .unwrap();
    let sync_flow = listed
        .iter()
        .find(|t| t.name == "订单同步")
        .unwrap()
        .job_id
        .clone();
    app.select("#triggers-flow", &sync_flow).await;
    app.wait_script("return location.hash.includes('flow=')")
        .await;
    let names: Value = app
        .wait_script("const n = [...document.querySelectorAll('#triggers-table .trigger-name strong')].map((s) => s.textContent); return n.length && !n.includes('每日审批提醒') && n.sort()")
        .await;
    let mut want: Vec<String> = listed
        .iter()
        .filter(|t| t.job_id == sync_flow)
        .map(|t| t.name.clone())
        .collect();
    want.sort();
    assert_eq!(names, json!(want));
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn list_form_preview_and_job_logs_in_the_dark_theme() {
    let app = App::launch_with(
        "fm-triggers-dark",
        &[("GTK_THEME", "Adwaita:dark")],
        console_desk_e2e::open_on_flexmodel_sandbox,
    )
    .await;
    app.wait_script("return document.getElementById('project-switch')?.value")
        .await;
    app.click("a[data-route=triggers]").await;
    app.wait_text("#triggers-table", "每日审批提醒").await;
    app.screenshot("fm-triggers-list-dark").await;
    // Searched by name, kept in the address.
    app.fill("#triggers-search", "同步").await;
    app.wait_script("return new URLSearchParams(location.hash.split('?')[1]).get('q') === '同步'")
        .await;
    let names = app
        .wait_script("const n = [...document.querySelectorAll('#triggers-table .trigger-name strong')].map((s) => s.textContent); return n.length === 2 && n.sort()")
        .await;
    assert_eq!(names, json!(["学生变更同步", "订单同步"]));
    type_into(&app, "#triggers-search", "").await;
    app.wait_script("return document.querySelectorAll('#triggers-table tr[data-id]').length === 5")
        .await;
    app.click("#trigger-new").await;
    valid_cron(&app).await;
    app.screenshot("fm-triggers-form-dark").await;
    app.click("dialog.modal .modal-title .icon-btn").await;
    app.wait_script("return !document.querySelector('#trigger-form')")
        .await;
    let daily = app.wait_script(&row("每日审批提醒")).await;
    app.click(&format!(
        "#triggers-table tr[data-id='{}'] [data-action=logs]",
        daily.as_str().unwrap()
    ))
    .await;
    // The seeded run of the daily trigger.
    app.wait_script("return document.querySelector('#trigger-logs-rows tr[data-status=SUCCESS]')")
        .await;
    app.screenshot("fm-triggers-log-dark").await;
    // The link to the Job logs screen names the trigger.
    app.click("#trigger-logs-all").await;
    app.wait_script(&format!(
        "return location.hash.startsWith('#/jobs?') && new URLSearchParams(location.hash.split('?')[1]).get('trigger') === {}",
        json!(daily)
    ))
    .await;
    app.close().await;
}
