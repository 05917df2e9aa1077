//! Publishing from the window: files arrive from an OS drop or the file dialog, are inspected
//! in Rust and offered to the publish panel as one `publish-offered` event; uploads stream
//! their progress through a `Channel`. The drop handler and `publish_offer` share one path,
//! so the end-to-end tests drive exactly what a drop does, from the command on.

use std::path::PathBuf;

use desk_core::{Candidate, Desk, PublishEvent};
use tauri::ipc::Channel;
use tauri::{AppHandle, Emitter, Manager, State};

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

/// Files picked in the dialog (or dropped: see `on_drop`) go to the publish panel.
#[tauri::command]
pub async fn publish_offer(app: AppHandle, paths: Vec<PathBuf>) -> R<Vec<Candidate>> {
    offer(&app, paths).await
}

#[tauri::command]
pub async fn publish_upload(
    desk: State<'_, Desk>,
    upload_id: String,
    path: PathBuf,
    on_event: Channel<PublishEvent>,
) -> R<PublishEvent> {
    desk.publish_upload(&upload_id, &path, move |e| {
        let _ = on_event.send(e);
    })
    .await
}

#[tauri::command]
pub fn publish_cancel(desk: State<'_, Desk>, upload_id: String) -> bool {
    desk.publish_cancel(&upload_id)
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
