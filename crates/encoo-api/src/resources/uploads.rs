//! Publishing a `.dgs`: read its manifest locally, then stream it to the console with
//! progress, a stall timeout and cancellation, by direct PUT or, above the size threshold, by
//! the upload channel (create, PUT to the pre-signed URI, mark complete). Never retried: a
//! connection cut before every byte went out left nothing on the console (a plain error, safe
//! to upload again); an answer lost after that is an unknown outcome.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HOST};
use reqwest::{Method, RequestBuilder};
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;
use tokio_util::sync::CancellationToken;

use crate::client::{guid, Client, Scoping};
use crate::error::{Error, Result};
use crate::http::{self, Answer};
use crate::resources::packages::Packages;

/// What the console answers when a version lands.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UploadResult {
    pub package_id: String,
    pub package_version_id: String,
    pub package_name: String,
    pub last_version: Option<String>,
}

/// An upload channel: where and how to PUT a large file.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UploadChannel {
    pub id: String,
    pub channel: Channel,
    pub created_at: Option<String>,
    pub company_id: Option<String>,
    pub department_id: Option<String>,
}

#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Channel {
    /// A pre-signed storage URL: a credential in itself.
    pub uri: String,
    /// Headers to send, exactly.
    pub headers: BTreeMap<String, String>,
}

impl std::fmt::Debug for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = self.uri.split('?').next().unwrap_or_default();
        f.debug_struct("Channel")
            .field("uri", &format_args!("{shown}?…"))
            .field("headers", &self.headers)
            .finish()
    }
}

/// Bytes sent so far of a file's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub sent: u64,
    pub total: u64,
}

pub type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// How an upload reached the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadRoute {
    Direct,
    Channel,
}

#[derive(Clone, Default)]
pub struct UploadOptions {
    /// Take the channel path whatever the size.
    pub force_channel: bool,
    /// Called as bytes go out.
    pub progress: Option<ProgressFn>,
    /// Cancel to abandon the upload; the console keeps nothing of it.
    pub cancel: CancellationToken,
}

/// A finished upload.
#[derive(Debug, Clone, Serialize)]
pub struct Uploaded {
    pub manifest: dgs::Manifest,
    pub size: u64,
    pub route: UploadRoute,
    pub result: UploadResult,
}

/// Reads the package's manifest and size without sending anything.
pub async fn inspect(path: &Path) -> Result<(dgs::Manifest, u64)> {
    let owned = path.to_path_buf();
    let manifest = tokio::task::spawn_blocking(move || dgs::read_manifest(&owned))
        .await
        .map_err(|e| io_error(path, std::io::Error::other(e)))?
        .map_err(|source| Error::Package {
            path: path.display().to_string(),
            source,
        })?;
    let size = tokio::fs::metadata(path)
        .await
        .map_err(|e| io_error(path, e))?
        .len();
    Ok((manifest, size))
}

impl Packages<'_> {
    /// The way a file of `size` bytes goes: the channel above the threshold (or when forced).
    pub fn route(&self, size: u64, options: &UploadOptions) -> UploadRoute {
        if options.force_channel || size > self.client().config().channel_threshold {
            UploadRoute::Channel
        } else {
            UploadRoute::Direct
        }
    }

    /// Uploads a `.dgs`, choosing direct PUT or the channel by size (or `force_channel`).
    pub async fn upload(&self, path: &Path, options: &UploadOptions) -> Result<Uploaded> {
        let (manifest, size) = inspect(path).await?;
        let route = self.route(size, options);
        tracing::info!(package = %manifest.id, version = %manifest.version, size, ?route, "uploading");
        let result = match route {
            UploadRoute::Direct => self.upload_direct(path, options).await?,
            UploadRoute::Channel => {
                let channel = self.create_upload_channel().await?;
                self.put_to_channel(&channel.channel, path, options).await?;
                self.complete_upload_channel(&channel.id).await?
            }
        };
        Ok(Uploaded {
            manifest,
            size,
            route,
            result,
        })
    }

    /// `PUT /openapi/packages` with the file as the body.
    pub async fn upload_direct(
        &self,
        path: &Path,
        options: &UploadOptions,
    ) -> Result<UploadResult> {
        let client = self.client();
        let headers = client.scope_headers(Scoping::Full)?;
        let url = format!("{}/openapi/packages", client.config().api_url);
        let mut token = client.bearer().await?;
        let mut refreshed = false;
        loop {
            let (body, size, meter) = file_body(path, options).await?;
            let mut rb = client
                .inner
                .http
                .put(&url)
                .bearer_auth(&token)
                .header(CONTENT_TYPE, "application/octet-stream")
                .header(CONTENT_LENGTH, size)
                .body(body);
            for (name, value) in &headers {
                rb = rb.header(*name, value);
            }
            let lost = |cause: String, status| {
                Error::unknown_outcome("PUT", "/openapi/packages", cause, status)
            };
            let (status, content_type, bytes) =
                match send_metered(client, rb, &meter, size, &options.cancel).await {
                    Ok(answer) => answer,
                    Err(NoAnswer {
                        error,
                        delivered: true,
                    }) => return Err(lost(format!("its answer was lost ({error})"), None)),
                    Err(NoAnswer { error, .. }) => return Err(error),
                };
            if status == 401 && !refreshed {
                refreshed = true;
                token = client.refresh_after_401(&token).await?;
                continue;
            }
            let all_sent = meter.sent.load(Ordering::Relaxed) >= size;
            if all_sent && Error::is_proxy_page(status, content_type.as_deref(), &bytes) {
                let err = Error::from_response(status, content_type.as_deref(), &bytes);
                let cause = format!("a proxy answered in its place ({err})");
                return Err(lost(cause, Some(status)));
            }
            return finish(status, content_type, &bytes);
        }
    }

    /// `POST /openapi/preloadedVersionFiles`: a channel for one file. The body says nothing,
    /// but a console answers 415 to a missing one, so it is `{}`.
    pub async fn create_upload_channel(&self) -> Result<UploadChannel> {
        self.client()
            .send(
                Method::POST,
                "/openapi/preloadedVersionFiles",
                Some(&serde_json::json!({})),
            )
            .await
    }

    /// PUTs the file to the channel's URI with exactly the channel's headers: no
    /// Authorization (storage refuses it), nothing of the console's.
    pub async fn put_to_channel(
        &self,
        channel: &Channel,
        path: &Path,
        options: &UploadOptions,
    ) -> Result<()> {
        let client = self.client();
        let (body, size, meter) = file_body(path, options).await?;
        let mut rb = client
            .inner
            .http
            .put(&channel.uri)
            .header(CONTENT_LENGTH, size);
        for (name, value) in &channel.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad_header(name))?;
            if name == CONTENT_LENGTH || name == HOST || name == AUTHORIZATION {
                continue;
            }
            let value = HeaderValue::from_str(value).map_err(|_| bad_header(name.as_str()))?;
            rb = rb.header(name, value);
        }
        // Nothing becomes a version until the channel is completed: a lost answer here is
        // a plain failure, and the whole upload can simply be made again.
        let (status, content_type, bytes) =
            send_metered(client, rb.body(body), &meter, size, &options.cancel)
                .await
                .map_err(|n| n.error)?;
        if (200..300).contains(&status) {
            return Ok(());
        }
        let mut err = Error::from_response(status, content_type.as_deref(), &bytes);
        if let Error::Api { message, .. } = &mut err {
            *message = format!("the upload storage refused the file ({status}): {message}");
        }
        Err(err)
    }

    /// `PATCH /openapi/preloadedVersionFiles/{id}`: the file is in place; make the version.
    /// The body is `{}`, as for the create.
    pub async fn complete_upload_channel(&self, channel_id: &str) -> Result<UploadResult> {
        let id = guid("id", channel_id)?;
        self.client()
            .send(
                Method::PATCH,
                &format!("/openapi/preloadedVersionFiles/{id}"),
                Some(&serde_json::json!({})),
            )
            .await
    }
}

fn finish(status: u16, content_type: Option<String>, body: &[u8]) -> Result<UploadResult> {
    if (200..300).contains(&status) {
        crate::de::decode(body)
    } else {
        Err(Error::from_response(status, content_type.as_deref(), body))
    }
}

/// Bytes handed to the connection and when the last ones went.
struct Meter {
    sent: AtomicU64,
    last_ms: AtomicU64,
    start: Instant,
}

impl Meter {
    fn idle(&self) -> Duration {
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.start.elapsed().saturating_sub(last)
    }
}

/// The file as a streamed body (fixed-size chunks, so memory stays flat), metering progress.
async fn file_body(
    path: &Path,
    options: &UploadOptions,
) -> Result<(reqwest::Body, u64, Arc<Meter>)> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|e| io_error(path, e))?;
    let size = file.metadata().await.map_err(|e| io_error(path, e))?.len();
    let meter = Arc::new(Meter {
        sent: AtomicU64::new(0),
        last_ms: AtomicU64::new(0),
        start: Instant::now(),
    });
    let progress = options.progress.clone();
    let m = meter.clone();
    let stream =
        tokio_util::io::ReaderStream::with_capacity(file, 256 * 1024).inspect(move |chunk| {
            if let Ok(chunk) = chunk {
                let sent =
                    m.sent.fetch_add(chunk.len() as u64, Ordering::Relaxed) + chunk.len() as u64;
                m.last_ms
                    .store(m.start.elapsed().as_millis() as u64, Ordering::Relaxed);
                if let Some(p) = &progress {
                    p(Progress { sent, total: size });
                }
            }
        });
    Ok((reqwest::Body::wrap_stream(stream), size, meter))
}

/// An upload that got no answer: why, and whether every byte went out first (so the console
/// may have kept the file).
struct NoAnswer {
    error: Error,
    delivered: bool,
}

/// Sends an upload, giving up when cancelled, when no byte goes out for the stall timeout, or
/// when the console takes longer than the request timeout to answer once all is sent.
async fn send_metered(
    client: &Client,
    rb: RequestBuilder,
    meter: &Meter,
    total: u64,
    cancel: &CancellationToken,
) -> std::result::Result<Answer, NoAnswer> {
    let stall = client.config().upload_stall_timeout;
    let answer_wait = client.config().request_timeout;
    let send = http::send_once(rb);
    tokio::pin!(send);
    let mut tick =
        tokio::time::interval((stall / 4).clamp(Duration::from_millis(10), Duration::from_secs(1)));
    loop {
        let failed = |error| {
            Err(NoAnswer {
                error,
                delivered: false,
            })
        };
        tokio::select! {
            answer = &mut send => {
                let sent = meter.sent.load(Ordering::Relaxed);
                return match answer {
                    Ok(answer) => Ok(answer),
                    Err(t) if !t.maybe_delivered() => failed(t.error),
                    Err(t) if sent < total => failed(cut_short(t.error, sent, total)),
                    Err(t) => Err(NoAnswer { error: t.error, delivered: true }),
                };
            }
            _ = cancel.cancelled() => return failed(Error::Cancelled),
            _ = tick.tick() => {
                let sent = meter.sent.load(Ordering::Relaxed);
                if sent < total && meter.idle() >= stall {
                    return failed(Error::Timeout(format!(
                        "the upload stalled: nothing could be sent for {} s ({sent} of {total} bytes sent)",
                        stall.as_secs()
                    )));
                }
                if sent >= total && meter.idle() >= answer_wait {
                    return Err(NoAnswer {
                        error: Error::Timeout(format!(
                            "the console did not confirm the upload within {} s of receiving it",
                            answer_wait.as_secs()
                        )),
                        delivered: true,
                    });
                }
            }
        }
    }
}

/// The connection went down before the whole file was sent: the console cannot have kept it.
fn cut_short(error: Error, sent: u64, total: u64) -> Error {
    let (url, cause) = match error {
        Error::Network { url, message } => (url, message),
        other => (String::new(), other.to_string()),
    };
    Error::Network {
        url,
        message: format!(
            "the connection was cut after {sent} of {total} bytes had been sent ({cause}); \
             the console kept nothing of this upload, so it is safe to upload it again"
        ),
    }
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        context: format!("cannot read {}", path.display()),
        source,
    }
}

fn bad_header(name: &str) -> Error {
    Error::Decode {
        path: format!("Channel.Headers.{name}"),
        message: "the upload channel gave a header that cannot be sent".into(),
    }
}
