//! The app's state and what its commands do, without Tauri: the profiles file, the keyring,
//! one signed-in session per profile, the active profile with its company and department,
//! the sandbox console the app embeds for the Sandbox profile, and the journal of runs.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use encoo_api::{Client, ClientConfig, ExecuteRequest, Job, JobGroup};
use encoo_sandbox::{Sandbox, SandboxConfig, SandboxServer};
use serde::Serialize;

use crate::error::{DeskError, Result};
use crate::execute::{self, RunStart};
use crate::profiles::{Preset, Profile, ProfileStore};
use crate::publish::{self, Candidate, PublishEvent, Publisher};
use crate::runs::{RunFilter, RunKind, RunLog, RunPage};
use crate::secrets::{SecretKind, Secrets};

/// What the UI knows about the session: never a token.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub profile: Profile,
    pub company_id: String,
    pub department_id: String,
}

struct SandboxHost {
    _sandbox: Sandbox,
    server: SandboxServer,
}

pub struct Desk {
    store: Mutex<ProfileStore>,
    secrets: Secrets,
    sandbox_data: Option<std::path::PathBuf>,
    sandbox: tokio::sync::OnceCell<SandboxHost>,
    sessions: Mutex<HashMap<String, Client>>,
    active: Mutex<Option<String>>,
    publisher: Publisher,
    channel_threshold: Option<u64>,
    runs: Arc<RunLog>,
}

impl Desk {
    /// `config_dir` holds `profiles.json` (and the sandbox's state, when `keep_sandbox`). Runs
    /// are kept in memory until [`Desk::with_run_log`] gives a file.
    pub fn open(config_dir: &Path, secrets: Secrets, keep_sandbox: bool) -> Result<Desk> {
        let store = ProfileStore::open(config_dir.join("profiles.json"))?;
        Ok(Desk {
            store: Mutex::new(store),
            secrets,
            sandbox_data: keep_sandbox.then(|| config_dir.join("sandbox.json")),
            sandbox: tokio::sync::OnceCell::new(),
            sessions: Mutex::new(HashMap::new()),
            active: Mutex::new(None),
            publisher: Publisher::default(),
            channel_threshold: None,
            runs: Arc::new(RunLog::in_memory()),
        })
    }

    /// Keeps runs in `runs` (the app opens `runs.sqlite3` in its data directory).
    pub fn with_run_log(mut self, runs: RunLog) -> Desk {
        self.runs = Arc::new(runs);
        self
    }

    /// Uploads bigger than `bytes` take the upload channel (default: the client's 200 MB).
    pub fn with_channel_threshold(mut self, bytes: Option<u64>) -> Desk {
        self.channel_threshold = bytes;
        self
    }

    /// Looks at files before publishing: manifest, size, and the package on the console.
    pub async fn publish_inspect(&self, paths: &[std::path::PathBuf]) -> Result<Vec<Candidate>> {
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
            .publisher
            .upload(&client, upload_id, path, events)
            .await)
    }

    pub fn publish_cancel(&self, upload_id: &str) -> bool {
        self.publisher.cancel(upload_id)
    }

    /// Runs a workflow on the active session and keeps each job it queued in the run journal,
    /// or one `Unknown` row when the answer was lost (that error is returned as it came). The
    /// run goes on, and is kept, even if the caller stops waiting.
    pub async fn workflow_execute(&self, id: &str, request: &ExecuteRequest) -> Result<Vec<Job>> {
        let (client, start) = self.run_start(RunKind::Workflow)?;
        execute::workflow(client, self.runs.clone(), start, id.into(), request.clone()).await
    }

    /// Runs a workflow layout on the active session; kept as [`Desk::workflow_execute`] keeps
    /// a workflow's run, one row per job of the group.
    pub async fn layout_execute(&self, id: &str) -> Result<JobGroup> {
        let (client, start) = self.run_start(RunKind::Layout)?;
        execute::layout(client, self.runs.clone(), start, id.into()).await
    }

    /// The active profile's runs started from this app, newest first.
    pub fn runs(&self, filter: &RunFilter) -> Result<RunPage> {
        self.runs.list(&self.active_id()?, filter)
    }

    /// The active session's client, and what the rows of a run sent now share.
    fn run_start(&self, kind: RunKind) -> Result<(Client, RunStart)> {
        let profile = self.profile(&self.active_id()?)?;
        let client = self.sessions.lock().unwrap().get(&profile.id).cloned();
        let client = client.ok_or(DeskError::NotSignedIn)?;
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

    pub fn profiles(&self) -> Vec<Profile> {
        self.store.lock().unwrap().list().to_vec()
    }

    /// The profile the app opens on: the last one used, the Sandbox on first launch.
    pub fn startup_profile(&self) -> Profile {
        self.store.lock().unwrap().active().clone()
    }

    pub fn profile(&self, id: &str) -> Result<Profile> {
        self.store
            .lock()
            .unwrap()
            .get(id)
            .cloned()
            .ok_or_else(|| DeskError::NotFound(format!("no profile {id}")))
    }

    pub fn profile_save(&self, profile: Profile) -> Result<Profile> {
        let saved = self.store.lock().unwrap().upsert(profile)?;
        if !saved.remember {
            self.secrets.delete_all(&saved.id)?;
        }
        Ok(saved)
    }

    /// Removes a profile, its keyring entries and its session.
    pub fn profile_remove(&self, id: &str) -> Result<()> {
        self.store.lock().unwrap().remove(id)?;
        self.secrets.delete_all(id)?;
        self.sessions.lock().unwrap().remove(id);
        let mut active = self.active.lock().unwrap();
        if active.as_deref() == Some(id) {
            *active = None;
        }
        Ok(())
    }

    /// Signs in to a profile and makes it active. With no password: the stored refresh
    /// token, then the stored password (the sandbox's demo password for the Sandbox).
    pub async fn sign_in(
        &self,
        id: &str,
        password: Option<String>,
        remember: Option<bool>,
    ) -> Result<SessionInfo> {
        let mut profile = self.profile(id)?;
        if let Some(remember) = remember {
            if remember != profile.remember {
                profile.remember = remember;
                profile = self.profile_save(profile)?;
            }
        }
        let config = self.client_config(&profile).await?;
        let client = match password {
            Some(pw) => {
                let client = Client::sign_in(config, &profile.username, &pw).await?;
                if profile.remember {
                    self.secrets.set(id, SecretKind::Password, &pw)?;
                }
                client
            }
            None => self.sign_in_silently(&profile, config).await?,
        };
        if profile.remember {
            self.keep_refresh_token(id, &client).await;
        }
        let scoped = self.initial_scope(&profile, &client).await?;
        self.sessions
            .lock()
            .unwrap()
            .insert(id.to_owned(), scoped.clone());
        *self.active.lock().unwrap() = Some(id.to_owned());
        self.store.lock().unwrap().set_active(id)?;
        self.info(&profile, &scoped)
    }

    async fn sign_in_silently(&self, profile: &Profile, config: ClientConfig) -> Result<Client> {
        if profile.preset == Preset::Sandbox {
            return Ok(
                Client::sign_in(config, &profile.username, encoo_sandbox::DEMO_PASSWORD).await?,
            );
        }
        if profile.remember {
            if let Some(token) = self.secrets.get(&profile.id, SecretKind::RefreshToken)? {
                match Client::resume(config.clone(), &token).await {
                    Ok(client) => return Ok(client),
                    Err(e) => tracing::info!("stored session not resumed: {:?}", e.kind()),
                }
            }
            if let Some(pw) = self.secrets.get(&profile.id, SecretKind::Password)? {
                return Ok(Client::sign_in(config, &profile.username, &pw).await?);
            }
        }
        Err(DeskError::NotSignedIn)
    }

    /// Follows the refresh token as it rotates, so the keyring always holds the live one.
    async fn keep_refresh_token(&self, id: &str, client: &Client) {
        let mut rx = client.watch_refresh_token();
        let secrets = self.secrets.clone();
        let id = id.to_owned();
        let store = move |token: Option<String>| {
            let (secrets, id) = (secrets.clone(), id.clone());
            tokio::task::spawn_blocking(move || match token {
                Some(t) => secrets.set(&id, SecretKind::RefreshToken, &t),
                None => secrets.delete(&id, SecretKind::RefreshToken),
            })
        };
        let first = rx.borrow_and_update().clone();
        if let Ok(Err(e)) = store(first).await {
            tracing::warn!("cannot keep the session in the keyring: {e}");
        }
        tokio::spawn(async move {
            while rx.changed().await.is_ok() {
                let token = rx.borrow_and_update().clone();
                if let Ok(Err(e)) = store(token).await {
                    tracing::warn!("cannot keep the session in the keyring: {e}");
                }
            }
        });
    }

    async fn initial_scope(&self, profile: &Profile, client: &Client) -> Result<Client> {
        if let (Some(c), Some(d)) = (&profile.last_company_id, &profile.last_department_id) {
            let companies = client.companies().list(None).await?;
            if companies.iter().any(|x| &x.id == c) {
                let scoped = client.with_scope(c.clone(), d.clone());
                let tree = scoped.departments().tree().await?;
                let known = tree
                    .root_department
                    .as_ref()
                    .is_some_and(|root| root.walk().iter().any(|(_, x)| &x.id == d));
                if known {
                    return Ok(scoped);
                }
            }
        }
        Ok(client.with_default_scope().await?)
    }

    /// Moves the active session to another company and department, and remembers them.
    pub fn set_scope(&self, company_id: &str, department_id: &str) -> Result<SessionInfo> {
        let id = self.active_id()?;
        let client = self.client()?.with_scope(company_id, department_id);
        self.sessions
            .lock()
            .unwrap()
            .insert(id.clone(), client.clone());
        self.store
            .lock()
            .unwrap()
            .set_scope(&id, company_id, department_id)?;
        self.info(&self.profile(&id)?, &client)
    }

    /// The active session's client, scoped.
    pub fn client(&self) -> Result<Client> {
        let id = self.active_id()?;
        self.sessions
            .lock()
            .unwrap()
            .get(&id)
            .cloned()
            .ok_or(DeskError::NotSignedIn)
    }

    pub fn session(&self) -> Result<SessionInfo> {
        let id = self.active_id()?;
        self.info(&self.profile(&id)?, &self.client()?)
    }

    pub fn sign_out(&self, id: &str) -> Result<()> {
        self.sessions.lock().unwrap().remove(id);
        self.secrets.delete(id, SecretKind::RefreshToken)
    }

    fn active_id(&self) -> Result<String> {
        self.active
            .lock()
            .unwrap()
            .clone()
            .ok_or(DeskError::NotSignedIn)
    }

    fn info(&self, profile: &Profile, client: &Client) -> Result<SessionInfo> {
        let scope = client.scope().ok_or(DeskError::NotSignedIn)?;
        Ok(SessionInfo {
            profile: profile.clone(),
            company_id: scope.company_id.clone(),
            department_id: scope.department_id.clone(),
        })
    }

    async fn client_config(&self, profile: &Profile) -> Result<ClientConfig> {
        let mut config = match profile.preset {
            Preset::Sandbox => ClientConfig::single(self.sandbox_url().await?),
            _ => ClientConfig::new(&profile.sso_url, &profile.api_url),
        };
        if let Some(path) = &profile.ca_certificate {
            let pem = std::fs::read(path).map_err(|e| {
                DeskError::invalid(
                    "caCertificate",
                    format!("cannot read {}: {e}", path.display()),
                )
            })?;
            config.ca_certificate_pem = Some(pem);
        }
        config.accept_invalid_certificates = profile.accept_invalid_certificates;
        if let Some(bytes) = self.channel_threshold {
            config.channel_threshold = bytes;
        }
        Ok(config)
    }

    /// Starts the embedded sandbox on 127.0.0.1:0 the first time it is needed.
    pub async fn sandbox_url(&self) -> Result<String> {
        let host = self
            .sandbox
            .get_or_try_init(|| async {
                let config = SandboxConfig {
                    data_file: self.sandbox_data.clone(),
                    ..Default::default()
                };
                let sandbox = Sandbox::new(config)
                    .map_err(|e| DeskError::Io(format!("cannot start the sandbox: {e}")))?;
                let server = sandbox
                    .serve(([127, 0, 0, 1], 0).into())
                    .await
                    .map_err(|e| DeskError::Io(format!("cannot start the sandbox: {e}")))?;
                tracing::info!(url = %server.url(), "sandbox console started");
                Ok::<_, DeskError>(SandboxHost {
                    _sandbox: sandbox,
                    server,
                })
            })
            .await?;
        Ok(host.server.url())
    }
}
