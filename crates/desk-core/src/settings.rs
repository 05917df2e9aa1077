//! The app's own settings, `settings.json` beside `profiles.json`: the theme, the language, the
//! proxy new profiles start with and the log level. Read once at launch (so the first screen is
//! drawn in the chosen theme and language) and written durably whenever the user changes one.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{DeskError, ProxySetting, Result};

/// The file's name in the configuration folder.
pub const FILE_NAME: &str = "settings.json";

/// The file format; a newer app's file is read for what this one knows.
pub const SETTINGS_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// The operating system's choice.
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Zh,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Zh => "zh",
        }
    }
}

/// The proxy a new profile starts with (a profile may then be given a proxy of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProxyDefault {
    /// This computer's proxy settings.
    #[default]
    System,
    /// Always direct.
    None,
}

impl ProxyDefault {
    pub fn to_setting(self) -> ProxySetting {
        match self {
            ProxyDefault::System => ProxySetting::System,
            ProxyDefault::None => ProxySetting::None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub version: u32,
    pub theme: Theme,
    /// `None`: the operating system's language decides.
    pub language: Option<Language>,
    pub proxy_default: ProxyDefault,
    /// `None`: the log's own default (or `RUST_LOG`).
    pub log_level: Option<LogLevel>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            version: SETTINGS_VERSION,
            theme: Theme::default(),
            language: None,
            proxy_default: ProxyDefault::default(),
            log_level: None,
        }
    }
}

fn io(path: &Path, e: impl std::fmt::Display) -> DeskError {
    DeskError::Io(format!("{}: {e}", path.display()))
}

/// The settings file in `dir`.
pub fn path_in(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// Reads the settings; no file yet gives the defaults. A file that cannot be read or parsed is
/// an error (the caller starts on the defaults and leaves the file alone until a save).
pub fn load(path: &Path) -> Result<Settings> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| io(path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(e) => Err(io(path, e)),
    }
}

/// Writes the settings durably: a temporary file beside it, synced, then renamed over it, so
/// a crash leaves the old file or the new one, never half of one.
pub fn save(path: &Path, settings: &Settings) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    let settings = Settings {
        version: SETTINGS_VERSION,
        ..settings.clone()
    };
    let text = serde_json::to_vec_pretty(&settings).expect("serializable");
    let mut file = atomic_write_file::AtomicWriteFile::open(path).map_err(|e| io(path, e))?;
    std::io::Write::write_all(&mut file, &text).map_err(|e| io(path, e))?;
    file.commit().map_err(|e| io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let settings = load(&path_in(dir.path())).unwrap();
        assert_eq!(settings, Settings::default());
        assert_eq!(settings.theme, Theme::System);
        assert_eq!(settings.proxy_default.to_setting(), ProxySetting::System);
    }

    #[test]
    fn saved_settings_are_read_back_in_the_documented_shape() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_in(&dir.path().join("not-yet-made"));
        let settings = Settings {
            theme: Theme::Dark,
            language: Some(Language::Zh),
            proxy_default: ProxyDefault::None,
            log_level: Some(LogLevel::Debug),
            ..Settings::default()
        };
        save(&path, &settings).unwrap();
        assert_eq!(load(&path).unwrap(), settings);
        let raw: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(
            raw,
            serde_json::json!({"version": 1, "theme": "dark", "language": "zh",
                "proxyDefault": "none", "logLevel": "debug"})
        );
        // Nothing but the file is left in the folder (the temporary file was renamed).
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from(FILE_NAME)]);
    }

    #[test]
    fn missing_fields_take_their_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_in(dir.path());
        std::fs::write(&path, br#"{"theme": "light"}"#).unwrap();
        let settings = load(&path).unwrap();
        assert_eq!(settings.theme, Theme::Light);
        assert_eq!(settings.language, None);
        assert_eq!(settings.log_level, None);
    }

    #[test]
    fn a_damaged_file_is_an_error_and_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_in(dir.path());
        std::fs::write(&path, b"{\"theme\": \"pink\"").unwrap();
        let err = load(&path).unwrap_err();
        assert!(err.to_string().contains(FILE_NAME), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"theme\": \"pink\"");
    }
}
