//! `console-desk-cli`: the console client for scripts and CI pipelines (`encoo …`,
//! `flexmodel …`), and the sandbox servers. Parses the command line, sets up logging, runs the
//! command and turns its outcome into an exit status (0 success, 1 API or network error,
//! 2 usage error or a change held back for want of --yes, 3 unknown outcome).

mod args;
mod commands;
mod connect;
mod error;
mod flexmodel_sandbox;
mod output;
mod profile;
mod progress;
mod sandbox;
mod times;

use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    // clap prints its own usage errors and exits 2 (0 for --help and --version).
    let cli = args::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let outcome = runtime.block_on(commands::run(cli));
    // Do not wait for tasks still parked (e.g. a Ctrl-C listener).
    runtime.shutdown_background();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::flush();
            eprintln!("error: {e}");
            if matches!(e, error::CliError::Usage(_)) {
                eprintln!("(see console-desk-cli --help)");
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// Logs to stderr, filtered by `RUST_LOG` (default `warn`). Passwords and tokens are never
/// logged by this crate or the client.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .try_init();
}
