//! A signed-in session is one of the console kinds the app speaks, each with its own scope
//! (an Encoo session acts in a company and a department). What the UI sees of it never holds
//! a token.

use serde::Serialize;

use crate::encoo::EncooSession;
use crate::error::Result;
use crate::profiles::{ConsoleKind, Profile};

/// One profile's signed-in session.
#[derive(Clone)]
pub(crate) enum Session {
    Encoo(EncooSession),
}

impl Session {
    pub(crate) fn kind(&self) -> ConsoleKind {
        match self {
            Session::Encoo(_) => ConsoleKind::Encoo,
        }
    }

    pub(crate) fn scope(&self) -> Result<Scope> {
        match self {
            Session::Encoo(s) => s.scope(),
        }
    }
}

/// Where a session acts, by console kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Scope {
    #[serde(rename_all = "camelCase")]
    Encoo {
        company_id: String,
        department_id: String,
    },
}

impl Scope {
    /// The company and department of an Encoo session's scope.
    pub fn encoo(&self) -> Option<(&str, &str)> {
        match self {
            Scope::Encoo {
                company_id,
                department_id,
            } => Some((company_id, department_id)),
        }
    }
}

/// What the UI knows about the session: the profile, the console's kind and its scope
/// (`{profile, kind: "encoo", companyId, departmentId}`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub profile: Profile,
    #[serde(flatten)]
    pub scope: Scope,
}
