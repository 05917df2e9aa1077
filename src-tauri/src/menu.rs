//! The native menu, built in Rust on every system: on macOS the app menu, elsewhere a menu bar
//! above the page. ConsoleDesk: About (the version), Settings… (Ctrl/⌘+,), Open log folder,
//! Quit; Edit: Undo, Redo, Cut, Copy, Paste, Select All, so that the clipboard works in the
//! page's forms through the menu as it does on every desktop app.
//!
//! GTK has no predefined Undo, Redo or Quit (muda shows them disabled there): on Linux those
//! three are items of ours doing the same (the page's undo and redo, the app's exit).

use desk_core::settings::Language;
use tauri::menu::{
    AboutMetadata, Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu, SubmenuBuilder,
};
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// The event the page hears to open its Settings screen.
pub const OPEN_SETTINGS: &str = "open-settings";

struct Words {
    about: &'static str,
    settings: &'static str,
    log_folder: &'static str,
    quit: &'static str,
    edit: &'static str,
    undo: &'static str,
    redo: &'static str,
    cut: &'static str,
    copy: &'static str,
    paste: &'static str,
    select_all: &'static str,
}

const EN: Words = Words {
    about: "About ConsoleDesk",
    settings: "Settings…",
    log_folder: "Open log folder",
    quit: "Quit ConsoleDesk",
    edit: "Edit",
    undo: "Undo",
    redo: "Redo",
    cut: "Cut",
    copy: "Copy",
    paste: "Paste",
    select_all: "Select All",
};

const ZH: Words = Words {
    about: "关于 ConsoleDesk",
    settings: "设置…",
    log_folder: "打开日志文件夹",
    quit: "退出 ConsoleDesk",
    edit: "编辑",
    undo: "撤销",
    redo: "重做",
    cut: "剪切",
    copy: "复制",
    paste: "粘贴",
    select_all: "全选",
};

/// The menu in `language` (the system's, English unless it is Chinese, when `None`).
pub fn build<R: Runtime>(app: &AppHandle<R>, language: Option<Language>) -> tauri::Result<Menu<R>> {
    let zh = match language {
        Some(l) => l == Language::Zh,
        None => std::env::var("LANG")
            .or_else(|_| std::env::var("LC_ALL"))
            .is_ok_and(|l| l.to_lowercase().starts_with("zh")),
    };
    let w = if zh { &ZH } else { &EN };
    let info = app.package_info();
    let about = AboutMetadata {
        name: Some(info.name.clone()),
        version: Some(info.version.to_string()),
        comments: Some("A desktop client for automation consoles".into()),
        website: Some("https://github.com/consoledesk/console-desk".into()),
        icon: app.default_window_icon().cloned(),
        ..Default::default()
    };
    let settings = MenuItem::with_id(app, "settings", w.settings, true, Some("CmdOrCtrl+,"))?;
    let log_folder = MenuItem::with_id(app, "open-log-folder", w.log_folder, true, None::<&str>)?;
    let app_menu = SubmenuBuilder::new(app, "ConsoleDesk")
        .item(&PredefinedMenuItem::about(app, Some(w.about), Some(about))?)
        .separator()
        .item(&settings)
        .item(&log_folder)
        .separator()
        .item(&quit(app, w)?)
        .build()?;
    let edit = edit_menu(app, w)?;
    Menu::with_items(app, &[&app_menu, &edit])
}

#[cfg(target_os = "linux")]
fn quit<R: Runtime>(app: &AppHandle<R>, w: &Words) -> tauri::Result<MenuItem<R>> {
    MenuItem::with_id(app, "quit", w.quit, true, Some("CmdOrCtrl+Q"))
}

#[cfg(not(target_os = "linux"))]
fn quit<R: Runtime>(app: &AppHandle<R>, w: &Words) -> tauri::Result<PredefinedMenuItem<R>> {
    PredefinedMenuItem::quit(app, Some(w.quit))
}

fn edit_menu<R: Runtime>(app: &AppHandle<R>, w: &Words) -> tauri::Result<Submenu<R>> {
    let builder = SubmenuBuilder::new(app, w.edit);
    #[cfg(target_os = "linux")]
    let builder = builder
        .item(&MenuItem::with_id(app, "undo", w.undo, true, None::<&str>)?)
        .item(&MenuItem::with_id(app, "redo", w.redo, true, None::<&str>)?);
    #[cfg(not(target_os = "linux"))]
    let builder = builder
        .item(&PredefinedMenuItem::undo(app, Some(w.undo))?)
        .item(&PredefinedMenuItem::redo(app, Some(w.redo))?);
    builder
        .separator()
        .item(&PredefinedMenuItem::cut(app, Some(w.cut))?)
        .item(&PredefinedMenuItem::copy(app, Some(w.copy))?)
        .item(&PredefinedMenuItem::paste(app, Some(w.paste))?)
        .item(&PredefinedMenuItem::select_all(app, Some(w.select_all))?)
        .build()
}

/// Installs the menu for every window, in the language of the settings.
pub fn install<R: Runtime>(app: &AppHandle<R>, language: Option<Language>) -> tauri::Result<()> {
    app.set_menu(build(app, language)?)?;
    Ok(())
}

/// What each of our items does.
pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    match event.id().as_ref() {
        "settings" => {
            crate::instance::focus_main(app);
            if let Err(e) = app.emit_to("main", OPEN_SETTINGS, ()) {
                tracing::warn!("cannot open the settings: {e}");
            }
        }
        "open-log-folder" => {
            if let Err(e) = crate::settings::open_log_folder(app) {
                tracing::warn!("{e}");
            }
        }
        "quit" => app.exit(0),
        verb @ ("undo" | "redo") => {
            if let Some(webview) = app.get_webview_window("main") {
                let _ = webview.eval(format!("document.execCommand('{verb}')"));
            }
        }
        _ => {}
    }
}
