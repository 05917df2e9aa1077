//! A file as a request body: streamed from disk in fixed-size chunks (memory stays flat),
//! metered for progress, given up when cancelled, when nothing can be sent for the stall
//! timeout, or when the answer does not come within the request timeout once all is sent.
//! How far the bytes got decides what a failure means: a connection cut before the last byte
//! left the console nothing to act on.
//!
//! The file is read by one blocking thread a few chunks ahead of the connection, each chunk
//! read straight into the buffer that goes out: as curl does, one copy from the disk cache
//! and one into the socket, with no hop to the blocking pool per chunk.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::StreamExt;
use reqwest::RequestBuilder;
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use crate::error::{Error, Result};
use crate::transport::{send_once, Answer};

/// Bytes sent so far of a file's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub sent: u64,
    pub total: u64,
}

pub type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// A file to send as a call's body.
#[derive(Clone)]
pub struct FileBody {
    pub path: PathBuf,
    /// Called as bytes go out.
    pub progress: Option<ProgressFn>,
    /// Cancel to abandon the call.
    pub cancel: CancellationToken,
}

impl FileBody {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileBody {
            path: path.into(),
            progress: None,
            cancel: CancellationToken::new(),
        }
    }

    pub fn progress(mut self, progress: Option<ProgressFn>) -> Self {
        self.progress = progress;
        self
    }

    pub fn cancel(mut self, cancel: CancellationToken) -> Self {
        self.cancel = cancel;
        self
    }
}

/// Bytes handed to the connection and when the last ones went.
pub(crate) struct Meter {
    sent: AtomicU64,
    last_ms: AtomicU64,
    start: Instant,
    pub total: u64,
}

impl Meter {
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    fn idle(&self) -> Duration {
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.start.elapsed().saturating_sub(last)
    }
}

/// The size of the chunks handed to the connection (and so of a progress step).
const CHUNK: usize = 256 * 1024;
/// The size of one read from the file: a few chunks, so that the reader thread is woken once
/// per block, not once per chunk.
const BLOCK: usize = 4 * CHUNK;
/// How many blocks an upload reads into, over and over: those queued for the connection, the
/// one it is sending, and the one being read. Memory stays at a few MiB, and no block is
/// allocated (and its pages faulted in and given back) per read.
const BLOCKS: usize = 6;

/// Opens the file as a streamed body of exactly its length that meters what goes out.
pub(crate) async fn open(file: &FileBody) -> Result<(reqwest::Body, Arc<Meter>)> {
    let path = &file.path;
    let handle = tokio::fs::File::open(path)
        .await
        .map_err(|e| io_error(path, e))?;
    let total = handle
        .metadata()
        .await
        .map_err(|e| io_error(path, e))?
        .len();
    let handle = handle.into_std().await;
    let meter = Arc::new(Meter {
        sent: AtomicU64::new(0),
        last_ms: AtomicU64::new(0),
        start: Instant::now(),
        total,
    });
    let progress = file.progress.clone();
    let m = meter.clone();
    let stream = read_ahead(handle, total).inspect(move |chunk| {
        if let Ok(chunk) = chunk {
            let n = chunk.len() as u64;
            let sent = m.sent.fetch_add(n, Ordering::Relaxed) + n;
            m.last_ms
                .store(m.start.elapsed().as_millis() as u64, Ordering::Relaxed);
            if let Some(p) = &progress {
                p(Progress { sent, total });
            }
        }
    });
    Ok((reqwest::Body::wrap_stream(stream), meter))
}

/// The first `total` bytes of `file` as a stream of [`CHUNK`]-sized pieces, read in
/// [`BLOCK`]s on a blocking thread that stays at most [`BLOCKS`] blocks ahead. The thread
/// stops at the end, at a read error (the stream's last item) or as soon as the stream is
/// dropped (a cancelled or failed call).
fn read_ahead(
    file: std::fs::File,
    total: u64,
) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    let (tx, rx) = tokio::sync::mpsc::channel(BLOCKS);
    tokio::task::spawn_blocking(move || {
        let mut file = file.take(total);
        let (home, spare) = std::sync::mpsc::channel();
        let mut made = 0;
        loop {
            let mut data = match spare.try_recv() {
                Ok(data) => data,
                Err(_) if made < BLOCKS => {
                    made += 1;
                    Vec::with_capacity(BLOCK)
                }
                // Every block is out: wait until the connection is done with one (or drops
                // them all, when the call ends early).
                Err(_) => match spare.recv() {
                    Ok(data) => data,
                    Err(_) => return,
                },
            };
            data.clear();
            // `take` stops at the block's end without another read: the buffer never grows.
            let item = match (&mut file).take(BLOCK as u64).read_to_end(&mut data) {
                Ok(0) => return,
                Ok(_) => Ok(Bytes::from_owner(Block {
                    data,
                    home: home.clone(),
                })),
                Err(e) => Err(e),
            };
            let failed = item.is_err();
            if tx.blocking_send(item).is_err() || failed {
                return;
            }
        }
    });
    futures_util::stream::unfold((rx, Bytes::new()), |(mut rx, mut block)| async move {
        if block.is_empty() {
            match rx.recv().await? {
                Ok(next) => block = next,
                Err(e) => return Some((Err(e), (rx, Bytes::new()))),
            }
        }
        let chunk = block.split_to(CHUNK.min(block.len()));
        Some((Ok(chunk), (rx, block)))
    })
}

/// A block read from the file: once every piece of it has gone out (been dropped), its buffer
/// goes back to the reader for another block.
struct Block {
    data: Vec<u8>,
    home: std::sync::mpsc::Sender<Vec<u8>>,
}

impl AsRef<[u8]> for Block {
    fn as_ref(&self) -> &[u8] {
        &self.data
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        let _ = self.home.send(std::mem::take(&mut self.data));
    }
}

/// A file call that got no answer: why, and whether every byte went out first (so the
/// console may have acted on it).
pub(crate) struct NoAnswer {
    pub error: Error,
    pub delivered: bool,
}

/// Sends a file call, watching the meter: gives up when cancelled, when no byte goes out for
/// `stall`, or when the answer takes longer than `answer_wait` once everything is sent.
pub(crate) async fn send_metered(
    rb: RequestBuilder,
    meter: &Meter,
    cancel: &CancellationToken,
    stall: Duration,
    answer_wait: Duration,
) -> std::result::Result<Answer, NoAnswer> {
    let total = meter.total;
    let send = send_once(rb);
    tokio::pin!(send);
    let mut tick =
        tokio::time::interval((stall / 4).clamp(Duration::from_millis(10), Duration::from_secs(1)));
    let failed = |error| {
        Err(NoAnswer {
            error,
            delivered: false,
        })
    };
    loop {
        tokio::select! {
            answer = &mut send => {
                let sent = meter.sent();
                return match answer {
                    Ok(answer) => Ok(answer),
                    Err(t) if !t.maybe_delivered() => failed(t.error),
                    Err(t) if sent < total => failed(cut_short(t.error, sent, total)),
                    Err(t) => Err(NoAnswer { error: t.error, delivered: true }),
                };
            }
            _ = cancel.cancelled() => return failed(Error::Cancelled),
            _ = tick.tick() => {
                let sent = meter.sent();
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
