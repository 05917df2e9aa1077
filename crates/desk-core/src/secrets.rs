//! Passwords and refresh tokens in the OS keyring (Secret Service, Keychain, Credential
//! Manager), one entry per profile and kind. Nothing secret is ever written anywhere else.

use crate::error::{DeskError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    Password,
    RefreshToken,
    /// The password of the profile's own proxy.
    ProxyPassword,
}

impl SecretKind {
    fn suffix(self) -> &'static str {
        match self {
            SecretKind::Password => "password",
            SecretKind::RefreshToken => "refresh-token",
            SecretKind::ProxyPassword => "proxy-password",
        }
    }
}

/// The keyring cannot be used at all (no Secret Service on the session bus, no session bus,
/// storage refused), as opposed to a secret missing or malformed.
fn out_of_reach(e: &keyring::Error) -> bool {
    matches!(
        e,
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_)
    )
}

/// The keyring under one service name (`ConsoleDesk`; tests use their own).
#[derive(Debug, Clone)]
pub struct Secrets {
    service: String,
}

impl Secrets {
    pub fn new(service: impl Into<String>) -> Self {
        Secrets {
            service: service.into(),
        }
    }

    fn entry(&self, profile_id: &str, kind: SecretKind) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, &format!("{profile_id}/{}", kind.suffix()))
            .map_err(|e| DeskError::Keyring(e.to_string()))
    }

    pub fn set(&self, profile_id: &str, kind: SecretKind, value: &str) -> Result<()> {
        self.entry(profile_id, kind)?
            .set_password(value)
            .map_err(|e| DeskError::Keyring(e.to_string()))
    }

    pub fn get(&self, profile_id: &str, kind: SecretKind) -> Result<Option<String>> {
        match self.entry(profile_id, kind)?.get_password() {
            Ok(v) => Ok(Some(v)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(DeskError::Keyring(e.to_string())),
        }
    }

    /// The secret, or `None` when there is none or the keyring cannot be reached (no Secret
    /// Service on this machine, say: logged, then treated as nothing remembered).
    pub fn find(&self, profile_id: &str, kind: SecretKind) -> Option<String> {
        self.get(profile_id, kind).unwrap_or_else(|e| {
            tracing::warn!("the keyring is out of reach, nothing remembered is used: {e}");
            None
        })
    }

    /// Deletes the secret. A keyring out of reach (no Secret Service at all) holds nothing this
    /// app could have stored or could read back, so that is not an error: logged only. Any
    /// other failure is, since the user asked for the secret to go.
    pub fn delete(&self, profile_id: &str, kind: SecretKind) -> Result<()> {
        match self.entry(profile_id, kind)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) if out_of_reach(&e) => {
                tracing::warn!("the keyring is out of reach, nothing to delete: {e}");
                Ok(())
            }
            Err(e) => Err(DeskError::Keyring(e.to_string())),
        }
    }

    /// Removes every secret of a profile.
    pub fn delete_all(&self, profile_id: &str) -> Result<()> {
        self.delete(profile_id, SecretKind::Password)?;
        self.delete(profile_id, SecretKind::RefreshToken)?;
        self.delete(profile_id, SecretKind::ProxyPassword)
    }
}
