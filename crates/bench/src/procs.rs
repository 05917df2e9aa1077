//! Processes as a person runs them: a `console-desk-cli sandbox` of its own, and one command
//! timed from spawn to exit with its peak memory, the sandbox's CPU time read around it.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::AsyncBufReadExt;

/// `console-desk-cli sandbox --listen 127.0.0.1:0`, stopped (killed) when dropped.
pub struct SandboxProcess {
    child: tokio::process::Child,
    pid: u32,
    pub url: String,
    ticks_per_second: f64,
}

impl SandboxProcess {
    pub async fn start(cli: &Path) -> SandboxProcess {
        let mut child = tokio::process::Command::new(cli)
            .args(["sandbox", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("the CLI serves a sandbox");
        let pid = child.id().expect("pid");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        tokio::io::BufReader::new(stdout)
            .read_line(&mut first)
            .await
            .expect("the sandbox announces its address");
        let url = first
            .trim()
            .rsplit(' ')
            .next()
            .filter(|u| u.starts_with("http"))
            .unwrap_or_else(|| panic!("no address in the sandbox's first line: {first:?}"))
            .to_owned();
        SandboxProcess {
            child,
            pid,
            url,
            ticks_per_second: clock_ticks(),
        }
    }

    /// CPU time (user + system, every thread) the sandbox process has used so far.
    pub fn cpu(&self) -> Duration {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid))
            .expect("the sandbox process is running");
        // Fields after the command name, which is in parentheses and may hold spaces.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or("", |(_, rest)| rest)
            .split_whitespace()
            .collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0)
        };
        // utime and stime are fields 14 and 15 of the whole line: 11 and 12 after the name.
        Duration::from_secs_f64((ticks(11) + ticks(12)) as f64 / self.ticks_per_second)
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

/// Clock ticks per second for /proc's CPU times (`getconf CLK_TCK`; 100 on Linux).
pub(crate) fn clock_ticks() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// What one run of a command took.
pub struct Run {
    /// From spawn to exit.
    pub took: Duration,
    /// Peak resident memory (VmHWM), bytes.
    pub peak: u64,
    /// CPU time the sandbox process used meanwhile, when one was given.
    pub sandbox_cpu: Duration,
}

/// Runs `command` to its end (it must succeed), timing the whole process; the CLI and curl are
/// run alike, stdout discarded.
pub async fn run(mut command: tokio::process::Command, sandbox: Option<&SandboxProcess>) -> Run {
    let cpu_before = sandbox.map(SandboxProcess::cpu).unwrap_or_default();
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command runs");
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
    let sandbox_cpu = sandbox
        .map(|s| s.cpu().saturating_sub(cpu_before))
        .unwrap_or_default();
    if !status.success() {
        let mut err = String::new();
        if let Some(mut stderr) = child.stderr.take() {
            let _ = tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut err).await;
        }
        let program = command
            .as_std()
            .get_program()
            .to_string_lossy()
            .into_owned();
        panic!("{program} failed ({status}): {err}");
    }
    Run {
        took,
        peak,
        sandbox_cpu,
    }
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `curl -sS --fail -o /dev/null ARGS`.
pub fn curl(args: &[String]) -> tokio::process::Command {
    let mut command = tokio::process::Command::new("curl");
    command
        .args(["-sS", "--fail", "-o", "/dev/null"])
        .args(args);
    command
}
