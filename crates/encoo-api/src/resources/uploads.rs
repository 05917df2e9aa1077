//! Publishing a `.dgs`: read its manifest locally, then stream it to the console with
//! progress, a stall timeout and cancellation, by direct PUT or, above the size threshold, by
//! the upload channel (create, PUT to the pre-signed URI, mark complete). Both PUTs go through
//! the one sending loop with a file body (`console_core::FileBody`), which is never resent on
//! its own: a connection cut before every byte went out left nothing on the console (a plain
//! error, safe to upload again); an answer lost after that is an unknown outcome.

use std::collections::BTreeMap;
use std::path::Path;

use console_core::{Call, Error, FileBody, Resend, Result};
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HOST};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;
use tokio_util::sync::CancellationToken;

pub use console_core::{Progress, ProgressFn};

use crate::client::{guid, once, Scoping};
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
        .map_err(|source| Error::package(path.display().to_string(), source))?;
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

    /// `PUT /openapi/packages` with the file as the body: a change never sent twice.
    pub async fn upload_direct(
        &self,
        path: &Path,
        options: &UploadOptions,
    ) -> Result<UploadResult> {
        let client = self.client();
        let file = file_body(path, options);
        let call = Call::new(
            Method::PUT,
            &client.config().api_url,
            "/openapi/packages",
            once::UPLOAD.resend,
        )
        .advice(once::UPLOAD.advice)
        .header(
            CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        )
        .file(&file);
        let answer = client
            .send_call(&client.scoped(call, Scoping::Full)?)
            .await?;
        crate::de::decode(&answer.body)
    }

    /// `POST /openapi/preloadedVersionFiles`: a channel for one file. The body says nothing,
    /// but a console answers 415 to a missing one, so it is `{}`.
    pub async fn create_upload_channel(&self) -> Result<UploadChannel> {
        self.client()
            .send(
                Method::POST,
                "/openapi/preloadedVersionFiles",
                Some(&serde_json::json!({})),
                once::UPLOAD,
            )
            .await
    }

    /// PUTs the file to the channel's URI with exactly the channel's headers: no
    /// Authorization (storage refuses it), nothing of the console's. Nothing becomes a version
    /// until the channel is completed, so the PUT may be repeated: a lost answer here is a
    /// plain failure, and the whole upload can simply be made again.
    pub async fn put_to_channel(
        &self,
        channel: &Channel,
        path: &Path,
        options: &UploadOptions,
    ) -> Result<()> {
        let file = file_body(path, options);
        let mut call = Call::to_url(Method::PUT, &channel.uri, Resend::Idempotent).file(&file);
        for (name, value) in &channel.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad_header(name))?;
            if name == CONTENT_LENGTH || name == HOST || name == AUTHORIZATION {
                continue;
            }
            let value = HeaderValue::from_str(value).map_err(|_| bad_header(name.as_str()))?;
            call = call.header(name, value);
        }
        match self.client().send_unauthenticated(&call).await {
            Ok(_) => Ok(()),
            Err(Error::Api {
                kind,
                status,
                message,
                field,
                body,
            }) => Err(Error::Api {
                kind,
                status,
                message: format!("the upload storage refused the file ({status}): {message}"),
                field,
                body,
            }),
            Err(e) => Err(e),
        }
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
                once::UPLOAD,
            )
            .await
    }
}

/// The file as a call's body, with the upload's progress and cancellation.
fn file_body(path: &Path, options: &UploadOptions) -> FileBody {
    FileBody::new(path)
        .progress(options.progress.clone())
        .cancel(options.cancel.clone())
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
