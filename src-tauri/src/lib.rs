//! The desktop shell: Tauri wiring only. Every command is one line over `desk-core` and
//! `encoo-api`; state, secrets and sessions live in `desk_core::Desk`.

mod commands;
mod publish;

use desk_core::{Desk, Secrets};
use tauri::Manager;

/// Keyring service name; tests may set `CONSOLE_DESK_KEYRING_SERVICE` to stay apart.
fn keyring_service() -> String {
    std::env::var("CONSOLE_DESK_KEYRING_SERVICE").unwrap_or_else(|_| "ConsoleDesk".into())
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,console_desk=info,desk_core=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();

    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            let dir = match std::env::var_os("CONSOLE_DESK_CONFIG_DIR") {
                Some(dir) => dir.into(),
                None => app.path().app_config_dir()?,
            };
            // Tests lower the size above which uploads take the channel.
            let threshold = std::env::var("CONSOLE_DESK_CHANNEL_THRESHOLD")
                .ok()
                .and_then(|v| v.parse().ok());
            let desk = Desk::open(&dir, Secrets::new(keyring_service()), true)?
                .with_channel_threshold(threshold);
            app.manage(desk);
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                publish::on_drop(window.app_handle(), paths.clone());
            }
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("ConsoleDesk could not start");
}
