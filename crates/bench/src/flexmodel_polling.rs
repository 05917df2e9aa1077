//! The FlexModel Overview's polling cost (issue 14, Performance): the app launched on its
//! built-in FlexModel sandbox, the Overview open at its 3 s interval, left alone for ten
//! minutes (one with `--quick`). The CPU time of every process of the app (the app, whose
//! embedded sandbox answers the polls, and WebKit's web and network processes; the drivers
//! left out) over the span, as a % of one core; their resident memory at the start, every
//! 10 s and at the end. The reference: the hello-world Tauri app idle over the same span in
//! the same run. WebDriver is not asked anything during the span (its own work is not the
//! app's, and its processes are left out).
//!
//! The screen's contract: `#overview-charts[data-polls]` counts the samples taken since the
//! screen opened, `[data-samples]` those kept; the interval and kept samples are read from
//! localStorage (`fm.overview.interval`, `fm.overview.keep`).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use console_desk_e2e::{open_on_flexmodel_sandbox, App};

use crate::procs::clock_ticks;
use crate::stats::Row;

const HELLO_PAINTED: &str = "return document.readyState === 'complete' && !!document.body && document.body.textContent.includes('Hello')";

/// CPU time (user + system) of every process in `group` but the WebDriver ones, so far, by
/// process name (`console-desk`, `WebKitWebProces`…).
fn group_cpu(group: u32) -> BTreeMap<String, Duration> {
    let tick = clock_ticks();
    let mut by_name: BTreeMap<String, Duration> = BTreeMap::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let comm = &stat[open + 1..close];
        let fields: Vec<&str> = stat[close + 2..].split_whitespace().collect();
        // After the name: state ppid pgrp … utime (11) stime (12).
        if fields.get(2).and_then(|g| g.parse::<u32>().ok()) != Some(group)
            || comm.contains("tauri-driver")
            || comm.contains("WebKitWebDrive")
        {
            continue;
        }
        let at = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0)
        };
        *by_name.entry(comm.to_owned()).or_default() +=
            Duration::from_secs_f64((at(11) + at(12)) as f64 / tick);
    }
    by_name
}

/// What one app did over the span.
struct Span {
    cpu: Duration,
    /// `cpu` by process name.
    by_process: BTreeMap<String, Duration>,
    wall: Duration,
    /// RSS summed over the group at the start, every 10 s, and at the end (bytes).
    rss: Vec<u64>,
}

impl Span {
    fn percent(&self) -> f64 {
        self.cpu.as_secs_f64() * 100.0 / self.wall.as_secs_f64()
    }
    fn growth(&self) -> i64 {
        *self.rss.last().unwrap() as i64 - self.rss[0] as i64
    }
}

/// Leaves `app` alone for `span`, reading its group's CPU time and memory from /proc only.
async fn watch(app: &App, span: Duration) -> Span {
    let group = app.process_group();
    let rss = || crate::startup::group_memory(group).1;
    let mut samples = vec![rss()];
    let cpu0 = group_cpu(group);
    let started = Instant::now();
    while started.elapsed() < span {
        let left = span.saturating_sub(started.elapsed());
        tokio::time::sleep(left.min(Duration::from_secs(10))).await;
        samples.push(rss());
    }
    let cpu1 = group_cpu(group);
    let by_process: BTreeMap<String, Duration> = cpu1
        .iter()
        .map(|(name, t)| {
            (
                name.clone(),
                t.saturating_sub(cpu0.get(name).copied().unwrap_or_default()),
            )
        })
        .collect();
    Span {
        cpu: by_process.values().sum(),
        by_process,
        wall: started.elapsed(),
        rss: samples,
    }
}

/// The app launched with `env`, its Overview polling at 3 s, watched for `span` in its steady
/// state: what it did, the samples taken meanwhile and the samples kept.
async fn polling(binary: &Path, env: &[(&str, &str)], span: Duration) -> (Span, i64, String) {
    let app = App::launch_binary("bench-polling", binary, env, open_on_flexmodel_sandbox).await;
    app.wait_script("return document.getElementById('project-switch')?.value")
        .await;
    app.run(
        "localStorage.setItem('fm.overview.interval', '3'); localStorage.setItem('fm.overview.keep', '30'); location.hash = '#/overview';",
        vec![],
    )
    .await;
    // Settled: the first samples in, the trend drawn.
    app.wait_script("return Number(document.getElementById('overview-charts')?.dataset.polls) >= 2 && document.getElementById('overview-trend')?.dataset.calls")
        .await;
    // And in its steady state: the ring full (so the samples kept no longer grow), and the
    // first compositing of the screen's canvases done (under Xvfb with GL compositing, Mesa's
    // software GL spends seconds on it once per process: about 5 s of the web process's CPU,
    // 0.6 s with compositing off, measured by hand).
    let full = "return Number(document.getElementById('overview-charts').dataset.samples) >= 30";
    let filling = Instant::now();
    while app.run(full, vec![]).await != serde_json::json!(true) {
        assert!(
            filling.elapsed() < Duration::from_secs(300),
            "the Overview's ring never filled"
        );
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    let polls_before = polls(&app).await;
    let watched = watch(&app, span).await;
    let polls_after = polls(&app).await;
    let kept = app
        .run(
            "return Number(document.getElementById('overview-charts').dataset.samples)",
            vec![],
        )
        .await;
    app.close().await;
    (watched, polls_after - polls_before, kept.to_string())
}

/// The app's Overview polling at 3 s for `span`, as the app runs on this machine, then with
/// WebKit's GL compositing forced on (stated: what the app's choice saves here); with `hello`,
/// the hello-world idle as long.
pub async fn figures(binary: &Path, hello: Option<&Path>, span: Duration) -> Vec<Row> {
    let (ours, taken, kept) = polling(binary, &[crate::gui::AS_IT_CHOOSES], span).await;
    let (forced, _, _) = polling(binary, &[("CONSOLE_DESK_COMPOSITING", "on")], span).await;
    let theirs = match hello {
        Some(hello) => {
            let app = App::launch_binary("hello-polling", hello, &[], |_| {}).await;
            app.wait_script(HELLO_PAINTED).await;
            let idle = watch(&app, span).await;
            app.close().await;
            Some(idle)
        }
        None => {
            eprintln!("no --hello: the polling figure has no reference");
            None
        }
    };
    rows(&ours, &forced, theirs.as_ref(), taken, &kept)
}

async fn polls(app: &App) -> i64 {
    app.run(
        "return Number(document.getElementById('overview-charts').dataset.polls)",
        vec![],
    )
    .await
    .as_i64()
    .unwrap_or(0)
}

fn rows(ours: &Span, forced: &Span, theirs: Option<&Span>, polls: i64, kept: &str) -> Vec<Row> {
    let mib = |b: i64| b as f64 / (1 << 20) as f64;
    let minutes = ours.wall.as_secs_f64() / 60.0;
    let memory = |s: &Span| {
        let max = *s.rss.iter().max().unwrap() as i64;
        format!(
            "{:.0} → {:.0} MiB ({:+.1} MiB; highest {:.0})",
            mib(s.rss[0] as i64),
            mib(*s.rss.last().unwrap() as i64),
            mib(s.growth()),
            mib(max)
        )
    };
    let cpu = |s: &Span| {
        let parts: Vec<String> = s
            .by_process
            .iter()
            .filter(|(_, t)| !t.is_zero())
            .map(|(name, t)| format!("{name} {:.1} s", t.as_secs_f64()))
            .collect();
        format!(
            "{:.2} % ({:.1} s of CPU in {:.0} s: {})",
            s.percent(),
            s.cpu.as_secs_f64(),
            s.wall.as_secs_f64(),
            parts.join(", ")
        )
    };
    vec![
        Row {
            figure: format!("FlexModel Overview polling every 3 s for {minutes:.0} min: CPU of every app process, % of one core"),
            ours: cpu(ours),
            reference: theirs.map_or("no --hello".into(), |t| format!("hello-world idle: {}", cpu(t))),
            ratio: theirs.map_or("–".into(), |t| format!("+{:.2} points", ours.percent() - t.percent())),
            target: "< 1 % of one core".into(),
            met: Some(ours.percent() < 1.0),
            note: format!("{polls} samples taken over the span (one `/f/metrics/all` each, answered by the embedded sandbox inside the app process, whose work is counted); WebKit's web and network processes counted; WebDriver's left out and not asked anything meanwhile; {}", crate::gui::COMPOSITING_HERE),
        },
        Row {
            figure: format!("FlexModel Overview polling every 3 s for {minutes:.0} min with WebKit's GL compositing forced on (`CONSOLE_DESK_COMPOSITING=on`): CPU of every app process, % of one core"),
            ours: cpu(forced),
            reference: format!("as the app runs here: {:.2} %", ours.percent()),
            ratio: format!("{:.1}", forced.percent() / ours.percent()),
            target: "stated".into(),
            met: None,
            note: "what the app's choice to composite without GL on a machine with no GPU saves there; with a GPU the app keeps WebKit's GL compositing".into(),
        },
        Row {
            figure: format!("FlexModel Overview polling every 3 s for {minutes:.0} min: RSS of every app process, start → end"),
            ours: memory(ours),
            reference: theirs.map_or("no --hello".into(), |t| format!("hello-world idle: {}", memory(t))),
            ratio: "–".into(),
            target: "no growth beyond the kept samples: ≤ 4 MiB, or the hello-world's own idle drift if larger".into(),
            met: Some(mib(ours.growth()) <= theirs.map_or(4.0, |t| mib(t.growth()).max(4.0))),
            note: format!("the charts keep {kept} samples in a fixed ring (9 numbers each); RSS read every 10 s"),
        },
    ]
}
