//! Upload figures: the CLI against `curl -T` to the same URI (channel and direct PUT),
//! alternated run by run, and the CLI's peak memory (VmHWM) while it uploads.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use encoo_api::{Client, PackageQuery};

use crate::stats::{median, Row};

pub struct Setup<'a> {
    pub cli: &'a Path,
    pub url: &'a str,
    pub client: &'a Client,
    pub token: &'a str,
    pub company: &'a str,
    pub department: &'a str,
}

pub fn make_package(dir: &Path, id: &str, payload: u64) -> PathBuf {
    let path = dir.join(format!("{id}.dgs"));
    let manifest = dgs::Manifest {
        id: id.into(),
        version: "1.0.0".into(),
        description: String::new(),
    };
    dgs::write_sized_package(std::fs::File::create(&path).unwrap(), &manifest, payload).unwrap();
    path
}

/// Runs the CLI; answers its wall time and peak resident memory (bytes).
async fn run_cli(s: &Setup<'_>, args: &[&str]) -> (Duration, u64) {
    let started = Instant::now();
    let mut child = tokio::process::Command::new(s.cli)
        .args(["--console", s.url, "--username", "admin"])
        .args(args)
        .env("CONSOLE_DESK_PASSWORD", "admin")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the CLI runs");
    let pid = child.id().expect("pid");
    let mut peak = 0;
    let status = loop {
        if let Some(kb) = vm_hwm_kib(pid) {
            peak = peak.max(kb * 1024);
        }
        tokio::select! {
            status = child.wait() => break status.unwrap(),
            _ = tokio::time::sleep(Duration::from_millis(20)) => {}
        }
    };
    let took = started.elapsed();
    assert!(status.success(), "the CLI failed: {args:?}");
    (took, peak)
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn curl(args: &[&str]) -> Duration {
    let started = Instant::now();
    let out = std::process::Command::new("curl")
        .args(["-sS", "--fail", "-o", "/dev/null"])
        .args(args)
        .output()
        .expect("curl runs");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "curl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

async fn forget(client: &Client, name: &str) {
    let q = PackageQuery {
        name: Some(name.into()),
        ..Default::default()
    };
    for p in client.packages().list(&q).await.unwrap().list {
        if p.name == name {
            client.packages().delete(&p.id).await.unwrap();
        }
    }
}

fn mib_s(bytes: u64, d: Duration) -> f64 {
    bytes as f64 / (1 << 20) as f64 / d.as_secs_f64()
}

/// 1 GiB through the channel, CLI vs curl, alternated `runs` times each; and the memory rows.
pub async fn channel(s: &Setup<'_>, dir: &Path, runs: usize) -> Vec<Row> {
    let file = make_package(dir, "Bench.Channel", 1 << 30);
    let size = std::fs::metadata(&file).unwrap().len();
    let (mut ours, mut theirs, mut peaks) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let (took, peak) = run_cli(
            s,
            &["packages", "upload", file.to_str().unwrap(), "--channel"],
        )
        .await;
        ours.push(mib_s(size, took));
        peaks.push(peak);
        forget(s.client, "Bench.Channel").await;
        let channel = s.client.packages().create_upload_channel().await.unwrap();
        let mut args = vec!["-T".to_string(), file.display().to_string()];
        for (k, v) in &channel.channel.headers {
            args.push("-H".into());
            args.push(format!("{k}: {v}"));
        }
        args.push(channel.channel.uri.clone());
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        theirs.push(mib_s(size, tokio::task::block_in_place(|| curl(&argv))));
        s.client
            .packages()
            .complete_upload_channel(&channel.id)
            .await
            .unwrap();
        forget(s.client, "Bench.Channel").await;
    }
    std::fs::remove_file(&file).ok();
    let (o, t) = (median(ours), median(theirs));
    let big_peak = *peaks.iter().max().unwrap();
    let small = make_package(dir, "Bench.Small", 64 << 20);
    let (_, small_peak) = run_cli(
        s,
        &["packages", "upload", small.to_str().unwrap(), "--channel"],
    )
    .await;
    forget(s.client, "Bench.Small").await;
    std::fs::remove_file(&small).ok();
    let mib = |b: u64| format!("{:.1} MiB", b as f64 / (1 << 20) as f64);
    vec![
        Row {
            figure: format!("upload throughput, 1 GiB channel PUT (median of {runs})"),
            ours: format!("{o:.0} MiB/s"),
            reference: format!("curl -T: {t:.0} MiB/s"),
            ratio: format!("{:.2}", o / t),
            target: "≥ 0.9 × curl".into(),
            met: Some(o / t >= 0.9),
            note:
                "the CLI's time includes its start, sign-in and the channel's create and complete"
                    .into(),
        },
        Row {
            figure: "upload memory (CLI peak RSS)".into(),
            ours: format!("{} for 1 GiB", mib(big_peak)),
            reference: format!("{} for 64 MiB", mib(small_peak)),
            ratio: format!("{:.2}", big_peak as f64 / small_peak as f64),
            target: "≤ 64 MiB, flat in file size".into(),
            met: Some(big_peak <= 64 << 20 && (big_peak as f64) < 1.25 * small_peak as f64),
            note: String::new(),
        },
    ]
}

/// 150 MiB by the direct PUT, CLI vs curl with the same headers.
pub async fn direct(s: &Setup<'_>, dir: &Path, runs: usize) -> Row {
    let file = make_package(dir, "Bench.Direct", 150 << 20);
    let size = std::fs::metadata(&file).unwrap().len();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let url = format!("{}/openapi/packages", s.url);
    for _ in 0..runs {
        let (took, _) = run_cli(s, &["packages", "upload", file.to_str().unwrap()]).await;
        ours.push(mib_s(size, took));
        forget(s.client, "Bench.Direct").await;
        let args = [
            "-T",
            file.to_str().unwrap(),
            "-H",
            "Content-Type: application/octet-stream",
            "-H",
            &format!("Authorization: Bearer {}", s.token),
            "-H",
            &format!("CompanyId: {}", s.company),
            "-H",
            &format!("DepartmentId: {}", s.department),
            &url,
        ];
        theirs.push(mib_s(size, tokio::task::block_in_place(|| curl(&args))));
        forget(s.client, "Bench.Direct").await;
    }
    std::fs::remove_file(&file).ok();
    let (o, t) = (median(ours), median(theirs));
    Row {
        figure: format!("direct upload, 150 MiB PUT (median of {runs})"),
        ours: format!("{o:.0} MiB/s"),
        reference: format!("curl -T: {t:.0} MiB/s"),
        ratio: format!("{:.2}", o / t),
        target: "≥ 0.9 × curl".into(),
        met: Some(o / t >= 0.9),
        note: "the CLI's time includes its start and sign-in".into(),
    }
}
