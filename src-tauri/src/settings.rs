//! The app's settings applied to the running app: read from `settings.json` (desk-core's
//! `settings`) before the window draws anything, applied at launch (theme, language, log
//! level) and again whenever the Settings screen saves them.
//!
//! The theme is the window's (`AppHandle::set_theme`): the title bar, the menus and the
//! webview's `prefers-color-scheme` follow it, so the stylesheet keeps one light and one dark
//! palette and needs no copy of either. The language reaches the page before its scripts run
//! (an initialisation script sets the `lang` the UI's `i18n.js` reads).

use std::path::PathBuf;
use std::sync::Mutex;

use desk_core::settings::{self as file, Settings, Theme};
use desk_core::Result;
use tauri::{AppHandle, Manager, Runtime};

/// The settings in force, and the file they live in.
pub struct Current {
    path: Option<PathBuf>,
    settings: Mutex<Settings>,
    /// Why the file could not be read at launch (logged once logging has started).
    problem: Option<String>,
}

impl Current {
    pub fn get(&self) -> Settings {
        self.settings.lock().expect("settings lock").clone()
    }
}

/// Reads `settings.json` from the configuration folder. A damaged file leaves the defaults in
/// force and the file as it is, until the user saves.
pub fn load() -> Current {
    let path = desk_core::places::config_dir().map(|dir| file::path_in(&dir));
    let (settings, problem) = match path.as_deref().map(file::load) {
        Some(Ok(settings)) => (settings, None),
        Some(Err(e)) => (Settings::default(), Some(e.to_string())),
        None => (Settings::default(), None),
    };
    Current {
        path,
        settings: Mutex::new(settings),
        problem,
    }
}

/// A plugin whose only part is the script that gives the page the chosen language before
/// `i18n.js` reads it (the UI keeps it in `localStorage`, as the header's switch does).
pub fn plugin<R: Runtime>(current: &Current) -> tauri::plugin::TauriPlugin<R> {
    let script = match current.get().language {
        Some(language) => format!(
            "try {{ window.localStorage.setItem('lang', '{}'); }} catch (e) {{}}",
            language.code()
        ),
        None => String::new(),
    };
    tauri::plugin::Builder::new("console-desk-settings")
        .js_init_script(script)
        .build()
}

/// At launch, once logging runs: the theme, the log level and the menu in the language.
pub fn apply_at_launch<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let current = app.state::<Current>();
    if let Some(problem) = &current.problem {
        tracing::warn!("the settings could not be read, the defaults are in force: {problem}");
    }
    let settings = current.get();
    apply(app, &settings, None);
    crate::menu::install(app, settings.language)
}

fn to_window_theme(theme: Theme) -> Option<tauri::Theme> {
    match theme {
        Theme::System => None,
        Theme::Light => Some(tauri::Theme::Light),
        Theme::Dark => Some(tauri::Theme::Dark),
    }
}

/// Applies what changed from `before` (everything when `None`).
fn apply<R: Runtime>(app: &AppHandle<R>, settings: &Settings, before: Option<&Settings>) {
    // The menu is installed at launch; afterwards it follows a change of language.
    if before.is_some_and(|b| b.language != settings.language) {
        if let Err(e) = crate::menu::install(app, settings.language) {
            tracing::warn!("the menu keeps its language: {e}");
        }
    }
    // At launch the system's theme needs nothing (and on Linux "no theme" would also clear
    // what the desktop portal said).
    let theme_changed = match before {
        Some(b) => b.theme != settings.theme,
        None => settings.theme != Theme::System,
    };
    if theme_changed {
        app.set_theme(to_window_theme(settings.theme));
    }
    if let Some(level) = settings.log_level {
        if before.is_none_or(|b| b.log_level != settings.log_level) {
            match crate::logging::set_level(level.as_str()) {
                Ok(()) => tracing::info!("log level: {}", level.as_str()),
                Err(e) => tracing::warn!("the log level stays as it was: {e}"),
            }
        }
    }
}

pub fn get<R: Runtime>(app: &AppHandle<R>) -> Settings {
    app.state::<Current>().get()
}

/// Writes the settings durably, then applies them; answers what is now in force.
pub fn save<R: Runtime>(app: &AppHandle<R>, settings: Settings) -> Result<Settings> {
    let current = app.state::<Current>();
    let path = current.path.clone().ok_or_else(|| {
        desk_core::DeskError::Io("this computer names no configuration folder".into())
    })?;
    let before = {
        let mut held = current.settings.lock().expect("settings lock");
        file::save(&path, &settings)?;
        std::mem::replace(&mut *held, settings.clone())
    };
    apply(app, &settings, Some(&before));
    Ok(settings)
}

/// The folder `console-desk.log` is written to (`CONSOLE_DESK_LOG_DIR` when set).
pub fn log_dir<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    crate::logging::dir(|| app.path().app_log_dir().ok())
}

/// Opens the log folder in the file manager. Done from Rust through the opener plugin, which
/// grants the page nothing: the page may only ask for this one folder, by this command.
pub fn open_log_folder<R: Runtime>(app: &AppHandle<R>) -> Result<()> {
    use tauri_plugin_opener::OpenerExt;
    let dir = log_dir(app)
        .ok_or_else(|| desk_core::DeskError::Io("this computer names no log folder".into()))?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| desk_core::DeskError::Io(format!("{}: {e}", dir.display())))?;
    tracing::info!("opening the log folder {}", dir.display());
    app.opener()
        .open_path(dir.to_string_lossy(), None::<&str>)
        .map_err(|e| desk_core::DeskError::Io(format!("cannot open {}: {e}", dir.display())))
}
