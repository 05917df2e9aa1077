//! The `.dgs` reader on generated input: arbitrary bytes, zips with arbitrary manifest text,
//! and valid packages with bytes flipped or cut. It answers a manifest or a `DgsError` with a
//! message, never panics; what the writer writes, the reader reads back.

use std::io::{Cursor, Write};

use dgs::{read_manifest_from, DgsError, Manifest};
use proptest::prelude::*;

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

fn valid_package() -> Vec<u8> {
    let m = Manifest {
        id: "Finance.InvoiceReader".into(),
        version: "1.3.0".into(),
        description: "reads invoices".into(),
    };
    let mut buf = Cursor::new(Vec::new());
    dgs::write_package(&mut buf, &m, &[("main.xaml", b"<Activity/>")]).unwrap();
    buf.into_inner()
}

/// The reader's answer, checked: a manifest has a non-blank id and version, an error says
/// something.
fn read(bytes: Vec<u8>) -> Result<Manifest, DgsError> {
    let answer = read_manifest_from(Cursor::new(bytes));
    match &answer {
        Ok(m) => assert!(
            !m.id.trim().is_empty() && !m.version.trim().is_empty(),
            "{m:?}"
        ),
        Err(e) => assert!(!e.to_string().trim().is_empty(), "{e:?}"),
    }
    answer
}

/// Text with no control characters (XML cannot carry most of them), not blank once trimmed.
fn field() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        any::<char>().prop_filter("no control", |c| !c.is_control()),
        1..40,
    )
    .prop_map(|cs| cs.into_iter().collect::<String>())
    .prop_filter("not blank", |s| !s.trim().is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_are_a_manifest_or_a_named_error(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read(bytes);
    }

    #[test]
    fn arbitrary_manifest_text_is_read_or_refused_as_the_xml_it_is(text in proptest::collection::vec(any::<u8>(), 0..600)) {
        let answer = read(zip_with(&[("p.nuspec", &text)]));
        match std::str::from_utf8(&text) {
            Ok(xml) => prop_assert_eq!(answer, dgs::parse_nuspec(xml)),
            Err(_) => prop_assert!(matches!(answer, Err(DgsError::BadXml(_))), "{answer:?}"),
        }
    }

    #[test]
    fn a_valid_package_with_bytes_flipped_or_cut_never_panics(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = valid_package();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= byte;
        }
        let keep = cut.index(bytes.len() + 1);
        let mut short = bytes.clone();
        short.truncate(keep);
        let _ = read(bytes);
        let _ = read(short);
    }

    #[test]
    fn what_the_writer_writes_the_reader_reads_back(id in field(), version in field(), description in field()) {
        let m = Manifest { id, version, description };
        let mut buf = Cursor::new(Vec::new());
        dgs::write_package(&mut buf, &m, &[]).unwrap();
        let back = read(buf.into_inner()).unwrap();
        prop_assert_eq!(back.id, m.id.trim());
        prop_assert_eq!(back.version, m.version.trim());
        prop_assert_eq!(back.description, m.description.trim());
    }
}

#[test]
fn manifest_fields_made_of_other_whitespace_read_as_missing() {
    let xml = "<package><metadata><id>\u{3000}</id><version>1</version></metadata></package>";
    assert_eq!(dgs::parse_nuspec(xml), Err(DgsError::MissingField("id")));
}

/// Found by `what_the_writer_writes_the_reader_reads_back`: the manifest entry was named after
/// the id, so an id with a `/` put it in a folder, where the reader does not look.
#[test]
fn a_package_whose_id_has_a_slash_reads_back() {
    let m = Manifest {
        id: "/".into(),
        version: "¡".into(),
        description: "¡".into(),
    };
    let mut buf = Cursor::new(Vec::new());
    dgs::write_package(&mut buf, &m, &[]).unwrap();
    assert_eq!(read(buf.into_inner()).unwrap(), m);
}

#[test]
fn a_folder_is_refused_as_a_folder() {
    let dir = std::env::temp_dir();
    let err = dgs::read_manifest(&dir).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot read the file: it is a folder, not a file"
    );
}
