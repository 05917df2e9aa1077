//! `flexmodel sandbox`: serves an emulated FlexModel server (`flexmodel_sandbox`, REST root
//! `{url}/api`) until Ctrl-C or SIGTERM, announcing its address on the first line of stdout so
//! scripts and tests can read it, as the Encoo sandbox (`sandbox.rs`) does.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use flexmodel_sandbox::{Faults, Sandbox, SandboxConfig, DEMO_PASSWORD, DEMO_USERNAME};

use crate::connect::PASSWORD_ENV;
use crate::error::{CliError, CliResult};

/// Where and how the FlexModel sandbox serves.
#[derive(Debug, Args)]
pub struct FmSandboxArgs {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: SocketAddr,
    /// Inject faults, as comma-separated name=value pairs: latency=50ms, error=0.1 (a share of
    /// answers replaced by proxy 5xx pages), reset=0.05 (connections cut), stall=0.01 (bodies
    /// that never come), revoke=0.01 (tokens revoked), seed=N, only=PATH-PART.
    #[arg(long, value_name = "SPEC", value_parser = faults)]
    pub faults: Option<Faults>,
    /// Keep the metadata and the data sources' SQLite databases in this directory across
    /// restarts (seeded when new); a temporary directory otherwise.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Lifetime of access tokens, in seconds.
    #[arg(long, default_value_t = 3600, value_name = "S")]
    pub token_ttl: u64,
    /// Rows in the seed's `Product` model beyond the demo data (for benchmarks), when the
    /// data directory is new.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub bulk_records: usize,
}

fn faults(spec: &str) -> Result<Faults, String> {
    spec.parse()
        .map_err(|e: flexmodel_sandbox::FaultSpecError| e.to_string())
}

pub async fn serve(args: FmSandboxArgs) -> CliResult {
    let config = SandboxConfig {
        token_ttl: Duration::from_secs(args.token_ttl.max(1)),
        data_dir: args.data.clone(),
        bulk_records: args.bulk_records,
        faults: args.faults.clone().unwrap_or_default(),
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::new(config).map_err(|e| match &args.data {
        Some(dir) => CliError::Failed(format!(
            "cannot start the FlexModel sandbox with data directory {}: {e}",
            dir.display()
        )),
        None => CliError::Failed(format!("cannot start the FlexModel sandbox: {e}")),
    })?;
    let server = sandbox
        .serve(args.listen)
        .await
        .map_err(|e| CliError::Failed(format!("cannot listen on {}: {e}", args.listen)))?;
    crate::sandbox::until_stopped(server, |url| announce(url, &args)).await
}

/// The address on the first line, then how to use it. Write errors are ignored: a script that
/// reads the first line and closes the pipe must not bring the server down.
fn announce(url: &str, args: &FmSandboxArgs) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "sandbox listening on {url}");
    let _ = out.flush();
    let _ = writeln!(
        out,
        "a FlexModel server, REST root {url}/api, projects default and dev_test;\n\
         sign in as {DEMO_USERNAME} / {DEMO_PASSWORD}; for example:\n  \
         export {PASSWORD_ENV}={DEMO_PASSWORD}\n  \
         console-desk-cli flexmodel --url {url} --username {DEMO_USERNAME} records list system Student"
    );
    if let Some(dir) = &args.data {
        let _ = writeln!(out, "state is kept in {}", dir.display());
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
