//! Helpers the CLI test binaries share: a sandbox console served in the test process on a
//! runtime of its own (the shared `Background` fixture; from the seed, or from a seed edited
//! through the sandbox's data file), the built binary run against it, a relay that keeps the
//! bytes the CLI sent, a port where a proxy would be, and small `.dgs` files to publish.

// Each test binary uses its own subset of these.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use encoo_sandbox::testing::Background;
use encoo_sandbox::{Sandbox, SandboxConfig};
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_console-desk-cli");

/// A sandbox served on its own runtime for the length of one test.
pub struct Console {
    // Dropped in this order: the server and its runtime stop before the data file goes.
    _served: Background,
    pub sandbox: Sandbox,
    pub url: String,
    /// Holds the data file of a sandbox started by [`Console::start_with`].
    _data: Option<tempfile::TempDir>,
}

impl Console {
    pub fn start() -> Console {
        Console::serve(Sandbox::new(SandboxConfig::default()).unwrap(), None)
    }

    /// A sandbox whose seeded state `edit` changed first, for what the seed lacks. The state
    /// is reached the only way it can be from outside the sandbox: its `--data` file (a JSON
    /// object with `packages`, `workflows`… as the API shows them).
    pub fn start_with(edit: impl FnOnce(&mut Value)) -> Console {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let config = || SandboxConfig {
            data_file: Some(path.clone()),
            ..SandboxConfig::default()
        };
        drop(Sandbox::new(config()).unwrap()); // writes the seed
        let mut state: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        edit(&mut state);
        std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
        Console::serve(Sandbox::new(config()).unwrap(), Some(dir))
    }

    fn serve(sandbox: Sandbox, data: Option<tempfile::TempDir>) -> Console {
        let served = Background::start(sandbox.router());
        let url = served.url();
        Console {
            _served: served,
            sandbox,
            url,
            _data: data,
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

/// The document named `name` in a list of the state (`packages`, `workflows`…).
pub fn named<'a>(state: &'a mut Value, list: &str, name: &str) -> &'a mut Value {
    state[list]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|d| d["Name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {list}"))
}

/// Version `version` of the package named `package`, in the state.
pub fn version_of<'a>(state: &'a mut Value, package: &str, version: &str) -> &'a mut Value {
    named(state, "packages", package)["Versions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|v| v["Version"] == version)
        .unwrap_or_else(|| panic!("no {package} {version}"))
}

pub fn run_with(url: &str, args: &[&str], password: Option<&str>) -> Output {
    run_with_env(url, args, password, &[])
}

/// [`run_with`] with these variables added to the environment.
pub fn run_with_env(
    url: &str,
    args: &[&str],
    password: Option<&str>,
    env: &[(&str, &str)],
) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(["--console", url, "--username", "admin"]);
    for var in [
        "CONSOLE_DESK_CONSOLE",
        "CONSOLE_DESK_USERNAME",
        "CONSOLE_DESK_PROXY",
        "CONSOLE_DESK_PROXY_PASSWORD",
    ] {
        cmd.env_remove(var);
    }
    match password {
        Some(p) => cmd.env("CONSOLE_DESK_PASSWORD", p),
        None => cmd.env_remove("CONSOLE_DESK_PASSWORD"),
    };
    cmd.envs(env.iter().copied());
    cmd.args(args).stdin(Stdio::null()).output().unwrap()
}

/// A port where a proxy would be, counting the connections offered to it (each closed at
/// once): a console on loopback must never be one of them.
pub struct ProxyTrap {
    pub url: String,
    offered: Arc<AtomicUsize>,
}

impl ProxyTrap {
    pub fn start() -> ProxyTrap {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let offered = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&offered);
        std::thread::spawn(move || {
            for connection in listener.incoming() {
                count.fetch_add(1, Ordering::SeqCst);
                drop(connection);
            }
        });
        ProxyTrap { url, offered }
    }

    pub fn offered(&self) -> usize {
        self.offered.load(Ordering::SeqCst)
    }
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

/// A TCP relay in front of a console that keeps every byte sent through it: what reached the
/// console's door, bodies included (the sandbox's request log keeps only the heads).
pub struct Tap {
    pub url: String,
    sent: Arc<Mutex<Vec<u8>>>,
}

impl Tap {
    /// Relays to `console` (an `http://` address) from a port of its own, until the test ends.
    pub fn start(console: &str) -> Tap {
        let upstream = console.strip_prefix("http://").unwrap().to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let sent = Arc::new(Mutex::new(Vec::new()));
        let keep = Arc::clone(&sent);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let (Ok(client), Ok(server)) = (client, TcpStream::connect(&upstream)) else {
                    return;
                };
                let (mut from_client, mut to_server) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let keep = Arc::clone(&keep);
                std::thread::spawn(move || {
                    let mut buf = [0u8; 16 * 1024];
                    while let Ok(n @ 1..) = from_client.read(&mut buf) {
                        // Kept before it is passed on: once the CLI has its answer, it is here.
                        keep.lock().unwrap().extend_from_slice(&buf[..n]);
                        if to_server.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                    let _ = to_server.shutdown(Shutdown::Write);
                });
                let (mut from_server, mut to_client) = (server, client);
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut from_server, &mut to_client);
                    let _ = to_client.shutdown(Shutdown::Write);
                });
            }
        });
        Tap { url, sent }
    }

    /// Everything sent through so far, as text.
    pub fn sent(&self) -> String {
        String::from_utf8_lossy(&self.sent.lock().unwrap()).into()
    }

    /// The JSON bodies of the requests whose line starts with `start` (`PATCH /openapi/…`).
    pub fn bodies(&self, start: &str) -> Vec<Value> {
        let sent = self.sent();
        let mut out = Vec::new();
        for (at, _) in sent.match_indices(start) {
            let (head, rest) = sent[at..].split_once("\r\n\r\n").unwrap();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|n| n.trim().parse().unwrap())
                })
                .unwrap_or(0);
            out.push(serde_json::from_str(&rest[..length]).unwrap());
        }
        out
    }
}

/// Kills the child if the test fails before it stops it.
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
