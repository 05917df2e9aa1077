//! `sandbox`: serves an emulated console until Ctrl-C or SIGTERM, announcing its address on
//! the first line of stdout so scripts and tests can read it.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use encoo_sandbox::{Faults, Sandbox, SandboxConfig, DEMO_PASSWORD, DEMO_USERNAME};

use crate::connect::PASSWORD_ENV;
use crate::error::{CliError, CliResult};

/// Where and how the sandbox serves.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:4780", value_name = "ADDR")]
    pub listen: SocketAddr,
    /// Lifetime of access tokens, in seconds.
    #[arg(long, default_value_t = 3600, value_name = "S")]
    pub token_ttl: u64,
    /// Keep the console's state in this JSON file across restarts.
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Inject faults, as comma-separated name=value pairs: latency=50ms, error=0.1 (a share of
    /// answers replaced by proxy 5xx pages), reset=0.05 (connections cut), stall=0.01 (bodies
    /// that never come), revoke=0.01 (tokens revoked), seed=N, only=PATH-PART.
    #[arg(long, value_name = "SPEC", value_parser = faults)]
    pub faults: Option<Faults>,
}

fn faults(spec: &str) -> Result<Faults, String> {
    spec.parse()
        .map_err(|e: encoo_sandbox::FaultSpecError| e.to_string())
}

pub async fn serve(args: SandboxArgs) -> CliResult {
    let config = SandboxConfig {
        token_ttl: Duration::from_secs(args.token_ttl.max(1)),
        data_file: args.data.clone(),
        faults: args.faults.clone().unwrap_or_default(),
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::new(config).map_err(|e| match &args.data {
        Some(path) => CliError::Failed(format!(
            "cannot start the sandbox with data file {}: {e}",
            path.display()
        )),
        None => CliError::Failed(format!("cannot start the sandbox: {e}")),
    })?;
    let server = sandbox
        .serve(args.listen)
        .await
        .map_err(|e| CliError::Failed(format!("cannot listen on {}: {e}", args.listen)))?;
    until_stopped(server, |url| announce(url, &args)).await
}

/// Serves until Ctrl-C or SIGTERM; `announce` prints the address first. The handlers go in
/// before the address is announced, so a signal sent as soon as the first line is read still
/// stops the server cleanly. (Both consoles' sandboxes are a `sandbox_kit::Server`.)
pub(crate) async fn until_stopped(
    server: encoo_sandbox::SandboxServer,
    announce: impl FnOnce(&str),
) -> CliResult {
    let shutdown = shutdown_signal()?;
    announce(&server.url());
    shutdown.await;
    tracing::info!("sandbox stopping");
    drop(server);
    Ok(())
}

/// The address on the first line, then how to use it. Write errors are ignored: a script that
/// reads the first line and closes the pipe must not bring the server down.
fn announce(url: &str, args: &SandboxArgs) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "sandbox listening on {url}");
    let _ = out.flush();
    let _ = writeln!(
        out,
        "sign in as {DEMO_USERNAME} / {DEMO_PASSWORD}; for example:\n  \
         export {PASSWORD_ENV}={DEMO_PASSWORD}\n  \
         console-desk-cli --console {url} --username {DEMO_USERNAME} packages list"
    );
    if let Some(path) = &args.data {
        let _ = writeln!(out, "state is kept in {}", path.display());
    }
    if let Some(faults) = args.faults.as_ref().filter(|f| !f.is_none()) {
        let _ = writeln!(
            out,
            "faults in effect: {faults} (answers lost, connections cut or stalled on purpose)"
        );
    }
    let _ = writeln!(out, "Ctrl-C stops it.");
    let _ = out.flush();
}

/// Ctrl-C, or SIGTERM where there is one; the handlers are in place when this returns.
#[cfg(unix)]
pub(crate) fn shutdown_signal() -> CliResult<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let cannot = |e| CliError::Failed(format!("cannot listen for Ctrl-C and SIGTERM: {e}"));
    let mut int = signal(SignalKind::interrupt()).map_err(cannot)?;
    let mut term = signal(SignalKind::terminate()).map_err(cannot)?;
    Ok(async move {
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
        }
    })
}

#[cfg(not(unix))]
pub(crate) fn shutdown_signal() -> CliResult<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
