//! The FlexModel console's figures in the real window, measured as the Encoo list's are
//! (`gui.rs`): the app launched on its built-in FlexModel sandbox with a `Product` model of
//! 100,000 records, and the records grid timed from a person's action to the new rows painted:
//! (a) its first rows, (b) a filter applied, (c) a sort on the last page. Each is split into
//! the `flexmodel_records_list` command's own time (the very query the screen sent, caught on
//! its way out and invoked again directly: a median) and the window's (total minus command);
//! the filter's rows are also timed from the moment its answer came back. And (d) the window's
//! idle memory once every FlexModel screen has been visited, against the hello-world floor.
//!
//! The screen's contract: the grid `#records-grid` with rows `tbody tr[data-id]`, the raw
//! filter `#records-filter-json` applied by `#records-apply`, `#records-last` for the last
//! page, sortable headers `th[data-sort=<field>]`.

use std::path::Path;
use std::time::Duration;

use console_desk_e2e::{open_on_flexmodel_sandbox, App};
use serde_json::{json, Value};

use crate::stats::{median, Row};

/// `CONSOLE_DESK_FLEXMODEL_BULK_RECORDS`: the `Product` model's records.
const RECORDS: &str = "100000";
const RECORDS_SHOWN: &str = "100,000";
const FILTER: &str = r#"{"_and":[{"price":{"_gte":500}},{"price":{"_lt":600}}]}"#;
const SORT_HEADER: &str = r#"#records-grid th[data-sort="price"]"#;
/// Direct invocations of the command per launch (the median of all of them is its time).
const DIRECT: usize = 9;

/// Installed once per launch: notes every `flexmodel_records_list` call the window makes, with
/// its arguments, when it left, when its answer came back and the ids it answered. Tauri's IPC
/// goes through `fetch` to `ipc://localhost/<command>`, looked up at each call, so wrapping
/// `window.fetch` sees it; the note is taken before the app's own handler runs.
const SPY: &str = include_str!("flexmodel_window/spy.js");

/// Does `arguments[0]` (`visit`, or a CSS selector to click) and waits for new rows: rows that
/// differ from those shown before, once an answer to a call sent since has come back. Then as
/// `gui.rs`'s LIST: style and layout forced, the next frame, a task after it ("painted").
/// Answers milliseconds since the action, the query of the call and the ids shown and answered.
const MEASURE: &str = include_str!("flexmodel_window/measure.js");

/// The command alone, invoked with the arguments the window sent (its cancel id left out).
const DIRECT_CALL: &str = include_str!("flexmodel_window/direct.js");

/// One timed action: milliseconds since it, the query sent, and whether the rows shown are
/// exactly the answer's.
struct Timed {
    painted: f64,
    sent: f64,
    answered: f64,
    dom: f64,
    laid: f64,
    frame: f64,
    args: Value,
    rows_are_the_answer: bool,
}

fn ms(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or(f64::NAN)
}

/// The app on its FlexModel sandbox with 100,000 products, signed in, the spy installed.
async fn launch(binary: &Path, env: &[(&str, &str)]) -> App {
    let mut env = env.to_vec();
    env.push(("CONSOLE_DESK_FLEXMODEL_BULK_RECORDS", RECORDS));
    let app = App::launch_binary("bench-flexmodel", binary, &env, open_on_flexmodel_sandbox).await;
    // Signed in, and its home screen drawn (so the shell has placed itself before we move).
    app.wait_script("return document.getElementById('project-switch')?.value && document.getElementById('content')?.dataset.screen")
        .await;
    app.run(SPY, vec![]).await;
    app
}

async fn timed(app: &App, action: &str) -> Timed {
    let v = app
        .client
        .execute_async(MEASURE, vec![json!(action)])
        .await
        .expect("the measuring script runs");
    if let Some(error) = v["error"].as_str() {
        let shot = app.screenshot("FAILED-bench-flexmodel").await;
        panic!(
            "FlexModel records grid, {action}: {error} (is the records screen in? {})",
            shot.display()
        );
    }
    Timed {
        painted: ms(&v, "painted"),
        sent: ms(&v, "sent"),
        answered: ms(&v, "answered"),
        dom: ms(&v, "dom"),
        laid: ms(&v, "laid"),
        frame: ms(&v, "frame"),
        args: v["args"].clone(),
        rows_are_the_answer: v["ids"] == v["answer"],
    }
}

/// The raw filter typed, then Apply clicked: timed from the click.
async fn filter_timed(app: &App) -> Timed {
    app.fill("#records-filter-json", FILTER).await;
    click_timed(app, "#records-apply").await
}

/// Clicks `css` once it is there and enabled, timing until its new rows are painted.
async fn click_timed(app: &App, css: &str) -> Timed {
    app.wait_script(&format!(
        "const el = document.querySelector({}); return !!el && !el.disabled && !el.closest('[disabled]')",
        json!(css)
    ))
    .await;
    timed(app, css).await
}

/// [`DIRECT`] invocations of `flexmodel_records_list` with `args`, in milliseconds.
async fn direct(app: &App, args: &Value, into: &mut Vec<f64>) {
    assert!(args.is_object(), "no records_list call was seen: {args}");
    for _ in 0..DIRECT {
        let v = app
            .client
            .execute_async(DIRECT_CALL, vec![args.clone()])
            .await
            .expect("invoke runs");
        assert!(v["error"].is_null(), "flexmodel_records_list {args}: {v}");
        into.push(ms(&v, "ms"));
    }
}

/// What the launches measured, each list one sample per launch (commands: every invocation).
#[derive(Default)]
struct Samples {
    first: Vec<Timed>,
    filter: Vec<Timed>,
    /// GL compositing forced on: the first rows painted, and the filter's rows after its answer.
    forced_first: Vec<f64>,
    forced_filter: Vec<f64>,
    sort: Vec<Timed>,
    first_cmd: Vec<f64>,
    filter_cmd: Vec<f64>,
    sort_cmd: Vec<f64>,
}

/// Every route of the FlexModel console, visited once, the records grid last.
async fn visit_every_screen(app: &App) {
    for (route, query) in [
        ("datasources", ""),
        ("models", "?ds=system"),
        ("native", ""),
        ("graphql", ""),
        ("apis", ""),
        ("logs", ""),
        ("records", "?ds=system&model=Product"),
    ] {
        app.run(&format!("location.hash = '#/{route}{query}'"), vec![])
            .await;
        app.wait_script(&format!(
            "return document.getElementById('content').dataset.screen === '{route}'"
        ))
        .await;
    }
}

/// `launches` of each kind; with `hello`, the idle memory against it too.
pub async fn figures(binary: &Path, hello: Option<&Path>, launches: usize) -> Vec<Row> {
    let mut s = Samples::default();
    let mut memory = None;
    for round in 0..launches {
        // (a) then (b): first rows, then a filter on them.
        let app = launch(binary, &[crate::gui::AS_IT_CHOOSES]).await;
        let first = timed(&app, "visit").await;
        direct(&app, &first.args, &mut s.first_cmd).await;
        s.first.push(first);
        let filter = filter_timed(&app).await;
        direct(&app, &filter.args, &mut s.filter_cmd).await;
        s.filter.push(filter);
        if let (0, Some(hello)) = (round, hello) {
            visit_every_screen(&app).await;
            tokio::time::sleep(Duration::from_secs(10)).await;
            let ours = crate::startup::group_memory(app.process_group());
            app.close().await;
            memory = Some((ours, crate::startup::hello_memory(hello).await));
        } else {
            app.close().await;
        }
        // (a) again, then (c) on the whole model: the last page, sorted by price.
        let app = launch(binary, &[crate::gui::AS_IT_CHOOSES]).await;
        s.first.push(timed(&app, "visit").await);
        click_timed(&app, "#records-last").await;
        let mut sort = click_timed(&app, SORT_HEADER).await;
        if sort.args["query"]["page"] == json!(1) {
            // The screen went back to the first page on sorting: the sorted last page is
            // then a click on Last away.
            sort = click_timed(&app, "#records-last").await;
        }
        direct(&app, &sort.args, &mut s.sort_cmd).await;
        s.sort.push(sort);
        app.close().await;
        // (a) and (b) with WebKit's GL compositing forced on (see gui.rs): what the app's
        // choice of compositing saves on this machine.
        let app = launch(binary, &[crate::gui::FORCED_ON]).await;
        s.forced_first.push(timed(&app, "visit").await.painted);
        let filter = filter_timed(&app).await;
        s.forced_filter.push(filter.painted - filter.answered);
        app.close().await;
    }
    let mut rows = vec![
        first_row(&s),
        action_row(
            "a filter applied (price in [500, 600)): from the click on Apply to its rows painted",
            &s.filter,
            &s.filter_cmd,
            Some(median(s.forced_filter.clone())),
        ),
        action_row(
            "on its last page, a click on the price header: to the sorted rows painted",
            &s.sort,
            &s.sort_cmd,
            None,
        ),
    ];
    match memory {
        Some(((pss, rss), (hello_pss, hello_rss))) => {
            rows.push(memory_row(pss, rss, hello_pss, hello_rss))
        }
        None => eprintln!("no --hello: skipping the FlexModel window's idle memory"),
    }
    rows
}

/// Medians of each part of `samples`.
fn parts(samples: &[Timed]) -> [f64; 6] {
    let m = |f: fn(&Timed) -> f64| median(samples.iter().map(f).collect());
    [
        m(|t| t.painted),
        m(|t| t.sent),
        m(|t| t.answered),
        m(|t| t.dom),
        m(|t| t.laid),
        m(|t| t.frame),
    ]
}

/// What the screen sent (for the sort: if it went back to page 1 on sorting, the click on Last
/// after it was timed), and whether every sample showed exactly the rows answered.
fn checks(samples: &[Timed]) -> String {
    let query = samples
        .last()
        .map(|t| t.args["query"].to_string())
        .unwrap_or_default();
    let exact = samples.iter().all(|t| t.rows_are_the_answer);
    format!(
        "the query: `{query}`; rows shown = the answer's: {}",
        if exact { "yes" } else { "**no**" }
    )
}

fn first_row(s: &Samples) -> Row {
    let [painted, sent, answered, dom, laid, frame] = parts(&s.first);
    let command = median(s.first_cmd.clone());
    Row {
        figure: format!(
            "FlexModel records grid, {RECORDS_SHOWN} records: first rows painted (median of {} launches)",
            s.first.len()
        ),
        ours: format!(
            "{painted:.0} ms = `flexmodel_records_list` {command:.0} + the window {:.0} (asked at {sent:.0}, answered at {answered:.0}, rows in the DOM at {dom:.0}, laid out at {laid:.0}, next frame at {frame:.0})",
            painted - command
        ),
        reference: format!(
            "GL compositing forced on: {:.0} ms; the command invoked alone: {command:.0} ms (median of {})",
            median(s.forced_first.clone()),
            s.first_cmd.len()
        ),
        ratio: "–".into(),
        target: "≤ 150 ms".into(),
        met: Some(painted <= 150.0),
        note: format!(
            "from `location.hash = '#/records?ds=system&model=Product'` on a fresh launch; {}; the reference: the same with `CONSOLE_DESK_COMPOSITING=on`; {}",
            crate::gui::COMPOSITING_HERE,
            checks(&s.first)
        ),
    }
}

/// A row for an action on the grid; `forced` (the filter's): its rows' time after the answer
/// with GL compositing forced on; with it, the target on the time after the answer.
fn action_row(what: &str, samples: &[Timed], commands: &[f64], forced: Option<f64>) -> Row {
    let [painted, sent, answered, dom, laid, frame] = parts(samples);
    let command = median(commands.to_vec());
    let after = median(samples.iter().map(|t| t.painted - t.answered).collect());
    Row {
        figure: format!(
            "FlexModel records grid, {RECORDS_SHOWN} records: {what} (median of {})",
            samples.len()
        ),
        ours: format!(
            "{painted:.0} ms = `flexmodel_records_list` {command:.0} + the window {:.0}; painted {after:.0} ms after the answer (asked at {sent:.0}, answered at {answered:.0}, rows in the DOM at {dom:.0}, laid out at {laid:.0}, next frame at {frame:.0})",
            painted - command
        ),
        reference: format!(
            "{}the command invoked alone: {command:.0} ms (median of {})",
            forced.map(|f| format!("GL compositing forced on: painted {f:.0} ms after the answer; "))
                .unwrap_or_default(),
            commands.len()
        ),
        ratio: "–".into(),
        target: if forced.is_some() {
            "≤ 100 ms after the answer".into()
        } else {
            "stated".into()
        },
        met: forced.map(|_| after <= 100.0),
        note: checks(samples),
    }
}

fn memory_row(pss: u64, rss: u64, hello_pss: u64, hello_rss: u64) -> Row {
    let mib = |b: u64| b as f64 / (1 << 20) as f64;
    Row {
        figure: "idle memory with the FlexModel screens open (each visited once, 100,000 records), PSS of every app process, 10 s later".into(),
        ours: format!("{:.0} MiB (RSS summed: {:.0} MiB)", mib(pss), mib(rss)),
        reference: format!(
            "hello-world: {:.0} MiB (RSS summed: {:.0} MiB)",
            mib(hello_pss),
            mib(hello_rss)
        ),
        ratio: format!("{:.2}", pss as f64 / hello_pss.max(1) as f64),
        target: "stated".into(),
        met: None,
        note: "ours includes the embedded FlexModel sandbox holding the 100,000 records; PSS as the Encoo idle figure (RSS summed counts the pages WebKit's processes share once per process)".into(),
    }
}
