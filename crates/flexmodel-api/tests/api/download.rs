//! The codegen zip streamed to a file through console-core's download: a large zip (models
//! given comments of megabytes of text that does not compress away) arrives byte for byte as a
//! plain GET gets it; a cut connection leaves neither a file nor a `.part` (and a file already
//! there untouched); a cut try is tried again, as any read.

use std::path::Path;
use std::time::Duration;

use flexmodel_api::*;
use flexmodel_sandbox::{Faults, SandboxConfig};
use serde_json::json;

use crate::common::{faults, signed_in, signed_in_with, Fixture};

/// `len` letters and digits from a fixed pseudo-random sequence.
fn noise(seed: u64, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ALPHABET[(x % ALPHABET.len() as u64) as usize] as char
        })
        .collect()
}

/// A datasource `big` whose 12 entities carry 512 KiB comments: a zip of megabytes.
async fn big_models(f: &Fixture) {
    let ds = DatasourceConfig {
        db_kind: "sqlite".into(),
        url: "jdbc:sqlite:big.sqlite3".into(),
        ..Default::default()
    };
    f.client
        .datasources()
        .create(&Datasource::new("big", ds))
        .await
        .unwrap();
    for n in 0..12 {
        let model = Model::Entity(Entity {
            name: format!("Big{n}"),
            comment: Some(noise(n, 512 * 1024)),
            fields: vec![Field {
                identity: true,
                default_value: Some(DefaultValue::generated("autoIncrement")),
                ..Field::new("id", FieldType::Long)
            }],
            ..Default::default()
        });
        f.client.models("big").create(&model).await.unwrap();
    }
}

/// The zip as a plain GET (no client) gets it.
async fn plain_get(f: &Fixture, datasource: &str) -> Vec<u8> {
    let url = format!(
        "{}/api/f/codegen/java_entity.zip?datasource={datasource}",
        f.server.url()
    );
    let resp = reqwest::get(url).await.unwrap();
    assert_eq!(resp.status(), 200);
    resp.bytes().await.unwrap().to_vec()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

async fn download(c: &Client, datasource: &str, to: &Path) -> Result<u64> {
    c.codegen()
        .download("java_entity", datasource, None, to)
        .await
}

#[tokio::test]
async fn a_large_zip_is_streamed_to_the_file_byte_for_byte() {
    let f = signed_in().await;
    big_models(&f).await;
    let expected = plain_get(&f, "big").await;
    assert!(expected.len() > 4 << 20, "{} bytes", expected.len());
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("big.zip");
    let bytes = download(&f.client, "big", &to).await.unwrap();
    assert_eq!(bytes, expected.len() as u64);
    assert!(std::fs::read(&to).unwrap() == expected, "the same bytes");
    assert_eq!(entries(dir.path()), ["big.zip"]);
    // The small one too.
    let small = dir.path().join("system.zip");
    download(&f.client, "system", &small).await.unwrap();
    assert!(std::fs::read(&small).unwrap() == plain_get(&f, "system").await);
}

#[tokio::test]
async fn a_connection_cut_mid_body_leaves_no_file_and_keeps_the_old_one() {
    let f = signed_in_with(SandboxConfig::default(), |c| {
        c.max_tries = 3;
        c.retry_backoff = Duration::from_millis(5);
    })
    .await;
    big_models(&f).await;
    let from = f.sandbox.request_log().len();
    f.sandbox
        .set_faults(faults("reset=1,reset_at=middle,only=/codegen/"));
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("big.zip");
    let err = download(&f.client, "big", &to).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
    // A read: tried three times, each cut.
    let tries: Vec<u16> = f.sandbox.request_log()[from..]
        .iter()
        .filter(|r| r.path.contains("/codegen/"))
        .map(|r| r.status)
        .collect();
    assert_eq!(tries, [0, 0, 0]);

    // A file already at the target stays as it was.
    std::fs::write(&to, b"the old zip").unwrap();
    download(&f.client, "big", &to).await.unwrap_err();
    assert_eq!(std::fs::read(&to).unwrap(), b"the old zip");
    assert_eq!(entries(dir.path()), ["big.zip"]);

    // A proxy's 502, then the answer: retried, and whole.
    f.sandbox.set_faults(Faults::default());
    f.sandbox.fail_next(1, 502);
    let bytes = download(&f.client, "big", &to).await.unwrap();
    let whole = std::fs::read(&to).unwrap();
    assert_eq!(bytes, whole.len() as u64);
    assert!(whole == plain_get(&f, "big").await);
    assert_eq!(entries(dir.path()), ["big.zip"]);
}

#[tokio::test]
async fn cut_tries_are_tried_again_and_the_file_is_whole() {
    let f = signed_in_with(SandboxConfig::default(), |c| {
        c.max_tries = 8;
        c.retry_backoff = Duration::from_millis(5);
    })
    .await;
    big_models(&f).await;
    let expected = plain_get(&f, "big").await;
    let from = f.sandbox.request_log().len();
    f.sandbox
        .set_faults(faults("reset=0.75,reset_at=middle,seed=1,only=/codegen/"));
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("big.zip");
    let bytes = download(&f.client, "big", &to).await.unwrap();
    assert_eq!(bytes, expected.len() as u64);
    assert!(std::fs::read(&to).unwrap() == expected);
    assert_eq!(entries(dir.path()), ["big.zip"]);
    let statuses: Vec<u16> = f.sandbox.request_log()[from..]
        .iter()
        .filter(|r| r.path.contains("/codegen/"))
        .map(|r| r.status)
        .collect();
    assert!(
        statuses.len() >= 2,
        "with this seed a try was cut: {statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&200));
    assert!(statuses[..statuses.len() - 1].iter().all(|s| *s == 0));
}

#[tokio::test]
async fn an_error_answer_writes_nothing() {
    let f = signed_in().await;
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("x.zip");
    let err = f
        .client
        .codegen()
        .download("no_such_template", "system", Some(&json!({})), &to)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    assert!(err.to_string().contains("no_such_template"), "{err}");
    assert!(entries(dir.path()).is_empty());
}
