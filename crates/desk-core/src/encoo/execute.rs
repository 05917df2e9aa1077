//! Running a workflow or a layout and keeping the run in the journal (`runs.rs`). The console
//! keeps no list of jobs, so the execute's answer is written down as soon as it comes, in a task
//! of its own: a caller that stops waiting (a cancelled request, a closed dialog) still leaves
//! its row. A lost answer leaves one `Unknown` row; a refusal leaves none, since nothing ran.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use encoo_api::{Client, ErrorKind, ExecuteRequest, Job, JobGroup};

use crate::error::{DeskError, Result};
use crate::runs::{RunKind, RunLog, RunRecord, UNKNOWN_STATE};

/// How long each best-effort lookup of a name may take once the run is answered.
const LOOKUP_LIMIT: Duration = Duration::from_secs(5);

/// What every row of one run shares, fixed when the app sends it.
#[derive(Debug, Clone)]
pub(crate) struct RunStart {
    pub profile_id: String,
    pub kind: RunKind,
    pub started_at: String,
    pub started_by: String,
    pub company_id: String,
    pub department_id: String,
    pub layout_id: Option<String>,
    pub layout_name: Option<String>,
}

/// Runs workflow `id` once; keeps one row per job answered.
pub(crate) async fn workflow(
    client: Client,
    log: Arc<RunLog>,
    start: RunStart,
    id: String,
    request: ExecuteRequest,
) -> Result<Vec<Job>> {
    detached(async move {
        match client.workflows().execute(&id, &request).await {
            Ok(jobs) => {
                let queues = queue_names(&client, &jobs).await;
                keep(&log, start.jobs(&jobs, None, &queues));
                Ok(jobs)
            }
            Err(e) if e.kind() == ErrorKind::UnknownOutcome => {
                let mut row = start.unknown(e.to_string());
                row.workflow_id = Some(id.clone());
                row.priority = request.priority;
                if let Some(wf) = best_effort(client.workflows().get(&id)).await {
                    row.workflow_name = Some(wf.name).filter(|n| !n.is_empty());
                    row.priority = row.priority.or(Some(wf.priority));
                    if let Some(queue) = wf.associated_queue_id {
                        row.queue_name = best_effort(client.queues().get(&queue))
                            .await
                            .map(|q| q.name);
                        row.queue_id = Some(queue);
                    }
                }
                keep(&log, vec![row]);
                Err(e.into())
            }
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// Runs layout `id` once; keeps one row per job of the group answered.
pub(crate) async fn layout(
    client: Client,
    log: Arc<RunLog>,
    mut start: RunStart,
    id: String,
) -> Result<JobGroup> {
    start.layout_id = Some(id.clone());
    detached(async move {
        let answer = client.workflow_layouts().execute(&id).await;
        if let Err(e) = &answer {
            if e.kind() != ErrorKind::UnknownOutcome {
                return Ok(answer?);
            }
        }
        let named = answer.as_ref().ok().map(|g| g.name.clone());
        start.layout_name = match named.filter(|n| !n.is_empty()) {
            Some(name) => Some(name),
            None => best_effort(client.workflow_layouts().get(&id))
                .await
                .map(|l| l.name),
        };
        let rows = match &answer {
            Ok(group) => {
                let queues = queue_names(&client, &group.jobs).await;
                start.jobs(&group.jobs, Some(&group.id), &queues)
            }
            Err(e) => vec![start.unknown(e.to_string())],
        };
        keep(&log, rows);
        Ok(answer?)
    })
    .await
}

impl RunStart {
    /// The rows of the jobs the console answered; their arguments are left out on purpose.
    fn jobs(
        &self,
        jobs: &[Job],
        group_id: Option<&str>,
        queues: &HashMap<String, String>,
    ) -> Vec<RunRecord> {
        let text = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
        jobs.iter()
            .map(|job| RunRecord {
                workflow_id: text(&job.workflow_id),
                workflow_name: Some(job.name.clone()).filter(|n| !n.is_empty()),
                job_id: Some(job.id.clone()),
                job_group_id: text(&job.job_group_id).or(group_id.map(str::to_owned)),
                state: (job.state.as_ref().or(job.display_state.as_ref()))
                    .map_or(UNKNOWN_STATE, |s| s.as_str())
                    .to_owned(),
                robot: text(&job.last_robot_name),
                queue_name: job
                    .containing_queue_id
                    .as_ref()
                    .and_then(|q| queues.get(q).cloned()),
                queue_id: text(&job.containing_queue_id),
                priority: Some(job.priority),
                message: text(&job.message),
                ..self.row()
            })
            .collect()
    }

    /// The one row of a run whose answer was lost: `message` says what to check.
    fn unknown(&self, message: String) -> RunRecord {
        RunRecord {
            message: Some(message),
            ..self.row()
        }
    }

    fn row(&self) -> RunRecord {
        RunRecord {
            id: 0,
            profile_id: self.profile_id.clone(),
            kind: self.kind,
            workflow_id: None,
            workflow_name: None,
            layout_id: self.layout_id.clone(),
            layout_name: self.layout_name.clone(),
            job_id: None,
            job_group_id: None,
            state: UNKNOWN_STATE.into(),
            robot: None,
            queue_id: None,
            queue_name: None,
            priority: None,
            started_at: self.started_at.clone(),
            started_by: self.started_by.clone(),
            company_id: self.company_id.clone(),
            department_id: self.department_id.clone(),
            message: None,
        }
    }
}

/// Runs `work` to its end even when the caller's future is dropped.
async fn detached<T: Send + 'static>(
    work: impl Future<Output = Result<T>> + Send + 'static,
) -> Result<T> {
    tokio::spawn(work)
        .await
        .map_err(|e| DeskError::Io(format!("the run stopped unexpectedly: {e}")))?
}

/// Keeps the rows; a journal that cannot write must not turn a run that happened into an
/// error (the user would run it again), so the failure is logged instead.
fn keep(log: &RunLog, rows: Vec<RunRecord>) {
    if let Err(e) = log.record(&rows) {
        tracing::error!(rows = rows.len(), "a run was not kept in the journal: {e}");
    }
}

/// The names of the robot groups the jobs went to, each asked once; those not answered in
/// time are left out.
async fn queue_names(client: &Client, jobs: &[Job]) -> HashMap<String, String> {
    let mut ids: Vec<&String> = jobs
        .iter()
        .filter_map(|j| j.containing_queue_id.as_ref())
        .collect();
    ids.sort();
    ids.dedup();
    let asked = ids.into_iter().map(|id| async move {
        best_effort(client.queues().get(id))
            .await
            .map(|q| (id.clone(), q.name))
    });
    futures_util::future::join_all(asked)
        .await
        .into_iter()
        .flatten()
        .collect()
}

/// The answer, or none when it fails or takes longer than [`LOOKUP_LIMIT`].
async fn best_effort<T>(call: impl Future<Output = encoo_api::Result<T>>) -> Option<T> {
    match tokio::time::timeout(LOOKUP_LIMIT, call).await {
        Ok(Ok(v)) => Some(v),
        Ok(Err(e)) => {
            tracing::debug!("a name for the run journal was not found: {:?}", e.kind());
            None
        }
        Err(_) => None,
    }
}
