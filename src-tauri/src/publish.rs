//! Publishing from the window: files arrive from an OS drop or the file dialog, are inspected
//! in Rust and offered to the publish panel as one `publish-offered` event; uploads (declared
//! with the other commands) stream their progress through a `Channel`. The drop handler and
//! `encoo_publish_offer` share one path, so the end-to-end tests drive exactly what a drop
//! does, from the command on.

use std::path::PathBuf;

use desk_core::{Candidate, Desk};
use tauri::{AppHandle, Emitter, Manager};

use crate::commands::R;

/// The event the panel listens to: the inspected files, in the order given.
pub const OFFERED: &str = "publish-offered";

/// Inspects `paths` and hands them to the panel. What an OS drop calls.
pub async fn offer(app: &AppHandle, paths: Vec<PathBuf>) -> R<Vec<Candidate>> {
    let desk = app.state::<Desk>();
    let found = desk.publish_inspect(&paths).await?;
    if let Err(e) = app.emit(OFFERED, &found) {
        tracing::warn!("cannot hand the files to the publish panel: {e}");
    }
    Ok(found)
}

/// Files dropped on the window go where picked ones go.
pub fn on_drop(app: &AppHandle, paths: Vec<PathBuf>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(e) = offer(&app, paths).await {
            let _ = app.emit("publish-error", &e);
        }
    });
}
