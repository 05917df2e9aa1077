//! Publishing `.dgs` files: look at each before sending anything (name, version, size, and
//! whether the console has the package already), then upload them two at a time with
//! progress, cancellation and retry. The size rule of `encoo-api` picks direct or channel.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use encoo_api::{CancellationToken, Client, Progress, UploadOptions, UploadRoute};
use serde::Serialize;
use tokio::sync::Semaphore;

use crate::error::DeskError;

/// How many uploads run at once; the rest wait their turn.
pub const PARALLEL_UPLOADS: usize = 2;

/// A file offered for publishing, as the panel lists it before anything is sent: the client's
/// one inspection (name, version, size, problem, and the package the console has already).
pub use encoo_api::Candidate;

/// What an upload reports as it goes, in order: queued, started, progress…, then one end.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(
    tag = "event",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum PublishEvent {
    Queued,
    Started {
        total: u64,
        route: UploadRoute,
    },
    Progress {
        sent: u64,
        total: u64,
    },
    Done {
        package_id: String,
        version_id: String,
        package: String,
        version: String,
        route: UploadRoute,
    },
    Failed {
        error: console_core::ErrorBody,
    },
    Cancelled,
}

/// Reads each file's manifest and asks the console which packages it has already. Files that
/// are not packages are kept, with the reason, so the panel can say why.
pub async fn inspect(client: &Client, paths: &[PathBuf]) -> Vec<Candidate> {
    client.packages().inspect(paths).await
}

/// Runs uploads, at most `PARALLEL_UPLOADS` at a time, each cancellable by its id.
pub struct Publisher {
    slots: Arc<Semaphore>,
    running: Mutex<HashMap<String, CancellationToken>>,
}

impl Default for Publisher {
    fn default() -> Self {
        Publisher {
            slots: Arc::new(Semaphore::new(PARALLEL_UPLOADS)),
            running: Mutex::new(HashMap::new()),
        }
    }
}

impl Publisher {
    /// Uploads `path` under the caller's `upload_id`, telling `events` how it goes. Ends with
    /// exactly one of `Done`, `Failed` or `Cancelled`, which is also the result.
    pub async fn upload(
        &self,
        client: &Client,
        upload_id: &str,
        path: &Path,
        events: impl Fn(PublishEvent) + Send + Sync + 'static,
    ) -> PublishEvent {
        let cancel = CancellationToken::new();
        {
            let mut running = self.running.lock().unwrap();
            if running.contains_key(upload_id) {
                let error = DeskError::invalid("uploadId", "this upload is already running").body();
                return PublishEvent::Failed { error };
            }
            running.insert(upload_id.to_owned(), cancel.clone());
        }
        let events = Arc::new(events);
        events(PublishEvent::Queued);
        let end = tokio::select! {
            _ = cancel.cancelled() => PublishEvent::Cancelled,
            slot = self.slots.clone().acquire_owned() => {
                let _slot = slot.expect("the semaphore is never closed");
                self.send(client, path, cancel.clone(), events.clone()).await
            }
        };
        self.running.lock().unwrap().remove(upload_id);
        events(end.clone());
        end
    }

    async fn send(
        &self,
        client: &Client,
        path: &Path,
        cancel: CancellationToken,
        events: Arc<impl Fn(PublishEvent) + Send + Sync + 'static>,
    ) -> PublishEvent {
        let size = match encoo_api::inspect(path).await {
            Ok((_, size)) => size,
            Err(e) => return PublishEvent::Failed { error: (&e).into() },
        };
        let route = client.packages().route(size, &UploadOptions::default());
        events(PublishEvent::Started { total: size, route });
        let throttle = Mutex::new((Instant::now(), 0u64));
        let sink = events.clone();
        let progress = move |p: Progress| {
            // Enough to draw a smooth bar (every 100 ms or 1%), and always the last one.
            let mut last = throttle.lock().unwrap();
            let step = (p.total / 100).max(1);
            let due = last.0.elapsed() >= Duration::from_millis(100) || p.sent >= last.1 + step;
            if due || p.sent == p.total {
                *last = (Instant::now(), p.sent);
                sink(PublishEvent::Progress {
                    sent: p.sent,
                    total: p.total,
                });
            }
        };
        let options = UploadOptions {
            force_channel: false,
            progress: Some(Arc::new(progress)),
            cancel,
        };
        match client.packages().upload(path, &options).await {
            Ok(done) => PublishEvent::Done {
                package_id: done.result.package_id,
                version_id: done.result.package_version_id,
                package: done.result.package_name,
                // The version published: the console's `LastVersion` is the package's latest,
                // another one when an older version was published.
                version: done.manifest.version,
                route: done.route,
            },
            Err(console_core::Error::Cancelled) => PublishEvent::Cancelled,
            Err(e) => PublishEvent::Failed { error: (&e).into() },
        }
    }

    /// Cancels an upload, queued or running; false when there is no such upload.
    pub fn cancel(&self, upload_id: &str) -> bool {
        match self.running.lock().unwrap().get(upload_id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }
}
