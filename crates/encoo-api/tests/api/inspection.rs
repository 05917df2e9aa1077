//! The one inspection of `.dgs` files before publishing (`Candidate::read`, then
//! `packages().look_up`/`inspect`): name, version, size, the problem in words, and the package
//! the console has already, asked once per package name and never sending a file.

use encoo_api::Candidate;
use serde_json::json;

use crate::common::{package_file, start};

#[tokio::test]
async fn inspection_names_each_files_package_and_what_the_console_has_of_it() {
    let env = start().await;
    let dir = tempfile::tempdir().unwrap();
    let newer = package_file(dir.path(), "Finance.InvoiceReader", "1.3.0", 1000);
    // The same package in another case: the console files it under the same one.
    let lower = package_file(dir.path(), "finance.invoicereader", "1.4.0", 10);
    let fresh = package_file(dir.path(), "Inspect.Fresh", "0.1.0", 10);
    let notes = dir.path().join("notes.dgs");
    std::fs::write(&notes, "meeting notes, not a package").unwrap();
    let folder = dir.path().join("folder.dgs");
    std::fs::create_dir(&folder).unwrap();
    let gone = dir.path().join("gone.dgs");
    let paths = vec![newer.clone(), lower, fresh, notes, folder, gone];

    let before = env.sandbox.request_log().len();
    let found = env.client.packages().inspect(&paths).await;
    let sent = env.sandbox.request_log()[before..].to_vec();

    let seen: Vec<(Option<&str>, Option<&str>, Option<&str>)> = found
        .iter()
        .map(|c| {
            (
                c.package.as_deref(),
                c.version.as_deref(),
                c.existing_version.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (Some("Finance.InvoiceReader"), Some("1.3.0"), Some("1.2.0")),
            (Some("finance.invoicereader"), Some("1.4.0"), Some("1.2.0")),
            (Some("Inspect.Fresh"), Some("0.1.0"), None),
            (None, None, None),
            (None, None, None),
            (None, None, None),
        ]
    );
    assert_eq!(found[0].existing_id, found[1].existing_id);
    assert!(found[0].existing_id.is_some());
    assert_eq!(
        found[0].size,
        Some(std::fs::metadata(&newer).unwrap().len())
    );
    assert_eq!(found[0].file_name, "Finance.InvoiceReader.1.3.0.dgs");
    assert!(found[..3].iter().all(Candidate::is_ready));

    let problems: Vec<&str> = found[3..]
        .iter()
        .map(|c| c.problem.as_deref().unwrap())
        .collect();
    assert!(
        problems[0].starts_with("not a .dgs package: "),
        "{problems:?}"
    );
    assert_eq!(
        problems[1],
        "cannot read the file: it is a folder, not a file"
    );
    assert!(
        problems[2].starts_with("cannot read the file: "),
        "{problems:?}"
    );
    let folders: Vec<bool> = found.iter().map(|c| c.folder).collect();
    assert_eq!(folders, [false, false, false, false, true, false]);
    assert!(found[3..].iter().all(|c| c.size.is_none() && !c.is_ready()));

    // One look-up per package name (case aside), and nothing sent but reads.
    let lookups = sent
        .iter()
        .filter(|r| r.path.eq_ignore_ascii_case("/openapi/packages"))
        .count();
    assert_eq!(lookups, 2, "{sent:?}");
    assert!(sent.iter().all(|r| r.method == "GET"), "{sent:?}");
}

#[tokio::test]
async fn a_candidate_reads_as_the_publish_panel_expects_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = package_file(dir.path(), "Inspect.Json", "2.0.0", 10);
    // No console at all: the file alone.
    let c = Candidate::read(&file).await;
    let size = std::fs::metadata(&file).unwrap().len();
    assert_eq!(
        serde_json::to_value(&c).unwrap(),
        json!({
            "path": file, "fileName": "Inspect.Json.2.0.0.dgs", "size": size,
            "package": "Inspect.Json", "version": "2.0.0", "problem": null,
            "existingId": null, "existingVersion": null,
        })
    );

    let empty = dir.path().join("empty.dgs");
    std::fs::write(&empty, "").unwrap();
    let c = Candidate::read(&empty).await;
    assert_eq!(c.problem.as_deref(), Some("the file is empty"));
    assert_eq!(
        serde_json::to_value(&c).unwrap()["problem"],
        "the file is empty"
    );
}
