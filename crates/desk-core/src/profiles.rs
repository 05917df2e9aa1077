//! Profiles: which consoles the user works with, kept in one JSON file in the OS config
//! directory. The file never holds a secret; passwords and refresh tokens live in the keyring.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{DeskError, Result};

/// Which console API a profile speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ConsoleKind {
    #[default]
    Encoo,
    Flexmodel,
}

impl ConsoleKind {
    /// The kind's name as people read it ("an Encoo console").
    pub fn title(self) -> &'static str {
        match self {
            ConsoleKind::Encoo => "Encoo",
            ConsoleKind::Flexmodel => "FlexModel",
        }
    }
}

/// How the profile's addresses were made; the form's three presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    #[default]
    Saas,
    Private,
    Sandbox,
}

/// A console the user works with: its name, who signs in, how much care it asks for, how to
/// trust it, and (by the console's kind) where it is and where the user was in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    #[serde(default)]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub username: String,
    /// Keep the password and refresh token in the keyring.
    #[serde(default = "yes")]
    pub remember: bool,
    /// Production consoles get a badge and typed confirmation of destructive actions.
    #[serde(default)]
    pub production: bool,
    /// A CA certificate (PEM file) to trust for this console.
    #[serde(default)]
    pub ca_certificate: Option<PathBuf>,
    /// Loud opt-in: accept any certificate.
    #[serde(default)]
    pub accept_invalid_certificates: bool,
    /// How the console is reached: the machine's proxy settings, none, or a proxy of its own
    /// (whose password, if any, is in the keyring).
    #[serde(default)]
    pub proxy: ProxySetting,
    /// What only this kind of console has.
    pub console: ConsoleProfile,
}

/// A profile's proxy choice. A console on this computer (loopback) is always reached directly.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "lowercase")]
pub enum ProxySetting {
    /// `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` and the operating system's settings.
    #[default]
    System,
    /// Always direct.
    None,
    /// This proxy (`http://host:port`), with a user name when it asks for one.
    Url {
        url: String,
        #[serde(default)]
        username: Option<String>,
    },
}

impl ProxySetting {
    /// The client's proxy, with the password the keyring keeps for it.
    pub fn to_proxy(&self, password: Option<String>) -> console_core::Proxy {
        match self {
            ProxySetting::System => console_core::Proxy::System,
            ProxySetting::None => console_core::Proxy::None,
            ProxySetting::Url { url, username } => console_core::Proxy::Url {
                url: url.trim().to_owned(),
                username: username.clone().filter(|u| !u.trim().is_empty()),
                password,
            },
        }
    }
}

fn yes() -> bool {
    true
}

/// The part of a profile that depends on the console's kind, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ConsoleProfile {
    Encoo(EncooProfile),
    Flexmodel(FlexmodelProfile),
}

/// Where a FlexModel server is (`http://HOST:8080`, no `/api`), and the project last chosen.
/// Its presets are `private` (a server of the user's) and `sandbox` (the embedded one).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlexmodelProfile {
    pub preset: Preset,
    /// Empty for the sandbox, whose address is known only once it runs.
    pub url: String,
    pub last_project_id: Option<String>,
}

/// Where an Encoo console is (its SSO and API), and the company and department last chosen.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EncooProfile {
    pub preset: Preset,
    /// Empty for the sandbox, whose address is known only once it runs.
    pub sso_url: String,
    pub api_url: String,
    pub last_company_id: Option<String>,
    pub last_department_id: Option<String>,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            id: String::new(),
            name: String::new(),
            username: String::new(),
            remember: true,
            production: false,
            ca_certificate: None,
            accept_invalid_certificates: false,
            proxy: ProxySetting::System,
            console: ConsoleProfile::Encoo(EncooProfile::default()),
        }
    }
}

impl Profile {
    /// A profile of an Encoo console at `sso_url` and `api_url`.
    pub fn encoo(
        name: &str,
        preset: Preset,
        sso_url: &str,
        api_url: &str,
        username: &str,
    ) -> Profile {
        Profile {
            name: name.into(),
            username: username.into(),
            console: ConsoleProfile::Encoo(EncooProfile {
                preset,
                sso_url: sso_url.into(),
                api_url: api_url.into(),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// A profile of the FlexModel server at `url` (`http://HOST:8080`).
    pub fn flexmodel(name: &str, preset: Preset, url: &str, username: &str) -> Profile {
        Profile {
            name: name.into(),
            username: username.into(),
            console: ConsoleProfile::Flexmodel(FlexmodelProfile {
                preset,
                url: url.into(),
                last_project_id: None,
            }),
            ..Default::default()
        }
    }

    pub fn kind(&self) -> ConsoleKind {
        match self.console {
            ConsoleProfile::Encoo(_) => ConsoleKind::Encoo,
            ConsoleProfile::Flexmodel(_) => ConsoleKind::Flexmodel,
        }
    }

    /// Whether the profile points at a console the app embeds (no account, no password).
    pub fn is_sandbox(&self) -> bool {
        match &self.console {
            ConsoleProfile::Encoo(e) => e.preset == Preset::Sandbox,
            ConsoleProfile::Flexmodel(f) => f.preset == Preset::Sandbox,
        }
    }

    /// Checks what the form checks, naming the field at fault.
    pub fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(DeskError::invalid("name", "give the profile a name"));
        }
        if self.is_sandbox() {
            return Ok(());
        }
        self.proxy
            .to_proxy(None)
            .check()
            .map_err(|e| DeskError::invalid("proxy", e.to_string()))?;
        let urls = match &self.console {
            ConsoleProfile::Encoo(encoo) => {
                vec![("ssoUrl", &encoo.sso_url), ("apiUrl", &encoo.api_url)]
            }
            ConsoleProfile::Flexmodel(fm) if fm.preset == Preset::Saas => {
                return Err(DeskError::invalid(
                    "preset",
                    "FlexModel has no cloud service: choose a private server or the sandbox",
                ))
            }
            ConsoleProfile::Flexmodel(fm) => vec![("url", &fm.url)],
        };
        for (field, value) in urls {
            let url = url::Url::parse(value)
                .map_err(|_| DeskError::invalid(field, format!("\"{value}\" is not a URL")))?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                return Err(DeskError::invalid(
                    field,
                    "use an http:// or https:// address",
                ));
            }
        }
        if self.username.trim().is_empty() {
            return Err(DeskError::invalid("username", "enter a username"));
        }
        Ok(())
    }
}

pub const SANDBOX_PROFILE_ID: &str = "sandbox";
/// The built-in profile of the embedded FlexModel sandbox.
pub const FLEXMODEL_SANDBOX_PROFILE_ID: &str = "sandbox-flexmodel";

/// The file's format: 2 since profiles of more than one console kind; version 1 (every
/// profile an Encoo one, its addresses at the top level) is read and rewritten as 2.
pub const PROFILES_VERSION: u32 = 2;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ProfilesFile {
    version: u32,
    profiles: Vec<Profile>,
    active: Option<String>,
}

impl ProfilesFile {
    /// Reads any version this build knows, bringing it to the current one.
    fn parse(bytes: &[u8]) -> std::result::Result<ProfilesFile, Unreadable> {
        let damaged = |e: serde_json::Error| Unreadable::Damaged(e.to_string());
        let mut doc: serde_json::Value = serde_json::from_slice(bytes).map_err(damaged)?;
        let version = doc["version"].as_u64().unwrap_or(1);
        if version > u64::from(PROFILES_VERSION) {
            return Err(Unreadable::Newer(format!(
                "it was written by a newer ConsoleDesk (format {version}; this one reads up to {PROFILES_VERSION})"
            )));
        }
        if version < 2 {
            for profile in doc["profiles"].as_array_mut().into_iter().flatten() {
                v1_to_v2(profile);
            }
        }
        let mut file: ProfilesFile = serde_json::from_value(doc).map_err(damaged)?;
        file.version = PROFILES_VERSION;
        Ok(file)
    }
}

/// Why a profiles file was not read.
enum Unreadable {
    /// Not JSON, or not the shape of a profiles file (cut short, overwritten…).
    Damaged(String),
    /// A format this build does not know yet.
    Newer(String),
}

/// `profiles.json` → `profiles.damaged-20261130T214512Z.json`, beside it.
fn damaged_name(path: &Path, at: chrono::DateTime<chrono::Utc>) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    path.with_file_name(format!(
        "{stem}.damaged-{}{ext}",
        at.format("%Y%m%dT%H%M%SZ")
    ))
}

/// A version 1 profile kept its console's fields beside the rest, with an optional `kind`:
/// they move into the kind-tagged `console` section; every other field stays where it is.
fn v1_to_v2(profile: &mut serde_json::Value) {
    let Some(fields) = profile.as_object_mut() else {
        return;
    };
    let mut console = serde_json::Map::new();
    let kind = fields
        .remove("kind")
        .unwrap_or_else(|| serde_json::Value::from("encoo"));
    console.insert("kind".into(), kind);
    for key in [
        "preset",
        "ssoUrl",
        "apiUrl",
        "lastCompanyId",
        "lastDepartmentId",
    ] {
        if let Some(v) = fields.remove(key) {
            console.insert(key.into(), v);
        }
    }
    fields.insert("console".into(), console.into());
}

/// The profiles file, loaded once and written back after each change.
pub struct ProfileStore {
    path: PathBuf,
    data: ProfilesFile,
    /// A damaged file found at opening, kept aside: where, and what was wrong with it.
    set_aside: Option<SetAside>,
}

/// A profiles file that could not be read, renamed so that the app starts anyway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetAside {
    /// Where the damaged file is now.
    pub path: PathBuf,
    /// Why it could not be read.
    pub reason: String,
}

impl ProfileStore {
    /// Opens (or starts) the file; the Sandbox profile is always present. A file that is not a
    /// profiles file (cut short by a crash or a full disk, say) does not lock the user out: it
    /// is renamed `profiles.damaged-<UTC time>.json` beside it and the store starts anew with
    /// the built-in profiles ([`ProfileStore::set_aside`] tells where it went). A file from a
    /// newer ConsoleDesk is an error: it is not damaged, and must not be overwritten.
    pub fn open(path: impl Into<PathBuf>) -> Result<ProfileStore> {
        let path = path.into();
        let mut set_aside = None;
        let data = match std::fs::read(&path) {
            Ok(bytes) => match ProfilesFile::parse(&bytes) {
                Ok(data) => data,
                Err(Unreadable::Newer(e)) => {
                    return Err(DeskError::Io(format!(
                        "{} is not a valid profiles file: {e}",
                        path.display()
                    )))
                }
                Err(Unreadable::Damaged(reason)) => {
                    let aside = damaged_name(&path, chrono::Utc::now());
                    std::fs::rename(&path, &aside).map_err(|e| {
                        DeskError::Io(format!(
                            "{} is not a valid profiles file ({reason}) and cannot be set aside: {e}",
                            path.display()
                        ))
                    })?;
                    tracing::error!(
                        aside = %aside.display(),
                        "the profiles file was damaged ({reason}): set aside, starting anew"
                    );
                    set_aside = Some(SetAside {
                        path: aside,
                        reason,
                    });
                    ProfilesFile::default()
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => ProfilesFile::default(),
            Err(e) => {
                return Err(DeskError::Io(format!(
                    "cannot read {}: {e}",
                    path.display()
                )))
            }
        };
        let mut store = ProfileStore {
            path,
            data,
            set_aside,
        };
        if store.get(SANDBOX_PROFILE_ID).is_none() {
            store
                .data
                .profiles
                .insert(0, crate::encoo::sandbox_profile());
        }
        if store.get(FLEXMODEL_SANDBOX_PROFILE_ID).is_none() {
            let at = store
                .data
                .profiles
                .iter()
                .position(|p| p.id == SANDBOX_PROFILE_ID)
                .map_or(0, |i| i + 1);
            store
                .data
                .profiles
                .insert(at, crate::flexmodel::sandbox_profile());
        }
        store.data.version = PROFILES_VERSION;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The damaged file set aside when the store was opened, if it was.
    pub fn set_aside(&self) -> Option<&SetAside> {
        self.set_aside.as_ref()
    }

    pub fn list(&self) -> &[Profile] {
        &self.data.profiles
    }

    pub fn get(&self, id: &str) -> Option<&Profile> {
        self.data.profiles.iter().find(|p| p.id == id)
    }

    /// The last profile used, or the sandbox on first launch.
    pub fn active(&self) -> &Profile {
        self.data
            .active
            .as_deref()
            .and_then(|id| self.get(id))
            .or_else(|| self.get(SANDBOX_PROFILE_ID))
            .expect("the sandbox profile is always present")
    }

    /// Adds or replaces a profile (a new one gets an id) and saves.
    pub fn upsert(&mut self, mut profile: Profile) -> Result<Profile> {
        profile.validate()?;
        if profile.id.is_empty() {
            profile.id = uuid::Uuid::new_v4().to_string();
        }
        match self.data.profiles.iter_mut().find(|p| p.id == profile.id) {
            Some(slot) => *slot = profile.clone(),
            None => self.data.profiles.push(profile.clone()),
        }
        self.save()?;
        Ok(profile)
    }

    pub fn remove(&mut self, id: &str) -> Result<()> {
        if id == SANDBOX_PROFILE_ID || id == FLEXMODEL_SANDBOX_PROFILE_ID {
            return Err(DeskError::invalid(
                "id",
                "a built-in sandbox profile cannot be removed",
            ));
        }
        let before = self.data.profiles.len();
        self.data.profiles.retain(|p| p.id != id);
        if self.data.profiles.len() == before {
            return Err(DeskError::NotFound(format!("no profile {id}")));
        }
        if self.data.active.as_deref() == Some(id) {
            self.data.active = None;
        }
        self.save()
    }

    pub fn set_active(&mut self, id: &str) -> Result<()> {
        if self.get(id).is_none() {
            return Err(DeskError::NotFound(format!("no profile {id}")));
        }
        self.data.active = Some(id.to_owned());
        self.save()
    }

    /// Remembers the company and department last chosen in an Encoo profile.
    pub fn set_scope(&mut self, id: &str, company: &str, department: &str) -> Result<()> {
        if let ConsoleProfile::Encoo(encoo) = &mut self.profile_mut(id)?.console {
            encoo.last_company_id = Some(company.to_owned());
            encoo.last_department_id = Some(department.to_owned());
        }
        self.save()
    }

    /// Remembers the project last chosen in a FlexModel profile.
    pub fn set_project(&mut self, id: &str, project: &str) -> Result<()> {
        if let ConsoleProfile::Flexmodel(fm) = &mut self.profile_mut(id)?.console {
            fm.last_project_id = Some(project.to_owned());
        }
        self.save()
    }

    fn profile_mut(&mut self, id: &str) -> Result<&mut Profile> {
        self.data
            .profiles
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or_else(|| DeskError::NotFound(format!("no profile {id}")))
    }

    /// Writes the file durably: beside it, flushed to disk, then renamed over it, so a crash
    /// or a full disk leaves the old file or the new one, never a part of one.
    fn save(&self) -> Result<()> {
        let io =
            |e: std::io::Error| DeskError::Io(format!("cannot write {}: {e}", self.path.display()));
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let text = serde_json::to_vec_pretty(&self.data).expect("serializable");
        let mut file = atomic_write_file::AtomicWriteFile::open(&self.path).map_err(io)?;
        std::io::Write::write_all(&mut file, &text).map_err(io)?;
        file.commit().map_err(io)
    }
}
