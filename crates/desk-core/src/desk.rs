//! The app's state and what its commands do, without Tauri: the profiles file, the keyring,
//! one signed-in session per profile (of the profile's console kind), the active profile, and
//! the journal of runs. What each console kind does on top lives in its module (`encoo`,
//! `flexmodel`).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::encoo::EncooConsole;
use crate::error::{DeskError, Result};
use crate::flexmodel::FlexmodelConsole;
use crate::keeper::Keepers;
use crate::profiles::{ConsoleProfile, Profile, ProfileStore, ProxySetting, SetAside};
use crate::runs::{RunFilter, RunLog, RunPage};
use crate::secrets::{SecretKind, Secrets};
use crate::session::{Session, SessionInfo};

pub struct Desk {
    store: Mutex<ProfileStore>,
    pub(crate) secrets: Secrets,
    sessions: Mutex<HashMap<String, Session>>,
    /// Which session's refresh secret the keyring follows, per profile.
    pub(crate) keepers: Keepers,
    active: Mutex<Option<String>>,
    pub(crate) runs: Arc<RunLog>,
    /// The Encoo console's own state: its embedded sandbox, uploads under way.
    pub(crate) encoo: EncooConsole,
    /// The FlexModel console's own state: its embedded sandbox.
    pub(crate) flexmodel: FlexmodelConsole,
}

impl Desk {
    /// `config_dir` holds `profiles.json` (and the embedded sandboxes' state, when
    /// `keep_sandbox`). Runs are kept in memory until [`Desk::with_run_log`] gives a file.
    pub fn open(config_dir: &Path, secrets: Secrets, keep_sandbox: bool) -> Result<Desk> {
        let store = ProfileStore::open(config_dir.join("profiles.json"))?;
        Ok(Desk {
            store: Mutex::new(store),
            secrets,
            sessions: Mutex::new(HashMap::new()),
            keepers: Keepers::default(),
            active: Mutex::new(None),
            runs: Arc::new(RunLog::in_memory()),
            encoo: EncooConsole::new(keep_sandbox.then(|| config_dir.join("sandbox.json"))),
            flexmodel: FlexmodelConsole::new(
                keep_sandbox.then(|| config_dir.join("flexmodel-sandbox")),
            ),
        })
    }

    /// Keeps runs in `runs` (the app opens `runs.sqlite3` in its data directory).
    pub fn with_run_log(mut self, runs: RunLog) -> Desk {
        self.runs = Arc::new(runs);
        self
    }

    /// Uploads bigger than `bytes` take the upload channel (default: the client's 200 MB).
    pub fn with_channel_threshold(mut self, bytes: Option<u64>) -> Desk {
        self.encoo.channel_threshold = bytes;
        self
    }

    /// Records in the FlexModel sandbox's big model, when it starts a new data directory
    /// (benchmarks ask for 100,000).
    pub fn with_flexmodel_bulk_records(mut self, records: usize) -> Desk {
        self.flexmodel.bulk_records = records;
        self
    }

    /// The damaged profiles file set aside at opening, if one was: the window says so.
    pub fn profiles_set_aside(&self) -> Option<SetAside> {
        self.store.lock().unwrap().set_aside().cloned()
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
            self.keepers.end(&saved.id, || {
                self.secrets.delete(&saved.id, SecretKind::Password)?;
                self.secrets.delete(&saved.id, SecretKind::RefreshToken)
            })?;
        }
        if !matches!(saved.proxy, ProxySetting::Url { .. }) {
            self.secrets.delete(&saved.id, SecretKind::ProxyPassword)?;
        }
        Ok(saved)
    }

    /// Saves a profile and, when given, the password of its proxy (empty: forget it). The
    /// proxy's password goes to the keyring whatever `remember` says: without it the console
    /// cannot be reached at all.
    pub fn profile_save_with_proxy_password(
        &self,
        profile: Profile,
        proxy_password: Option<String>,
    ) -> Result<Profile> {
        let saved = self.profile_save(profile)?;
        if let (Some(pw), ProxySetting::Url { .. }) = (proxy_password, &saved.proxy) {
            match pw.is_empty() {
                true => self.secrets.delete(&saved.id, SecretKind::ProxyPassword)?,
                false => self
                    .secrets
                    .set(&saved.id, SecretKind::ProxyPassword, &pw)?,
            }
        }
        Ok(saved)
    }

    /// The client proxy a profile asks for, with its password from the keyring.
    pub(crate) fn proxy_of(&self, profile: &Profile) -> Result<console_core::Proxy> {
        let password = match profile.proxy {
            ProxySetting::Url { .. } => self.secrets.get(&profile.id, SecretKind::ProxyPassword)?,
            _ => None,
        };
        Ok(profile.proxy.to_proxy(password))
    }

    /// Removes a profile, its keyring entries and its session.
    pub fn profile_remove(&self, id: &str) -> Result<()> {
        self.store.lock().unwrap().remove(id)?;
        self.keepers.end(id, || self.secrets.delete_all(id))?;
        self.sessions.lock().unwrap().remove(id);
        let mut active = self.active.lock().unwrap();
        if active.as_deref() == Some(id) {
            *active = None;
        }
        Ok(())
    }

    /// Signs in to a profile and makes it active. With no password: the stored refresh
    /// secret, then the stored password (the sandbox's demo password for a Sandbox profile).
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
        let typed = password.clone();
        let session = match &profile.console {
            ConsoleProfile::Encoo(console) => {
                Session::Encoo(self.encoo_sign_in(&profile, console, password).await?)
            }
            ConsoleProfile::Flexmodel(console) => {
                Session::Flexmodel(self.flexmodel_sign_in(&profile, console, password).await?)
            }
        };
        // The console took the password: keep it when asked to. A keyring that cannot keep it
        // (no Secret Service on this machine) does not undo the sign-in: the password is not
        // remembered and the window says so in one line.
        let warning = match typed {
            Some(pw) if profile.remember => self
                .secrets
                .set(&profile.id, SecretKind::Password, &pw)
                .err()
                .map(|e| {
                    tracing::warn!("signed in, but the password is not remembered: {e}");
                    format!("Signed in, but the password could not be remembered: {e}")
                }),
            _ => None,
        };
        self.sessions
            .lock()
            .unwrap()
            .insert(id.to_owned(), session.clone());
        *self.active.lock().unwrap() = Some(id.to_owned());
        self.store.lock().unwrap().set_active(id)?;
        let mut info = info(profile, &session)?;
        info.warning = warning;
        Ok(info)
    }

    /// Makes a profile active again on the session it already has, without asking its
    /// console anything: switching between profiles is instant and each keeps its place.
    /// `NotSignedIn` when the profile has no session yet (then sign in).
    pub fn switch_to(&self, id: &str) -> Result<SessionInfo> {
        let profile = self.profile(id)?;
        let session = self.sessions.lock().unwrap().get(id).cloned();
        let session = session.ok_or(DeskError::NotSignedIn)?;
        *self.active.lock().unwrap() = Some(id.to_owned());
        self.store.lock().unwrap().set_active(id)?;
        info(profile, &session)
    }

    pub fn session(&self) -> Result<SessionInfo> {
        let (profile, session) = self.active_session()?;
        info(profile, &session)
    }

    pub fn sign_out(&self, id: &str) -> Result<()> {
        self.sessions.lock().unwrap().remove(id);
        self.keepers
            .end(id, || self.secrets.delete(id, SecretKind::RefreshToken))
    }

    /// The active profile's runs started from this app, newest first.
    pub fn runs(&self, filter: &RunFilter) -> Result<RunPage> {
        self.runs.list(&self.active_id()?, filter)
    }

    /// The active profile and its session.
    pub(crate) fn active_session(&self) -> Result<(Profile, Session)> {
        let id = self.active_id()?;
        let session = self.sessions.lock().unwrap().get(&id).cloned();
        Ok((self.profile(&id)?, session.ok_or(DeskError::NotSignedIn)?))
    }

    /// Replaces the active profile's session (moved to another scope, say).
    pub(crate) fn replace_session(&self, id: &str, session: Session) -> Result<SessionInfo> {
        self.sessions
            .lock()
            .unwrap()
            .insert(id.to_owned(), session.clone());
        info(self.profile(id)?, &session)
    }

    pub(crate) fn store(&self) -> std::sync::MutexGuard<'_, ProfileStore> {
        self.store.lock().unwrap()
    }

    fn active_id(&self) -> Result<String> {
        self.active
            .lock()
            .unwrap()
            .clone()
            .ok_or(DeskError::NotSignedIn)
    }
}

fn info(profile: Profile, session: &Session) -> Result<SessionInfo> {
    debug_assert_eq!(profile.kind(), session.kind());
    Ok(SessionInfo {
        profile,
        scope: session.scope()?,
        warning: None,
    })
}
