//! Reads (and, for tests and tools, writes) `.dgs` process packages: zip archives carrying a
//! NuGet-style `*.nuspec` manifest. The client reads one before uploading so a wrong file is
//! refused before a byte is sent; the sandbox reads one to file an upload under its package.

use std::io::{Read, Seek, Write};
use std::path::Path;

/// What a `.dgs` says about itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Manifest {
    /// The package name (`<id>`).
    pub id: String,
    /// The version (`<version>`).
    pub version: String,
    /// `<description>`, empty when absent.
    pub description: String,
}

/// Why a file is not a usable `.dgs`. Each message names the problem in words.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DgsError {
    #[error("cannot read the file: {0}")]
    Io(String),
    #[error("the file is empty")]
    Empty,
    #[error("not a .dgs package: the file is not a zip archive ({0})")]
    NotZip(String),
    #[error("not a .dgs package: no .nuspec manifest inside")]
    NoManifest,
    #[error("the package manifest is not valid XML: {0}")]
    BadXml(String),
    #[error("the package manifest has no <{0}>")]
    MissingField(&'static str),
}

/// Reads the manifest of the `.dgs` at `path`.
pub fn read_manifest(path: &Path) -> Result<Manifest, DgsError> {
    let file = std::fs::File::open(path).map_err(|e| DgsError::Io(e.to_string()))?;
    let meta = file.metadata().map_err(|e| DgsError::Io(e.to_string()))?;
    if meta.is_dir() {
        return Err(DgsError::Io("it is a folder, not a file".into()));
    }
    let len = meta.len();
    if len == 0 {
        return Err(DgsError::Empty);
    }
    read_manifest_from(std::io::BufReader::new(file))
}

/// Reads the manifest of a `.dgs` held by any seekable reader.
pub fn read_manifest_from(reader: impl Read + Seek) -> Result<Manifest, DgsError> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| match e {
        zip::result::ZipError::Io(io) => DgsError::Io(io.to_string()),
        other => DgsError::NotZip(other.to_string()),
    })?;
    let name = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| !n.contains('/') && n.to_ascii_lowercase().ends_with(".nuspec"))
        .min()
        .map(|n| n.into_owned())
        .ok_or(DgsError::NoManifest)?;
    let mut xml = String::new();
    archive
        .by_name(&name)
        .map_err(|e| DgsError::NotZip(e.to_string()))?
        .take(1 << 20)
        .read_to_string(&mut xml)
        .map_err(|e| DgsError::BadXml(e.to_string()))?;
    parse_nuspec(&xml)
}

/// The bytes of the top-level entry `name` of the `.dgs` at `path` (at most 1 MiB), or none
/// when the package has no such entry.
pub fn read_entry(path: &Path, name: &str) -> Result<Option<Vec<u8>>, DgsError> {
    let file = std::fs::File::open(path).map_err(|e| DgsError::Io(e.to_string()))?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| DgsError::NotZip(e.to_string()))?;
    let mut entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DgsError::NotZip(e.to_string())),
    };
    let mut bytes = Vec::new();
    (&mut entry)
        .take(1 << 20)
        .read_to_end(&mut bytes)
        .map_err(|e| DgsError::Io(e.to_string()))?;
    Ok(Some(bytes))
}

/// Parses a `.nuspec` document; namespaces are ignored, as NuGet's own readers do.
pub fn parse_nuspec(xml: &str) -> Result<Manifest, DgsError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| DgsError::BadXml(e.to_string()))?;
    let metadata = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("metadata") || n.tag_name().name() == "metadata")
        .ok_or(DgsError::MissingField("metadata"))?;
    let field = |tag: &str| {
        metadata
            .children()
            .find(|n| n.tag_name().name() == tag)
            .and_then(|n| n.text())
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
    };
    Ok(Manifest {
        id: field("id").ok_or(DgsError::MissingField("id"))?,
        version: field("version").ok_or(DgsError::MissingField("version"))?,
        description: field("description").unwrap_or_default(),
    })
}

/// Writes a minimal but well-formed `.dgs` (manifest plus `extra` entries): for tests, demos
/// and benchmarks.
pub fn write_package(
    writer: impl Write + Seek,
    manifest: &Manifest,
    extra: &[(&str, &[u8])],
) -> zip::result::ZipResult<()> {
    let mut zip = zip::ZipWriter::new(writer);
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file(nuspec_name(manifest), options)?;
    zip.write_all(nuspec_xml(manifest).as_bytes())?;
    for (name, bytes) in extra {
        zip.start_file(*name, options)?;
        zip.write_all(bytes)?;
    }
    zip.finish()?;
    Ok(())
}

/// Writes a `.dgs` whose payload is `payload_len` stored (uncompressed) bytes, streamed in
/// 1 MiB chunks: a package of any size for upload tests and benchmarks, in flat memory.
pub fn write_sized_package(
    writer: impl Write + Seek,
    manifest: &Manifest,
    payload_len: u64,
) -> zip::result::ZipResult<()> {
    let mut zip = zip::ZipWriter::new(writer);
    zip.start_file(
        nuspec_name(manifest),
        zip::write::SimpleFileOptions::default(),
    )?;
    zip.write_all(nuspec_xml(manifest).as_bytes())?;
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(payload_len >= u32::MAX as u64);
    zip.start_file("lib/payload.bin", stored)?;
    let chunk: Vec<u8> = (0..1usize << 20).map(|i| (i % 251) as u8).collect();
    let mut left = payload_len;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        zip.write_all(&chunk[..n])?;
        left -= n as u64;
    }
    zip.finish()?;
    Ok(())
}

/// The manifest's entry name: `<id>.nuspec` at the top of the archive, with path separators
/// in the id replaced, since the reader takes only a top-level manifest (an id with a `/`
/// once made a package this crate could not read back).
fn nuspec_name(m: &Manifest) -> String {
    format!("{}.nuspec", m.id.replace(['/', '\\'], "_"))
}

/// The `.nuspec` text for a manifest, with XML special characters escaped.
pub fn nuspec_xml(m: &Manifest) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\">\n  <metadata>\n    <id>{}</id>\n    <version>{}</version>\n    <description>{}</description>\n  </metadata>\n</package>\n",
        escape(&m.id),
        escape(&m.version),
        escape(&m.description)
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn manifest(id: &str, version: &str) -> Manifest {
        Manifest {
            id: id.into(),
            version: version.into(),
            description: "d <&>".into(),
        }
    }

    #[test]
    fn written_package_reads_back_with_escaped_text() {
        let mut buf = Cursor::new(Vec::new());
        let m = manifest("<img src=x onerror=alert(1)>", "1.2.3");
        write_package(&mut buf, &m, &[("main.xaml", b"<Activity/>")]).unwrap();
        buf.set_position(0);
        assert_eq!(read_manifest_from(buf).unwrap(), m);
    }

    #[test]
    fn sized_package_is_at_least_its_payload_and_reads_back() {
        let mut buf = Cursor::new(Vec::new());
        let m = manifest("Big", "2.0.0");
        write_sized_package(&mut buf, &m, 3 << 20).unwrap();
        assert!(buf.get_ref().len() as u64 > 3 << 20);
        buf.set_position(0);
        assert_eq!(read_manifest_from(buf).unwrap(), m);
    }

    #[test]
    fn plain_text_is_not_a_zip() {
        let err = read_manifest_from(Cursor::new(b"hello world".to_vec())).unwrap_err();
        assert!(matches!(err, DgsError::NotZip(_)), "{err:?}");
    }

    #[test]
    fn zip_without_manifest_is_refused() {
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        zip.start_file("main.xaml", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"x").unwrap();
        zip.finish().unwrap();
        buf.set_position(0);
        assert_eq!(read_manifest_from(buf).unwrap_err(), DgsError::NoManifest);
    }

    #[test]
    fn manifest_without_version_names_the_field() {
        let xml = "<package><metadata><id>a</id></metadata></package>";
        assert_eq!(
            parse_nuspec(xml).unwrap_err(),
            DgsError::MissingField("version")
        );
    }

    #[test]
    fn empty_file_is_refused_as_empty() {
        let f = tempfile_path();
        std::fs::write(&f, b"").unwrap();
        assert_eq!(read_manifest(&f).unwrap_err(), DgsError::Empty);
        std::fs::remove_file(f).unwrap();
    }

    fn tempfile_path() -> std::path::PathBuf {
        std::env::temp_dir().join(format!("dgs-test-{}.dgs", uuid::Uuid::new_v4()))
    }
}
