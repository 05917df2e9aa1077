//! A signed-in session is one of the console kinds the app speaks, each with its own scope
//! (an Encoo session acts in a company and a department, a FlexModel one in a project). What
//! the UI sees of it never holds a token.

use serde::Serialize;

use crate::encoo::EncooSession;
use crate::error::{DeskError, Result};
use crate::flexmodel::FlexmodelSession;
use crate::profiles::{ConsoleKind, Profile};

/// One profile's signed-in session.
#[derive(Clone)]
pub(crate) enum Session {
    Encoo(EncooSession),
    Flexmodel(FlexmodelSession),
}

impl Session {
    pub(crate) fn kind(&self) -> ConsoleKind {
        match self {
            Session::Encoo(_) => ConsoleKind::Encoo,
            Session::Flexmodel(_) => ConsoleKind::Flexmodel,
        }
    }

    /// The error for a command of console `wanted` on a session of another kind.
    pub(crate) fn not_this_console(&self, wanted: ConsoleKind) -> DeskError {
        DeskError::invalid(
            "profile",
            format!(
                "the active profile is a {} console, not a {} one",
                self.kind().title(),
                wanted.title()
            ),
        )
    }

    pub(crate) fn scope(&self) -> Result<Scope> {
        match self {
            Session::Encoo(s) => s.scope(),
            Session::Flexmodel(s) => s.scope(),
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
    /// The project (`X-Tenant-Id`) every business call acts in.
    #[serde(rename_all = "camelCase")]
    Flexmodel { project_id: String },
}

impl Scope {
    /// The company and department of an Encoo session's scope.
    pub fn encoo(&self) -> Option<(&str, &str)> {
        match self {
            Scope::Encoo {
                company_id,
                department_id,
            } => Some((company_id, department_id)),
            Scope::Flexmodel { .. } => None,
        }
    }
}

/// What the UI knows about the session: the profile, the console's kind and its scope
/// (`{profile, kind: "encoo", companyId, departmentId}`, `{profile, kind: "flexmodel",
/// projectId}`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub profile: Profile,
    #[serde(flatten)]
    pub scope: Scope,
    /// Something the user should know about a sign-in that worked (the password could not be
    /// remembered, say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}
