//! What the FlexModel CLI tests share: a seeded FlexModel sandbox served in the test process on
//! a runtime of its own (its trigger scheduler needs one), and the built binary run against it
//! as `console-desk-cli flexmodel --url URL --username admin …` with the password in the
//! environment.

// Each test binary uses its own subset of these.
#![allow(dead_code)]

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use flexmodel_sandbox::{Sandbox, SandboxConfig, SandboxServer};
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_console-desk-cli");

/// A FlexModel sandbox served for the length of one test.
pub struct Fm {
    // Dropped in this order: the server stops before its runtime goes.
    server: SandboxServer,
    _runtime: tokio::runtime::Runtime,
    pub sandbox: Sandbox,
    pub url: String,
}

impl Fm {
    pub fn start() -> Fm {
        let sandbox = Sandbox::new(SandboxConfig::default()).expect("a sandbox");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the sandbox");
        // `router()` starts the trigger scheduler, so it is called inside the runtime.
        let server =
            runtime.block_on(async { flexmodel_sandbox::testing::start(sandbox.router()).await });
        let url = server.url();
        Fm {
            server,
            _runtime: runtime,
            sandbox,
            url,
        }
    }

    /// Runs `flexmodel --url … --username admin ARGS` with the right password.
    pub fn run(&self, args: &[&str]) -> Output {
        run_fm(Some(&self.url), args, Some("admin123"), &[])
    }

    /// Runs `flexmodel … --json ARGS`, expecting success, and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let printed = ok(self.run(&[&["--json"], args].concat()));
        serde_json::from_str(&printed)
            .unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {printed}"))
    }

    /// Runs `ARGS` expecting success and answers stdout (the table).
    pub fn table(&self, args: &[&str]) -> String {
        ok(self.run(args))
    }

    /// How many requests with `method` whose path contains `part` reached the sandbox.
    pub fn sent(&self, method: &str, part: &str) -> usize {
        self.sandbox
            .request_log()
            .iter()
            .filter(|r| r.method == method && r.path.contains(part))
            .count()
    }
}

/// `console-desk-cli flexmodel [--url URL] --username admin ARGS` with `password` (or none) in
/// CONSOLE_DESK_PASSWORD and `env` added; stdin is not a terminal.
pub fn run_fm(
    url: Option<&str>,
    args: &[&str],
    password: Option<&str>,
    env: &[(&str, &str)],
) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.arg("flexmodel");
    if let Some(url) = url {
        cmd.args(["--url", url]);
    }
    cmd.args(["--username", "admin"]);
    for var in [
        "CONSOLE_DESK_FLEXMODEL_URL",
        "CONSOLE_DESK_USERNAME",
        "CONSOLE_DESK_PROXY",
        "CONSOLE_DESK_PROXY_PASSWORD",
        "CONSOLE_DESK_PASSWORD",
    ] {
        cmd.env_remove(var);
    }
    if let Some(p) = password {
        cmd.env("CONSOLE_DESK_PASSWORD", p);
    }
    cmd.envs(env.iter().copied());
    cmd.args(args).stdin(Stdio::null()).output().unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into()
}

/// Asserts success and returns stdout.
pub fn ok(out: Output) -> String {
    let (printed, err) = (stdout(&out), stderr(&out));
    assert!(out.status.success(), "{:?}: {printed}\n{err}", out.status);
    printed
}

/// Asserts the exit status, that nothing went to stdout, and returns stderr.
pub fn failed(out: &Output, code: i32) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(out.stdout.is_empty(), "stdout: {}", stdout(out));
    err
}

/// The table row (a line of stdout) that contains every one of `cells`.
pub fn row<'a>(table: &'a str, cells: &[&str]) -> &'a str {
    table
        .lines()
        .find(|line| {
            let found: Vec<&str> = line
                .split('┆')
                .map(|c| c.trim_matches(['│', ' ']))
                .collect();
            cells.iter().all(|c| found.contains(c))
        })
        .unwrap_or_else(|| panic!("no row with {cells:?} in\n{table}"))
}

/// Polls `check` until it answers `Some`, for at most 10 s.
pub fn eventually<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(found) = check() {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The id of the seeded flow module whose key is `key`.
pub fn flow_id(fm: &Fm, key: &str) -> String {
    let flows = fm.json(&["flows", "list"]);
    flows["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["flowKey"] == key)
        .and_then(|f| f["flowModuleId"].as_str())
        .unwrap_or_else(|| panic!("no flow {key} in {flows}"))
        .to_owned()
}
