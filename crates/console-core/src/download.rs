//! A download streamed to a file: the answer's body goes to disk as it arrives instead of into
//! memory. Each try writes a fresh `<target>.part` beside the target; a try whose body is cut
//! removes it (and the sending loop may try again, as for any read); only a whole body is
//! renamed onto the target. Whatever ends the download early, an error or the caller dropping
//! it, no `.part` and no half target is left behind.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use reqwest::RequestBuilder;
use tokio::io::AsyncWriteExt;

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

/// One try: a 2xx answer's body is streamed into `part` (truncated first) and answered with
/// an empty body; any other answer is read whole, as [`crate::transport::send_once`] does,
/// for the error it carries.
pub(crate) async fn download_once(rb: RequestBuilder, part: &Path) -> Result<Answer, Transport> {
    let mut resp = rb.send().await.map_err(transport)?;
    let status = resp.status().as_u16();
    let headers = std::mem::take(resp.headers_mut());
    if !(200..300).contains(&status) {
        let body = resp.bytes().await.map_err(transport)?;
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
    while let Some(chunk) = resp.chunk().await.map_err(transport)? {
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
}
