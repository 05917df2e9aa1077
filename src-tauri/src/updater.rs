//! Updates, driven from Rust (the page has no updater permission; it calls `app_check_update`
//! and `app_install_update`). The release workflow publishes `latest.json` with the release;
//! `CONSOLE_DESK_UPDATE_URL` points elsewhere (the tests' loopback server). The public key in
//! `tauri.conf.json` (`plugins.updater.pubkey`) checks each downloaded package's signature.

use std::sync::Mutex;

use desk_core::{DeskError, Result};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};

/// Where the newest release is announced.
pub const ENDPOINT: &str =
    "https://github.com/consoledesk/console-desk/releases/latest/download/latest.json";

/// What a check found.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCheck {
    /// This app's version.
    pub current: String,
    /// A newer release, `None` when this one is the newest.
    pub available: Option<Available>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Available {
    pub version: String,
    pub notes: Option<String>,
    /// As announced (RFC 3339).
    pub date: Option<String>,
}

/// The update the last check found, kept for its installation.
#[derive(Default)]
pub struct Found(Mutex<Option<Update>>);

fn failed(e: impl std::fmt::Display) -> DeskError {
    DeskError::Io(format!("the update check failed: {e}"))
}

fn endpoint() -> Result<tauri::Url> {
    let url = std::env::var("CONSOLE_DESK_UPDATE_URL").unwrap_or_else(|_| ENDPOINT.into());
    url.parse()
        .map_err(|e| DeskError::invalid("updateUrl", format!("{url}: {e}")))
}

pub async fn check<R: Runtime>(app: &AppHandle<R>) -> Result<UpdateCheck> {
    let url = endpoint()?;
    // A server on this computer is reached directly, whatever the proxy settings say.
    let local = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    let mut builder = app.updater_builder().endpoints(vec![url]).map_err(failed)?;
    if local {
        builder = builder.no_proxy();
    }
    let found = builder
        .build()
        .map_err(failed)?
        .check()
        .await
        .map_err(failed)?;
    let available = found.as_ref().map(|update| Available {
        version: update.version.clone(),
        notes: update.body.clone(),
        date: update.raw_json["pub_date"].as_str().map(str::to_owned),
    });
    match &available {
        Some(a) => tracing::info!("update available: {}", a.version),
        None => tracing::info!("no update: {} is the newest", app.package_info().version),
    }
    *app.state::<Found>().0.lock().expect("update lock") = found;
    Ok(UpdateCheck {
        current: app.package_info().version.to_string(),
        available,
    })
}

/// Downloads the update the last check found, checks its signature, installs it and restarts.
pub async fn install<R: Runtime>(app: &AppHandle<R>) -> Result<()> {
    let update = app
        .state::<Found>()
        .0
        .lock()
        .expect("update lock")
        .clone()
        .ok_or_else(|| DeskError::NotFound("check for updates first".into()))?;
    tracing::info!("installing the update to {}", update.version);
    update
        .download_and_install(|_, _| {}, || {})
        .await
        .map_err(|e| DeskError::Io(format!("the update could not be installed: {e}")))?;
    app.restart()
}
