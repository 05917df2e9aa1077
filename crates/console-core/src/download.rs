//! A download streamed to a file: the answer's body goes to disk as it arrives instead of into
//! memory. Each try writes a fresh `<target>.part` beside the target; a try whose body is cut
//! removes it (and the sending loop may try again, as for any read); only a whole body is
//! renamed onto the target. Whatever ends the download early, an error or the caller dropping
//! it, no `.part` and no half target is left behind.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::RequestBuilder;
use tokio::io::AsyncWriteExt;
use tokio::time::timeout;

use crate::error::Error;
use crate::transport::{transport, Answer, Transport};

/// What a download gave: the answer's status and headers, and how many bytes were written
/// to the target.
#[derive(Debug, Clone)]
pub struct Downloaded {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: u64,
}

/// `<target>.part`: where the body goes until it is whole.
pub(crate) fn part_path(target: &Path) -> PathBuf {
    let mut name = OsString::from(target.as_os_str());
    name.push(".part");
    PathBuf::from(name)
}

/// The `.part` file of a download; removed when dropped unless it was renamed onto the target.
pub(crate) struct PartFile {
    path: PathBuf,
    kept: bool,
}

impl PartFile {
    pub fn new(target: &Path) -> PartFile {
        PartFile {
            path: part_path(target),
            kept: false,
        }
    }

    /// Moves the whole body onto `target`; answers its size.
    pub async fn finish(mut self, target: &Path) -> Result<u64, Error> {
        let bytes = tokio::fs::metadata(&self.path)
            .await
            .map_err(io(format!("cannot read {}", self.path.display())))?
            .len();
        tokio::fs::rename(&self.path, target)
            .await
            .map_err(io(format!(
                "cannot move the download to {}",
                target.display()
            )))?;
        self.kept = true;
        Ok(bytes)
    }
}

impl Drop for PartFile {
    fn drop(&mut self) {
        if !self.kept {
            // Nothing to report to: the download's own error (if any) is what matters.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> Error {
    move |source| Error::Io { context, source }
}

/// How long a download may wait: for its answer to start, and for each piece of the body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub answer: Duration,
    pub stall: Duration,
}

/// A failure writing the file: on this machine, so trying the request again cannot help.
fn local(error: Error) -> Transport {
    Transport {
        error,
        connect: false,
        timeout: false,
        untrusted: false,
        local: true,
    }
}

/// The time allowed ran out: not tried again, as for any call.
fn timed_out(message: String) -> Transport {
    Transport {
        error: Error::Timeout(message),
        connect: false,
        timeout: true,
        untrusted: false,
        local: false,
    }
}

/// One try: a 2xx answer's body is streamed into `part` (truncated first) and answered with
/// an empty body; any other answer is read whole, as [`crate::transport::send_once`] does,
/// for the error it carries. `path` names the call in a timeout's message.
pub(crate) async fn download_once(
    rb: RequestBuilder,
    part: &Path,
    path: &str,
    limits: Limits,
) -> Result<Answer, Transport> {
    let mut resp = match timeout(limits.answer, rb.send()).await {
        Ok(sent) => sent.map_err(transport)?,
        Err(_) => return Err(timed_out(format!("{path} did not answer in time"))),
    };
    let status = resp.status().as_u16();
    let headers = std::mem::take(resp.headers_mut());
    if !(200..300).contains(&status) {
        let body = match timeout(limits.answer, resp.bytes()).await {
            Ok(body) => body.map_err(transport)?,
            Err(_) => return Err(timed_out(format!("{path} did not answer in time"))),
        };
        return Ok(Answer {
            status,
            headers,
            body,
        });
    }
    let context = || format!("cannot write {}", part.display());
    let file = tokio::fs::File::create(part)
        .await
        .map_err(|e| local(io(context())(e)))?;
    let mut out = tokio::io::BufWriter::new(file);
    let mut received: u64 = 0;
    loop {
        let chunk = match timeout(limits.stall, resp.chunk()).await {
            Ok(chunk) => chunk.map_err(transport)?,
            Err(_) => {
                return Err(timed_out(format!(
                "the download of {path} stalled: nothing came for {} s ({received} bytes received)",
                limits.stall.as_secs_f32()
            )))
            }
        };
        let Some(chunk) = chunk else { break };
        received += chunk.len() as u64;
        out.write_all(&chunk)
            .await
            .map_err(|e| local(io(context())(e)))?;
    }
    out.flush().await.map_err(|e| local(io(context())(e)))?;
    out.into_inner()
        .sync_all()
        .await
        .map_err(|e| local(io(context())(e)))?;
    Ok(Answer {
        status,
        headers,
        body: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_part_file_sits_beside_the_target_and_goes_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("code.zip");
        assert_eq!(part_path(&target), dir.path().join("code.zip.part"));
        let part = PartFile::new(&target);
        std::fs::write(part_path(&target), b"half").unwrap();
        drop(part);
        assert!(!part_path(&target).exists());
        assert!(!target.exists());
    }

    #[tokio::test]
    async fn a_finished_part_file_becomes_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("code.zip");
        let part = PartFile::new(&target);
        std::fs::write(part_path(&target), b"whole").unwrap();
        assert_eq!(part.finish(&target).await.unwrap(), 5);
        assert_eq!(std::fs::read(&target).unwrap(), b"whole");
        assert!(!part_path(&target).exists());
    }

    /// A server that answers 200 with a body of `pieces` pieces of 1 KiB, `gap` apart, and
    /// then, when `stall_after` is given, stops sending after that many pieces (holding the
    /// connection open).
    async fn trickle(pieces: usize, gap: Duration, stall_after: Option<usize>) -> String {
        use tokio::io::AsyncReadExt;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 4096];
            let _ = sock.read(&mut buf).await;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/zip\r\ncontent-length: {}\r\n\r\n",
                pieces * 1024
            );
            sock.write_all(head.as_bytes()).await.unwrap();
            for i in 0..pieces {
                if stall_after == Some(i) {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
                let _ = sock.write_all(&[b'a' + (i % 26) as u8; 1024]).await;
                tokio::time::sleep(gap).await;
            }
        });
        url
    }

    fn http(answer: Duration, stall: Duration) -> crate::Http {
        let config = crate::HttpConfig {
            request_timeout: answer,
            upload_stall_timeout: stall,
            max_tries: 1,
            ..Default::default()
        };
        crate::Http::new(config, "http://127.0.0.1").unwrap()
    }

    #[tokio::test]
    async fn a_body_that_keeps_coming_may_outlast_the_request_timeout() {
        let url = trickle(8, Duration::from_millis(60), None).await;
        let dir = tempfile::tempdir().unwrap();
        let to = dir.path().join("slow.zip");
        let http = http(Duration::from_millis(200), Duration::from_secs(5));
        let done = http
            .download(&crate::Call::get(&url, "/slow.zip"), None, &to)
            .await
            .unwrap();
        assert_eq!((done.status, done.bytes), (200, 8 * 1024));
        let body = std::fs::read(&to).unwrap();
        assert_eq!(&body[..3], b"aaa");
        assert_eq!(body[7 * 1024], b'h');
    }

    #[tokio::test]
    async fn a_body_that_stops_coming_is_a_stall_and_leaves_nothing() {
        let url = trickle(8, Duration::from_millis(5), Some(3)).await;
        let dir = tempfile::tempdir().unwrap();
        let to = dir.path().join("stalled.zip");
        let http = http(Duration::from_secs(5), Duration::from_millis(300));
        let err = http
            .download(&crate::Call::get(&url, "/stalled.zip"), None, &to)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Timeout, "{err}");
        let text = err.to_string();
        assert!(text.contains("/stalled.zip stalled"), "{text}");
        assert!(text.contains("3072 bytes received"), "{text}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
