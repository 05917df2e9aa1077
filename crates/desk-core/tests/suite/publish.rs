//! The publish pipeline against a sandbox on loopback: inspection before sending, many files
//! with bad ones among them, cancel in the middle, retry after a failure, progress, the
//! channel path, and no more than two uploads at once.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use desk_core::{PublishEvent, Publisher, PARALLEL_UPLOADS};
use encoo_api::{dgs, Client, UploadRoute};
use encoo_sandbox::testing::{signed_in_with, SignedIn};
use encoo_sandbox::{Sandbox, SandboxConfig, SandboxServer};

struct Env {
    sandbox: Sandbox,
    _server: SandboxServer,
    client: Client,
    dir: tempfile::TempDir,
}

async fn env_with_threshold(threshold: Option<u64>) -> Env {
    let SignedIn {
        sandbox,
        server,
        client,
    } = signed_in_with(SandboxConfig::default(), |config| {
        if let Some(t) = threshold {
            config.channel_threshold = t;
        }
    })
    .await;
    Env {
        sandbox,
        _server: server,
        client,
        dir: tempfile::tempdir().unwrap(),
    }
}

async fn env() -> Env {
    env_with_threshold(None).await
}

fn package(dir: &Path, id: &str, version: &str, payload: u64) -> PathBuf {
    let path = dir.join(format!("{id}-{version}.dgs"));
    let manifest = dgs::Manifest {
        id: id.into(),
        version: version.into(),
        description: String::new(),
    };
    dgs::write_sized_package(std::fs::File::create(&path).unwrap(), &manifest, payload).unwrap();
    path
}

/// The panel (`ui/consoles/encoo/views/publish.js`) reads exactly these, `null` when absent.
#[tokio::test]
async fn the_panel_gets_each_candidate_as_the_eight_fields_it_reads() {
    let env = env().await;
    let d = env.dir.path();
    let newer = package(d, "Finance.InvoiceReader", "9.1.0", 1000);
    let folder = d.join("folder.dgs");
    std::fs::create_dir(&folder).unwrap();
    let found = desk_core::inspect_packages(&env.client, &[newer.clone(), folder]).await;
    let json = serde_json::to_value(&found).unwrap();
    let keys: Vec<&str> = json[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = [
        "path",
        "fileName",
        "size",
        "package",
        "version",
        "problem",
        "existingId",
        "existingVersion",
    ];
    expected.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(json[0]["fileName"], "Finance.InvoiceReader-9.1.0.dgs");
    assert_eq!(json[0]["size"], std::fs::metadata(&newer).unwrap().len());
    assert_eq!(
        [
            &json[0]["package"],
            &json[0]["version"],
            &json[0]["existingVersion"]
        ],
        ["Finance.InvoiceReader", "9.1.0", "1.2.0"]
    );
    assert_eq!(json[0]["problem"], serde_json::Value::Null);
    assert_eq!(
        json[1]["problem"],
        "cannot read the file: it is a folder, not a file"
    );
    assert_eq!(json[1]["existingId"], serde_json::Value::Null);
    assert_eq!(json[1]["size"], serde_json::Value::Null);
}

type Log = Arc<Mutex<Vec<PublishEvent>>>;

fn recorder() -> (Log, impl Fn(PublishEvent) + Send + Sync + 'static) {
    let log: Log = Arc::default();
    let sink = log.clone();
    (log, move |e| sink.lock().unwrap().push(e))
}

#[tokio::test]
async fn many_files_with_bad_ones_among_them_are_each_judged_before_sending() {
    let env = env().await;
    let d = env.dir.path();
    let fresh = package(d, "Brand.New", "1.0.0", 1000);
    let newer = package(d, "Finance.InvoiceReader", "9.0.0", 1000);
    let text = d.join("notes.dgs");
    std::fs::write(&text, "not a package").unwrap();
    let empty = d.join("empty.dgs");
    std::fs::write(&empty, "").unwrap();
    let gone = d.join("gone.dgs");
    let paths = vec![fresh.clone(), text, newer.clone(), empty, gone];
    let before = env
        .sandbox
        .request_log()
        .iter()
        .filter(|r| r.method != "GET")
        .count();
    let found = desk_core::inspect_packages(&env.client, &paths).await;
    assert_eq!(
        env.sandbox
            .request_log()
            .iter()
            .filter(|r| r.method != "GET")
            .count(),
        before,
        "inspection sends nothing"
    );
    let problems: Vec<Option<&str>> = found.iter().map(|c| c.problem.as_deref()).collect();
    assert!(
        problems[0].is_none() && problems[2].is_none(),
        "{problems:?}"
    );
    assert!(problems[1].unwrap().contains("not a zip"), "{problems:?}");
    assert!(problems[3].unwrap().contains("empty"), "{problems:?}");
    assert!(problems[4].unwrap().contains("cannot read"), "{problems:?}");
    assert_eq!(
        (
            found[0].package.as_deref(),
            found[0].existing_version.as_deref()
        ),
        (Some("Brand.New"), None)
    );
    assert_eq!(
        (
            found[2].version.as_deref(),
            found[2].existing_version.as_deref()
        ),
        (Some("9.0.0"), Some("1.2.0"))
    );
    assert!(found[2].existing_id.is_some());

    // The good ones go on, side by side.
    let publisher = Publisher::default();
    let (a, b) = tokio::join!(
        publisher.upload(&env.client, "a", &fresh, |_| {}),
        publisher.upload(&env.client, "b", &newer, |_| {}),
    );
    assert!(
        matches!(a, PublishEvent::Done { ref version, .. } if version == "1.0.0"),
        "{a:?}"
    );
    assert!(
        matches!(b, PublishEvent::Done { ref version, .. } if version == "9.0.0"),
        "{b:?}"
    );
    assert_eq!(
        env.sandbox.package_versions("Finance.InvoiceReader")[0],
        "9.0.0"
    );
}

#[tokio::test]
async fn progress_rises_strictly_and_ends_at_the_file_size() {
    let env = env().await;
    let file = package(env.dir.path(), "Progress.Pkg", "1.0.0", 8 << 20);
    let size = std::fs::metadata(&file).unwrap().len();
    let (log, events) = recorder();
    let end = Publisher::default()
        .upload(&env.client, "p", &file, events)
        .await;
    assert!(matches!(end, PublishEvent::Done { .. }), "{end:?}");
    let log = log.lock().unwrap();
    assert_eq!(log[0], PublishEvent::Queued);
    assert_eq!(
        log[1],
        PublishEvent::Started {
            total: size,
            route: UploadRoute::Direct
        }
    );
    assert_eq!(log.last(), Some(&end));
    let sent: Vec<u64> = log
        .iter()
        .filter_map(|e| match e {
            PublishEvent::Progress { sent, total } => {
                assert_eq!(*total, size);
                Some(*sent)
            }
            _ => None,
        })
        .collect();
    assert!(sent.len() >= 10, "a smooth bar: {} events", sent.len());
    assert!(sent.windows(2).all(|w| w[0] < w[1]), "strictly increasing");
    assert_eq!(sent.last(), Some(&size));
}

#[tokio::test]
async fn over_the_threshold_the_channel_is_taken() {
    let env = env_with_threshold(Some(64 << 10)).await;
    let file = package(env.dir.path(), "Big.Pkg", "2.0.0", 1 << 20);
    let (log, events) = recorder();
    let end = Publisher::default()
        .upload(&env.client, "c", &file, events)
        .await;
    assert!(
        matches!(
            end,
            PublishEvent::Done {
                route: UploadRoute::Channel,
                ..
            }
        ),
        "{end:?}"
    );
    assert!(matches!(
        log.lock().unwrap()[1],
        PublishEvent::Started {
            route: UploadRoute::Channel,
            ..
        }
    ));
    assert!(env
        .sandbox
        .request_log()
        .iter()
        .any(|r| r.method == "PUT" && r.path.starts_with("/storage/")));
    assert_eq!(env.sandbox.package_versions("Big.Pkg"), ["2.0.0"]);
}

#[tokio::test]
async fn a_cancel_in_the_middle_leaves_no_version_behind() {
    for threshold in [None, Some(1 << 20)] {
        let env = env_with_threshold(threshold).await;
        let file = package(env.dir.path(), "Cancelled.Pkg", "1.0.0", 64 << 20);
        let publisher = Arc::new(Publisher::default());
        let p = publisher.clone();
        let end = publisher
            .upload(&env.client, "x", &file, move |e| {
                if matches!(e, PublishEvent::Progress { sent, .. } if sent > 4 << 20) {
                    assert!(p.cancel("x"));
                }
            })
            .await;
        assert_eq!(end, PublishEvent::Cancelled, "threshold {threshold:?}");
        // The sandbox is done with the cut-off body once it has answered its PUT (the direct
        // upload's, or the channel's to storage).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !env.sandbox.request_log().iter().any(|r| {
            r.method == "PUT"
                && (r.path.starts_with("/openapi/packages") || r.path.starts_with("/storage/"))
        }) {
            assert!(
                std::time::Instant::now() < deadline,
                "the sandbox never answered the upload's PUT (threshold {threshold:?})"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(
            env.sandbox.package_versions("Cancelled.Pkg").is_empty(),
            "threshold {threshold:?}"
        );
        assert!(!publisher.cancel("x"), "a finished upload is forgotten");
    }
}

#[tokio::test]
async fn a_failed_upload_can_be_retried() {
    let env = env().await;
    let file = package(env.dir.path(), "Retry.Pkg", "1.0.0", 1 << 20);
    let publisher = Publisher::default();
    env.sandbox.fail_next(1, 503);
    let first = publisher.upload(&env.client, "r", &file, |_| {}).await;
    match &first {
        PublishEvent::Failed { error } => assert_eq!(error.status, Some(503)),
        other => panic!("expected a failure, got {other:?}"),
    }
    assert!(env.sandbox.package_versions("Retry.Pkg").is_empty());
    let again = publisher.upload(&env.client, "r", &file, |_| {}).await;
    assert!(matches!(again, PublishEvent::Done { .. }), "{again:?}");
    assert_eq!(env.sandbox.package_versions("Retry.Pkg"), ["1.0.0"]);
}

#[tokio::test]
async fn no_more_than_two_uploads_run_at_once() {
    let env = env().await;
    let files: Vec<PathBuf> = (0..4)
        .map(|i| package(env.dir.path(), &format!("Many.{i}"), "1.0.0", 16 << 20))
        .collect();
    let publisher = Publisher::default();
    let (now, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let ids: Vec<String> = (0..files.len()).map(|i| format!("u{i}")).collect();
    let uploads = files.iter().zip(&ids).map(|(f, id)| {
        let (now, peak) = (now.clone(), peak.clone());
        publisher.upload(&env.client, id, f, move |e| match e {
            PublishEvent::Started { .. } => {
                let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(n, Ordering::SeqCst);
            }
            PublishEvent::Done { .. } | PublishEvent::Failed { .. } | PublishEvent::Cancelled => {
                now.fetch_sub(1, Ordering::SeqCst);
            }
            _ => {}
        })
    });
    let ends = futures_util::future::join_all(uploads).await;
    assert!(
        ends.iter().all(|e| matches!(e, PublishEvent::Done { .. })),
        "{ends:?}"
    );
    assert_eq!(peak.load(Ordering::SeqCst), PARALLEL_UPLOADS);
}
