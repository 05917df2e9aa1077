//! The desktop shell: Tauri wiring only. Every command is one line over `desk-core` and the
//! console clients (`encoo-api`, `flexmodel-api`); state, secrets and sessions live in `desk_core::Desk`.

pub mod commands;
pub mod compositing;
mod instance;
mod logging;
mod menu;
mod publish;
mod settings;
mod updater;

use desk_core::{Desk, RunLog, Secrets};
use tauri::Manager;

/// Saves the window's size and position once it has stopped moving for a moment, so they
/// survive however the app ends (the plugin itself saves only on a clean exit).
fn save_window_state_soon(app: &tauri::AppHandle) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use tauri_plugin_window_state::{AppHandleExt, StateFlags};
    static LATEST: AtomicU64 = AtomicU64::new(0);
    let mine = LATEST.fetch_add(1, Ordering::SeqCst) + 1;
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        if LATEST.load(Ordering::SeqCst) == mine {
            if let Err(e) = app.save_window_state(StateFlags::all()) {
                tracing::warn!("cannot save the window's size and position: {e}");
            }
        }
    });
}

/// The journal of runs, `runs.sqlite3` in the app's data directory (`CONSOLE_DESK_DATA_DIR`
/// when set, for tests). A journal that cannot be opened (a newer app's, a damaged file) must
/// not keep the app from starting: runs are then kept in memory, and the log says why.
fn run_log(app: &tauri::App) -> tauri::Result<RunLog> {
    let dir = match std::env::var_os("CONSOLE_DESK_DATA_DIR") {
        Some(dir) => dir.into(),
        None => app.path().app_data_dir()?,
    };
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("runs.sqlite3");
    Ok(RunLog::open(&path).unwrap_or_else(|e| {
        tracing::error!("runs are kept in memory only until the app closes: {e}");
        RunLog::in_memory()
    }))
}

pub fn run() {
    // Before any plugin or the profiles open a file in the folders.
    let moved = desk_core::places::move_old_folders();
    let settings = settings::load();
    tauri::Builder::default()
        // First, as its documentation asks: a second launch hands over and exits here.
        .plugin(instance::plugin())
        .plugin(settings::plugin(&settings))
        .plugin(tauri_plugin_updater::Builder::new().build())
        .plugin(tauri_plugin_opener::init())
        .manage(settings)
        .manage(updater::Found::default())
        .on_menu_event(menu::on_event)
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(move |app| {
            logging::init(logging::dir(|| app.path().app_log_dir().ok()).as_deref());
            compositing::log_choice();
            settings::apply_at_launch(app.handle())?;
            for step in &moved {
                tracing::info!("moved from the old identifier's folders: {step:?}");
            }
            let dir = match desk_core::places::config_dir() {
                Some(dir) => dir,
                None => app.path().app_config_dir()?,
            };
            // On a first launch the folder is not there yet; the embedded sandboxes keep their
            // state in it from the start.
            std::fs::create_dir_all(&dir)?;
            // Tests lower the size above which uploads take the channel.
            let threshold = std::env::var("CONSOLE_DESK_CHANNEL_THRESHOLD")
                .ok()
                .and_then(|v| v.parse().ok());
            // Benchmarks give the FlexModel sandbox's big model its 100,000 records.
            let bulk = std::env::var("CONSOLE_DESK_FLEXMODEL_BULK_RECORDS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let secrets = Secrets::new(desk_core::places::keyring_service());
            let desk = Desk::open(&dir, secrets, true)?
                .with_channel_threshold(threshold)
                .with_flexmodel_bulk_records(bulk)
                .with_run_log(run_log(app)?);
            app.manage(desk);
            app.manage(desk_core::Requests::default());
            Ok(())
        })
        .on_window_event(|window, event| match event {
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
                publish::on_drop(window.app_handle(), paths.clone());
            }
            tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_) => {
                save_window_state_soon(window.app_handle());
            }
            _ => {}
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("ConsoleDesk could not start");
}
