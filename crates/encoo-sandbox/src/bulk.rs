//! Big lists on demand, for benchmarks and tests of paging: plain packages and empty robot
//! groups in the first company's root department. Each item is a minute older than the one
//! before it, so the order of a list (newest first by default) and the page an item lands on
//! are known in advance. Meant to be called once per sandbox: names and ids are stable.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{json, Value};

use crate::access::root_department;
use crate::seed::{id, package, Pkg};
use crate::store::{text, Scope, Store, DEMO_USER_ID};
use crate::DEMO_USERNAME;

/// The demo user acting in the first company's root department.
fn first_root(store: &Store) -> Option<Scope> {
    let company = text(store.companies.first()?, "Id").to_owned();
    let root = text(root_department(store, &company)?, "Id").to_owned();
    Some(Scope {
        company_id: company,
        department_id: root,
        user_name: DEMO_USERNAME.into(),
        user_id: DEMO_USER_ID.into(),
    })
}

/// `index` minutes before `base`, as the API writes times.
fn minutes_before(base: DateTime<Utc>, index: usize) -> Value {
    let at = base - Duration::minutes(index as i64);
    json!(at.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// Sets a document's creation and change times to `at`.
fn dated(doc: &mut Value, at: &Value) {
    doc["CreatedAt"] = at.clone();
    doc["ModifiedAt"] = at.clone();
}

/// `count` plain packages (`Bulk.Package00000`…), each with one version.
pub(crate) fn packages(store: &mut Store, count: usize) {
    let Some(scope) = first_root(store) else {
        return;
    };
    let base = Utc::now();
    for i in 0..count {
        let name = format!("Bulk.Package{i:05}");
        let p = Pkg {
            name: &name,
            description: "批量 bulk package for big lists",
            tags: &["bulk"],
            versions: vec![("1.0.0", vec![])],
        };
        let mut doc = package(p, &scope, 1);
        let at = minutes_before(base, i);
        dated(&mut doc, &at);
        for version in doc["Versions"].as_array_mut().into_iter().flatten() {
            dated(version, &at);
            version["UploadTime"] = at.clone();
        }
        store.packages.push(doc);
    }
}

/// `count` robot groups (`Bulk.Group00000`…) with no robots.
pub(crate) fn queues(store: &mut Store, count: usize) {
    let Some(scope) = first_root(store) else {
        return;
    };
    let base = Utc::now();
    for i in 0..count {
        let name = format!("Bulk.Group{i:05}");
        let mut doc = json!({
            "Id": id(&format!("q/bulk/{i}")), "Name": name, "Description": "批量 bulk robot group for big lists",
            "Tags": ["bulk"], "Properties": {},
        });
        scope.stamp(&mut doc);
        dated(&mut doc, &minutes_before(base, i));
        store.queues.push(doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(docs: &[Value], prefix: &str) -> Vec<String> {
        docs.iter()
            .filter(|d| text(d, "Name").starts_with(prefix))
            .map(|d| text(d, "CreatedAt").to_owned())
            .collect()
    }

    #[test]
    fn bulk_items_are_each_older_than_the_one_before() {
        let mut store = crate::seed::store();
        packages(&mut store, 5);
        queues(&mut store, 5);
        for created in [
            times(&store.packages, "Bulk.Package"),
            times(&store.queues, "Bulk.Group"),
        ] {
            assert_eq!(created.len(), 5);
            assert!(created.windows(2).all(|w| w[0] > w[1]), "{created:?}");
            let first = DateTime::parse_from_rfc3339(&created[0]).unwrap();
            let last = DateTime::parse_from_rfc3339(&created[4]).unwrap();
            assert_eq!((first - last).num_minutes(), 4);
        }
    }
}
