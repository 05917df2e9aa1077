//! The `.dgs` reader on arbitrary bytes: as a whole file, and as the manifest text inside an
//! otherwise valid package. It must answer a manifest or a `DgsError`, never panic.
#![no_main]

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = dgs::read_manifest_from(Cursor::new(data)) {
        assert!(!e.to_string().is_empty());
    }
    // The same bytes as the manifest of a well-formed zip.
    let mut buf = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    zip.start_file("p.nuspec", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(data).unwrap();
    zip.finish().unwrap();
    buf.set_position(0);
    if let Err(e) = dgs::read_manifest_from(buf) {
        assert!(!e.to_string().is_empty());
    }
});
