//! One instance: launching ConsoleDesk again brings the running window forward and exits.
//!
//! On Linux the plugin finds the running instance by a D-Bus name made from an id (the bundle
//! identifier by default). Apps started on another configuration folder (`CONSOLE_DESK_CONFIG_DIR`,
//! as every end-to-end test does, sometimes two at once in one D-Bus session) are other
//! instances: their id adds a hash of that folder, so each folder has its one instance. On
//! Windows and macOS the plugin names its lock after the identifier alone.

use tauri::{AppHandle, Manager, Runtime};

/// The plugin, to be registered before any other (as its documentation asks).
pub fn plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    let mut builder = tauri_plugin_single_instance::Builder::new().callback(|app, _argv, _cwd| {
        tracing::info!("ConsoleDesk was launched again: showing the running window");
        focus_main(app);
    });
    if let Some(id) = dbus_id(std::env::var_os("CONSOLE_DESK_CONFIG_DIR").as_deref()) {
        builder = builder.dbus_id(id);
    }
    builder.build()
}

/// Brings the main window forward: out of the taskbar or tray, unminimised, focused.
pub fn focus_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// The D-Bus id for a configuration folder set by `CONSOLE_DESK_CONFIG_DIR`, `None` for the
/// usual folder (the identifier alone). A D-Bus name element may hold only letters, digits,
/// `_` and `-` and must not start with a digit: the folder's path is hashed (FNV-1a, stable
/// across builds, unlike std's hasher) into `c` and 16 hex digits.
fn dbus_id(config_dir: Option<&std::ffi::OsStr>) -> Option<String> {
    let dir = config_dir?;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in dir.as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    Some(format!("{}.c{hash:016x}", desk_core::places::IDENTIFIER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_config_folder_has_its_own_valid_dbus_name() {
        assert_eq!(dbus_id(None), None);
        let a = dbus_id(Some("/tmp/.tmpA".as_ref())).unwrap();
        let b = dbus_id(Some("/tmp/.tmpB".as_ref())).unwrap();
        assert_ne!(a, b);
        assert_eq!(a, dbus_id(Some("/tmp/.tmpA".as_ref())).unwrap());
        // What the plugin makes of it: `<id>.SingleInstance`, at most 255 bytes, elements of
        // letters, digits, `_`, `-`, none starting with a digit.
        let name = format!("{a}.SingleInstance");
        assert!(name.len() <= 255);
        for element in name.split('.') {
            assert!(!element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()));
            assert!(element
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
        }
    }
}
