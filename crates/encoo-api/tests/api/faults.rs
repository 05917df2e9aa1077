//! The client against a sandbox that injects faults (lost answers, cut connections, stalls,
//! revoked tokens, latency): what is safe is retried, what is not is never repeated and is
//! reported as an unknown outcome, and every claim is checked against the sandbox's own record.

use std::time::{Duration, Instant};

use encoo_api::{
    dgs, Client, ClientConfig, ErrorKind, ExecuteRequest, ListQuery, PackageQuery, UploadOptions,
};
use encoo_sandbox::{
    Fault, FaultRecord, Faults, ResetStage, Sandbox, SandboxConfig, DEMO_PASSWORD, DEMO_USERNAME,
};

use crate::common::{start, start_with};

fn spec(text: &str) -> Faults {
    text.parse().unwrap()
}

/// Faults applied from record `from` on whose path contains `part`.
fn faults_on(sandbox: &Sandbox, from: usize, part: &str) -> Vec<Fault> {
    sandbox.faults_applied()[from..]
        .iter()
        .filter(|r| r.path.to_ascii_lowercase().contains(part))
        .map(|r| r.fault)
        .collect()
}

/// Polls `done` until it holds; panics with `what` after ten seconds.
async fn wait_until(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// What a person browsing does: every page of packages, each package, the robot groups, robots
/// and workflows and each of them. Answers the number of calls made.
async fn browse(c: &Client) -> usize {
    let mut calls = 0;
    let mut packages = Vec::new();
    // Pages count from 0; a page that adds nothing would end the walk too.
    for index in 0..20 {
        let query = PackageQuery {
            page_index: Some(index),
            page_size: Some(2),
            ..Default::default()
        };
        let page = c.packages().list(&query).await.unwrap();
        calls += 1;
        let empty = page.list.is_empty();
        packages.extend(page.list);
        if empty || packages.len() >= page.count as usize {
            break;
        }
    }
    assert!(calls >= 3, "{} packages in {calls} pages", packages.len());
    for p in &packages {
        assert_eq!(c.packages().get(&p.id).await.unwrap().id, p.id);
    }
    let all = ListQuery::page(0, 100);
    let queues = c.queues().list(&all).await.unwrap().list;
    let robots = c.robots().list(&all).await.unwrap().list;
    let workflows = c.workflows().list(&all).await.unwrap().list;
    assert!(!queues.is_empty() && !robots.is_empty() && !workflows.is_empty());
    for q in &queues {
        assert_eq!(c.queues().get(&q.id).await.unwrap().id, q.id);
    }
    for r in &robots {
        assert_eq!(c.robots().get(&r.id).await.unwrap().id, r.id);
    }
    for w in &workflows {
        assert_eq!(c.workflows().get(&w.id).await.unwrap().id, w.id);
    }
    calls + packages.len() + 3 + queues.len() + robots.len() + workflows.len()
}

#[tokio::test]
async fn browse_session_completes_under_10pct_503_and_5pct_resets() {
    let env = start_with(SandboxConfig::default(), |c| c.max_tries = 8).await;
    let log_from = env.sandbox.request_log().len();
    env.sandbox
        .set_faults(spec("error=0.1,error_status=503,reset=0.05,seed=11"));
    let mut calls = 0;
    for _ in 0..4 {
        calls += browse(&env.client).await;
    }

    let faults = faults_on(&env.sandbox, 0, "/openapi/");
    let proxy_503s = faults
        .iter()
        .filter(|f| matches!(f, Fault::Error { status: 503, .. }))
        .count();
    let resets = faults
        .iter()
        .filter(|f| matches!(f, Fault::Reset(_)))
        .count();
    assert_eq!(faults.len(), proxy_503s + resets, "{faults:?}");
    assert!(
        proxy_503s >= 5 && resets >= 3,
        "{proxy_503s} 503s, {resets} resets in {calls} calls"
    );
    // Every call succeeded once; every other request was a retry of an answer lost.
    let log = &env.sandbox.request_log()[log_from..];
    assert!(log.iter().all(|r| r.method == "GET"));
    assert_eq!(log.len(), calls + proxy_503s + resets);
    assert_eq!(log.iter().filter(|r| r.status == 200).count(), calls);
    assert_eq!(log.iter().filter(|r| r.status == 0).count(), resets);
}

/// The trial, as a new user ran it: 30 `packages list` under the sandbox's
/// `--faults error=0.1,reset=0.05` (nginx pages of 500, 502, 503 and 504, and resets) with the
/// default three tries. Reads now ride out the 500 pages too, so none fails.
#[tokio::test]
async fn packages_list_30_times_under_10pct_gateway_pages_and_5pct_resets_never_fails() {
    let env = start().await;
    let log_from = env.sandbox.request_log().len();
    env.sandbox.set_faults(spec("error=0.1,reset=0.05,seed=1"));
    for run in 0..30 {
        let listed = env.client.packages().list(&PackageQuery::default()).await;
        assert!(listed.is_ok(), "run {run}: {:?}", listed.err());
    }
    let faults = faults_on(&env.sandbox, 0, "/openapi/packages");
    let gateway_500s = faults
        .iter()
        .filter(|f| matches!(f, Fault::Error { status: 500, .. }))
        .count();
    assert!(gateway_500s >= 1, "the mix held a 500 page: {faults:?}");
    let log = &env.sandbox.request_log()[log_from..];
    assert_eq!(log.iter().filter(|r| r.status == 200).count(), 30);
    assert_eq!(log.len(), 30 + faults.len());
}

#[tokio::test]
async fn execute_under_faults_jobs_created_equal_successes_reported() {
    let env = start().await;
    let workflow = env.first_workflow().await;
    let jobs_before = env.sandbox.jobs().len();
    let log_from = env.sandbox.request_log().len();
    env.sandbox.set_faults(spec("error=0.1,reset=0.05,seed=5"));
    let (mut ok, mut unknown, mut other) = (0, 0, Vec::new());
    let mut jobs_reported = 0;
    for _ in 0..200 {
        match env
            .client
            .workflows()
            .execute(&workflow.id, &ExecuteRequest::default())
            .await
        {
            Ok(jobs) => {
                ok += 1;
                jobs_reported += jobs.len();
            }
            Err(e) if e.kind() == ErrorKind::UnknownOutcome => {
                let text = e.to_string();
                assert!(text.contains("may or may not"), "{text}");
                assert!(text.contains("Check the jobs list"), "{text}");
                unknown += 1;
            }
            Err(e) => other.push(e.to_string()),
        }
    }
    let faults = faults_on(&env.sandbox, 0, "/execute");
    let lost = faults.iter().filter(|f| f.answer_lost()).count();
    let handled_but_lost = faults.iter().filter(|f| f.handled_but_lost()).count();
    assert!(other.is_empty(), "{other:?}");
    assert_eq!(
        faults.len(),
        lost,
        "only lost answers were injected: {faults:?}"
    );
    assert_eq!(unknown, lost);
    assert_eq!(ok, 200 - lost);
    assert!(unknown > 0 && handled_but_lost > 0 && handled_but_lost < unknown);
    assert_eq!(jobs_reported, ok, "one job per execute");
    // The console made one job per success, plus one per unknown outcome it did carry out.
    let created = env.sandbox.jobs().len() - jobs_before;
    assert_eq!(created - ok, handled_but_lost);
    // Never retried: exactly one execute reached the console per call.
    let executes = env.sandbox.request_log()[log_from..]
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/execute"))
        .count();
    assert_eq!(executes, 200);
}

#[tokio::test]
async fn an_execute_whose_answer_is_cut_after_it_ran_is_an_unknown_outcome() {
    let env = start().await;
    let wf = env.first_workflow().await;
    let jobs_before = env.sandbox.jobs().len();
    env.sandbox
        .set_faults(spec("reset=1,reset_at=middle,only=/execute"));
    let err = env
        .client
        .workflows()
        .execute(&wf.id, &ExecuteRequest::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownOutcome, "{err}");
    assert_eq!(err.status(), None);
    let body = serde_json::to_value(&err).unwrap();
    assert_eq!(body["kind"], "unknown_outcome");
    assert_eq!(
        faults_on(&env.sandbox, 0, "/execute"),
        vec![Fault::Reset(ResetStage::ResponseBody)]
    );
    assert_eq!(env.sandbox.jobs().len(), jobs_before + 1);
    assert_eq!(env.requests_to("POST", "/execute").len(), 1);
}

#[tokio::test]
async fn a_layout_execute_answered_by_a_proxy_after_it_ran_is_an_unknown_outcome() {
    let env = start().await;
    let layout = env
        .client
        .workflow_layouts()
        .list(&ListQuery::default())
        .await
        .unwrap()
        .list
        .remove(0);
    let jobs_before = env.sandbox.jobs().len();
    env.sandbox.set_faults(spec(
        "error=1,error_at=after,error_status=504,only=/execute",
    ));
    let err = env
        .client
        .workflow_layouts()
        .execute(&layout.id)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownOutcome, "{err}");
    assert_eq!(err.status(), Some(504));
    assert!(err.to_string().contains("Check the jobs list"), "{err}");
    assert_eq!(
        faults_on(&env.sandbox, 0, "/execute"),
        vec![Fault::Error {
            status: 504,
            handled: true
        }]
    );
    assert!(env.sandbox.jobs().len() > jobs_before, "the layout did run");
    assert_eq!(env.requests_to("POST", "/execute").len(), 1);
}

#[tokio::test]
async fn a_cut_answer_reaches_a_get_as_a_network_error_when_tries_run_out() {
    let env = start_with(SandboxConfig::default(), |c| c.max_tries = 1).await;
    for (at, stage) in [
        ("before", ResetStage::BeforeHandler),
        ("middle", ResetStage::ResponseBody),
    ] {
        let from = env.sandbox.faults_applied().len();
        env.sandbox
            .set_faults(spec(&format!("reset=1,reset_at={at},only=/openapi/robots")));
        let err = env
            .client
            .robots()
            .list(&ListQuery::default())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Network, "{at}: {err}");
        assert_eq!(
            faults_on(&env.sandbox, from, "/robots"),
            vec![Fault::Reset(stage)]
        );
        let last = env.sandbox.request_log().pop().unwrap();
        assert_eq!((last.path.as_str(), last.status), ("/openapi/robots", 0));
    }
}

fn big_package(dir: &std::path::Path, id: &str) -> std::path::PathBuf {
    let path = dir.join(format!("{id}.dgs"));
    let manifest = dgs::Manifest {
        id: id.into(),
        version: "1.0.0".into(),
        description: String::new(),
    };
    // Far more than loopback socket buffers hold, so the cut lands while the file is sending.
    dgs::write_sized_package(std::fs::File::create(&path).unwrap(), &manifest, 24 << 20).unwrap();
    path
}

#[tokio::test]
async fn upload_cut_in_the_middle_leaves_no_version_then_retry_succeeds() {
    let env = start().await;
    let dir = tempfile::tempdir().unwrap();
    for (force_channel, cut_path) in [(false, "/openapi/packages"), (true, "/storage/uploads/")] {
        let id = if force_channel {
            "Cut.Channel"
        } else {
            "Cut.Direct"
        };
        let file = big_package(dir.path(), id);
        let options = UploadOptions {
            force_channel,
            ..Default::default()
        };
        let from = env.sandbox.faults_applied().len();
        env.sandbox
            .set_faults(spec(&format!("reset=1,reset_at=middle,only={cut_path}")));
        let err = env
            .client
            .packages()
            .upload(&file, &options)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Network, "{id}: {err}");
        let text = err.to_string();
        assert!(text.contains("the connection was cut after"), "{text}");
        assert!(text.contains("kept nothing"), "{text}");
        assert_eq!(
            faults_on(&env.sandbox, from, cut_path),
            vec![Fault::Reset(ResetStage::RequestBody)]
        );
        assert!(env.sandbox.package_versions(id).is_empty(), "{id}");
        assert!(
            env.requests_to("PATCH", "").is_empty(),
            "no channel was completed"
        );

        env.sandbox.set_faults(Faults::default());
        let done = env.client.packages().upload(&file, &options).await.unwrap();
        assert_eq!(done.result.last_version.as_deref(), Some("1.0.0"));
        assert_eq!(env.sandbox.package_versions(id), vec!["1.0.0".to_string()]);
        let completed = env.requests_to("PATCH", "").len();
        assert_eq!(completed, usize::from(force_channel));
    }
}

#[tokio::test]
async fn stalled_get_times_out_and_can_be_abandoned() {
    let timeout = Duration::from_secs(2);
    let env = start_with(SandboxConfig::default(), |c| c.request_timeout = timeout).await;
    env.sandbox.set_faults(spec("stall=1,only=/openapi/robots"));
    let err = env
        .client
        .robots()
        .list(&ListQuery::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    // Not retried: one stalled request, so the call took one request timeout.
    let stalled = env.requests_to("GET", "/openapi/robots");
    assert_eq!(stalled.len(), 1);
    assert_eq!(stalled[0].status, 0);
    assert_eq!(faults_on(&env.sandbox, 0, "/robots"), vec![Fault::Stall]);
    wait_until("the sandbox lets the timed-out stall go", || {
        env.sandbox.stalls_held() == 0
    })
    .await;

    // Dropped by the caller (a wrapping timeout), then aborted as a task: both end at once.
    let client = env.client.clone();
    let dropped = tokio::time::timeout(
        Duration::from_millis(200),
        client.robots().list(&ListQuery::default()),
    )
    .await;
    assert!(dropped.is_err(), "the stalled call was given up");
    wait_until("the sandbox sees the dropped call go", || {
        env.sandbox.stalls_held() == 0
    })
    .await;
    let client = env.client.clone();
    let task = tokio::spawn(async move { client.robots().list(&ListQuery::default()).await });
    wait_until("the call stalls", || env.sandbox.stalls_held() == 1).await;
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    wait_until("the sandbox sees the aborted call go", || {
        env.sandbox.stalls_held() == 0
    })
    .await;
    assert_eq!(env.requests_to("GET", "/openapi/robots").len(), 3);
}

#[tokio::test]
async fn revoked_tokens_during_a_session_are_refreshed_and_calls_keep_working() {
    let env = start().await;
    let (log_from, grants_before) = (env.sandbox.request_log().len(), env.sandbox.token_grants());
    env.sandbox.set_faults(spec("revoke=0.1,seed=27"));
    let robots = env
        .client
        .robots()
        .list(&ListQuery::default())
        .await
        .unwrap()
        .list;
    let mut failed = Vec::new();
    for i in 0..40 {
        let robot = &robots[i % robots.len()];
        if let Err(e) = env.client.robots().get(&robot.id).await {
            failed.push(e);
        }
    }
    let applied: Vec<FaultRecord> = env.sandbox.faults_applied();
    let revokes_on_calls = applied
        .iter()
        .filter(|r| r.fault == Fault::Revoke && r.path.starts_with("/openapi/"))
        .count();
    let log = &env.sandbox.request_log()[log_from..];
    let unauthorized = log.iter().filter(|r| r.status == 401).count();
    let refreshes = env.sandbox.token_grants().refresh - grants_before.refresh;
    // A call meets one refresh at most: a 401 on its resend (its new token revoked too) is
    // its failure. With this seed no resend is revoked, so every call worked.
    assert_eq!(refreshes as usize + failed.len(), unauthorized);
    assert!(failed.is_empty(), "{failed:?}");
    // Each revocation hit one call, which answered 401 and was refreshed and resent.
    assert_eq!(unauthorized, revokes_on_calls);
    assert!(refreshes >= 4, "{refreshes} refreshes");
    assert_eq!(env.sandbox.token_grants().password, grants_before.password);
}

#[tokio::test]
async fn a_refresh_whose_answer_was_lost_is_session_expired() {
    let env = start().await;
    let grants = env.sandbox.token_grants();
    env.sandbox
        .set_faults(spec("reset=1,reset_at=middle,only=/connect/token"));
    env.client.expire_access_token().await;
    let err = env
        .client
        .robots()
        .list(&ListQuery::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionExpired, "{err}");
    assert!(err.to_string().contains("was lost"), "{err}");
    // The console did spend the token: trying it again could only be refused.
    assert_eq!(env.sandbox.token_grants().refresh, grants.refresh + 1);
    assert_eq!(env.requests_to("POST", "/connect/token").len(), 2);
    assert_eq!(env.client.refresh_token().await, None);
}

#[tokio::test]
async fn latency_is_applied_to_every_request() {
    let env = start().await;
    let from = env.sandbox.request_log().len();
    env.sandbox.set_faults(spec("latency=60ms"));
    let started = Instant::now();
    env.client
        .robots()
        .list(&ListQuery::default())
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(60));
    env.client
        .queues()
        .list(&ListQuery::default())
        .await
        .unwrap();
    let paths: Vec<String> = env.sandbox.request_log()[from..]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    let applied = env.sandbox.faults_applied();
    assert_eq!(
        applied.iter().map(|r| r.path.clone()).collect::<Vec<_>>(),
        paths
    );
    assert!(applied
        .iter()
        .all(|r| r.fault == Fault::Latency(Duration::from_millis(60))));
}

async fn sign_in_against(spec_text: &str) -> (Sandbox, Result<Client, encoo_api::Error>) {
    let sandbox = Sandbox::new(SandboxConfig {
        faults: spec(spec_text),
        ..Default::default()
    })
    .unwrap();
    let server = sandbox.serve("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let mut cfg = ClientConfig::single(server.url());
    cfg.retry_backoff = Duration::from_millis(10);
    cfg.max_tries = 8;
    let client = Client::sign_in(cfg, DEMO_USERNAME, DEMO_PASSWORD).await;
    (sandbox, client)
}

#[tokio::test]
async fn sign_in_under_30pct_503_succeeds_by_retrying_the_token_request() {
    let (sandbox, client) = sign_in_against("error=0.3,error_status=503,seed=7").await;
    assert!(client.is_ok(), "{:?}", client.err());
    let tries = sandbox.request_log();
    let errors = faults_on(&sandbox, 0, "/connect/token");
    assert!(
        !errors.is_empty(),
        "with this seed the first answers are lost"
    );
    assert!(errors
        .iter()
        .all(|f| matches!(f, Fault::Error { status: 503, .. })));
    assert_eq!(tries.len(), errors.len() + 1);
    assert!(tries.iter().all(|r| r.path == "/connect/token"));
    let statuses: Vec<u16> = tries.iter().map(|r| r.status).collect();
    assert_eq!(statuses.last(), Some(&200));
    // Each 503 the console answered after granting still made a grant: harmless, it changes
    // nothing on the console.
    let handled = errors.iter().filter(|f| f.handled_but_lost()).count();
    assert_eq!(sandbox.token_grants().password as usize, 1 + handled);
}

#[tokio::test]
async fn sign_in_retries_a_connection_cut_before_the_answer() {
    let (sandbox, client) = sign_in_against("reset=0.5,seed=7").await;
    assert!(client.is_ok(), "{:?}", client.err());
    let resets = faults_on(&sandbox, 0, "/connect/token");
    assert!(!resets.is_empty(), "with this seed the first answer is cut");
    assert!(resets.iter().all(|f| matches!(f, Fault::Reset(_))));
    assert_eq!(sandbox.request_log().len(), resets.len() + 1);
}
