//! Profiles: which consoles the user works with, kept in one JSON file in the OS config
//! directory. The file never holds a secret; passwords and refresh tokens live in the keyring.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{DeskError, Result};

/// Which console API a profile speaks. FlexModel joins later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ConsoleKind {
    #[default]
    Encoo,
}

/// How the profile's addresses were made; the form's three presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    Saas,
    Private,
    Sandbox,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub kind: ConsoleKind,
    pub preset: Preset,
    /// Empty for the sandbox, whose address is known only once it runs.
    pub sso_url: String,
    pub api_url: String,
    pub username: String,
    /// Keep the password and refresh token in the keyring.
    pub remember: bool,
    /// Production consoles get a badge and typed confirmation of destructive actions.
    pub production: bool,
    /// A CA certificate (PEM file) to trust for this console.
    pub ca_certificate: Option<PathBuf>,
    /// Loud opt-in: accept any certificate.
    pub accept_invalid_certificates: bool,
    pub last_company_id: Option<String>,
    pub last_department_id: Option<String>,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            id: String::new(),
            name: String::new(),
            kind: ConsoleKind::Encoo,
            preset: Preset::Saas,
            sso_url: String::new(),
            api_url: String::new(),
            username: String::new(),
            remember: true,
            production: false,
            ca_certificate: None,
            accept_invalid_certificates: false,
            last_company_id: None,
            last_department_id: None,
        }
    }
}

impl Profile {
    /// The built-in profile for the embedded sandbox console.
    pub fn sandbox() -> Profile {
        Profile {
            id: SANDBOX_PROFILE_ID.into(),
            name: "Sandbox".into(),
            preset: Preset::Sandbox,
            username: encoo_sandbox::DEMO_USERNAME.into(),
            remember: false,
            ..Default::default()
        }
    }

    /// Checks what the form checks, naming the field at fault.
    pub fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(DeskError::invalid("name", "give the profile a name"));
        }
        if self.preset == Preset::Sandbox {
            return Ok(());
        }
        for (field, value) in [("ssoUrl", &self.sso_url), ("apiUrl", &self.api_url)] {
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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ProfilesFile {
    version: u32,
    profiles: Vec<Profile>,
    active: Option<String>,
}

/// The profiles file, loaded once and written back after each change.
pub struct ProfileStore {
    path: PathBuf,
    data: ProfilesFile,
}

impl ProfileStore {
    /// Opens (or starts) the file; the Sandbox profile is always present.
    pub fn open(path: impl Into<PathBuf>) -> Result<ProfileStore> {
        let path = path.into();
        let data = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                DeskError::Io(format!(
                    "{} is not a valid profiles file: {e}",
                    path.display()
                ))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => ProfilesFile::default(),
            Err(e) => {
                return Err(DeskError::Io(format!(
                    "cannot read {}: {e}",
                    path.display()
                )))
            }
        };
        let mut store = ProfileStore { path, data };
        if store.get(SANDBOX_PROFILE_ID).is_none() {
            store.data.profiles.insert(0, Profile::sandbox());
        }
        store.data.version = 1;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
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
        if id == SANDBOX_PROFILE_ID {
            return Err(DeskError::invalid(
                "id",
                "the Sandbox profile cannot be removed",
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

    /// Remembers the company and department last chosen in a profile.
    pub fn set_scope(&mut self, id: &str, company: &str, department: &str) -> Result<()> {
        let p = self
            .data
            .profiles
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or_else(|| DeskError::NotFound(format!("no profile {id}")))?;
        p.last_company_id = Some(company.to_owned());
        p.last_department_id = Some(department.to_owned());
        self.save()
    }

    fn save(&self) -> Result<()> {
        let io =
            |e: std::io::Error| DeskError::Io(format!("cannot write {}: {e}", self.path.display()));
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = self.path.with_extension("json.tmp");
        let text = serde_json::to_vec_pretty(&self.data).expect("serializable");
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)
    }
}
