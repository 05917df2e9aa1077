//! Upload figures, measured as a person runs them: a `console-desk-cli sandbox` process, and
//! the whole CLI process (`packages upload`) against the whole `curl -T` process with the same
//! file, alternated (who goes first swaps each round) after one untimed run of each, median
//! of N; for the direct PUT and for the channel. Beside them: the sandbox process's CPU time
//! for each body (the same bytes should cost it the same), the CLI's peak memory, and the
//! app's embedded sandbox: one served in this process as desk-core serves it, uploaded to by
//! desk-core's publisher in this process as the app publishes to its built-in Sandbox.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use encoo_api::{Client, ClientConfig, PackageQuery};
use encoo_sandbox::{Sandbox, SandboxConfig, DEMO_PASSWORD, DEMO_USERNAME};

use crate::procs::{curl, run, Run, SandboxProcess};
use crate::stats::{median, Row};

const DIRECT: &str = "Bench.Direct";
const CHANNEL: &str = "Bench.Channel";
const EMBEDDED: &str = "Bench.Embedded";
/// A pause before each timed run, so that the sandbox has freed the last upload's file.
const SETTLE: Duration = Duration::from_millis(300);

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

/// A console to upload to, and what curl needs to reach it.
struct Console {
    url: String,
    client: Client,
    token: String,
}

impl Console {
    async fn sign_in(url: &str) -> Console {
        let client = Client::sign_in(ClientConfig::single(url), DEMO_USERNAME, DEMO_PASSWORD)
            .await
            .expect("the demo user signs in")
            .with_default_scope()
            .await
            .expect("the default scope");
        let form = [
            ("client_id", "thirdpartyservice"),
            ("grant_type", "password"),
            ("username", DEMO_USERNAME),
            ("password", DEMO_PASSWORD),
        ];
        let answer: serde_json::Value = reqwest::Client::new()
            .post(format!("{url}/connect/token"))
            .form(&form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Console {
            url: url.to_owned(),
            client,
            token: answer["Access_token"].as_str().unwrap().to_owned(),
        }
    }

    /// Deletes the package `name`, so that the next upload of it makes a new version again.
    async fn forget(&self, name: &str) {
        let q = PackageQuery {
            name: Some(name.into()),
            ..Default::default()
        };
        for p in self.client.packages().list(&q).await.unwrap().list {
            if p.name == name {
                self.client.packages().delete(&p.id).await.unwrap();
            }
        }
    }

    /// `curl -T FILE` to a new channel (created and completed outside curl's time).
    async fn curl_channel(&self, file: &Path, sandbox: Option<&SandboxProcess>) -> Run {
        let channel = self
            .client
            .packages()
            .create_upload_channel()
            .await
            .unwrap();
        let mut args = vec!["-T".to_string(), file.display().to_string()];
        for (k, v) in &channel.channel.headers {
            args.push("-H".into());
            args.push(format!("{k}: {v}"));
        }
        args.push(channel.channel.uri.clone());
        let took = run(curl(&args), sandbox).await;
        self.client
            .packages()
            .complete_upload_channel(&channel.id)
            .await
            .unwrap();
        took
    }

    /// `curl -T FILE` to `PUT /openapi/packages`, with the headers the CLI sends.
    async fn curl_direct(&self, file: &Path, sandbox: &SandboxProcess) -> Run {
        let scope = self.client.scope().unwrap();
        let args = [
            "-T".to_string(),
            file.display().to_string(),
            "-H".into(),
            "Content-Type: application/octet-stream".into(),
            "-H".into(),
            format!("Authorization: Bearer {}", self.token),
            "-H".into(),
            format!("CompanyId: {}", scope.company_id),
            "-H".into(),
            format!("DepartmentId: {}", scope.department_id),
            format!("{}/openapi/packages", self.url),
        ];
        run(curl(&args), Some(sandbox)).await
    }
}

/// `console-desk-cli --console URL --username admin packages upload FILE [--channel]`.
fn cli_upload(cli: &Path, url: &str, file: &Path, channel: bool) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(cli);
    command
        .args(["--console", url, "--username", DEMO_USERNAME])
        .args(["packages", "upload"])
        .arg(file)
        .env("CONSOLE_DESK_PASSWORD", DEMO_PASSWORD);
    if channel {
        command.arg("--channel");
    }
    command
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Ours,
    Curl,
}

/// One untimed run of each side, then `runs` of each, alternated: ours first in even rounds,
/// curl first in odd ones. `once` runs one side and answers what it took.
async fn alternate(runs: usize, mut once: impl AsyncFnMut(Side) -> Run) -> (Vec<Run>, Vec<Run>) {
    once(Side::Ours).await;
    once(Side::Curl).await;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..runs {
        let order = if round % 2 == 0 {
            [Side::Ours, Side::Curl]
        } else {
            [Side::Curl, Side::Ours]
        };
        for side in order {
            tokio::time::sleep(SETTLE).await;
            let took = once(side).await;
            match side {
                Side::Ours => ours.push(took),
                Side::Curl => theirs.push(took),
            }
        }
    }
    (ours, theirs)
}

fn mib_s(bytes: u64, runs: &[Run]) -> f64 {
    let rates = runs
        .iter()
        .map(|r| bytes as f64 / (1 << 20) as f64 / r.took.as_secs_f64())
        .collect();
    median(rates)
}

fn secs(runs: &[Run], of: impl Fn(&Run) -> Duration) -> f64 {
    median(runs.iter().map(|r| of(r).as_secs_f64()).collect())
}

fn versus_curl(figure: String, bytes: u64, ours: &[Run], theirs: &[Run], note: &str) -> Row {
    let (o, t) = (mib_s(bytes, ours), mib_s(bytes, theirs));
    let time = |runs: &[Run]| secs(runs, |r| r.took);
    Row {
        figure,
        ours: format!("{o:.0} MiB/s ({:.2} s)", time(ours)),
        reference: format!("curl -T: {t:.0} MiB/s ({:.2} s)", time(theirs)),
        ratio: format!("{:.2}", o / t),
        target: "≥ 0.9 × curl".into(),
        met: Some(o / t >= 0.9),
        note: note.into(),
    }
}

/// Every upload figure: against a `console-desk-cli sandbox` process started from `cli`, and
/// against the embedded sandbox.
pub async fn figures(cli: &Path, dir: &Path, runs: usize) -> Vec<Row> {
    let sandbox = SandboxProcess::start(cli).await;
    let console = Console::sign_in(&sandbox.url).await;
    let mut rows = vec![direct(cli, &sandbox, &console, dir, runs).await];
    rows.extend(channel(cli, &sandbox, &console, dir, runs).await);
    drop(sandbox);
    rows.push(embedded(dir, runs).await);
    rows
}

/// 150 MiB by the direct PUT (under the channel threshold).
async fn direct(
    cli: &Path,
    sandbox: &SandboxProcess,
    console: &Console,
    dir: &Path,
    runs: usize,
) -> Row {
    let file = make_package(dir, DIRECT, 150 << 20);
    let size = std::fs::metadata(&file).unwrap().len();
    let (ours, theirs) = alternate(runs, async |side| {
        let took = match side {
            Side::Ours => run(cli_upload(cli, &sandbox.url, &file, false), Some(sandbox)).await,
            Side::Curl => console.curl_direct(&file, sandbox).await,
        };
        console.forget(DIRECT).await;
        took
    })
    .await;
    std::fs::remove_file(&file).ok();
    versus_curl(
        format!("direct upload to a `console-desk-cli sandbox`, 150 MiB (median of {runs})"),
        size,
        &ours,
        &theirs,
        "the CLI's time is its whole process: start, sign-in and the PUT",
    )
}

/// 1 GiB through the channel; the sandbox's CPU for each body; the CLI's memory.
async fn channel(
    cli: &Path,
    sandbox: &SandboxProcess,
    console: &Console,
    dir: &Path,
    runs: usize,
) -> Vec<Row> {
    let file = make_package(dir, CHANNEL, 1 << 30);
    let size = std::fs::metadata(&file).unwrap().len();
    let (ours, theirs) = alternate(runs, async |side| {
        let took = match side {
            Side::Ours => run(cli_upload(cli, &sandbox.url, &file, true), Some(sandbox)).await,
            Side::Curl => console.curl_channel(&file, Some(sandbox)).await,
        };
        console.forget(CHANNEL).await;
        took
    })
    .await;
    std::fs::remove_file(&file).ok();
    let small = make_package(dir, "Bench.Small", 64 << 20);
    let small_peak = run(cli_upload(cli, &sandbox.url, &small, true), None)
        .await
        .peak;
    console.forget("Bench.Small").await;
    std::fs::remove_file(&small).ok();

    let (cpu_ours, cpu_theirs) = (
        secs(&ours, |r| r.sandbox_cpu),
        secs(&theirs, |r| r.sandbox_cpu),
    );
    let big_peak = ours.iter().map(|r| r.peak).max().unwrap_or(0);
    let mib = |b: u64| format!("{:.1} MiB", b as f64 / (1 << 20) as f64);
    vec![
        versus_curl(
            format!("channel upload to a `console-desk-cli sandbox`, 1 GiB (median of {runs})"),
            size,
            &ours,
            &theirs,
            "the CLI's time is its whole process: start, sign-in, the channel's create, the PUT \
             and the channel's complete; curl's is its PUT",
        ),
        Row {
            figure: format!(
                "sandbox process CPU receiving the 1 GiB channel upload (median of {runs})"
            ),
            ours: format!("{cpu_ours:.2} s for the CLI's"),
            reference: format!("curl's: {cpu_theirs:.2} s"),
            ratio: format!("{:.2}", cpu_ours / cpu_theirs),
            target: "≤ 1.1 × curl's".into(),
            met: Some(cpu_ours <= 1.1 * cpu_theirs),
            note: "user + system time of the `console-desk-cli sandbox` process during each upload"
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

/// 1 GiB to the app's embedded sandbox: served in this process as desk-core serves it (its
/// default configuration, on 127.0.0.1:0) and uploaded to by desk-core's publisher, the
/// app's own upload path (its progress events, its channel choice), against `curl -T` to a
/// channel of the same sandbox.
async fn embedded(dir: &Path, runs: usize) -> Row {
    let sandbox = Sandbox::new(SandboxConfig::default()).expect("a sandbox");
    let server = sandbox
        .serve(([127, 0, 0, 1], 0).into())
        .await
        .expect("the embedded sandbox serves");
    let console = Console::sign_in(&server.url()).await;
    let publisher = desk_core::Publisher::default();
    let file = make_package(dir, EMBEDDED, 1 << 30);
    let size = std::fs::metadata(&file).unwrap().len();
    let (ours, theirs) = alternate(runs, async |side| {
        let took = match side {
            Side::Ours => {
                let started = Instant::now();
                let end = publisher
                    .upload(&console.client, "bench", &file, |_| {})
                    .await;
                assert!(
                    matches!(end, desk_core::PublishEvent::Done { .. }),
                    "the app's upload failed: {end:?}"
                );
                Run {
                    took: started.elapsed(),
                    peak: 0,
                    sandbox_cpu: Duration::ZERO,
                }
            }
            Side::Curl => console.curl_channel(&file, None).await,
        };
        console.forget(EMBEDDED).await;
        took
    })
    .await;
    std::fs::remove_file(&file).ok();
    versus_curl(
        format!("channel upload to the app's embedded sandbox, 1 GiB (median of {runs})"),
        size,
        &ours,
        &theirs,
        "the app's time is desk-core's publish of the file (inspect, the channel's create, \
         the PUT and complete) in the process that serves the sandbox, as in the app; curl's \
         is its PUT",
    )
}
