//! The FlexModel Job logs and Code generation screens in the real window, on a FlexModel
//! sandbox outside the app (its request record shows what was sent). Job logs: runs seeded by
//! executing triggers through the console's client (a succeeding flow and the seed's failing
//! one), then filtered by trigger, status and time range (each as the server was asked), a
//! failed run's error and stack, a run's output and duration with its unit, the screen opened
//! from a link's address, the time range's bad input refused with nothing sent, a run that
//! takes seconds shown RUNNING and read again on its own until it ends (then no more reads),
//! and the screen's time and duration conversions checked as units. Code generation (its own launch,
//! on a dark desktop) is in `flexmodel_jobs/codegen.rs`.

mod fm_console;

#[path = "flexmodel_jobs/codegen.rs"]
mod codegen;
#[path = "flexmodel_jobs/support.rs"]
mod support;

use std::time::{Duration, Instant};

use console_desk_e2e::App;
use flexmodel_api::{JobLog, JobLogQuery, Trigger, TriggerConfig};
use fm_console::FmConsole;
use serde_json::{json, Value};
use support::{conversions, job_refresh_ms, slow_trigger};

/// The job log page request the screen sent last, its query decoded.
fn last_query(console: &FmConsole) -> String {
    let log = console.sandbox.request_log();
    let last = log
        .iter()
        .rev()
        .find(|r| r.method == "GET" && r.path.ends_with("/f/jobs/logs"))
        .expect("the screen read the job log");
    last.query
        .clone()
        .unwrap_or_default()
        .replace("%3A", ":")
        .replace("%3a", ":")
}

fn reads(console: &FmConsole) -> usize {
    console.requests("GET", "/f/jobs/logs")
}

/// Every job log once none is RUNNING and there are at least `n`.
async fn finished_logs(console: &FmConsole, n: usize) -> Vec<JobLog> {
    let started = Instant::now();
    loop {
        let logs = console
            .client
            .job_logs()
            .list_all(&JobLogQuery::default())
            .await
            .unwrap();
        let done = logs
            .iter()
            .all(|l| l.execution_status.as_deref() != Some("RUNNING"));
        if logs.len() >= n && done {
            return logs;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "{logs:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn row_count(app: &App, n: usize) {
    app.wait_script(&format!(
        "return !document.querySelector('#jobs-table .state-loading') && document.querySelectorAll('#jobs-table tbody tr').length === {n} && (({n} > 0) || Boolean(document.querySelector('#jobs-table .state-empty')))"
    ))
    .await;
}

async fn column(app: &App, index: usize) -> Vec<String> {
    let v = app
        .run(
            "return [...document.querySelectorAll('#jobs-table tbody tr')].map((tr) => tr.children[arguments[0]].textContent)",
            vec![json!(index)],
        )
        .await;
    serde_json::from_value(v).unwrap()
}

/// Types both ends of the range and presses Enter in the second.
async fn set_range(app: &App, from: &str, to: &str) {
    app.fill("#jobs-from", from).await;
    app.fill("#jobs-to", &format!("{to}\u{E007}")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn job_logs_filter_by_trigger_status_and_time_and_show_a_runs_output_and_error() {
    let console = FmConsole::start().await;
    let client = &console.client;
    // Runs seeded by executing triggers: the seed's daily one (the approval flow, succeeds)
    // and a new one on the seed's failing flow (`order_sync`).
    let triggers = client
        .triggers()
        .list_all(&Default::default())
        .await
        .unwrap();
    let daily = triggers.iter().find(|t| t.name == "每日审批提醒").unwrap();
    let flows = client.flows().list_all(&Default::default()).await.unwrap();
    let sync = flows
        .iter()
        .find(|f| f.flow_key.as_deref() == Some("order_sync"))
        .unwrap();
    let cron = TriggerConfig::Cron {
        cron_expression: "0 0 3 * * ?".into(),
    };
    let failing = Trigger::for_flow("e2e failing sync", &sync.flow_module_id, cron);
    let failing = client.triggers().create(&failing).await.unwrap();
    let failing_id = failing.id.clone().unwrap();
    let daily_id = daily.id.clone().unwrap();
    let seeded = finished_logs(&console, 0).await.len();
    client.triggers().execute(&daily_id).await.unwrap();
    client.triggers().execute(&failing_id).await.unwrap();
    let logs = finished_logs(&console, seeded + 2).await;
    let total = logs.len();
    let successes = logs.iter().filter(|l| l.is_success == Some(true)).count();
    assert!(successes >= 1 && successes < total, "{logs:?}");

    let app = console.open_app("fm-jobs", false).await;
    app.run("location.hash = '#/jobs'", vec![]).await;
    row_count(&app, total).await;
    let starts = column(&app, 0).await;
    let mut sorted = starts.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(starts, sorted, "newest first");
    app.wait_script(&format!(
        "return document.getElementById('jobs-count').textContent === '{total} runs'"
    ))
    .await;
    app.screenshot("fm-jobs-list").await;
    conversions(&app).await;

    // By trigger: the failing one's single run, its error and stack in the detail.
    app.wait_script(&format!(
        "return [...document.querySelectorAll('#jobs-trigger option')].some((o) => o.value === '{failing_id}' && o.textContent === 'e2e failing sync')"
    ))
    .await;
    app.select("#jobs-trigger", &failing_id).await;
    row_count(&app, 1).await;
    assert!(last_query(&console).contains(&format!("triggerId={failing_id}")));
    assert_eq!(column(&app, 1).await, vec!["e2e failing sync"]);
    assert_eq!(column(&app, 2).await, vec!["订单同步"]);
    assert_eq!(column(&app, 3).await, vec!["Failed"]);
    let hash = app.run("return location.hash", vec![]).await;
    assert!(
        hash.as_str()
            .unwrap()
            .contains(&format!("trigger={failing_id}")),
        "{hash}"
    );
    app.click("#jobs-table [data-action=detail]").await;
    app.wait_text("#job-error-message", "流程执行失败").await;
    let stack = app.wait_text("#job-stack", "JobExecutionException").await;
    assert!(
        stack.contains("\tat dev.consoledesk.flexmodel_sandbox.FlowJob.execute"),
        "{stack}"
    );
    let output = app.wait_text("#job-output", "errCode").await;
    assert!(serde_json::from_str::<Value>(&output).is_ok(), "{output}");
    app.screenshot("fm-jobs-failed-detail").await;
    app.click("dialog.modal [aria-label='Close']").await;

    // By status: the successes, each with its duration's unit; one's output and input.
    app.select("#jobs-trigger", "").await;
    app.select("#jobs-status", "SUCCESS").await;
    row_count(&app, successes).await;
    assert!(last_query(&console).contains("status=SUCCESS"));
    assert!(column(&app, 3).await.iter().all(|s| s == "Succeeded"));
    for d in column(&app, 4).await {
        assert!(
            d.ends_with(" ms") || d.ends_with(" s") || d.ends_with(" min"),
            "{d}"
        );
    }
    // The first success listed is the console's newest one.
    let first = logs.iter().find(|l| l.is_success == Some(true)).unwrap();
    app.click("#jobs-table tbody tr:first-child [data-action=detail]")
        .await;
    let output = app.wait_text("#job-output", "flowInstanceId").await;
    let output: Value = serde_json::from_str(&output).unwrap();
    assert_eq!(Some(&output), first.output_data.as_ref());
    assert!(output["errCode"]
        .as_i64()
        .is_some_and(|c| (1000..2000).contains(&c)));
    let input = app
        .run(
            "return document.getElementById('job-input').textContent",
            vec![],
        )
        .await;
    let input: Value = serde_json::from_str(input.as_str().unwrap()).unwrap();
    assert_eq!(Some(&input), first.input_data.as_ref());
    let duration = app
        .run(
            "return document.getElementById('job-duration').textContent",
            vec![],
        )
        .await;
    let duration = duration.as_str().unwrap();
    match first.execution_duration.unwrap() {
        ms if ms < 1000 => assert_eq!(duration, format!("{ms} ms")),
        _ => assert!(
            duration.ends_with(" s") || duration.ends_with(" min"),
            "{duration}"
        ),
    }
    app.screenshot("fm-jobs-success-detail").await;
    app.click("dialog.modal [aria-label='Close']").await;
    app.select("#jobs-status", "").await;
    row_count(&app, total).await;
    // By success: the failures.
    app.select("#jobs-ok", "false").await;
    row_count(&app, total - successes).await;
    assert!(last_query(&console).contains("isSuccess=false"));
    assert!(column(&app, 3).await.iter().all(|s| s == "Failed"));
    app.select("#jobs-ok", "").await;
    row_count(&app, total).await;

    // A time range: one excluding every run shows none, one including them shows them all.
    set_range(&app, "2000-01-01 00:00", "2000-01-02").await;
    row_count(&app, 0).await;
    let q = last_query(&console);
    assert!(
        q.contains("startTime=2000-01-01T00:00:00") && q.contains("endTime=2000-01-02T23:59:59"),
        "{q}"
    );
    let mut days: Vec<String> = logs
        .iter()
        .map(|l| l.start_time.clone().unwrap()[..10].to_owned())
        .collect();
    days.sort();
    let (first_day, last_day) = (days[0].clone(), days[days.len() - 1].clone());
    set_range(&app, &first_day, &last_day).await;
    row_count(&app, total).await;
    let q = last_query(&console);
    assert!(
        q.contains(&format!("startTime={first_day}T00:00:00"))
            && q.contains(&format!("endTime={last_day}T23:59:59")),
        "{q}"
    );
    let hash = app
        .run("return decodeURIComponent(location.hash)", vec![])
        .await;
    assert!(
        hash.as_str()
            .unwrap()
            .contains(&format!("from={first_day}")),
        "{hash}"
    );

    // Bad input: each range refused under its field, and no read sent.
    let table = [
        ("yesterday", "", "from", "\"yesterday\" is not a time"),
        (
            "2026-13-01 08:00",
            "",
            "from",
            "There is no such date: 2026-13-01 08:00.",
        ),
        (
            "2026-02-30",
            "",
            "from",
            "There is no such date: 2026-02-30.",
        ),
        (
            "2026-11-30 25:00",
            "",
            "from",
            "There is no such time of day: 2026-11-30 25:00.",
        ),
        (
            "2026-11-30 08:00",
            "2026-11-29 08:00",
            "to",
            "The end of the range is before its start.",
        ),
        (
            "2026-11-30",
            "30/11/2026",
            "to",
            "\"30/11/2026\" is not a time",
        ),
    ];
    for (from, to, field, message) in table {
        let before = reads(&console);
        // Both ends at once (typing one then the other could send the half-typed range).
        app.run(
            "const [f, t] = [document.getElementById('jobs-from'), document.getElementById('jobs-to')]; f.value = arguments[0]; t.value = arguments[1]; t.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));",
            vec![json!(from), json!(to)],
        )
        .await;
        let shown = app
            .wait_text(
                &format!("#jobs-filters .field[data-for='{field}'] .field-error"),
                message,
            )
            .await;
        assert!(shown.contains(message), "{from} / {to}: {shown}");
        assert_eq!(reads(&console), before, "{from} / {to}: nothing sent");
        if field == "to" && !to.is_empty() && from.starts_with("2026-11-30 08") {
            app.screenshot("fm-jobs-bad-range").await;
        }
    }
    app.click("#jobs-filters [data-range='clear']").await;
    row_count(&app, total).await;

    // Opened as the triggers screen links here: `?trigger=<id>&job=<flow>`.
    app.run(
        "location.hash = `#/jobs?trigger=${arguments[0]}&job=${arguments[1]}`",
        vec![json!(daily_id), json!(daily.job_id)],
    )
    .await;
    let of_daily = logs
        .iter()
        .filter(|l| l.trigger_id.as_deref() == Some(&daily_id))
        .count();
    row_count(&app, of_daily).await;
    assert_eq!(
        app.run(
            "return document.getElementById('jobs-trigger').value",
            vec![]
        )
        .await,
        json!(daily_id)
    );
    assert_eq!(
        app.run("return document.getElementById('jobs-job').value", vec![])
            .await,
        json!(daily.job_id)
    );
    let q = last_query(&console);
    assert!(
        q.contains(&format!("triggerId={daily_id}"))
            && q.contains(&format!("jobId={}", daily.job_id)),
        "{q}"
    );

    // A run that takes a while: shown RUNNING, read again on its own until it ends, then
    // no more reads.
    let slow = slow_trigger(&console).await;
    let before = reads(&console);
    client.triggers().execute(&slow).await.unwrap();
    app.run(
        "location.hash = `#/jobs?trigger=${arguments[0]}`",
        vec![json!(slow)],
    )
    .await;
    row_count(&app, 1).await;
    app.wait_text("#jobs-count", "1 still running").await;
    assert_eq!(column(&app, 3).await, vec!["Running"]);
    app.screenshot("fm-jobs-running").await;
    app.wait_text("#jobs-table tbody td .badge", "Succeeded")
        .await;
    app.wait_script("return document.getElementById('jobs-count').textContent === '1 run'")
        .await;
    let polled = reads(&console) - before;
    // The first read, at least one more while it ran (every 2 s over ~5 s), not a flood.
    assert!((2..=6).contains(&polled), "{polled} reads");
    let after = reads(&console);
    tokio::time::sleep(Duration::from_millis(2 * job_refresh_ms(&app).await)).await;
    assert_eq!(reads(&console), after, "no read once nothing runs");

    // In Chinese, every word of both screens has its translation.
    app.click("#lang-switch").await;
    app.wait_text("#content h1", "任务日志").await;
    row_count(&app, 1).await;
    app.screenshot("fm-jobs-zh").await;
    let missing = app
        .client
        .execute_async("const done = arguments[arguments.length - 1]; import('./i18n.js').then((m) => done(m.missingKeys().filter((k) => k.startsWith('fm.jobs.') || k.startsWith('fm.codegen.'))));", vec![])
        .await
        .unwrap();
    assert_eq!(missing, json!([]));
    // The code generation screen in the light theme too.
    app.run(
        "location.hash = '#/codegen?template=java_entity&ds=system'",
        vec![],
    )
    .await;
    app.wait_script("return document.getElementById('cg-template')?.value === 'java_entity'")
        .await;
    app.click("#cg-generate").await;
    app.find("#cg-code").await;
    app.screenshot("fm-codegen-zh").await;
    app.close().await;
}
