//! The run journal when a run does not simply succeed, on a sandbox of the test's own with
//! faults on demand, signed in through a private profile (so, like `desk.rs`, under a real
//! Secret Service): a lost answer is kept as `Unknown` and still reaches the caller, a refusal
//! keeps nothing, a caller that stops waiting still leaves its row, and profiles stay apart.

use std::time::{Duration, Instant};

use desk_core::{Desk, Preset, Profile, Requests, RunFilter, RunKind, Secrets, SANDBOX_PROFILE_ID};
use encoo_api::{ErrorKind, ExecuteRequest, ListQuery, Workflow};
use encoo_sandbox::{Sandbox, SandboxConfig, SandboxServer, DEMO_PASSWORD};

struct Console {
    sandbox: Sandbox,
    _server: SandboxServer,
    desk: Desk,
    profile_id: String,
    _dir: tempfile::TempDir,
}

/// A sandbox on loopback and a desk (journal in memory) signed in to it by a private profile.
async fn console() -> Console {
    let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
    let server = sandbox.serve(([127, 0, 0, 1], 0).into()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let secrets = Secrets::new(format!("ConsoleDesk-test-{}", uuid::Uuid::new_v4()));
    let desk = Desk::open(dir.path(), secrets, false).unwrap();
    let profile = desk
        .profile_save(Profile {
            remember: false,
            ..Profile::encoo(
                "私有部署 Private",
                Preset::Private,
                &server.url(),
                &server.url(),
                "admin",
            )
        })
        .unwrap();
    desk.sign_in(&profile.id, Some(DEMO_PASSWORD.into()), None)
        .await
        .unwrap();
    Console {
        sandbox,
        _server: server,
        desk,
        profile_id: profile.id,
        _dir: dir,
    }
}

impl Console {
    async fn workflow(&self) -> Workflow {
        let client = self.desk.client().unwrap();
        let page = client.workflows().list(&ListQuery::page(0, 1)).await;
        page.unwrap().list.remove(0)
    }

    fn faults(&self, spec: &str) {
        self.sandbox.set_faults(spec.parse().unwrap());
    }

    fn in_state(&self, state: &str) -> u64 {
        let filter = RunFilter {
            state: Some(state.into()),
            ..Default::default()
        };
        self.desk.runs(&filter).unwrap().count
    }
}

#[tokio::test]
async fn a_lost_execute_answer_is_kept_as_unknown_and_reaches_the_caller_as_such() {
    let c = console().await;
    let wf = c.workflow().await;
    c.desk
        .workflow_execute(&wf.id, &ExecuteRequest::default())
        .await
        .unwrap();
    let jobs_before = c.sandbox.jobs().len();
    c.faults("reset=1,reset_at=middle,only=/execute");
    let err = c
        .desk
        .workflow_execute(&wf.id, &ExecuteRequest::default())
        .await
        .unwrap_err();
    let body = err.body();
    assert_eq!(body.kind, ErrorKind::UnknownOutcome, "{err}");
    assert_eq!(c.sandbox.jobs().len(), jobs_before + 1, "it did run");

    let unknown = c.desk.runs(&RunFilter::default()).unwrap().list.remove(0);
    assert_eq!(unknown.state, "Unknown");
    assert_eq!(unknown.message.as_deref(), Some(body.message.as_str()));
    assert!(
        body.message.contains("Check the jobs list"),
        "{}",
        body.message
    );
    assert_eq!(unknown.job_id, None);
    assert_eq!(unknown.profile_id, c.profile_id);
    assert_eq!(unknown.workflow_id.as_deref(), Some(wf.id.as_str()));
    assert_eq!(
        unknown.workflow_name.as_deref(),
        Some(wf.name.as_str()),
        "looked up"
    );
    assert_eq!(unknown.queue_id, wf.associated_queue_id);
    assert!(unknown.queue_name.is_some_and(|q| !q.is_empty()));
    assert_eq!((c.in_state("Unknown"), c.in_state("Queued")), (1, 1));
}

#[tokio::test]
async fn a_lost_layout_answer_keeps_one_unknown_row_with_the_layouts_name() {
    let c = console().await;
    let client = c.desk.client().unwrap();
    let layouts = client.workflow_layouts().list(&ListQuery::default()).await;
    let layout = layouts.unwrap().list.remove(0);
    c.faults("error=1,error_at=after,error_status=504,only=/execute");
    let err = c.desk.layout_execute(&layout.id).await.unwrap_err();
    assert_eq!(err.body().kind, ErrorKind::UnknownOutcome, "{err}");
    assert_eq!(err.body().status, Some(504));

    let rows = c.desk.runs(&RunFilter::default()).unwrap().list;
    assert_eq!(rows.len(), 1, "one row for the whole run");
    let row = &rows[0];
    assert_eq!((row.kind, row.state.as_str()), (RunKind::Layout, "Unknown"));
    assert_eq!(row.layout_id.as_deref(), Some(layout.id.as_str()));
    assert_eq!(row.layout_name.as_deref(), Some(layout.name.as_str()));
    assert_eq!((row.job_id.clone(), row.job_group_id.clone()), (None, None));
    assert!(row.message.as_deref().unwrap().contains("504"), "{row:?}");
}

#[tokio::test]
async fn a_refused_run_keeps_nothing() {
    let c = console().await;
    let missing = uuid::Uuid::new_v4().to_string();
    let err = c
        .desk
        .workflow_execute(&missing, &ExecuteRequest::default())
        .await
        .unwrap_err();
    assert_eq!(err.body().kind, ErrorKind::NotFound, "{err}");
    let too_urgent = ExecuteRequest {
        priority: Some(1_000_000),
        ..Default::default()
    };
    let wf = c.workflow().await;
    let err = c
        .desk
        .workflow_execute(&wf.id, &too_urgent)
        .await
        .unwrap_err();
    assert_eq!(err.body().kind, ErrorKind::InvalidInput, "{err}");
    let err = c.desk.layout_execute(&missing).await.unwrap_err();
    assert_eq!(err.body().kind, ErrorKind::NotFound, "{err}");
    assert_eq!(c.desk.runs(&RunFilter::default()).unwrap().count, 0);
}

#[tokio::test]
async fn a_run_whose_caller_stopped_waiting_is_still_kept() {
    let c = console().await;
    let wf = c.workflow().await;
    c.faults("latency=600ms,only=/execute");
    let requests = Requests::default();
    let request = ExecuteRequest::default();
    let (answer, cancelled) = tokio::join!(
        requests.run(
            Some("run-1".into()),
            c.desk.workflow_execute(&wf.id, &request)
        ),
        async {
            // Once the request is registered, its first poll has sent the run on its way.
            let deadline = Instant::now() + Duration::from_secs(10);
            while requests.running() == 0 && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            requests.cancel("run-1")
        }
    );
    assert!(cancelled, "the run was under way");
    assert_eq!(answer.unwrap_err().body().kind, ErrorKind::Cancelled);

    let deadline = Instant::now() + Duration::from_secs(10);
    let rows = loop {
        let rows = c.desk.runs(&RunFilter::default()).unwrap().list;
        if !rows.is_empty() || Instant::now() > deadline {
            break rows;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let jobs = c.sandbox.jobs();
    assert_eq!(rows.len(), 1, "kept once it was answered");
    assert_eq!(rows[0].state, "Queued");
    assert_eq!(
        rows[0].job_id.as_deref(),
        jobs.last().unwrap()["Id"].as_str()
    );
}

#[tokio::test]
async fn another_profile_sees_none_of_a_profiles_runs() {
    let c = console().await;
    let wf = c.workflow().await;
    c.desk
        .workflow_execute(&wf.id, &ExecuteRequest::default())
        .await
        .unwrap();
    assert_eq!(c.desk.runs(&RunFilter::default()).unwrap().count, 1);

    c.desk
        .sign_in(SANDBOX_PROFILE_ID, None, None)
        .await
        .unwrap();
    let everything = RunFilter {
        workflow_id: Some(wf.id.clone()),
        ..Default::default()
    };
    assert_eq!(c.desk.runs(&everything).unwrap().count, 0);
    assert_eq!(c.desk.runs(&RunFilter::default()).unwrap().count, 0);
    let sandbox_wf = c.workflow().await;
    c.desk
        .workflow_execute(&sandbox_wf.id, &ExecuteRequest::default())
        .await
        .unwrap();
    let mine = c.desk.runs(&RunFilter::default()).unwrap().list;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].profile_id, SANDBOX_PROFILE_ID);

    c.desk
        .sign_in(&c.profile_id, Some(DEMO_PASSWORD.into()), None)
        .await
        .unwrap();
    let theirs = c.desk.runs(&RunFilter::default()).unwrap().list;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].profile_id, c.profile_id);
}
