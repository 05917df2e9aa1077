//! The app's log: to stderr and to `console-desk.log` in the app's log directory, plain text a
//! user can attach to a bug report. The level comes from `RUST_LOG` (default: info for our
//! crates, warnings for the rest) and can be changed while the app runs ([`set_level`]). A file
//! that passes a few MiB is kept as `console-desk.log.1` (replacing the one before) and a new
//! one started, at launch or while the app runs.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, reload, EnvFilter, Registry};

pub const FILE_NAME: &str = "console-desk.log";

/// A log bigger than this is set aside as `console-desk.log.1` and a new one started.
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// The levels [`set_level`] takes.
pub const LEVELS: [&str; 5] = ["error", "warn", "info", "debug", "trace"];

static FILTER: OnceLock<reload::Handle<EnvFilter, Registry>> = OnceLock::new();

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
        match Rotating::open(path.clone(), MAX_BYTES) {
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
    let (filter, handle) = reload::Layer::new(filter);
    let started = tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(std::io::stderr))
        .with(to_file)
        .try_init();
    if started.is_err() {
        return None;
    }
    let _ = FILTER.set(handle);
    if let Some(path) = &path {
        tracing::info!(version = env!("CARGO_PKG_VERSION"), log = %path.display(), "ConsoleDesk started");
    }
    path
}

/// Sets the level of every crate's log at once (one of [`LEVELS`]), from now on; the settings
/// keep it for the next launch. An unknown level changes nothing.
pub fn set_level(level: &str) -> Result<(), String> {
    if !LEVELS.contains(&level) {
        return Err(format!(
            "unknown log level {level:?}: one of {}",
            LEVELS.join(", ")
        ));
    }
    let handle = FILTER.get().ok_or("logging has not started")?;
    handle
        .reload(EnvFilter::new(directives(level)))
        .map_err(|e| e.to_string())?;
    tracing::info!(level, "log level changed");
    Ok(())
}

/// An error of the window's code (`kind`: exception or rejection), in the log under the
/// `webview` target; long texts are cut.
pub fn webview_error(kind: &str, message: &str, stack: Option<&str>) {
    let cut = |text: &str, max: usize| -> String {
        match text.char_indices().nth(max) {
            Some((at, _)) => format!("{}…", &text[..at]),
            None => text.to_owned(),
        }
    };
    let message = cut(message, 2000);
    let stack = stack.map(|s| cut(s, 4000)).unwrap_or_default();
    tracing::error!(target: "webview", kind = %cut(kind, 20), stack = %stack, "{message}");
}

/// The filter for a level: our crates at `level`, the libraries under them at most at `warn`
/// (their debug output would drown ours) unless `error` asks for less.
fn directives(level: &str) -> String {
    const OURS: [&str; 9] = [
        "console_desk",
        "console_desk_lib",
        "desk_core",
        "console_core",
        "encoo_api",
        "flexmodel_api",
        "encoo_sandbox",
        "flexmodel_sandbox",
        "webview",
    ];
    let rest = if level == "error" { "error" } else { "warn" };
    std::iter::once(rest.to_owned())
        .chain(OURS.iter().map(|c| format!("{c}={level}")))
        .collect::<Vec<_>>()
        .join(",")
}

/// The log file: appended to, and set aside as `NAME.1` (replacing the one before) when it
/// passes `limit` bytes, at launch or while writing. A failed rotation keeps writing to the
/// same file rather than losing lines.
pub(crate) struct Rotating {
    path: PathBuf,
    file: File,
    written: u64,
    limit: u64,
}

impl Rotating {
    pub(crate) fn open(path: PathBuf, limit: u64) -> std::io::Result<Rotating> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let written = std::fs::metadata(&path).map_or(0, |m| m.len());
        let file = OpenOptions::new().append(true).create(true).open(&path)?;
        let mut log = Rotating {
            path,
            file,
            written,
            limit,
        };
        if log.written > limit {
            log.rotate()?;
        }
        Ok(log)
    }

    /// The name the full log is kept under.
    pub(crate) fn previous(path: &Path) -> PathBuf {
        let mut name = path.as_os_str().to_owned();
        name.push(".1");
        name.into()
    }

    fn rotate(&mut self) -> std::io::Result<()> {
        self.file.flush()?;
        std::fs::rename(&self.path, Self::previous(&self.path))?;
        self.file = OpenOptions::new()
            .append(true)
            .create(true)
            .open(&self.path)?;
        self.written = 0;
        Ok(())
    }
}

impl Write for Rotating {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.written > 0 && self.written + buf.len() as u64 > self.limit {
            if let Err(e) = self.rotate() {
                eprintln!("ConsoleDesk cannot set its full log aside: {e}");
                self.written = 0;
            }
        }
        let n = self.file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn a_level_applies_to_our_crates_and_keeps_libraries_quiet() {
        let d = directives("debug");
        assert!(
            d.starts_with("warn,") && d.contains("desk_core=debug") && d.contains("webview=debug")
        );
        assert!(directives("error").starts_with("error,"));
        for level in LEVELS {
            assert!(EnvFilter::try_new(directives(level)).is_ok(), "{level}");
        }
        assert!(set_level("loud").unwrap_err().contains("unknown log level"));
    }

    #[test]
    fn a_small_log_is_appended_to() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs").join(FILE_NAME);
        let mut first = Rotating::open(path.clone(), 100).unwrap();
        first.write_all(b"first run\n").unwrap();
        drop(first);
        let mut second = Rotating::open(path.clone(), 100).unwrap();
        second.write_all(b"second run\n").unwrap();
        assert_eq!(read(&path), "first run\nsecond run\n");
        assert!(!Rotating::previous(&path).exists());
    }

    #[test]
    fn a_log_over_the_limit_at_launch_is_kept_as_dot_1() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, vec![b'x'; 101]).unwrap();
        std::fs::write(Rotating::previous(&path), b"older").unwrap();
        let mut log = Rotating::open(path.clone(), 100).unwrap();
        log.write_all(b"new run\n").unwrap();
        assert_eq!(read(&path), "new run\n");
        let kept = dir.path().join("console-desk.log.1");
        assert_eq!(
            read(&kept),
            "x".repeat(101),
            "the full log replaces the older .1"
        );
    }

    #[test]
    fn a_log_passing_the_limit_while_running_moves_aside_between_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut log = Rotating::open(path.clone(), 40).unwrap();
        log.write_all(b"line one 123456\n").unwrap();
        log.write_all(b"line two 123456\n").unwrap();
        log.write_all(b"line three\n").unwrap();
        assert_eq!(
            read(&Rotating::previous(&path)),
            "line one 123456\nline two 123456\n"
        );
        assert_eq!(read(&path), "line three\n");
    }
}
