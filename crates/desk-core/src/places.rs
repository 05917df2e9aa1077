//! Where the app keeps things on this computer, shared by the app and the CLI (which reads the
//! same profiles file and keyring entries): the bundle identifier the folders are named after,
//! the folders themselves, the keyring's service name, and the move from the old identifier.
//!
//! The folders are the ones Tauri's path resolver gives for [`IDENTIFIER`]: the configuration
//! folder (`~/.config/ID` on Linux, `~/Library/Application Support/ID` on macOS,
//! `%APPDATA%\ID` on Windows), the data folder (`~/.local/share/ID`, the same as the
//! configuration folder elsewhere) and the log folder. A test checks that `tauri.conf.json`
//! names the same identifier.

use std::path::{Path, PathBuf};

/// The bundle identifier. It must not end in `.app`: Tauri warns about it, and macOS shows a
/// folder named after it (`~/Library/Logs/…`) as an application.
pub const IDENTIFIER: &str = "dev.consoledesk.ConsoleDesk";

/// Identifiers of earlier versions, newest first: their folders are moved to [`IDENTIFIER`]'s.
pub const OLD_IDENTIFIERS: &[&str] = &["dev.consoledesk.app"];

/// The service name of every keyring entry (not tied to the identifier, so entries survive
/// its change). Tests set `CONSOLE_DESK_KEYRING_SERVICE` to keep to their own entries.
pub fn keyring_service() -> String {
    std::env::var("CONSOLE_DESK_KEYRING_SERVICE").unwrap_or_else(|_| "ConsoleDesk".into())
}

/// `profiles.json`'s folder: `CONSOLE_DESK_CONFIG_DIR` when set (and not empty), else the
/// app's configuration folder. `None` when the system names no configuration folder (no home
/// directory).
pub fn config_dir() -> Option<PathBuf> {
    std::env::var_os("CONSOLE_DESK_CONFIG_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| Some(dirs::config_dir()?.join(IDENTIFIER)))
}

/// The app's profiles file, as [`config_dir`] places it.
pub fn profiles_path() -> Option<PathBuf> {
    Some(config_dir()?.join("profiles.json"))
}

/// The folders named after the identifier, for `id`: configuration, data and logs (some are the
/// same folder on some systems; each is listed once).
fn folders(id: &str) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = Vec::new();
    let logs = if cfg!(target_os = "macos") {
        dirs::home_dir().map(|home| home.join("Library/Logs").join(id))
    } else {
        dirs::data_local_dir().map(|d| d.join(id))
    };
    for dir in [
        dirs::config_dir().map(|d| d.join(id)),
        dirs::data_dir().map(|d| d.join(id)),
        logs,
    ]
    .into_iter()
    .flatten()
    {
        if !all.contains(&dir) {
            all.push(dir);
        }
    }
    all
}

/// What [`move_old_folders`] did with one folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Moved {
    /// The old folder became the new one.
    Renamed { from: PathBuf, to: PathBuf },
    /// Both exist: the new one is used and the old one left where it is.
    BothExist { old: PathBuf, new: PathBuf },
    Failed {
        from: PathBuf,
        to: PathBuf,
        error: String,
    },
}

/// Moves the folders of an older identifier to this one's, once: an old folder is renamed
/// when the new one does not exist yet (profiles, window state, embedded sandboxes, the run
/// journal and logs all come along; the keyring's entries never depended on the identifier).
/// Called before anything opens a file in them.
pub fn move_old_folders() -> Vec<Moved> {
    let mut done = Vec::new();
    for old_id in OLD_IDENTIFIERS {
        let pairs = folders(old_id).into_iter().zip(folders(IDENTIFIER));
        for (old, new) in pairs {
            done.extend(move_folder(&old, &new));
        }
    }
    done
}

/// Renames `old` to `new` when `old` exists and `new` does not.
pub fn move_folder(old: &Path, new: &Path) -> Option<Moved> {
    if !old.is_dir() {
        return None;
    }
    if new.exists() {
        return Some(Moved::BothExist {
            old: old.into(),
            new: new.into(),
        });
    }
    let renamed = new
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::rename(old, new));
    Some(match renamed {
        Ok(()) => Moved::Renamed {
            from: old.into(),
            to: new.into(),
        },
        Err(e) => Moved::Failed {
            from: old.into(),
            to: new.into(),
            error: e.to_string(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identifier_does_not_end_in_dot_app() {
        assert!(!IDENTIFIER.to_ascii_lowercase().ends_with(".app"));
        assert!(!OLD_IDENTIFIERS.contains(&IDENTIFIER));
    }

    #[test]
    fn an_old_folder_becomes_the_new_one_with_everything_in_it() {
        let root = tempfile::tempdir().unwrap();
        let old = root.path().join("dev.consoledesk.app");
        let new = root.path().join(IDENTIFIER);
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("profiles.json"), b"{\"version\":2}").unwrap();
        std::fs::write(old.join(".window-state.json"), b"{}").unwrap();
        let moved = move_folder(&old, &new).unwrap();
        assert_eq!(
            moved,
            Moved::Renamed {
                from: old.clone(),
                to: new.clone()
            }
        );
        assert!(!old.exists());
        assert_eq!(
            std::fs::read(new.join("profiles.json")).unwrap(),
            b"{\"version\":2}"
        );
        assert!(new.join(".window-state.json").is_file());
        // Once moved, nothing is left to move.
        assert_eq!(move_folder(&old, &new), None);
    }

    #[test]
    fn a_new_folder_that_exists_is_kept_and_the_old_one_left_alone() {
        let root = tempfile::tempdir().unwrap();
        let old = root.path().join("old");
        let new = root.path().join("new");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::create_dir_all(&new).unwrap();
        std::fs::write(old.join("profiles.json"), b"old").unwrap();
        std::fs::write(new.join("profiles.json"), b"new").unwrap();
        assert!(matches!(
            move_folder(&old, &new),
            Some(Moved::BothExist { .. })
        ));
        assert_eq!(std::fs::read(new.join("profiles.json")).unwrap(), b"new");
        assert_eq!(std::fs::read(old.join("profiles.json")).unwrap(), b"old");
    }
}
