//! The FlexModel console in the app: its session (a client acting in a project), its embedded
//! sandbox, and what its screens need besides the client. Every FlexModel type the app's logic
//! touches stays in this module.

mod api_logs;
pub(crate) mod apis;
mod codegen;
mod datasources;
mod files;
pub mod filter;
mod flows;
mod graphql_run;
mod overview;
mod schedule;
mod sign_in;

use std::path::PathBuf;

use flexmodel_api::{Client, Project};

use crate::desk::Desk;
use crate::error::{DeskError, Result};
use crate::profiles::{
    ConsoleKind, ConsoleProfile, FlexmodelProfile, Preset, Profile, FLEXMODEL_SANDBOX_PROFILE_ID,
};
use crate::session::{Scope, Session, SessionInfo};

pub(crate) use sign_in::SandboxHost;

/// What the app keeps for FlexModel consoles besides their sessions.
pub(crate) struct FlexmodelConsole {
    /// Where the embedded sandbox keeps its metadata and databases (none: a temporary
    /// directory, gone with the app).
    pub sandbox_data: Option<PathBuf>,
    pub sandbox: tokio::sync::OnceCell<SandboxHost>,
    /// Records in the seed's big model when the sandbox starts a new data directory.
    pub bulk_records: usize,
}

impl FlexmodelConsole {
    pub fn new(sandbox_data: Option<PathBuf>) -> Self {
        FlexmodelConsole {
            sandbox_data,
            sandbox: tokio::sync::OnceCell::new(),
            bulk_records: 0,
        }
    }
}

/// A signed-in FlexModel session: the client, acting in a project.
#[derive(Clone)]
pub(crate) struct FlexmodelSession(pub Client);

impl FlexmodelSession {
    pub fn scope(&self) -> Result<Scope> {
        let project = self.0.project().ok_or(DeskError::NotSignedIn)?;
        Ok(Scope::Flexmodel {
            project_id: project.to_owned(),
        })
    }
}

/// The built-in profile for the embedded FlexModel sandbox.
pub fn sandbox_profile() -> Profile {
    Profile {
        id: FLEXMODEL_SANDBOX_PROFILE_ID.into(),
        name: "FlexModel sandbox".into(),
        username: flexmodel_sandbox::DEMO_USERNAME.into(),
        remember: false,
        console: ConsoleProfile::Flexmodel(FlexmodelProfile {
            preset: Preset::Sandbox,
            ..Default::default()
        }),
        ..Default::default()
    }
}

impl Desk {
    /// The active session's FlexModel client, acting in its project.
    pub fn flexmodel(&self) -> Result<Client> {
        let (_, session) = self.active_session()?;
        match session {
            Session::Flexmodel(s) => Ok(s.0),
            other => Err(other.not_this_console(ConsoleKind::Flexmodel)),
        }
    }

    /// The projects the active FlexModel session may act in.
    pub async fn flexmodel_projects(&self) -> Result<Vec<Project>> {
        Ok(self.flexmodel()?.projects().list().await?)
    }

    /// Moves the active FlexModel session to project `id`, and remembers it.
    pub async fn set_project(&self, id: &str) -> Result<SessionInfo> {
        let (profile, _) = self.active_session()?;
        let client = self.flexmodel()?;
        let id = id.trim();
        let projects = client.projects().list().await?;
        if !projects.iter().any(|p| p.id == id) {
            return Err(DeskError::invalid(
                "projectId",
                format!("the console has no project \"{id}\""),
            ));
        }
        self.store().set_project(&profile.id, id)?;
        let moved = Session::Flexmodel(FlexmodelSession(client.with_project(id)));
        self.replace_session(&profile.id, moved)
    }
}

/// What the GraphQL editor completes from: every type's fields with their arguments and
/// types, and the root operation types (the standard introspection, trimmed to that).
pub const GRAPHQL_SCHEMA_QUERY: &str = "query ConsoleDeskSchema { __schema { \
queryType { name } mutationType { name } subscriptionType { name } \
types { kind name description \
fields(includeDeprecated: true) { name description args { name type { ...TypeRef } defaultValue } type { ...TypeRef } } \
inputFields { name type { ...TypeRef } } enumValues(includeDeprecated: true) { name } } } } \
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";

impl Desk {
    /// The active project's GraphQL schema, by introspection (`data.__schema`).
    pub async fn flexmodel_graphql_schema(&self) -> Result<serde_json::Value> {
        let data = self
            .flexmodel()?
            .graphql()
            .query(GRAPHQL_SCHEMA_QUERY)
            .await?;
        Ok(data["__schema"].clone())
    }
}
