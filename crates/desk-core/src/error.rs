//! The app's error: every console error as the client reports it, plus what the app itself
//! can get wrong (profiles, the keyring, files). Serialises to the one shape the UI reads.

use console_core::{ErrorBody, ErrorKind};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Api(#[from] console_core::Error),
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    NotFound(String),
    #[error("the system keyring is not available: {0}")]
    Keyring(String),
    #[error("{0}")]
    Io(String),
    #[error("sign in first")]
    NotSignedIn,
}

pub type Result<T, E = DeskError> = std::result::Result<T, E>;

impl DeskError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        DeskError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn body(&self) -> ErrorBody {
        match self {
            DeskError::Api(e) => ErrorBody::from(e),
            DeskError::Invalid { field, message } => ErrorBody {
                kind: ErrorKind::InvalidInput,
                message: message.clone(),
                status: None,
                field: Some(field.clone()),
            },
            other => ErrorBody {
                kind: match other {
                    DeskError::NotFound(_) => ErrorKind::NotFound,
                    DeskError::NotSignedIn => ErrorKind::SessionExpired,
                    _ => ErrorKind::Io,
                },
                message: other.to_string(),
                status: None,
                field: None,
            },
        }
    }
}

impl Serialize for DeskError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.body().serialize(s)
    }
}
