//! The app's log: to stderr and to `console-desk.log` in the app's log directory, plain text a
//! user can attach to a bug report. The level comes from `RUST_LOG` (default: info for our
//! crates, warnings for the rest); the file starts afresh once it has grown past a few MiB.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter};

pub const FILE_NAME: &str = "console-desk.log";

/// At launch, a log bigger than this is emptied rather than appended to.
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;

const DEFAULT_FILTER: &str =
    "warn,console_desk=info,console_desk_lib=info,desk_core=info,encoo_api=info,encoo_sandbox=info";

/// Where the log goes: `CONSOLE_DESK_LOG_DIR` when set (tests), else `default_dir`.
pub fn dir(default_dir: impl FnOnce() -> Option<PathBuf>) -> Option<PathBuf> {
    std::env::var_os("CONSOLE_DESK_LOG_DIR")
        .map(PathBuf::from)
        .or_else(default_dir)
}

/// Starts logging to stderr and, when it can be opened, to `dir/console-desk.log`; returns the
/// file's path. Called once, before anything worth logging happens.
pub fn init(dir: Option<&Path>) -> Option<PathBuf> {
    let file = dir.and_then(|dir| {
        let path = dir.join(FILE_NAME);
        match open(&path, MAX_BYTES) {
            Ok(file) => Some((path, file)),
            Err(e) => {
                eprintln!(
                    "ConsoleDesk cannot write its log to {}: {e}",
                    path.display()
                );
                None
            }
        }
    });
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let (path, file) = file.unzip();
    let to_file = file.map(|f| fmt::layer().with_ansi(false).with_writer(Mutex::new(f)));
    let started = tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(std::io::stderr))
        .with(to_file)
        .try_init();
    if started.is_err() {
        return None;
    }
    if let Some(path) = &path {
        tracing::info!(version = env!("CARGO_PKG_VERSION"), log = %path.display(), "ConsoleDesk started");
    }
    path
}

/// TEMPORARY (i15-shell): stands in for the lead's `set_level` on main until it is merged;
/// the level cannot change while the app runs without the filter's reload handle.
pub fn set_level(level: &str) -> Result<(), String> {
    Err(format!("changing the log level to {level} needs the app's next version"))
}

/// Opens the log for appending, emptied first when it is over `limit` bytes.
fn open(path: &Path, limit: u64) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let too_big = std::fs::metadata(path).is_ok_and(|m| m.len() > limit);
    if too_big {
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
    } else {
        OpenOptions::new().append(true).create(true).open(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_small_log_is_appended_to() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs").join(FILE_NAME);
        open(&path, 100).unwrap().write_all(b"first run\n").unwrap();
        open(&path, 100)
            .unwrap()
            .write_all(b"second run\n")
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "first run\nsecond run\n"
        );
    }

    #[test]
    fn a_log_over_the_limit_starts_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, vec![b'x'; 101]).unwrap();
        open(&path, 100).unwrap().write_all(b"new run\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new run\n");
    }
}
