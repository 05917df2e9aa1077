//! The client against a FlexModel sandbox that loses answers (gateway error pages, cut
//! connections), as `encoo-api`'s fault tests: browsing rides it out with the client's
//! retries, and changes that must not be repeated (instance starts, record creates) are sent
//! once each, every lost answer an unknown outcome, what the sandbox holds afterwards counted
//! against what was reported.

use std::collections::HashSet;
use std::time::Duration;

use flexmodel_api::*;
use flexmodel_sandbox::{Faults, SandboxConfig};
use serde_json::json;

use crate::common::{faults, signed_in_with, Fixture};

/// A client that retries reads up to 8 times with a short pause.
async fn patient() -> Fixture {
    signed_in_with(SandboxConfig::default(), |c| {
        c.max_tries = 8;
        c.retry_backoff = Duration::from_millis(5);
    })
    .await
}

/// What a person browsing does: the datasources and each one's models (each model read),
/// every page of students, the API tree, the API log, the metrics, flows, triggers and a
/// GraphQL query.
/// Answers the number of calls made.
async fn browse(c: &Client) -> usize {
    let mut calls = 0;
    let datasources = c.datasources().list().await.unwrap();
    calls += 1;
    assert_eq!(datasources[0].name, "system");
    for ds in &datasources {
        let models = c.models(&ds.name).list().await.unwrap();
        calls += 1;
        assert_eq!(models.len(), 5);
        for m in &models {
            let read = c.models(&ds.name).get(m.name()).await.unwrap().unwrap();
            calls += 1;
            assert_eq!(read.name(), m.name());
        }
    }
    let students = c.records("system", "Student");
    let mut seen = Vec::new();
    for page in 1..=6 {
        let p = students
            .list(&RecordQuery::new().page(page, 10).sort(Sort::asc("id")))
            .await
            .unwrap();
        calls += 1;
        assert_eq!(p.total, Some(60));
        seen.extend(p.list.into_iter().map(|r| r["id"].as_u64().unwrap()));
    }
    assert_eq!(seen, (1..=60).collect::<Vec<u64>>());
    let tree = c.apis().tree().await.unwrap();
    calls += 1;
    assert!(tree.iter().any(|n| n.name == "Student APIs"));
    let logs = c.api_logs().list(&ApiLogQuery::default()).await.unwrap();
    calls += 1;
    assert!(logs.total.unwrap() > 0);
    c.api_logs().stat(None).await.unwrap();
    calls += 1;
    assert_eq!(c.metrics().fm().await.unwrap().model_count, 5);
    calls += 1;
    assert!(c.metrics().summary().await.unwrap().thread_count.is_some());
    calls += 1;
    assert!(c.metrics().all().await.unwrap()["fm"].is_object());
    calls += 1;
    assert_eq!(
        c.flows().list(&FlowQuery::default()).await.unwrap().total,
        Some(4)
    );
    calls += 1;
    let triggers = c.triggers().list(&TriggerQuery::default()).await.unwrap();
    calls += 1;
    assert_eq!(triggers.total, Some(5));
    // A GraphQL query is a read too, POST or not.
    let count = c
        .graphql()
        .query("{ system_aggregate_Student { _count } }")
        .await
        .unwrap();
    calls += 1;
    assert_eq!(count["system_aggregate_Student"]["_count"], 60);
    calls
}

#[tokio::test]
async fn browsing_completes_under_10pct_errors_and_5pct_resets() {
    let f = patient().await;
    let from = f.sandbox.request_log().len();
    f.sandbox.set_faults(faults("error=0.1,reset=0.05,seed=12"));
    let mut calls = 0;
    for _ in 0..4 {
        calls += browse(&f.client).await;
    }
    f.sandbox.set_faults(Faults::default());

    let log = &f.sandbox.request_log()[from..];
    assert!(log
        .iter()
        .all(|r| r.method == "GET" || r.path == "/api/f/graphql"));
    let lost: Vec<u16> = log
        .iter()
        .filter(|r| r.status != 200)
        .map(|r| r.status)
        .collect();
    let resets = lost.iter().filter(|s| **s == 0).count();
    let errors = lost.iter().filter(|s| (500..=504).contains(*s)).count();
    // Every call succeeded once; every other request was a retry after a lost answer.
    assert_eq!(resets + errors, lost.len(), "{lost:?}");
    assert!(
        resets >= 3 && errors >= 5,
        "{resets} resets, {errors} errors in {calls} calls"
    );
    assert_eq!(log.iter().filter(|r| r.status == 200).count(), calls);
    assert_eq!(log.len(), calls + lost.len());
}

#[tokio::test]
async fn instance_starts_under_faults_create_no_more_than_reported_plus_unknown() {
    let f = patient().await;
    let c = &f.client;
    let approval = c
        .flows()
        .list(&FlowQuery {
            flow_key: Some("approval".into()),
            ..Default::default()
        })
        .await
        .unwrap()
        .list
        .remove(0)
        .flow_module_id;
    let of_approval = InstanceQuery {
        flow_module_id: Some(approval.clone()),
        ..Default::default()
    };
    let before: HashSet<String> = c
        .instances()
        .list_all(&of_approval)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.flow_instance_id)
        .collect();
    let from = f.sandbox.request_log().len();
    f.sandbox.set_faults(faults("error=0.1,reset=0.05,seed=5"));
    let (mut started, mut unknown, mut other) = (HashSet::new(), 0, Vec::new());
    for n in 0..200 {
        match c.instances().start(&approval, None, &json!({"n": n})).await {
            Ok(run) => {
                started.insert(run.flow_instance_id.unwrap());
            }
            Err(e) if e.kind() == ErrorKind::UnknownOutcome => {
                assert!(e.to_string().contains("Check the flow's instances"), "{e}");
                unknown += 1;
            }
            Err(e) => other.push(e.to_string()),
        }
    }
    f.sandbox.set_faults(Faults::default());
    assert!(other.is_empty(), "{other:?}");
    assert_eq!(started.len() + unknown, 200);
    assert!(unknown > 0, "the faults hit some starts");

    let after: HashSet<String> = c
        .instances()
        .list_all(&of_approval)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.flow_instance_id)
        .collect();
    let created: HashSet<&String> = after.difference(&before).collect();
    // Every start reported is there; the unknown ones may or may not be.
    assert!(started.iter().all(|id| created.contains(id)));
    assert!(created.len() >= started.len());
    assert!(
        created.len() <= started.len() + unknown,
        "{} created",
        created.len()
    );
    // Never retried: one start reached the sandbox per call.
    let starts = f.sandbox.request_log()[from..]
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/api/f/flows/instances/start")
        .count();
    assert_eq!(starts, 200);
}

#[tokio::test]
async fn record_creates_under_faults_are_sent_once_and_counted_in_the_table() {
    let f = patient().await;
    let products = f.client.records("system", "Product");
    let from = f.sandbox.request_log().len();
    f.sandbox.set_faults(faults("error=0.1,reset=0.05,seed=9"));
    let (mut created, mut unknown) = (HashSet::new(), HashSet::new());
    for n in 0..200 {
        let sku = format!("FAULT-{n:03}");
        match products
            .create(&json!({"sku": sku, "name": "under faults", "price": 1.5, "stock": n}))
            .await
        {
            Ok(record) => {
                assert_eq!(record["sku"], sku);
                created.insert(sku);
            }
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::UnknownOutcome, "{e}");
                assert!(e.to_string().contains("Check the model's records"), "{e}");
                unknown.insert(sku);
            }
        }
    }
    f.sandbox.set_faults(Faults::default());
    assert!(
        !unknown.is_empty() && created.len() > 150,
        "{} unknown",
        unknown.len()
    );

    let stored: HashSet<String> = products
        .list_all(&RecordQuery::new().filter(&Filter::field("sku").starts_with("FAULT-")))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r["sku"].as_str().unwrap().to_owned())
        .collect();
    // What was reported is stored; what else is stored was an unknown outcome.
    assert!(created.is_subset(&stored));
    assert!(stored.difference(&created).all(|sku| unknown.contains(sku)));
    assert!(stored.len() >= created.len() && stored.len() <= created.len() + unknown.len());
    let posts = f.sandbox.request_log()[from..]
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 200);
}
