//! `scripts/bench`: measures what the README's performance table shows, each figure beside a
//! reference measured in the same run, and writes `target/bench/report.md`.
//!
//! Usage: `console-desk-bench --cli CLI [--app APP --hello HELLO] [--app-deb DEB --hello-deb DEB]
//! [--runs 5] [--quick] [--no-gui | --gui-only | --uploads-only | --flexmodel-only |
//! --flexmodel-gui-only | --flexmodel-polling-only [--polling-seconds N]]`; `scripts/bench` builds everything and passes it all. The upload
//! figures run the CLI as a person does: its own `console-desk-cli sandbox` process, and each
//! upload a whole CLI process beside curl.

mod flexmodel;
mod flexmodel_polling;
mod flexmodel_window;
mod gui;
mod procs;
mod requests;
mod startup;
mod stats;
mod upload;

use std::path::PathBuf;
use std::sync::Arc;

use encoo_api::PackageQuery;
use encoo_sandbox::testing::{signed_in, SignedIn};
use encoo_sandbox::{Sandbox, SandboxConfig};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let cli =
        PathBuf::from(flag("--cli").unwrap_or_else(|| "target/release/console-desk-cli".into()));
    let quick = args.iter().any(|a| a == "--quick");
    let runs: usize = flag("--runs")
        .and_then(|r| r.parse().ok())
        .unwrap_or(if quick { 1 } else { 5 });
    let out_dir = PathBuf::from(flag("--out").unwrap_or_else(|| "target/bench".into()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let work = tempfile::tempdir_in(&out_dir).unwrap();

    let SignedIn {
        sandbox: _sandbox,
        server,
        client,
    } = signed_in().await;
    let url = server.url();
    let scope = client.scope().unwrap().clone();
    let http = reqwest::Client::new();
    let form = [
        ("client_id", "thirdpartyservice"),
        ("grant_type", "password"),
        ("username", "admin"),
        ("password", "admin"),
    ];
    let answer: serde_json::Value = http
        .post(format!("{url}/connect/token"))
        .form(&form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = answer["Access_token"].as_str().unwrap().to_owned();
    let plain = Arc::new(requests::Plain {
        http,
        url: url.clone(),
        token,
        company: scope.company_id.clone(),
        department: scope.department_id.clone(),
    });
    let mut rows = Vec::new();
    // `--gui-only`, `--uploads-only`, `--flexmodel-only`, `--flexmodel-gui-only`: just those
    // figures (for work on the UI, the upload path, the FlexModel client and sandbox, the
    // FlexModel console's window).
    let only = |flag: &str| args.iter().any(|a| a == flag);
    let (gui_only, uploads_only, flexmodel_only, flexmodel_gui_only, polling_only) = (
        only("--gui-only"),
        only("--uploads-only"),
        only("--flexmodel-only"),
        only("--flexmodel-gui-only"),
        only("--flexmodel-polling-only"),
    );
    let all = !(gui_only || uploads_only || flexmodel_only || flexmodel_gui_only || polling_only);
    // The release app when given (scripts/bench gives it), else the debug build.
    let app = || {
        flag("--app")
            .map(PathBuf::from)
            .unwrap_or_else(console_desk_e2e::app_binary)
    };
    if all {
        eprintln!("request overhead…");
        let id = client
            .packages()
            .list(&PackageQuery::default())
            .await
            .unwrap()
            .list[0]
            .id
            .clone();
        rows.extend(requests::overhead(&client, &plain, &id).await);
        eprintln!("sandbox under load…");
        rows.push(requests::sandbox_load(plain.clone(), if quick { 2 } else { 10 }).await);
    }
    if all || flexmodel_only {
        eprintln!("FlexModel: record pages of 100,000 and a GraphQL list of 1,000…");
        rows.extend(flexmodel::figures(quick).await);
    }
    if all || uploads_only {
        assert!(
            cli.exists(),
            "{} is missing: build it with cargo build --release -p console-desk-cli",
            cli.display()
        );
        eprintln!("uploads: direct 150 MiB, channel 1 GiB, embedded 1 GiB ({runs} runs each)…");
        rows.extend(upload::figures(&cli, work.path(), runs).await);
    }

    if !(all || gui_only) {
        eprintln!("skipping the window's figures");
    } else if args.iter().any(|a| a == "--no-gui") {
        eprintln!("skipping the window's figures (--no-gui)");
    } else {
        eprintln!("the app window: IPC and a list of 10,000 packages…");
        let big = Sandbox::new(SandboxConfig::default()).unwrap();
        big.add_bulk_packages(10_000);
        let big_server = big.serve("127.0.0.1:0".parse().unwrap()).await.unwrap();
        rows.extend(gui::figures(&app(), &big_server.url()).await);
    }
    if !(all || flexmodel_gui_only) || args.iter().any(|a| a == "--no-gui") {
        eprintln!("skipping the FlexModel window's figures");
    } else {
        let launches = if quick { 1 } else { 5 };
        eprintln!("the FlexModel window: a records grid of 100,000 ({launches} × 3 launches)…");
        let hello = flag("--hello").map(PathBuf::from);
        rows.extend(flexmodel_window::figures(&app(), hello.as_deref(), launches).await);
    }

    if !(all || polling_only) || args.iter().any(|a| a == "--no-gui") {
        eprintln!("skipping the FlexModel Overview's polling");
    } else {
        // Ten minutes (one with --quick; --polling-seconds to choose), then as long for the
        // hello-world.
        let seconds = flag("--polling-seconds")
            .and_then(|s| s.parse().ok())
            .unwrap_or(if quick { 60 } else { 600 });
        eprintln!(
            "the FlexModel Overview polling at 3 s: {seconds} s, then the hello-world as long…"
        );
        let hello = flag("--hello").map(PathBuf::from);
        let span = std::time::Duration::from_secs(seconds);
        rows.extend(flexmodel_polling::figures(&app(), hello.as_deref(), span).await);
    }

    match (flag("--app"), flag("--hello")) {
        _ if !all => {}
        (Some(app), Some(hello)) => {
            eprintln!("cold start and idle memory against the hello-world ({runs} launches each)…");
            rows.extend(startup::figures(&PathBuf::from(app), &PathBuf::from(hello), runs).await);
        }
        _ => eprintln!("no --app/--hello: skipping cold start and idle memory"),
    }
    if let (Some(ours), Some(hello), true) = (flag("--app-deb"), flag("--hello-deb"), all) {
        rows.push(startup::installer(
            &PathBuf::from(ours),
            &PathBuf::from(hello),
        ));
    }

    let report = format!(
        "# ConsoleDesk benchmark report\n\nMeasured by `scripts/bench` on this machine ({} cores); every reference was measured in the same run.\n\n{}",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        stats::table(&rows)
    );
    let path = out_dir.join("report.md");
    std::fs::write(&path, &report).unwrap();
    println!("{report}");
    eprintln!("written to {}", path.display());
}
