//! The workflows a just-published version leaves behind (`workflows().behind`): every page of
//! the package's workflows, those on another version than the one asked about, and whether
//! the package's latest version is another one (the batch upgrade would go there instead).

use encoo_api::{ListQuery, PackageVersion, UploadOptions, Workflow, WorkflowCreate};
use futures_util::stream::{self, StreamExt, TryStreamExt};

use crate::common::{package_file, start, Env};

/// The seeded workflow on Finance.InvoiceReader 1.1.0 (the package's only user).
async fn invoices(env: &Env) -> Workflow {
    let query = ListQuery::search("Daily invoices");
    let page = env.client.workflows().list(&query).await.unwrap();
    page.list.into_iter().next().expect("the seeded workflow")
}

/// Publishes `version` of the package named `name`: its package and version ids.
async fn publish(env: &Env, dir: &std::path::Path, name: &str, version: &str) -> (String, String) {
    let file = package_file(dir, name, version, 64);
    let up = env
        .client
        .packages()
        .upload(&file, &UploadOptions::default())
        .await
        .unwrap();
    (up.result.package_id, up.result.package_version_id)
}

async fn version(env: &Env, package_id: &str, number: &str) -> PackageVersion {
    let package = env.client.packages().get(package_id).await.unwrap();
    let versions = package.versions.unwrap_or_default();
    versions.into_iter().find(|v| v.version == number).unwrap()
}

/// `count` workflows of `like`'s package on version `version_id`, named `{prefix} NNN`.
async fn deploy(env: &Env, like: &Workflow, version_id: &str, prefix: &str, count: usize) {
    let creates: Vec<WorkflowCreate> = (0..count)
        .map(|i| WorkflowCreate {
            name: format!("{prefix} {i:03}"),
            package_id: like.package_id.clone().unwrap(),
            package_version_id: version_id.to_owned(),
            associated_queue_id: like.associated_queue_id.clone().unwrap(),
            ..Default::default()
        })
        .collect();
    let workflows = env.client.workflows();
    let made: Vec<Workflow> = stream::iter(creates.iter().map(|c| workflows.create(c)))
        .buffer_unordered(6)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(made.len(), count);
}

#[tokio::test]
async fn behind_walks_every_page_and_keeps_only_the_workflows_on_other_versions() {
    let env = start().await;
    let dir = tempfile::tempdir().unwrap();
    let seeded = invoices(&env).await;
    assert_eq!(
        seeded.package_name.as_deref(),
        Some("Finance.InvoiceReader")
    );
    let package_id = seeded.package_id.clone().unwrap();
    let (published_package, published) =
        publish(&env, dir.path(), "Finance.InvoiceReader", "1.3.0").await;
    assert_eq!(published_package, package_id);
    // 106 users in all: over one page of 100. 61 are behind (the seeded one on 1.1.0, 60 on
    // 1.0.0); 45 are on the version just published.
    let oldest = version(&env, &package_id, "1.0.0").await;
    deploy(&env, &seeded, &oldest.id, "Old invoices", 60).await;
    deploy(&env, &seeded, &published, "Current invoices", 45).await;

    let before = env.sandbox.request_log().len();
    let behind = env
        .client
        .workflows()
        .behind(&package_id, &published)
        .await
        .unwrap();
    assert_eq!(behind.package, "Finance.InvoiceReader");
    assert_eq!(behind.version.as_deref(), Some("1.3.0"));
    assert_eq!(behind.latest_is_other, None);
    assert_eq!(behind.users, 106);
    assert_eq!(behind.workflows.len(), 61);
    let on: Vec<&str> = behind
        .workflows
        .iter()
        .map(|w| w.package_version.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(on.iter().filter(|v| **v == "1.0.0").count(), 60, "{on:?}");
    assert_eq!(on.iter().filter(|v| **v == "1.1.0").count(), 1, "{on:?}");
    assert!(behind.workflows.iter().any(|w| w.id == seeded.id));
    assert_eq!(behind.ids().len(), 61, "all of them are to be upgraded");

    let log = env.sandbox.request_log()[before..].to_vec();
    let pages: Vec<String> = log
        .iter()
        .filter(|r| r.path.eq_ignore_ascii_case("/openapi/workflows"))
        .map(|r| r.query.clone().unwrap_or_default())
        .collect();
    assert_eq!(pages.len(), 2, "two pages of workflows: {pages:?}");
    assert!(pages.iter().any(|q| q.contains("PageIndex=1")), "{pages:?}");
    assert!(log.iter().all(|r| r.method == "GET"), "behind only reads");

    // Version ids are GUIDs: their case does not matter.
    let shouted = env
        .client
        .workflows()
        .behind(&package_id, &published.to_uppercase())
        .await
        .unwrap();
    assert_eq!(shouted.workflows.len(), 61);
    assert_eq!(shouted.latest_is_other, None);
}

#[tokio::test]
async fn behind_says_when_the_packages_latest_version_is_another_one() {
    let env = start().await;
    let dir = tempfile::tempdir().unwrap();
    let seeded = invoices(&env).await;
    let (package_id, older) = publish(&env, dir.path(), "Finance.InvoiceReader", "1.3.0").await;
    let (_, newer) = publish(&env, dir.path(), "Finance.InvoiceReader", "1.4.0").await;

    let workflows = env.client.workflows();
    let behind = workflows.behind(&package_id, &older).await.unwrap();
    assert_eq!(behind.version.as_deref(), Some("1.3.0"));
    assert_eq!(behind.latest_is_other.as_deref(), Some("1.4.0"));
    assert_eq!(behind.users, 1);
    assert_eq!(
        behind.workflows[0].id, seeded.id,
        "it is behind all the same"
    );
    assert!(behind.to_upgrade().is_empty(), "but not to be upgraded");
    assert!(behind.ids().is_empty());

    let latest = workflows.behind(&package_id, &newer).await.unwrap();
    assert_eq!(latest.latest_is_other, None);
    assert_eq!(latest.ids(), std::slice::from_ref(&seeded.id));

    // A package nobody uses: no users, nothing behind.
    let (fresh, fresh_version) = publish(&env, dir.path(), "Behind.Fresh", "0.1.0").await;
    let none = workflows.behind(&fresh, &fresh_version).await.unwrap();
    assert_eq!((none.users, none.workflows.len()), (0, 0));
    assert_eq!(none.package, "Behind.Fresh");
}

#[tokio::test]
async fn behind_refuses_ids_that_are_not_guids_without_asking_the_console() {
    let env = start().await;
    let before = env.sandbox.request_log().len();
    let seeded = invoices(&env).await;
    let after_read = env.sandbox.request_log().len();
    let e = env
        .client
        .workflows()
        .behind(seeded.package_id.as_deref().unwrap(), "1.3.0")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), encoo_api::ErrorKind::InvalidInput);
    assert!(e.to_string().contains("versionId"), "{e}");
    assert!(after_read > before);
    assert_eq!(env.sandbox.request_log().len(), after_read, "nothing sent");
}
