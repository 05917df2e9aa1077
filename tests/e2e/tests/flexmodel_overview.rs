//! The FlexModel Overview in the real window: its cards show the console's counters and open
//! their screens; its charts receive samples at 3 s; leaving the screen stops the polling
//! (counted in the sandbox's own request record) and coming back resumes it after a gap; a
//! failed read is shown and polling goes on; "off" stops it; the trend's date range refuses a
//! bad pair before asking. Screenshots light and dark, English and Chinese.

mod fm_console;

use std::time::Duration;

use console_desk_e2e::{open_on_flexmodel_sandbox, App};
use fm_console::FmConsole;
use serde_json::{json, Value};

const METRICS: &str = "/f/metrics/all";

async fn int(app: &App, script: &str) -> i64 {
    app.run(script, vec![]).await.as_i64().unwrap_or(-1)
}

async fn samples(app: &App) -> i64 {
    int(
        app,
        "return Number(document.getElementById('overview-charts')?.dataset.samples ?? -1)",
    )
    .await
}

async fn gaps(app: &App) -> i64 {
    int(
        app,
        "return Number(document.getElementById('overview-charts')?.dataset.gaps ?? -1)",
    )
    .await
}

/// Waits until the charts hold more than `n` samples; answers how many.
async fn more_samples_than(app: &App, n: i64) -> i64 {
    app.wait_script(&format!(
        "return Number(document.getElementById('overview-charts')?.dataset.samples) > {n}"
    ))
    .await;
    samples(app).await
}

async fn open_overview(app: &App) {
    app.run("location.hash = '#/overview'", vec![]).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'overview' && document.querySelector('#overview-cards [data-count]')").await;
}

/// The sandbox's `/f/metrics/all` requests over `span`: none may arrive (the count must not move).
async fn no_sampling_for(console: &FmConsole, span: Duration, why: &str) {
    // What was already on its way when polling stopped has landed by now.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let before = console.requests("GET", METRICS);
    tokio::time::sleep(span).await;
    assert_eq!(
        console.requests("GET", METRICS),
        before,
        "{why}: no {METRICS} for {span:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn overview_counts_samples_pauses_when_left_and_marks_the_gap() {
    let console = FmConsole::start().await;
    let app = console.open_app("fm-overview", false).await;
    open_overview(&app).await;
    app.select("#overview-interval", "3").await;

    // The cards: the console's own counters.
    let fm = console.client.metrics().fm().await.unwrap();
    let cards = app
        .run("return Object.fromEntries([...document.querySelectorAll('#overview-cards [data-stat]')].map((c) => [c.dataset.stat, [Number(c.dataset.count), c.querySelector('.stat-value').textContent]]))", vec![])
        .await;
    let card = |n: u64| json!([n, n.to_string()]);
    assert_eq!(
        cards,
        json!({
            "apis": card(fm.custom_api_count),
            "flows": card(fm.flow_def_count),
            "schedules": card(fm.trigger_total_count),
            "data": card(fm.model_count),
        })
    );
    assert!(
        fm.model_count > 0 && fm.custom_api_count > 0,
        "the seed has models and APIs: {fm:?}"
    );
    let datasources = int(
        &app,
        "return Number(document.querySelector('[data-stat=data]').dataset.datasources)",
    )
    .await;
    assert_eq!(datasources as u64, fm.data_source_count);

    // At 3 s the charts receive samples, drawn by uPlot, with the runtime's details.
    let first = more_samples_than(&app, 0).await;
    let grown = more_samples_than(&app, first).await;
    assert!(grown > first);
    assert_eq!(
        int(
            &app,
            "return document.querySelectorAll('#overview-charts .uplot canvas').length"
        )
        .await,
        5
    );
    app.wait_text("#overview-runtime", "flexmodel-sandbox")
        .await;
    assert_eq!(gaps(&app).await, 0, "no pause yet: no gap");
    app.screenshot("fm-overview-light").await;

    // A card opens its screen; the Overview, left, asks nothing more.
    app.click("[data-stat=data]").await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'datasources'")
        .await;
    let left_with = console.requests("GET", METRICS);
    no_sampling_for(&console, Duration::from_secs(7), "the screen is left").await;
    assert!(
        left_with >= grown as usize,
        "every sample was a request: {left_with} < {grown}"
    );

    // Back: polling resumes, after a gap that breaks the lines.
    let before = samples(&app).await; // not on the screen: -1
    assert_eq!(before, -1);
    app.click("a[data-route=overview]").await;
    app.wait_script(
        "return Number(document.getElementById('overview-charts')?.dataset.gaps) === 1",
    )
    .await;
    let back = more_samples_than(&app, grown).await;
    assert!(console.requests("GET", METRICS) > left_with);
    assert_eq!(gaps(&app).await, 1, "one gap for one pause");

    // A failed read is shown; polling keeps going and clears it. (A 503 is tried three times
    // by the client: all three fail.)
    console.sandbox.fail_next(3, 503);
    app.wait_script("return document.querySelector('#overview-error .state-error')")
        .await;
    app.screenshot("fm-overview-error").await;
    more_samples_than(&app, back).await;
    app.wait_script("return !document.querySelector('#overview-error .state-error')")
        .await;
    assert_eq!(gaps(&app).await, 2, "the failed sample is a second gap");

    // Off: no more requests; the choice is remembered for the next visit.
    app.select("#overview-interval", "0").await;
    no_sampling_for(&console, Duration::from_secs(7), "refresh is off").await;
    assert_eq!(
        app.run(
            "return localStorage.getItem('fm.overview.interval')",
            vec![]
        )
        .await,
        json!("0")
    );

    // The trend over 30 days: the console's log statistics, as the client reads them now
    // (nothing is logged meanwhile: polling is off and reading the log is not logged).
    app.click("#overview-trend [data-range='30d']").await;
    app.wait_script(
        "return location.hash.includes('range=30d') && document.querySelector('#overview-top li')",
    )
    .await;
    // Every row of the log is from this test's minutes: any range around them ranks alike.
    let wide = (
        "2000-01-01 00:00:00".to_owned(),
        "2100-01-01 00:00:00".to_owned(),
    );
    let stat = console.client.api_logs().stat(Some(wide)).await.unwrap();
    let expected: Vec<Value> = stat
        .api_ranking_list
        .iter()
        .take(10)
        .map(|r| json!([r.name, r.total.to_string()]))
        .collect();
    app.wait_script(&format!("return JSON.stringify([...document.querySelectorAll('#overview-top li')].map((li) => [li.dataset.name, li.dataset.total])) === {}", json!(Value::Array(expected.clone()).to_string()))).await;
    assert!(
        expected
            .iter()
            .any(|r| r[0] == json!(format!("GET {METRICS}"))),
        "the polling is in the log: {expected:?}"
    );
    let calls: u64 = stat
        .api_chart
        .success_data
        .iter()
        .chain(&stat.api_chart.fail_data)
        .sum();
    app.wait_text("#overview-trend-totals", &format!("{calls} calls"))
        .await;
    app.run(
        "document.getElementById('overview-trend').scrollIntoView()",
        vec![],
    )
    .await;
    app.screenshot("fm-overview-trend").await;

    // A bad date pair is refused before anything is asked.
    app.click("#overview-trend [data-range=custom]").await;
    let stats_before = console.requests("GET", "/f/logs/stat");
    let rows: [(&str, &str, &str); 3] = [
        (
            "",
            "2025-01-02",
            "Pick both dates, the first not after the second.",
        ),
        (
            "2025-01-05",
            "",
            "Pick both dates, the first not after the second.",
        ),
        (
            "2025-01-05",
            "2025-01-01",
            "Pick both dates, the first not after the second.",
        ),
    ];
    for (from, to, message) in rows {
        app.run("document.getElementById('overview-from').value = arguments[0]; document.getElementById('overview-to').value = arguments[1];", vec![json!(from), json!(to)]).await;
        app.click("#overview-apply").await;
        app.wait_text("#overview-trend-error", message).await;
        assert_eq!(
            console.requests("GET", "/f/logs/stat"),
            stats_before,
            "{from}..{to} was sent"
        );
    }
    // A good pair in the past: asked, and nothing in it.
    app.run("document.getElementById('overview-from').value = '2024-01-01'; document.getElementById('overview-to').value = '2024-01-03';", vec![]).await;
    app.click("#overview-apply").await;
    app.wait_script("return document.getElementById('overview-trend').dataset.calls === '0' && document.getElementById('overview-trend-error').hidden").await;
    assert_eq!(console.requests("GET", "/f/logs/stat"), stats_before + 1);
    let address: Value = app.run("return location.hash", vec![]).await;
    assert_eq!(
        address,
        json!("#/overview?range=custom&from=2024-01-01&to=2024-01-03")
    );
    app.click("#lang-switch").await;
    app.wait_text("#content h1", "概览").await;
    app.wait_text("#overview-status", "已暂停").await;
    app.screenshot("fm-overview-zh").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn overview_in_dark_and_chinese_follows_the_theme_and_the_window() {
    let app = App::launch_with(
        "fm-overview-dark",
        &[("GTK_THEME", "Adwaita:dark")],
        open_on_flexmodel_sandbox,
    )
    .await;
    app.wait_script("return document.getElementById('project-switch')?.value")
        .await;
    open_overview(&app).await;
    app.select("#overview-interval", "3").await;
    more_samples_than(&app, 1).await;
    // The charts' colours are the dark theme's (read from the stylesheet's variables).
    let markers = app.run("return [...document.querySelectorAll('[data-chart=cpu] .u-marker')].map((m) => getComputedStyle(m).borderColor)", vec![]).await;
    let markers = markers.as_array().unwrap();
    assert!(
        markers.contains(&json!("rgb(59, 130, 246)")),
        "dark --accent: {markers:?}"
    );
    assert!(
        !markers.contains(&json!("rgb(37, 99, 235)")),
        "not the light --accent: {markers:?}"
    );
    app.screenshot("fm-overview-dark").await;

    // The charts fit the window when it narrows.
    let wide = int(
        &app,
        "return document.querySelector('[data-chart=cpu] .uplot').offsetWidth",
    )
    .await;
    app.client.set_window_size(1000, 800).await.unwrap();
    // The chart takes its card's new width (the grid's columns change with the window).
    app.wait_script(&format!("const plot = document.querySelector('[data-chart=cpu] .ov-plot'); const u = plot.querySelector('.uplot'); return u.offsetWidth !== {wide} && Math.abs(plot.clientWidth - u.offsetWidth) <= 2")).await;
    app.client.set_window_size(1440, 900).await.unwrap();

    let kept = samples(&app).await;
    assert!(kept >= 2);
    app.click("#lang-switch").await;
    app.wait_text("#content h1", "概览").await;
    app.wait_text("[data-stat=data] .stat-label", "数据").await;
    // The samples outlived the screen's redraw in the other language (a new ring would hold
    // one at most by now), with no gap: no sample was missed.
    assert!(samples(&app).await >= kept, "kept {kept} samples");
    more_samples_than(&app, kept).await;
    assert_eq!(gaps(&app).await, 0);
    app.screenshot("fm-overview-zh-dark").await;
    app.run(
        "document.getElementById('overview-trend').scrollIntoView()",
        vec![],
    )
    .await;
    app.wait_script("return document.querySelector('#overview-trend .uplot') && document.querySelector('#overview-runtime dl')").await;
    app.screenshot("fm-overview-zh-dark-lower").await;
    app.close().await;
}
