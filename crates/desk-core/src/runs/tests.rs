//! The journal on its own: paging, order, filters, the schema and the shape the UI reads.

use super::*;

fn row(profile: &str, at: &str, workflow: &str, state: &str) -> RunRecord {
    RunRecord {
        id: 0,
        profile_id: profile.into(),
        kind: RunKind::Workflow,
        workflow_id: Some(workflow.into()),
        workflow_name: Some(format!("{workflow} name")),
        layout_id: None,
        layout_name: None,
        job_id: Some(format!("job-{at}")),
        job_group_id: None,
        state: state.into(),
        robot: None,
        queue_id: Some("q1".into()),
        queue_name: Some("财务 Finance".into()),
        priority: Some(2000),
        started_at: at.into(),
        started_by: "admin".into(),
        company_id: "c1".into(),
        department_id: "d1".into(),
        message: None,
    }
}

fn page(log: &RunLog, profile: &str, filter: RunFilter) -> (u64, Vec<String>) {
    let page = log.list(profile, &filter).unwrap();
    let jobs = page.list.into_iter().map(|r| r.job_id.unwrap()).collect();
    (page.count, jobs)
}

#[test]
fn pages_are_newest_first_by_start_then_row_id_and_count_every_match() {
    let log = RunLog::in_memory();
    let at = |s: u32| format!("2026-01-01T00:00:{s:02}.000Z");
    log.record(&[
        row("p", &at(3), "w", "Queued"),
        row("p", &at(1), "w", "Queued"),
    ])
    .unwrap();
    // Same start as the first: the later row (higher id) comes first.
    let mut twin = row("p", &at(3), "w", "Queued");
    twin.job_id = Some("twin".into());
    log.record(&[
        twin,
        row("p", &at(2), "w", "Queued"),
        row("p", &at(5), "w", "Queued"),
    ])
    .unwrap();
    let size = |index, size| RunFilter {
        page_index: index,
        page_size: size,
        ..Default::default()
    };
    let (count, first) = page(&log, "p", size(0, 2));
    assert_eq!(count, 5);
    assert_eq!(first, [format!("job-{}", at(5)), "twin".into()]);
    let (_, second) = page(&log, "p", size(1, 2));
    assert_eq!(second, [format!("job-{}", at(3)), format!("job-{}", at(2))]);
    let (count, last) = page(&log, "p", size(2, 2));
    assert_eq!((count, last), (5, vec![format!("job-{}", at(1))]));
    assert_eq!(page(&log, "p", size(3, 2)), (5, vec![]));
}

#[test]
fn page_size_is_kept_within_1_and_500_and_defaults_to_50() {
    let log = RunLog::in_memory();
    let rows: Vec<_> = (0..600)
        .map(|i| {
            row(
                "p",
                &format!("2026-01-01T00:{:02}:{:02}.000Z", i / 60, i % 60),
                "w",
                "Queued",
            )
        })
        .collect();
    log.record(&rows).unwrap();
    let sized = |page_size| RunFilter {
        page_size,
        ..Default::default()
    };
    assert_eq!(page(&log, "p", sized(0)).1.len(), 1);
    assert_eq!(page(&log, "p", sized(10_000)).1.len(), 500);
    assert_eq!(page(&log, "p", RunFilter::default()).1.len(), 50);
    let from_ui: RunFilter = serde_json::from_str(r#"{"workflowId":"w"}"#).unwrap();
    assert_eq!((from_ui.page_index, from_ui.page_size), (0, 50));
    assert_eq!(
        page(&log, "p", from_ui),
        (600, page(&log, "p", RunFilter::default()).1)
    );
}

#[test]
fn filters_match_workflow_and_state_without_case_and_never_another_profile() {
    let log = RunLog::in_memory();
    log.record(&[
        row("p", "2026-01-01T00:00:01.000Z", "w1", "Queued"),
        row("p", "2026-01-01T00:00:02.000Z", "w2", "Unknown"),
        row("q", "2026-01-01T00:00:03.000Z", "w1", "Queued"),
    ])
    .unwrap();
    let by = |workflow: Option<&str>, state: Option<&str>| RunFilter {
        workflow_id: workflow.map(Into::into),
        state: state.map(Into::into),
        ..Default::default()
    };
    assert_eq!(
        page(&log, "p", by(Some("w1"), None)).1,
        ["job-2026-01-01T00:00:01.000Z"]
    );
    assert_eq!(
        page(&log, "p", by(None, Some("unknown"))).1,
        ["job-2026-01-01T00:00:02.000Z"]
    );
    assert_eq!(page(&log, "p", by(Some("w2"), Some("Queued"))).0, 0);
    assert_eq!(page(&log, "nobody", by(None, None)), (0, vec![]));
}

#[test]
fn a_new_file_takes_schema_1_and_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join("runs.sqlite3");
    let log = RunLog::open(&path).unwrap();
    log.record(&[row("p", "2026-01-01T00:00:01.000Z", "w", "Queued")])
        .unwrap();
    drop(log);
    let raw = Connection::open(&path).unwrap();
    let version: i32 = raw
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let mode: String = raw
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!((version, mode.as_str()), (RUNS_SCHEMA_VERSION, "wal"));
    assert_eq!(
        RunLog::open(&path)
            .unwrap()
            .list("p", &RunFilter::default())
            .unwrap()
            .count,
        1
    );
    raw.pragma_update(None, "user_version", RUNS_SCHEMA_VERSION + 1)
        .unwrap();
    drop(raw);
    let refused = RunLog::open(&path)
        .err()
        .expect("a newer schema is refused");
    assert!(
        refused.to_string().contains("newer ConsoleDesk (schema 2"),
        "{refused}"
    );
}

#[test]
fn a_record_reads_back_whole_in_the_uis_camel_case() {
    let log = RunLog::in_memory();
    let mut sent = row("p", "2026-01-01T00:00:01.000Z", "w", "Queued");
    sent.kind = RunKind::Layout;
    sent.layout_id = Some("l".into());
    sent.message = Some("check the jobs".into());
    log.record(std::slice::from_ref(&sent)).unwrap();
    let got = log.list("p", &RunFilter::default()).unwrap().list.remove(0);
    assert!(got.id > 0);
    assert_eq!(got, RunRecord { id: got.id, ..sent });
    let json = serde_json::to_value(&got).unwrap();
    let keys: std::collections::BTreeSet<_> = json.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "id",
            "profileId",
            "kind",
            "workflowId",
            "workflowName",
            "layoutId",
            "layoutName",
            "jobId",
            "jobGroupId",
            "state",
            "robot",
            "queueId",
            "queueName",
            "priority",
            "startedAt",
            "startedBy",
            "companyId",
            "departmentId",
            "message"
        ]
        .map(String::from)
        .into()
    );
    assert_eq!(
        (json["kind"].as_str(), json["robot"].is_null()),
        (Some("layout"), true)
    );
}
