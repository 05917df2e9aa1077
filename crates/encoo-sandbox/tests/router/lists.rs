//! The robot-group list's documented filters (`AssociatedQueueId`, `PackageId`,
//! `PackageVersionId`) on the seeded data, and the bulk data's predictable paging order.

use std::collections::HashMap;

use axum::body::Body;
use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::{call, sandbox, scoped, session};

type Session = (String, String, String);

const FINANCE: &str = "财务机器人组 Finance robots";
const NIGHT: &str = "Night batch 夜间批处理";
const WEB: &str = "Web scrapers 网页采集";
const PAYABLES: &str = "应付机器人 Payables robots";

async fn get(sb: &encoo_sandbox::Sandbox, s: &Session, path: &str) -> Value {
    let r = call(sb, scoped("GET", path, s).body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text);
    r.json
}

/// The names on a page.
fn on_page(page: &Value) -> Vec<String> {
    let list = page["List"].as_array().unwrap();
    list.iter()
        .map(|d| d["Name"].as_str().unwrap().to_owned())
        .collect()
}

/// The names of a whole (one-page) list, checking `Count` agrees.
fn names(page: &Value) -> Vec<String> {
    let names = on_page(page);
    assert_eq!(page["Count"].as_u64(), Some(names.len() as u64), "{page}");
    names
}

/// Name → id of every robot group and package the session's department lists, and
/// "Name@Version" → id of every package version.
async fn ids(sb: &encoo_sandbox::Sandbox, s: &Session) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let queues = get(sb, s, "/openapi/queues?PageSize=100").await;
    let packages = get(sb, s, "/openapi/packages?PageSize=100&IncludeVersions=true").await;
    for doc in queues["List"]
        .as_array()
        .unwrap()
        .iter()
        .chain(packages["List"].as_array().unwrap())
    {
        out.insert(
            doc["Name"].as_str().unwrap().to_owned(),
            doc["Id"].as_str().unwrap().to_owned(),
        );
        for v in doc["Versions"].as_array().into_iter().flatten() {
            let key = format!(
                "{}@{}",
                doc["Name"].as_str().unwrap(),
                v["Version"].as_str().unwrap()
            );
            out.insert(key, v["Id"].as_str().unwrap().to_owned());
        }
    }
    out
}

#[tokio::test]
async fn queue_list_keeps_the_named_group_and_groups_running_the_package_or_version() {
    let sb = sandbox();
    let s = session(&sb).await;
    let id = ids(&sb, &s).await;
    assert_eq!(
        names(&get(&sb, &s, "/openapi/queues").await),
        [WEB, NIGHT, FINANCE]
    );
    for (query, expected) in [
        (format!("AssociatedQueueId={}", id[NIGHT]), vec![NIGHT]),
        (
            format!("PackageId={}", id["Finance.InvoiceReader"]),
            vec![FINANCE],
        ),
        (format!("PackageId={}", id["ERP.OrderSync"]), vec![NIGHT]),
        (format!("PackageId={}", id["HR.Onboarding"]), vec![]),
        (
            format!("PackageVersionId={}", id["Finance.InvoiceReader@1.1.0"]),
            vec![FINANCE],
        ),
        (
            format!("PackageVersionId={}", id["Finance.InvoiceReader@1.2.0"]),
            vec![],
        ),
        (
            format!("PackageVersionId={}", id["Bank.StatementDownload@2.1.0"]),
            vec![FINANCE],
        ),
        (
            format!("PackageVersionId={}", id["Report.DailySales@1.0.1"]),
            vec![NIGHT],
        ),
        (
            format!(
                "AssociatedQueueId={}&PackageId={}",
                id[WEB], id["Finance.InvoiceReader"]
            ),
            vec![],
        ),
        (
            format!(
                "AssociatedQueueId={}&PackageId={}",
                id[NIGHT], id["ERP.OrderSync"]
            ),
            vec![NIGHT],
        ),
    ] {
        let page = get(&sb, &s, &format!("/openapi/queues?{query}")).await;
        assert_eq!(names(&page), expected, "{query}");
    }
}

#[tokio::test]
async fn queue_list_filters_see_only_the_scoped_departments_groups_and_workflows() {
    let sb = sandbox();
    let root = session(&sb).await;
    let tree = get(&sb, &root, "/openapi/departments/tree").await;
    let finance_dept = tree["RootDepartment"]["Children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["Name"] == "财务部 Finance")
        .unwrap()["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let finance = (root.0.clone(), root.1.clone(), finance_dept);
    let id = ids(&sb, &finance).await;
    let reconcile = format!("PackageId={}", id["Finance.Reconcile"]);
    let payables = format!("AssociatedQueueId={}", id[PAYABLES]);
    for query in [&reconcile, &payables] {
        let here = get(&sb, &finance, &format!("/openapi/queues?{query}")).await;
        assert_eq!(names(&here), [PAYABLES], "{query}");
        let above = get(&sb, &root, &format!("/openapi/queues?{query}")).await;
        assert_eq!(names(&above), Vec::<String>::new(), "{query} from the root");
    }
}

#[tokio::test]
async fn a_group_with_any_workflow_of_the_package_is_kept_in_creation_order() {
    let sb = sandbox();
    let s = session(&sb).await;
    let id = ids(&sb, &s).await;
    let body = json!({
        "Name": "Invoices on the web robots", "PackageId": id["Finance.InvoiceReader"],
        "PackageVersionId": id["Finance.InvoiceReader@1.2.0"], "AssociatedQueueId": id[WEB],
    });
    let r = call(
        &sb,
        scoped("POST", "/openapi/workflows", &s)
            .header("Content-Type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let package = id["Finance.InvoiceReader"].as_str();
    let newest_first = get(&sb, &s, &format!("/openapi/queues?PackageId={package}")).await;
    assert_eq!(names(&newest_first), [WEB, FINANCE]);
    let oldest_first = get(
        &sb,
        &s,
        &format!("/openapi/queues?PackageId={package}&IsDesc=false"),
    )
    .await;
    assert_eq!(names(&oldest_first), [FINANCE, WEB]);
    let pinned = format!("PackageVersionId={}", id["Finance.InvoiceReader@1.2.0"]);
    assert_eq!(
        names(&get(&sb, &s, &format!("/openapi/queues?{pinned}")).await),
        [WEB]
    );
}

fn bulk(prefix: &str, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("{prefix}{i:05}")).collect()
}

#[tokio::test]
async fn bulk_queues_page_newest_first_with_the_highest_index_last() {
    let sb = sandbox();
    sb.add_bulk_queues(45);
    let s = session(&sb).await;
    let first = get(&sb, &s, "/openapi/queues?PageSize=20").await;
    assert_eq!(first["Count"], 48, "45 bulk groups and the root's 3");
    assert_eq!(on_page(&first), bulk("Bulk.Group", 0..20));
    let last = get(&sb, &s, "/openapi/queues?PageSize=20&PageIndex=2").await;
    let mut expected = bulk("Bulk.Group", 40..45);
    expected.extend([WEB, NIGHT, FINANCE].map(String::from));
    assert_eq!(on_page(&last), expected);
    assert_eq!(last["List"][4]["RobotCount"], 0);
    let oldest_first = get(&sb, &s, "/openapi/queues?IsDesc=false&PageSize=4").await;
    assert_eq!(
        on_page(&oldest_first),
        [FINANCE, NIGHT, WEB, "Bulk.Group00044"]
    );
}

#[tokio::test]
async fn bulk_packages_page_newest_first_with_the_highest_index_last() {
    let sb = sandbox();
    sb.add_bulk_packages(25);
    let s = session(&sb).await;
    let first = get(&sb, &s, "/openapi/packages?PageSize=25").await;
    assert_eq!(first["Count"], 33, "25 bulk packages and the root's 8");
    assert_eq!(on_page(&first), bulk("Bulk.Package", 0..25));
    let second = on_page(&get(&sb, &s, "/openapi/packages?PageSize=25&PageIndex=1").await);
    assert_eq!(second.len(), 8);
    assert!(
        second.iter().all(|name| !name.starts_with("Bulk.")),
        "{second:?}"
    );
}
