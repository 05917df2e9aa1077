//! Start-up and weight against a hello-world Tauri 2 app built on this machine: launch to
//! first paint (our dashboard with its figures; its page) under the same harness, the PSS of
//! every process of the app 10 s later, and the size of each `.deb`.

use std::path::Path;
use std::time::{Duration, Instant};

use console_desk_e2e::App;

use crate::stats::{median, Row};

/// Polls `script` every 5 ms until it is true; answers the time since the launch began.
async fn painted(app: &App, script: &str) -> Duration {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ok = app
            .client
            .execute(script, vec![])
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if ok {
            return app.launched_at.elapsed();
        }
        assert!(Instant::now() < deadline, "never painted: {script}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

const OURS_PAINTED: &str = "return !!document.querySelector('[data-stat=packages] .stat-value')";
const HELLO_PAINTED: &str = "return document.readyState === 'complete' && !!document.body && document.body.textContent.includes('Hello')";

/// Proportional set size of every process in the group but the drivers, in bytes.
fn group_pss(group: u32) -> u64 {
    group_sum(group, "Pss:")
}

/// PSS and RSS summed over every process in the group but the drivers, in bytes.
pub fn group_memory(group: u32) -> (u64, u64) {
    (group_sum(group, "Pss:"), group_sum(group, "Rss:"))
}

/// The hello-world's [`group_memory`], 10 s after its first paint.
pub async fn hello_memory(hello: &Path) -> (u64, u64) {
    let app = App::launch_binary("hello", hello, &[], |_| {}).await;
    painted(&app, HELLO_PAINTED).await;
    tokio::time::sleep(Duration::from_secs(10)).await;
    let memory = group_memory(app.process_group());
    app.close().await;
    memory
}

/// `key` (a field of smaps_rollup: `Pss:`, `Rss:`) summed over every process in the group but
/// the drivers, in bytes.
fn group_sum(group: u32, key: &str) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp …
        let Some(close) = stat.rfind(')') else {
            continue;
        };
        let comm = &stat[stat.find('(').unwrap_or(0) + 1..close];
        let fields: Vec<&str> = stat[close + 2..].split_whitespace().collect();
        if fields.get(2).and_then(|g| g.parse::<u32>().ok()) != Some(group)
            || comm.contains("tauri-driver")
            || comm.contains("WebKitWebDrive")
        {
            continue;
        }
        if let Ok(rollup) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) {
            let kib: u64 = rollup
                .lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            total += kib * 1024;
        }
    }
    total
}

async fn measure(
    name: &str,
    binary: &Path,
    painted_when: &str,
    runs: usize,
    prepare: impl Fn(&Path) + Copy,
) -> (Vec<f64>, u64) {
    let mut starts = Vec::new();
    let mut pss = 0;
    for run in 0..runs {
        let app = App::launch_binary(name, binary, &[crate::gui::AS_IT_CHOOSES], prepare).await;
        starts.push(painted(&app, painted_when).await.as_secs_f64());
        if run == 0 {
            tokio::time::sleep(Duration::from_secs(10)).await;
            pss = group_pss(app.process_group());
        }
        app.close().await;
    }
    (starts, pss)
}

/// Alternates ours and the hello-world, one launch each per round. Ours opens on the embedded
/// sandbox (the default profile), the hello-world on its one page.
pub async fn figures(app: &Path, hello: &Path, runs: usize) -> Vec<Row> {
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let (mut our_pss, mut their_pss) = (0, 0);
    for round in 0..runs {
        let (o, op) = measure("startup", app, OURS_PAINTED, 1, |_| {}).await;
        let (t, tp) = measure("hello", hello, HELLO_PAINTED, 1, |_| {}).await;
        ours.extend(o);
        theirs.extend(t);
        if round == 0 {
            (our_pss, their_pss) = (op, tp);
        }
    }
    let (o, t) = (median(ours), median(theirs));
    let mib = |b: u64| b as f64 / (1 << 20) as f64;
    vec![
        Row {
            figure: format!("cold start to the dashboard painted (median of {runs})"),
            ours: format!("{:.2} s", o),
            reference: format!("hello-world first paint: {t:.2} s"),
            ratio: format!("+{:.2} s", o - t),
            target: "≤ hello-world + 0.5 s".into(),
            met: Some(o <= t + 0.5),
            note: "from asking WebDriver for a session (which launches the app) to the condition seen true, polled every 5 ms".into(),
        },
        Row {
            figure: "idle memory, PSS of every app process, 10 s after first paint".into(),
            ours: format!("{:.0} MiB", mib(our_pss)),
            reference: format!("hello-world: {:.0} MiB", mib(their_pss)),
            ratio: format!("{:.2}", our_pss as f64 / their_pss.max(1) as f64),
            target: "≤ 1.3 × hello-world".into(),
            met: Some((our_pss as f64) <= 1.3 * their_pss as f64),
            note: "ours includes the embedded sandbox console serving the dashboard".into(),
        },
    ]
}

pub fn installer(ours: &Path, hello: &Path) -> Row {
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let (o, t) = (size(ours), size(hello));
    let mib = |b: u64| b as f64 / (1 << 20) as f64;
    Row {
        figure: "installer (.deb)".into(),
        ours: format!("{:.1} MiB", mib(o)),
        reference: format!("hello-world: {:.1} MiB", mib(t)),
        ratio: format!("{:.2}", o as f64 / t.max(1) as f64),
        target: "≤ 12 MiB".into(),
        met: Some(o > 0 && o <= 12 << 20),
        note: String::new(),
    }
}
