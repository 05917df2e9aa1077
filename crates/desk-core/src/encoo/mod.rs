//! The Encoo console in the app: its session (a client scoped to a company and department),
//! its embedded sandbox, publishing packages, and runs kept in the journal. Every Encoo type
//! the app's logic touches stays in this module.

mod execute;
mod presets;
mod publish;
mod sign_in;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use encoo_api::{Client, ExecuteRequest, Job, JobGroup};

use crate::desk::Desk;
use crate::error::{DeskError, Result};
use crate::profiles::{ConsoleKind, Profile};
use crate::runs::RunKind;
use crate::session::{Scope, Session, SessionInfo};
use execute::RunStart;

pub use presets::{presets, sandbox_profile, PresetInfo};
pub use publish::{inspect, Candidate, PublishEvent, Publisher, PARALLEL_UPLOADS};
pub(crate) use sign_in::SandboxHost;

/// What the app keeps for Encoo consoles besides their sessions.
pub(crate) struct EncooConsole {
    /// Where the embedded sandbox keeps its state (none: in memory only).
    pub sandbox_data: Option<PathBuf>,
    pub sandbox: tokio::sync::OnceCell<SandboxHost>,
    pub publisher: Publisher,
    /// Uploads bigger than this take the upload channel (none: the client's default).
    pub channel_threshold: Option<u64>,
}

impl EncooConsole {
    pub fn new(sandbox_data: Option<PathBuf>) -> Self {
        EncooConsole {
            sandbox_data,
            sandbox: tokio::sync::OnceCell::new(),
            publisher: Publisher::default(),
            channel_threshold: None,
        }
    }
}

/// A signed-in Encoo session: the client, scoped to a company and department.
#[derive(Clone)]
pub(crate) struct EncooSession(pub Client);

impl EncooSession {
    pub fn scope(&self) -> Result<Scope> {
        let scope = self.0.scope().ok_or(DeskError::NotSignedIn)?;
        Ok(Scope::Encoo {
            company_id: scope.company_id.clone(),
            department_id: scope.department_id.clone(),
        })
    }
}

impl Desk {
    /// The active session's Encoo client, scoped.
    pub fn client(&self) -> Result<Client> {
        Ok(self.encoo_session()?.1 .0)
    }

    fn encoo_session(&self) -> Result<(Profile, EncooSession)> {
        let (profile, session) = self.active_session()?;
        match session {
            Session::Encoo(s) => Ok((profile, s)),
            other => Err(other.not_this_console(ConsoleKind::Encoo)),
        }
    }

    /// Moves the active session to another company and department, and remembers them. With
    /// no department, the company opens where the console opens it for this user.
    pub async fn set_scope(&self, company_id: &str, department_id: &str) -> Result<SessionInfo> {
        let (profile, session) = self.encoo_session()?;
        let client = match department_id.trim() {
            "" => session.0.in_company(company_id).await?,
            department => session.0.with_scope(company_id, department),
        };
        let scope = client.scope().cloned().ok_or(DeskError::NotSignedIn)?;
        self.store()
            .set_scope(&profile.id, &scope.company_id, &scope.department_id)?;
        self.replace_session(&profile.id, Session::Encoo(EncooSession(client)))
    }

    /// Looks at files before publishing: manifest, size, and the package on the console.
    pub async fn publish_inspect(&self, paths: &[PathBuf]) -> Result<Vec<Candidate>> {
        Ok(publish::inspect(&self.client()?, paths).await)
    }

    /// Publishes one file on the active session; `events` hears how it goes.
    pub async fn publish_upload(
        &self,
        upload_id: &str,
        path: &Path,
        events: impl Fn(PublishEvent) + Send + Sync + 'static,
    ) -> Result<PublishEvent> {
        let client = self.client()?;
        Ok(self
            .encoo
            .publisher
            .upload(&client, upload_id, path, events)
            .await)
    }

    pub fn publish_cancel(&self, upload_id: &str) -> bool {
        self.encoo.publisher.cancel(upload_id)
    }

    /// Runs a workflow on the active session and keeps each job it queued in the run journal,
    /// or one `Unknown` row when the answer was lost (that error is returned as it came). The
    /// run goes on, and is kept, even if the caller stops waiting.
    pub async fn workflow_execute(&self, id: &str, request: &ExecuteRequest) -> Result<Vec<Job>> {
        let (client, start) = self.run_start(RunKind::Workflow)?;
        execute::workflow(
            client,
            Arc::clone(&self.runs),
            start,
            id.into(),
            request.clone(),
        )
        .await
    }

    /// Runs a workflow layout on the active session; kept as [`Desk::workflow_execute`] keeps
    /// a workflow's run, one row per job of the group.
    pub async fn layout_execute(&self, id: &str) -> Result<JobGroup> {
        let (client, start) = self.run_start(RunKind::Layout)?;
        execute::layout(client, Arc::clone(&self.runs), start, id.into()).await
    }

    /// The active session's client, and what the rows of a run sent now share.
    fn run_start(&self, kind: RunKind) -> Result<(Client, RunStart)> {
        let (profile, EncooSession(client)) = self.encoo_session()?;
        let scope = client.scope().cloned().ok_or(DeskError::NotSignedIn)?;
        let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let start = RunStart {
            profile_id: profile.id,
            kind,
            started_at,
            started_by: profile.username,
            company_id: scope.company_id,
            department_id: scope.department_id,
            layout_id: None,
            layout_name: None,
        };
        Ok((client, start))
    }
}
