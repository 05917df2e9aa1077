//! `packages publish`: several files in one go with a bad one among them, upgrading the
//! workflows that use a package, plain progress lines into a pipe, and a 1 GiB upload in
//! flat memory.

use crate::common;

use std::io::{BufRead, BufReader, BufWriter, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{failed, ok, stderr, stdout, write_dgs, ChildGuard, Console, BIN};
use serde_json::Value;

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn a_bad_file_among_three_is_reported_and_the_other_two_are_published() {
    let c = Console::start();
    let dir = tempfile::tempdir().unwrap();
    let first = write_dgs(dir.path(), "Cli.PublishFirst", "1.0.0");
    let notes = dir.path().join("notes.dgs");
    std::fs::write(&notes, "plain text, not a package").unwrap();
    let last = write_dgs(dir.path(), "Cli.PublishLast", "2.0.0");

    let out = c.run_args(&["packages", "publish", arg(&first), arg(&notes), arg(&last)]);
    let err = failed(&out, 1);
    assert!(err.contains("1 of 3 files not published"), "{err}");
    let printed = stdout(&out);
    let bad = format!("✗ {}: not a .dgs package", notes.display());
    assert!(
        printed.contains(&bad) && printed.contains("zip"),
        "{printed}"
    );
    let checked_first = printed.find(&bad).unwrap();
    assert!(
        printed
            .find("✓ Cli.PublishFirst")
            .is_some_and(|at| at > checked_first),
        "every file is checked before any is sent:\n{printed}"
    );
    assert!(
        printed.contains("✓ Cli.PublishFirst 1.0.0 (direct, 1 KiB) → package "),
        "{printed}"
    );
    assert!(
        printed.contains("✓ Cli.PublishLast 2.0.0 (direct"),
        "{printed}"
    );
    assert!(printed.contains("published 2 of 3 files"), "{printed}");
    assert_eq!(c.sandbox.package_versions("Cli.PublishFirst"), ["1.0.0"]);
    assert_eq!(c.sandbox.package_versions("Cli.PublishLast"), ["2.0.0"]);
    let puts = c
        .sandbox
        .request_log()
        .iter()
        .filter(|r| r.method == "PUT")
        .count();
    assert_eq!(puts, 2, "the bad file is never sent");

    // A missing file and an empty one say so; with none usable, nothing is sent at all.
    let before = c.sandbox.request_log().len();
    let empty = dir.path().join("empty.dgs");
    std::fs::write(&empty, "").unwrap();
    let gone = dir.path().join("gone.dgs");
    let out = c.run_args(&[
        "packages",
        "publish",
        arg(&empty),
        arg(&gone),
        arg(dir.path()),
    ]);
    failed(&out, 1);
    let printed = stdout(&out);
    assert!(
        printed.contains(&format!("✗ {}: the file is empty", empty.display())),
        "{printed}"
    );
    assert!(
        printed.contains(&format!("✗ {}: cannot read the file", gone.display())),
        "{printed}"
    );
    let folder = format!("✗ {}: a folder, not a .dgs file", dir.path().display());
    assert!(printed.contains(&folder), "{printed}");
    assert!(printed.contains("published 0 of 3 files"), "{printed}");
    assert_eq!(c.sandbox.request_log().len(), before, "not even a sign-in");
}

#[test]
fn upgrade_workflows_moves_the_users_of_each_package_and_reports_refusals() {
    let c = Console::start();
    let dir = tempfile::tempdir().unwrap();
    let invoices = write_dgs(dir.path(), "Finance.InvoiceReader", "1.3.0");
    let orders = write_dgs(dir.path(), "ERP.OrderSync", "2.1.0");
    let args = ["packages", "publish", "--upgrade-workflows"];
    let out = c.run_args(&[&args[..], &[arg(&invoices), arg(&orders)]].concat());
    let err = failed(&out, 1);
    assert!(err.contains("1 workflow upgrade failed"), "{err}");
    let printed = stdout(&out);
    assert!(
        printed.contains("  ↑ 每日发票识别 Daily invoices: 1.1.0 → 1.3.0"),
        "{printed}"
    );
    assert!(
        printed.contains("  ✗ 订单同步 Order sync: version 2.1.0 adds input argument ApiKey"),
        "{printed}"
    );
    assert!(
        printed.contains("published 2 of 2 files, 1 workflows upgraded, 1 failed"),
        "{printed}"
    );
    assert!(c
        .sandbox
        .package_versions("ERP.OrderSync")
        .contains(&"2.1.0".to_string()));

    // The console agrees: the workflow is on 1.3.0 now.
    let invoice_package = c.json("packages list --search Finance.InvoiceReader")["List"][0]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let users = c.json(&format!("workflows list --package {invoice_package}"));
    let users = users["List"].as_array().unwrap();
    assert_eq!(users.len(), 1, "{users:?}");
    let workflow = c.json(&format!(
        "workflows get {}",
        users[0]["Id"].as_str().unwrap()
    ));
    assert_eq!(workflow["PackageVersion"], "1.3.0", "{workflow}");

    // As JSON, with a package nobody uses yet alongside: one array, one object per file.
    let next = write_dgs(dir.path(), "Finance.InvoiceReader", "1.4.0");
    let fresh = write_dgs(dir.path(), "Cli.Fresh", "0.1.0");
    let report = c.json_args(&[&args[..], &[arg(&next), arg(&fresh)]].concat());
    let files = report.as_array().expect("an array");
    assert_eq!(files.len(), 2, "{report}");
    let first = &files[0];
    assert_eq!(first["file"], arg(&next));
    assert_eq!(first["ok"], true);
    assert_eq!(first["packageId"], invoice_package.as_str());
    assert_eq!(
        [&first["package"], &first["version"]],
        ["Finance.InvoiceReader", "1.4.0"]
    );
    assert_eq!(first["route"], "direct");
    let moved = &first["upgrade"]["workflows"][0];
    assert_eq!(
        [&moved["from"], &moved["to"]],
        ["1.3.0", "1.4.0"],
        "{report}"
    );
    assert_eq!(moved["ok"], true);
    assert_eq!(first["upgrade"]["upgraded"], 1);
    assert_eq!(
        files[1]["upgrade"]["note"], "no workflows use it",
        "{report}"
    );
    assert_eq!(files[1]["upgrade"]["workflows"], Value::Array(vec![]));
}

#[test]
fn publish_says_what_the_console_has_of_each_package_before_sending_any() {
    let c = Console::start();
    let dir = tempfile::tempdir().unwrap();
    let invoices = write_dgs(dir.path(), "Finance.InvoiceReader", "1.3.0");
    let fresh = write_dgs(dir.path(), "Cli.Fresh", "0.1.0");
    let printed = ok(c.run_args(&["packages", "publish", arg(&invoices), arg(&fresh)]));
    let has = format!(
        "{}: Finance.InvoiceReader 1.3.0 (the console has 1.2.0)\n",
        invoices.display()
    );
    let new = format!("{}: Cli.Fresh 0.1.0 (new package)\n", fresh.display());
    assert!(printed.starts_with(&format!("{has}{new}")), "{printed}");
    assert!(printed.contains("✓ Cli.Fresh 0.1.0 (direct"), "{printed}");

    // As JSON: what the console had before each upload, absent for a new package.
    let next = write_dgs(dir.path(), "Finance.InvoiceReader", "1.4.0");
    let newer = write_dgs(dir.path(), "Cli.Newer", "1.0.0");
    let report = c.json_args(&["packages", "publish", arg(&next), arg(&newer)]);
    assert_eq!(report[0]["existingVersion"], "1.3.0", "{report}");
    assert_eq!(report[0]["version"], "1.4.0");
    assert!(report[1].get("existingVersion").is_none(), "{report}");
    assert_eq!(report[1]["ok"], true);
}

/// Writes a `.dgs` of about `payload` bytes.
fn write_big(dir: &Path, id: &str, version: &str, payload: u64) -> std::path::PathBuf {
    let path = dir.join(format!("{id}.{version}.dgs"));
    let file = BufWriter::new(std::fs::File::create(&path).unwrap());
    let manifest = dgs::Manifest {
        id: id.into(),
        version: version.into(),
        description: "a big package made by the CLI tests".into(),
    };
    dgs::write_sized_package(file, &manifest, payload).unwrap();
    path
}

#[test]
fn progress_into_a_pipe_is_a_few_plain_lines_up_to_100_percent() {
    let c = Console::start();
    let dir = tempfile::tempdir().unwrap();
    let file = write_big(dir.path(), "Cli.Progress", "1.0.0", 3 << 20);
    let out = c.run_args(&["packages", "publish", arg(&file)]);
    assert_eq!(stderr(&out), "");
    let printed = ok(out);
    assert!(
        !printed.contains('\r'),
        "no bar redrawn into a pipe: {printed:?}"
    );
    let prefix = format!("{}: ", file.display());
    let percents: Vec<u64> = printed
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix)?.strip_suffix('%')?.parse().ok())
        .collect();
    assert_eq!(percents, [25, 50, 75, 100], "{printed}");
    assert!(
        printed.contains("✓ Cli.Progress 1.0.0 (direct, 3.0 MiB)"),
        "{printed}"
    );
    assert!(printed.ends_with("published 1 of 1 files\n"), "{printed}");
}

/// The high-water mark of the process's resident memory, in KiB (Linux).
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn publishing_a_1_gib_package_keeps_peak_memory_under_64_mib() {
    let c = Console::start();
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let file = write_big(dir.path(), "Cli.Huge", "1.0.0", 1 << 30);
    let size = std::fs::metadata(&file).unwrap().len();
    assert!(size >= 1 << 30);
    let written = started.elapsed();

    let child = Command::new(BIN)
        .args(["--console", &c.url, "--username", "admin"])
        .args(["packages", "publish", arg(&file)])
        .env("CONSOLE_DESK_PASSWORD", "admin")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = ChildGuard(child);
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            pipe.read_to_string(&mut text).unwrap();
            text
        })
    };
    let out = drain(Box::new(child.0.stdout.take().unwrap()));
    let err = drain(Box::new(child.0.stderr.take().unwrap()));
    // VmHWM is itself a high-water mark: the last reading before the process ends is the
    // peak (a zombie has none, so keep the largest seen).
    let pid = child.0.id();
    let mut peak_kib = 0;
    let deadline = Instant::now() + Duration::from_secs(300);
    let status = loop {
        if let Some(kib) = peak_rss_kib(pid) {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the upload took over 5 minutes");
        std::thread::sleep(Duration::from_millis(50));
    };
    let (printed, err) = (out.join().unwrap(), err.join().unwrap());
    let total = started.elapsed();
    eprintln!(
        "1 GiB publish: peak RSS {:.1} MiB; file written in {:.1} s, whole test {:.1} s",
        peak_kib as f64 / 1024.0,
        written.as_secs_f64(),
        total.as_secs_f64()
    );
    assert!(status.success(), "{status}: {printed}\n{err}");
    assert!(peak_kib > 0, "no memory reading for the CLI");
    assert!(peak_kib < 64 * 1024, "peak RSS {peak_kib} KiB");
    assert!(printed.contains(": 100%"), "{printed}");
    assert!(
        printed.contains("✓ Cli.Huge 1.0.0 (channel, 1024 MiB)"),
        "{printed}"
    );
    assert_eq!(c.sandbox.package_versions("Cli.Huge"), ["1.0.0"]);
}

#[test]
fn ctrl_c_cancels_the_upload_in_flight_and_keeps_what_was_published() {
    let c = Console::start();
    let dir = tempfile::tempdir().unwrap();
    let small = write_dgs(dir.path(), "Cli.BeforeCancel", "1.0.0");
    let big = write_big(dir.path(), "Cli.Cancelled", "1.0.0", 512 << 20);
    let after = write_dgs(dir.path(), "Cli.AfterCancel", "1.0.0");
    let child = Command::new(BIN)
        .args(["--console", &c.url, "--username", "admin"])
        .args(["packages", "publish", arg(&small), arg(&big), arg(&after)])
        .env("CONSOLE_DESK_PASSWORD", "admin")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = ChildGuard(child);
    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
    // Interrupted a quarter of the way into the big file: 384 MiB are still to go.
    let quarter = format!("{}: 25%", big.display());
    let mut printed = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let reached = line == quarter;
        printed.push(line);
        if reached {
            break;
        }
    }
    let pid = child.0.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    printed.extend(lines.map(Result::unwrap));
    let printed = printed.join("\n");
    let status = child.0.wait().unwrap();
    let mut err = String::new();
    child
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();

    assert_eq!(status.code(), Some(1), "{printed}\n{err}");
    assert_eq!(err.trim(), "error: cancelled", "{printed}");
    assert!(printed.contains("✓ Cli.BeforeCancel 1.0.0"), "{printed}");
    assert!(
        printed.contains(&format!("✗ {}: cancelled", big.display())),
        "{printed}"
    );
    assert!(printed.ends_with("published 1 of 3 files"), "{printed}");
    assert_eq!(c.sandbox.package_versions("Cli.BeforeCancel"), ["1.0.0"]);
    assert!(c.sandbox.package_versions("Cli.Cancelled").is_empty());
    assert!(c.sandbox.package_versions("Cli.AfterCancel").is_empty());
}
