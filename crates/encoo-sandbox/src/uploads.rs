//! Package uploads: the direct `PUT /openapi/packages`, and the channel flow for big files
//! (create a channel, PUT to its pre-signed storage URI, mark it complete). Bodies stream to
//! temporary files; a version exists only once a whole, valid `.dgs` has arrived.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path as FsPath, PathBuf};

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use serde_json::{json, Value};

use crate::body::JsonBody;
use crate::error::ApiError;
use crate::store::{guid, new_id, Scope, UploadChannel};
use crate::Sandbox;

/// Streams a request body into a temporary file in the sandbox's upload directory. The file
/// vanishes if the body is cut off or the request is dropped.
async fn receive(sb: &Sandbox, body: Body) -> Result<(tempfile::NamedTempFile, u64), ApiError> {
    let io = |e: std::io::Error| ApiError::internal(format!("cannot store the upload: {e}"));
    let tmp = tempfile::NamedTempFile::new_in(sb.inner.uploads.path()).map_err(io)?;
    let mut spool = Spool::new(tmp.reopen().map_err(io)?);
    let mut stream = body.into_data_stream();
    let mut received = 0u64;
    let started = std::time::Instant::now();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::refused(format!(
                "the upload was cut off after {received} bytes: {e}"
            ))
        })?;
        received += chunk.len() as u64;
        spool.push(&chunk).await.map_err(io)?;
        if let Some(rate) = sb.inner.config.upload_rate.filter(|r| *r > 0) {
            let due = std::time::Duration::from_secs_f64(received as f64 / rate as f64);
            if let Some(wait) = due.checked_sub(started.elapsed()) {
                tokio::time::sleep(wait).await;
            }
        }
    }
    spool.finish().await.map_err(io)?;
    Ok((tmp, received))
}

/// The size of the buffers the body's frames are gathered in for the writer thread.
const BUFFER: usize = 1 << 20;
/// How many buffers an upload may have: one filling, the others queued or being written.
const BUFFERS: usize = 3;

/// Writes an upload's frames to its file, in order, on one blocking thread fed a buffer at a
/// time: receiving copies each frame once into a buffer (so the connection's own read buffer
/// is free again at once) and hands over to the thread once per buffer, not once per frame,
/// without waiting for the previous write. Dropped before [`Spool::finish`] (a cut body), the
/// thread writes what it holds into the doomed temporary file and stops.
struct Spool {
    full: tokio::sync::mpsc::Sender<Vec<u8>>,
    empty: tokio::sync::mpsc::Receiver<Vec<u8>>,
    filling: Vec<u8>,
    made: usize,
    writer: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Spool {
    fn new(mut file: std::fs::File) -> Spool {
        let (full, mut queue) = tokio::sync::mpsc::channel::<Vec<u8>>(BUFFERS);
        let (give_back, empty) = tokio::sync::mpsc::channel::<Vec<u8>>(BUFFERS);
        let writer = tokio::task::spawn_blocking(move || {
            while let Some(mut buffer) = queue.blocking_recv() {
                file.write_all(&buffer)?;
                buffer.clear();
                let _ = give_back.try_send(buffer);
            }
            file.flush()
        });
        Spool {
            full,
            empty,
            filling: Vec::with_capacity(BUFFER),
            made: 1,
            writer: Some(writer),
        }
    }

    async fn push(&mut self, mut frame: &[u8]) -> std::io::Result<()> {
        while !frame.is_empty() {
            let n = frame.len().min(BUFFER - self.filling.len());
            self.filling.extend_from_slice(&frame[..n]);
            frame = &frame[n..];
            if self.filling.len() == BUFFER {
                self.hand_over().await?;
            }
        }
        Ok(())
    }

    /// Queues the buffer being filled for the writer and takes an empty one: a written one
    /// when there is one, a new one while there are fewer than [`BUFFERS`], else the next the
    /// writer gives back.
    async fn hand_over(&mut self) -> std::io::Result<()> {
        let full = std::mem::take(&mut self.filling);
        let next = if self.full.send(full).await.is_err() {
            None
        } else if let Ok(buffer) = self.empty.try_recv() {
            Some(buffer)
        } else if self.made < BUFFERS {
            self.made += 1;
            Some(Vec::with_capacity(BUFFER))
        } else {
            self.empty.recv().await
        };
        match next {
            Some(buffer) => {
                self.filling = buffer;
                Ok(())
            }
            // The writer stopped before the end: a write failed, and its error says which.
            None => {
                join(self.writer.take()).await?;
                Err(std::io::Error::other("the upload's writer stopped"))
            }
        }
    }

    /// Writes what is left and waits until every byte is in the file.
    async fn finish(self) -> std::io::Result<()> {
        let Spool {
            full,
            filling,
            writer,
            ..
        } = self;
        if !filling.is_empty() && full.send(filling).await.is_err() {
            join(writer).await?;
            return Err(std::io::Error::other("the upload's writer stopped"));
        }
        drop(full);
        join(writer).await
    }
}

async fn join(writer: Option<tokio::task::JoinHandle<std::io::Result<()>>>) -> std::io::Result<()> {
    match writer {
        Some(writer) => writer.await.map_err(std::io::Error::other)?,
        None => Ok(()),
    }
}

/// What an uploaded package says of itself: its manifest and, when it carries them, the
/// arguments its process declares.
pub(crate) struct Upload {
    pub manifest: dgs::Manifest,
    pub arguments: Option<Value>,
}

/// Where this sandbox reads a package's declared arguments: a top-level `arguments.json`
/// holding a list of `{Name, Type, Direction, DefaultValue}` (the sandbox's own convention;
/// without it a new version keeps the previous version's arguments).
const ARGUMENTS_ENTRY: &str = "arguments.json";

/// Reads the package's manifest and arguments, refusing anything that is not a `.dgs`.
async fn read_upload(path: PathBuf) -> Result<Upload, ApiError> {
    let unusable = |e: dgs::DgsError| {
        ApiError::invalid(
            "file",
            format!("the upload is not a usable .dgs package: {e}"),
        )
    };
    tokio::task::spawn_blocking(move || {
        let manifest = dgs::read_manifest(&path).map_err(unusable)?;
        let arguments = match dgs::read_entry(&path, ARGUMENTS_ENTRY).map_err(unusable)? {
            None => None,
            Some(bytes) => match serde_json::from_slice::<Value>(&bytes) {
                Ok(list @ Value::Array(_)) => Some(list),
                _ => {
                    return Err(ApiError::invalid(
                        "file",
                        format!("the package's {ARGUMENTS_ENTRY} is not a JSON list of arguments"),
                    ))
                }
            },
        };
        Ok(Upload {
            manifest,
            arguments,
        })
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?
}

fn octet_stream(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/octet-stream"))
}

/// `PUT /openapi/packages`: the `.dgs` as the body.
pub(crate) async fn packages_upload(
    State(sb): State<Sandbox>,
    scope: Scope,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    if !octet_stream(&headers) {
        return Err(ApiError::unsupported_media(
            "upload the package as Content-Type: application/octet-stream",
        ));
    }
    let (file, _) = receive(&sb, body).await?;
    let upload = read_upload(file.path().to_owned()).await?;
    let mut store = sb.inner.store.lock().unwrap();
    crate::packages::add_version(&mut store, &scope, &upload).map(Json)
}

/// `POST /openapi/preloadedVersionFiles`: a channel whose URI points back at this sandbox. The
/// body says nothing, but as for every write a console refuses a missing one (415): `{}`.
pub(crate) async fn channels_create(
    State(sb): State<Sandbox>,
    scope: Scope,
    headers: HeaderMap,
    JsonBody(_): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::invalid("Host", "the request has no Host header"))?;
    let id = new_id();
    let signature = uuid::Uuid::new_v4().simple().to_string();
    let uri = format!("http://{host}/storage/uploads/{id}?sv=2021-08-06&sp=cw&sig={signature}");
    sb.inner.store.lock().unwrap().channels.insert(
        id.clone(),
        UploadChannel {
            company_id: scope.company_id.clone(),
            department_id: scope.department_id.clone(),
            signature,
            file: None,
        },
    );
    Ok(Json(json!({
        "Id": id,
        "Channel": {
            "Uri": uri,
            "Headers": { "Content-Type": "application/octet-stream", "x-ms-blob-type": "BlockBlob" },
        },
        "CreatedAt": crate::store::now(),
        "CompanyId": scope.company_id,
        "DepartmentId": scope.department_id,
    })))
}

fn storage_error(status: StatusCode, code: &str, message: &str) -> Response {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>"
    );
    (status, [(header::CONTENT_TYPE, "application/xml")], xml).into_response()
}

/// `PUT /storage/uploads/{id}?sig=`: the pre-signed storage URL. Like cloud storage, it
/// refuses a request that also carries an Authorization header.
pub(crate) async fn storage_put(
    State(sb): State<Sandbox>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if headers.contains_key(header::AUTHORIZATION) {
        return storage_error(
            StatusCode::FORBIDDEN,
            "AuthenticationFailed",
            "The request carries an Authorization header besides the signature; send only the channel's headers.",
        );
    }
    let signed = {
        let store = sb.inner.store.lock().unwrap();
        store
            .channels
            .get(&id)
            .is_some_and(|c| q.get("sig") == Some(&c.signature))
    };
    if !signed {
        return storage_error(
            StatusCode::FORBIDDEN,
            "AuthenticationFailed",
            "The signature does not match any upload channel.",
        );
    }
    let blob = headers.get("x-ms-blob-type").and_then(|v| v.to_str().ok());
    if blob != Some("BlockBlob") {
        return storage_error(
            StatusCode::BAD_REQUEST,
            "MissingRequiredHeader",
            "The x-ms-blob-type header must be BlockBlob.",
        );
    }
    let (file, _) = match receive(&sb, body).await {
        Ok(received) => received,
        Err(e) => return e.into_response(),
    };
    let target = sb.inner.uploads.path().join(format!("{id}.dgs"));
    if let Err(e) = file.persist(&target) {
        return ApiError::internal(format!("cannot keep the upload: {}", e.error)).into_response();
    }
    let mut store = sb.inner.store.lock().unwrap();
    match store.channels.get_mut(&id) {
        Some(channel) => {
            channel.file = Some(target.display().to_string());
            StatusCode::CREATED.into_response()
        }
        None => {
            let _ = std::fs::remove_file(&target);
            storage_error(
                StatusCode::NOT_FOUND,
                "BlobNotFound",
                "The channel is gone.",
            )
        }
    }
}

/// `PATCH /openapi/preloadedVersionFiles/{id}`: the file is in place; file it as a version.
/// Like the create, it takes `{}` and refuses a missing body (415).
pub(crate) async fn channels_complete(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
    JsonBody(_): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let id = guid("id", &id)?;
    let file = {
        let store = sb.inner.store.lock().unwrap();
        let channel = store
            .channels
            .get(&id)
            .filter(|c| c.company_id == scope.company_id && c.department_id == scope.department_id)
            .ok_or_else(|| ApiError::not_found(format!("upload channel {id} was not found")))?;
        channel.file.clone().ok_or_else(|| {
            ApiError::refused(
                "nothing has been uploaded to this channel yet; PUT the file to its Uri first",
            )
        })?
    };
    let path = PathBuf::from(&file);
    let upload = read_upload(path.clone()).await;
    let answer = {
        let mut store = sb.inner.store.lock().unwrap();
        store.channels.remove(&id);
        upload.and_then(|u| crate::packages::add_version(&mut store, &scope, &u).map(Json))
    };
    // Freeing a big file takes a while; the answer need not wait for it.
    tokio::task::spawn_blocking(move || remove_quietly(&path));
    answer
}

fn remove_quietly(path: &FsPath) {
    if let Err(e) = std::fs::remove_file(path) {
        tracing::warn!(error = %e, path = %path.display(), "cannot remove an upload");
    }
}
