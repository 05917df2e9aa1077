//! Files that go bad between the panel's inspection and the upload (removed, emptied,
//! replaced by a folder), a folder offered as a file, and a good package at a path with
//! Chinese characters and spaces, through the publish pipeline against a sandbox. No keyring.

use std::path::{Path, PathBuf};

use desk_core::{PublishEvent, Publisher};
use encoo_api::{dgs, Client, ErrorKind, PackageQuery};
use encoo_sandbox::testing::{signed_in, SignedIn};
use encoo_sandbox::{Sandbox, SandboxServer};

struct Env {
    sandbox: Sandbox,
    _server: SandboxServer,
    client: Client,
    dir: tempfile::TempDir,
}

async fn env() -> Env {
    let SignedIn {
        sandbox,
        server,
        client,
    } = signed_in().await;
    Env {
        sandbox,
        _server: server,
        client,
        dir: tempfile::tempdir().unwrap(),
    }
}

fn package(dir: &Path, file: &str, id: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(file);
    let manifest = dgs::Manifest {
        id: id.into(),
        version: "1.0.0".into(),
        description: String::new(),
    };
    dgs::write_package(std::fs::File::create(&path).unwrap(), &manifest, &[]).unwrap();
    path
}

impl Env {
    fn uploads_sent(&self) -> usize {
        let log = self.sandbox.request_log();
        log.iter()
            .filter(|r| {
                let path = r.path.to_ascii_lowercase();
                (r.method == "PUT" && path.ends_with("/openapi/packages"))
                    || path.contains("preloadedversionfiles")
            })
            .count()
    }
}

#[tokio::test]
async fn a_file_changed_after_inspection_fails_its_upload_with_the_reason_and_sends_nothing() {
    let env = env().await;
    let d = env.dir.path();
    let removed = package(d, "removed.dgs", "Gone.Before.Send");
    let emptied = package(d, "emptied.dgs", "Emptied.Before.Send");
    let foldered = package(d, "foldered.dgs", "Foldered.Before.Send");
    let paths = vec![removed.clone(), emptied.clone(), foldered.clone()];
    let found = desk_core::inspect_packages(&env.client, &paths).await;
    assert!(found.iter().all(|c| c.problem.is_none()), "{found:?}");

    std::fs::remove_file(&removed).unwrap();
    std::fs::write(&emptied, "").unwrap();
    std::fs::remove_file(&foldered).unwrap();
    std::fs::create_dir(&foldered).unwrap();
    let publisher = Publisher::default();
    for (path, word) in [
        (&removed, "cannot read the file"),
        (&emptied, "the file is empty"),
        (&foldered, "a folder, not a file"),
    ] {
        let end = publisher.upload(&env.client, "u", path, |_| {}).await;
        let PublishEvent::Failed { error } = end else {
            panic!("{}: {end:?}", path.display());
        };
        assert_eq!(error.kind, ErrorKind::InvalidInput, "{error:?}");
        assert!(error.message.contains(word), "{error:?}");
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(error.message.contains(name), "names the file: {error:?}");
    }
    assert_eq!(env.uploads_sent(), 0);
}

#[tokio::test]
async fn a_folder_offered_as_a_package_is_a_problem_named_at_inspection() {
    let env = env().await;
    let folder = env.dir.path().join("looks-like.dgs");
    std::fs::create_dir(&folder).unwrap();
    let found = desk_core::inspect_packages(&env.client, &[folder]).await;
    assert_eq!(
        found[0].problem.as_deref(),
        Some("cannot read the file: it is a folder, not a file")
    );
}

#[tokio::test]
async fn must_work_a_package_under_a_chinese_path_with_spaces_publishes() {
    let env = env().await;
    let dir = env.dir.path().join("流程 包 v2");
    let path = package(&dir, "我的 流程.dgs", "我的流程");
    let found = desk_core::inspect_packages(&env.client, std::slice::from_ref(&path)).await;
    assert_eq!(
        (found[0].file_name.as_str(), found[0].package.as_deref()),
        ("我的 流程.dgs", Some("我的流程"))
    );
    let end = Publisher::default()
        .upload(&env.client, "cn", &path, |_| {})
        .await;
    let PublishEvent::Done {
        package, version, ..
    } = end
    else {
        panic!("{end:?}");
    };
    assert_eq!((package.as_str(), version.as_str()), ("我的流程", "1.0.0"));
    let query = PackageQuery {
        name: Some("我的流程".into()),
        ..Default::default()
    };
    let listed = env.client.packages().list(&query).await.unwrap();
    assert_eq!(listed.list[0].last_version.as_deref(), Some("1.0.0"));
    assert_eq!(env.uploads_sent(), 1);
}
