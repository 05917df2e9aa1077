//! Helpers the CLI test binaries share: a sandbox console served in the test process, the
//! built binary run against it, and small `.dgs` files to publish.

// Each test binary uses its own subset of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use encoo_sandbox::{Sandbox, SandboxConfig, SandboxServer};
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_console-desk-cli");

/// A sandbox served on its own runtime for the length of one test.
pub struct Console {
    // Dropped in this order: the server stops before its runtime goes.
    _server: SandboxServer,
    pub sandbox: Sandbox,
    pub url: String,
    _rt: tokio::runtime::Runtime,
}

impl Console {
    pub fn start() -> Console {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
        let addr = "127.0.0.1:0".parse().unwrap();
        let server = rt.block_on(sandbox.serve(addr)).unwrap();
        let url = server.url();
        Console {
            _server: server,
            sandbox,
            url,
            _rt: rt,
        }
    }

    /// Runs the CLI signed in as the demo user; `line` is split at whitespace.
    pub fn run(&self, line: &str) -> Output {
        self.run_args(&line.split_whitespace().collect::<Vec<_>>())
    }

    pub fn run_args(&self, args: &[&str]) -> Output {
        run_with(&self.url, args, Some("admin"))
    }

    /// Runs `--json ARGS`, expecting success, and parses stdout.
    pub fn json_args(&self, args: &[&str]) -> Value {
        let printed = ok(self.run_args(&[&["--json"], args].concat()));
        serde_json::from_str(&printed)
            .unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {printed}"))
    }

    pub fn json(&self, line: &str) -> Value {
        self.json_args(&line.split_whitespace().collect::<Vec<_>>())
    }

    /// Whether any request that reached the console has a (lower-cased) path with `part`.
    pub fn sent(&self, method: Option<&str>, part: &str) -> bool {
        self.sandbox.request_log().iter().any(|r| {
            method.is_none_or(|m| r.method == m) && r.path.to_ascii_lowercase().contains(part)
        })
    }
}

pub fn run_with(url: &str, args: &[&str], password: Option<&str>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(["--console", url, "--username", "admin"]);
    cmd.env_remove("CONSOLE_DESK_CONSOLE");
    cmd.env_remove("CONSOLE_DESK_USERNAME");
    match password {
        Some(p) => cmd.env("CONSOLE_DESK_PASSWORD", p),
        None => cmd.env_remove("CONSOLE_DESK_PASSWORD"),
    };
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

/// Asserts the exit status and returns stderr.
pub fn failed(out: &Output, code: i32) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert!(err.starts_with("error: ") || code == 2, "{err}");
    err
}

pub fn write_dgs(dir: &Path, id: &str, version: &str) -> PathBuf {
    let path = dir.join(format!("{id}.{version}.dgs"));
    let file = std::fs::File::create(&path).unwrap();
    let description = "made by the CLI tests".into();
    let manifest = dgs::Manifest {
        id: id.into(),
        version: version.into(),
        description,
    };
    dgs::write_package(file, &manifest, &[("lib/x.bin", &[7u8; 64 * 1024])]).unwrap();
    path
}

/// Kills the child if the test fails before it stops it.
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
