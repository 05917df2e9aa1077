//! The run journal through the app's logic, on the embedded sandbox (the Sandbox profile needs
//! no keyring): each run started from the app is kept with what the console answered, survives
//! a restart, lists newest first and filters, and the file holds no token or argument value.

use std::path::Path;

use desk_core::{Desk, RunFilter, RunKind, RunLog, RunRecord, Secrets, SANDBOX_PROFILE_ID};
use encoo_api::{Argument, ExecuteRequest, ListQuery, Workflow, WorkflowLayout};

/// A desk whose journal is `runs.sqlite3` in `dir`, signed in to the Sandbox profile.
async fn sandbox_desk(dir: &Path) -> Desk {
    let secrets = Secrets::new(format!("ConsoleDesk-test-{}", uuid::Uuid::new_v4()));
    let log = RunLog::open(&dir.join("runs.sqlite3")).unwrap();
    let desk = Desk::open(dir, secrets, false).unwrap().with_run_log(log);
    desk.sign_in(SANDBOX_PROFILE_ID, None, None).await.unwrap();
    desk
}

async fn workflows(desk: &Desk) -> Vec<Workflow> {
    let client = desk.client().unwrap();
    let list = client.workflows().list(&ListQuery::page(0, 100)).await;
    let list = list.unwrap().list;
    assert!(list.len() >= 2, "the sandbox seeds workflows");
    list
}

async fn first_layout(desk: &Desk) -> WorkflowLayout {
    let client = desk.client().unwrap();
    let layouts = client.workflow_layouts();
    let id = layouts.list(&ListQuery::default()).await.unwrap().list[0]
        .id
        .clone();
    layouts.get(&id).await.unwrap()
}

fn all_runs(desk: &Desk) -> Vec<RunRecord> {
    let page = desk.runs(&RunFilter::default()).unwrap();
    assert_eq!(page.count as usize, page.list.len());
    page.list
}

fn job_ids(rows: &[RunRecord]) -> Vec<String> {
    rows.iter().map(|r| r.job_id.clone().unwrap()).collect()
}

#[tokio::test]
async fn a_workflow_run_is_kept_with_the_answers_job_id_state_queue_and_user() {
    let dir = tempfile::tempdir().unwrap();
    let desk = sandbox_desk(dir.path()).await;
    let session = desk.session().unwrap();
    let wf = workflows(&desk).await.remove(0);
    let sent_at = chrono::Utc::now();
    let jobs = desk
        .workflow_execute(&wf.id, &ExecuteRequest::default())
        .await
        .unwrap();
    assert_eq!(jobs.len(), 1);
    let job = &jobs[0];
    let queue_id = job
        .containing_queue_id
        .clone()
        .expect("the job's robot group");
    let queue = desk.client().unwrap().queues().get(&queue_id).await;

    let rows = all_runs(&desk);
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert!(row.id > 0);
    assert_eq!(row.profile_id, SANDBOX_PROFILE_ID);
    assert_eq!(row.kind, RunKind::Workflow);
    assert_eq!(row.job_id.as_deref(), Some(job.id.as_str()));
    assert_eq!(row.state, "Queued");
    assert_eq!(row.workflow_id.as_deref(), Some(wf.id.as_str()));
    assert_eq!(row.workflow_name.as_deref(), Some(wf.name.as_str()));
    assert_eq!(row.queue_id.as_deref(), Some(queue_id.as_str()));
    assert_eq!(row.queue_name, Some(queue.unwrap().name));
    assert_eq!(row.started_by, encoo_sandbox::DEMO_USERNAME);
    assert_eq!(row.priority, Some(job.priority));
    assert_eq!(
        (row.company_id.as_str(), row.department_id.as_str()),
        session.scope.encoo().unwrap()
    );
    assert_eq!(
        (row.layout_id.clone(), row.job_group_id.clone()),
        (None, None)
    );
    assert_eq!((row.robot.clone(), row.message.clone()), (None, None));
    let started = chrono::DateTime::parse_from_rfc3339(&row.started_at).unwrap();
    assert!(row.started_at.ends_with('Z'), "UTC: {}", row.started_at);
    let late = started.signed_duration_since(sent_at).num_milliseconds();
    assert!(
        (0..10_000).contains(&late),
        "started {late} ms after sending"
    );
}

#[tokio::test]
async fn a_layout_run_keeps_one_row_per_job_with_the_group_and_layout() {
    let dir = tempfile::tempdir().unwrap();
    let desk = sandbox_desk(dir.path()).await;
    let layout = first_layout(&desk).await;
    let group = desk.layout_execute(&layout.id).await.unwrap();
    assert!(group.jobs.len() >= 2, "a layout of several steps");

    let mut rows = all_runs(&desk);
    rows.sort_by_key(|r| r.id);
    assert_eq!(job_ids(&rows), job_ids_of(&group.jobs));
    let steps: Vec<_> = layout
        .ordered_nodes()
        .iter()
        .map(|n| n.workflow_id.clone())
        .collect();
    let ran: Vec<_> = rows.iter().map(|r| r.workflow_id.clone()).collect();
    assert_eq!(ran, steps);
    for row in &rows {
        assert_eq!(row.kind, RunKind::Layout);
        assert_eq!(row.job_group_id.as_deref(), Some(group.id.as_str()));
        assert_eq!(row.layout_id.as_deref(), Some(layout.id.as_str()));
        assert_eq!(row.layout_name.as_deref(), Some(layout.name.as_str()));
        assert_eq!(row.state, "Queued");
        assert!(row.queue_name.as_deref().is_some_and(|q| !q.is_empty()));
        assert_eq!(row.started_at, rows[0].started_at, "one run, one start");
    }
}

fn job_ids_of(jobs: &[encoo_api::Job]) -> Vec<String> {
    jobs.iter().map(|j| j.id.clone()).collect()
}

#[tokio::test]
async fn runs_survive_reopening_the_desk_on_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let desk = sandbox_desk(dir.path()).await;
    let wf = workflows(&desk).await.remove(0);
    let jobs = desk
        .workflow_execute(&wf.id, &ExecuteRequest::default())
        .await
        .unwrap();
    let before = all_runs(&desk);
    drop(desk);

    let again = sandbox_desk(dir.path()).await;
    let after = all_runs(&again);
    assert_eq!(after, before);
    assert_eq!(job_ids(&after), job_ids_of(&jobs));
}

#[tokio::test]
async fn runs_list_newest_first_and_filter_by_workflow_and_state() {
    let dir = tempfile::tempdir().unwrap();
    let desk = sandbox_desk(dir.path()).await;
    let layout = first_layout(&desk).await;
    let a = layout.ordered_nodes()[0].workflow_id.clone().unwrap();
    let steps_of_a = layout
        .nodes
        .iter()
        .filter(|n| n.workflow_id.as_deref() == Some(a.as_str()))
        .count();
    let in_layout = |id: &str| {
        layout
            .nodes
            .iter()
            .any(|n| n.workflow_id.as_deref() == Some(id))
    };
    let b = workflows(&desk)
        .await
        .into_iter()
        .find(|w| !in_layout(&w.id))
        .expect("a workflow that is no step of the layout")
        .id;
    let run = |id: String| {
        let desk = &desk;
        async move {
            let request = ExecuteRequest::default();
            let jobs = desk.workflow_execute(&id, &request).await;
            jobs.unwrap().remove(0).id
        }
    };
    let first_a = run(a.clone()).await;
    let then_b = run(b.clone()).await;
    let group = desk.layout_execute(&layout.id).await.unwrap();

    let rows = all_runs(&desk);
    assert_eq!(rows.len(), 2 + group.jobs.len());
    let mut newest_first = job_ids_of(&group.jobs);
    newest_first.reverse();
    newest_first.extend([then_b.clone(), first_a.clone()]);
    assert_eq!(job_ids(&rows), newest_first);

    let of = |workflow: &str| RunFilter {
        workflow_id: Some(workflow.into()),
        ..Default::default()
    };
    let only_a = desk.runs(&of(&a)).unwrap();
    assert_eq!(
        only_a.count as usize,
        1 + steps_of_a,
        "a's own run and its steps"
    );
    assert_eq!(
        only_a.list.last().unwrap().job_id.as_deref(),
        Some(first_a.as_str())
    );
    assert!(only_a
        .list
        .iter()
        .all(|r| r.workflow_id.as_deref() == Some(a.as_str())));
    assert_eq!(
        only_a.list[0].kind,
        RunKind::Layout,
        "the layout's step for a is newest"
    );
    assert_eq!(job_ids(&desk.runs(&of(&b)).unwrap().list), [then_b]);

    let in_state = |state: &str| RunFilter {
        state: Some(state.into()),
        ..Default::default()
    };
    assert_eq!(
        desk.runs(&in_state("queued")).unwrap().count as usize,
        rows.len()
    );
    assert_eq!(desk.runs(&in_state("Unknown")).unwrap().count, 0);
    let second_page = RunFilter {
        page_index: 1,
        page_size: 2,
        ..Default::default()
    };
    let page = desk.runs(&second_page).unwrap();
    assert_eq!(job_ids(&page.list), newest_first[2..4]);
}

/// Every byte of the journal: the database and its write-ahead log.
fn journal_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("runs.sqlite3") {
            bytes.extend(std::fs::read(&path).unwrap());
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn the_journal_file_holds_no_token_and_no_argument_value() {
    const VALUE: &str = "Run-Arg-Quartz-4711-参数";
    let dir = tempfile::tempdir().unwrap();
    let desk = sandbox_desk(dir.path()).await;
    // A workflow with a plain input argument, run with a value for it.
    let (wf, name) = workflows(&desk)
        .await
        .into_iter()
        .find_map(|w| {
            let input = w.arguments.iter().find(|a| {
                a.asset_content.is_none()
                    && matches!(
                        a.direction.as_ref().map(|d| d.as_str()),
                        Some("In" | "InOut")
                    )
            })?;
            let name = input.name.clone();
            Some((w, name))
        })
        .expect("a seeded workflow with an input argument");
    let request = ExecuteRequest {
        arguments: Some(vec![Argument {
            name: name.clone(),
            default_value: Some(VALUE.into()),
            ..Default::default()
        }]),
        ..Default::default()
    };
    let jobs = desk.workflow_execute(&wf.id, &request).await.unwrap();
    let carried = jobs[0].arguments.iter().find(|a| a.name == name).unwrap();
    assert_eq!(
        carried.default_value.as_deref(),
        Some(VALUE),
        "the run got it"
    );
    desk.layout_execute(&first_layout(&desk).await.id)
        .await
        .unwrap();

    let bytes = journal_bytes(dir.path());
    assert!(contains(&bytes, &jobs[0].id), "the journal was read whole");
    for secret in ["sbx-at-", "sbx-rt-", VALUE] {
        assert!(!contains(&bytes, secret), "{secret} is in the journal");
    }
}
