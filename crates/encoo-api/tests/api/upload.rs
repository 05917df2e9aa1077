//! Uploads: the manifest check before any byte, progress, the size rule, the channel's exact
//! headers, and cancellation that leaves nothing behind.

use std::sync::{Arc, Mutex};

use encoo_api::{CancellationToken, ErrorKind, Progress, UploadOptions, UploadRoute};

use crate::common::{package_file, start, start_with};

/// Waits until the sandbox has answered a `PUT` to a path starting with `prefix` among the
/// requests after the first `from`: a body cut off by a cancel ends in an answer too, after
/// which the sandbox does nothing more with it.
async fn wait_for_put_answered(env: &crate::common::Env, from: usize, prefix: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let answered = || {
        env.sandbox.request_log()[from..]
            .iter()
            .any(|r| r.method == "PUT" && r.path.starts_with(prefix))
    };
    while !answered() {
        assert!(
            std::time::Instant::now() < deadline,
            "the sandbox never answered the PUT to {prefix}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

fn recorder() -> (Arc<Mutex<Vec<Progress>>>, UploadOptions) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let options = UploadOptions {
        progress: Some(Arc::new(move |p| sink.lock().unwrap().push(p))),
        ..Default::default()
    };
    (seen, options)
}

#[tokio::test]
async fn progress_is_strictly_increasing_and_ends_at_the_file_size() {
    let env = start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.dgs");
    let manifest = encoo_api::dgs::Manifest {
        id: "Progress".into(),
        version: "1.0.0".into(),
        description: String::new(),
    };
    encoo_api::dgs::write_sized_package(std::fs::File::create(&file).unwrap(), &manifest, 3 << 20)
        .unwrap();
    let size = std::fs::metadata(&file).unwrap().len();
    let (seen, options) = recorder();
    let done = env.client.packages().upload(&file, &options).await.unwrap();
    assert_eq!(done.size, size);
    let seen = seen.lock().unwrap();
    assert!(
        seen.len() > 3,
        "several progress events for 3 MiB: {}",
        seen.len()
    );
    assert!(seen.windows(2).all(|w| w[0].sent < w[1].sent));
    assert!(seen.iter().all(|p| p.total == size));
    assert_eq!(seen.last().unwrap().sent, size);
}

#[tokio::test]
async fn a_file_that_is_not_a_package_is_refused_before_sending() {
    let env = start().await;
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.dgs");
    std::fs::write(&text, "just some text").unwrap();
    let empty = dir.path().join("empty.dgs");
    std::fs::write(&empty, "").unwrap();
    for (file, needle) in [(&text, "not a zip"), (&empty, "empty")] {
        let err = env
            .client
            .packages()
            .upload(file, &UploadOptions::default())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.to_string().contains(needle), "{err}");
    }
    let gone = env
        .client
        .packages()
        .upload(&dir.path().join("missing.dgs"), &UploadOptions::default())
        .await
        .unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::InvalidInput);
    assert!(env.requests_to("PUT", "/openapi/packages").is_empty());
    assert!(env.requests_to("POST", "/preloadedversionfiles").is_empty());
}

#[tokio::test]
async fn over_the_threshold_the_channel_is_taken_with_exactly_its_headers() {
    let env = start_with(Default::default(), |c| c.channel_threshold = 4096).await;
    let dir = tempfile::tempdir().unwrap();
    let small = package_file(dir.path(), "Small", "1.0.0", 10);
    let big = dir.path().join("Big.dgs");
    let manifest = encoo_api::dgs::Manifest {
        id: "Big".into(),
        version: "2.0.0".into(),
        description: String::new(),
    };
    encoo_api::dgs::write_sized_package(std::fs::File::create(&big).unwrap(), &manifest, 64 << 10)
        .unwrap();
    let p = env.client.packages();
    assert_eq!(
        p.upload(&small, &UploadOptions::default())
            .await
            .unwrap()
            .route,
        UploadRoute::Direct
    );
    let done = p.upload(&big, &UploadOptions::default()).await.unwrap();
    assert_eq!(done.route, UploadRoute::Channel);
    assert_eq!(done.result.last_version.as_deref(), Some("2.0.0"));
    let puts: Vec<_> = env
        .sandbox
        .request_log()
        .into_iter()
        .filter(|r| r.method == "PUT" && r.path.contains("/storage/"))
        .collect();
    assert_eq!(puts.len(), 1);
    let put = &puts[0];
    assert!(put.authorization.is_none(), "no Authorization to storage");
    let names: Vec<&str> = put.headers.iter().map(|(k, _)| k.as_str()).collect();
    assert!(!names.contains(&"companyid") && !names.contains(&"departmentid"));
    let header = |n: &str| {
        put.headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("x-ms-blob-type"), Some("BlockBlob"));
    assert_eq!(header("content-type"), Some("application/octet-stream"));
    assert_eq!(
        header("content-length"),
        Some(std::fs::metadata(&big).unwrap().len().to_string().as_str())
    );
}

#[tokio::test]
async fn forcing_the_channel_works_for_a_small_file() {
    let env = start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = package_file(dir.path(), "Forced", "1.0.0", 10);
    let options = UploadOptions {
        force_channel: true,
        ..Default::default()
    };
    let done = env.client.packages().upload(&file, &options).await.unwrap();
    assert_eq!(done.route, UploadRoute::Channel);
    assert_eq!(
        env.sandbox.package_versions("Forced"),
        vec!["1.0.0".to_string()]
    );
    // The console's two channel calls carry `{}` as JSON (a console answers 415 without it).
    let channel_calls: Vec<(String, Option<String>)> = env
        .sandbox
        .request_log()
        .into_iter()
        .filter(|r| {
            r.path
                .to_ascii_lowercase()
                .contains("/preloadedversionfiles")
        })
        .map(|r| (r.method, r.content_type))
        .collect();
    let json = Some("application/json".to_string());
    assert_eq!(
        channel_calls,
        [
            ("POST".to_string(), json.clone()),
            ("PATCH".to_string(), json)
        ]
    );
}

#[tokio::test]
async fn a_cancelled_upload_leaves_no_version_and_a_retry_succeeds() {
    let env = start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Cancel.dgs");
    let manifest = encoo_api::dgs::Manifest {
        id: "Cancel".into(),
        version: "1.0.0".into(),
        description: String::new(),
    };
    encoo_api::dgs::write_sized_package(std::fs::File::create(&file).unwrap(), &manifest, 96 << 20)
        .unwrap();
    for force_channel in [false, true] {
        let from = env.sandbox.request_log().len();
        let cancel = CancellationToken::new();
        let trigger = cancel.clone();
        let options = UploadOptions {
            force_channel,
            cancel,
            progress: Some(Arc::new(move |p: Progress| {
                if p.sent > 1 << 20 {
                    trigger.cancel();
                }
            })),
        };
        let err = env
            .client
            .packages()
            .upload(&file, &options)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Cancelled, "channel: {force_channel}");
        // The sandbox is done with the cut-off body once it has answered its PUT.
        let body_path = if force_channel {
            "/storage/"
        } else {
            "/openapi/packages"
        };
        wait_for_put_answered(&env, from, body_path).await;
        assert!(
            env.sandbox.package_versions("Cancel").is_empty(),
            "channel: {force_channel}"
        );
    }
    let done = env
        .client
        .packages()
        .upload(&file, &UploadOptions::default())
        .await
        .unwrap();
    assert_eq!(done.result.last_version.as_deref(), Some("1.0.0"));
    assert_eq!(
        env.sandbox.package_versions("Cancel"),
        vec!["1.0.0".to_string()]
    );
}
