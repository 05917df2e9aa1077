//! The platform around the projects: the projects (tenants) a user may pick, the platform's
//! settings, and the global profile (which needs no token).

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::{sending, Client, Req};
use crate::Result;

/// A project (tenant). The server gives no name: show the id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Project {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub enabled: bool,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

/// The platform's settings. PATCH sends the whole object, so members this client does not
/// know are kept in `extra` and sent back as they came.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security: Option<SecuritySettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<LogSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graphql_endpoint_path: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SecuritySettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limiting_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_request_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_in_seconds: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LogSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub console_logging_enabled: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /f/global/profile`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GlobalProfile {
    pub settings: Settings,
    pub api_root_path: Option<String>,
}

/// The projects: `client.projects()`.
pub struct Projects<'c>(pub(crate) &'c Client);

impl Projects<'_> {
    /// `GET /f/projects`, without a project header.
    pub async fn list(&self) -> Result<Vec<Project>> {
        self.0.fetch(Req::get("/f/projects").platform()).await
    }
}

/// The settings and profile: `client.settings()`.
pub struct SettingsApi<'c>(pub(crate) &'c Client);

impl SettingsApi<'_> {
    /// `GET /f/settings`.
    pub async fn get(&self) -> Result<Settings> {
        self.0.fetch(Req::get("/f/settings")).await
    }

    /// `PATCH /f/settings` with the whole object; answers the stored settings.
    pub async fn update(&self, settings: &Settings) -> Result<Settings> {
        let req = Req::new(Method::PATCH, "/f/settings", sending::SET).json(settings)?;
        self.0.fetch(req).await
    }

    /// `GET /f/global/profile` (sent with the token anyway; the server needs none).
    pub async fn global_profile(&self) -> Result<GlobalProfile> {
        self.0.fetch(Req::get("/f/global/profile").platform()).await
    }
}
