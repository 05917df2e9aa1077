//! Robots: read-only in the API (they register themselves from their machines).

use console_core::Result;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_with::skip_serializing_none;

use crate::client::{guid, Client, Scoping};
use crate::de::api_enum;
use crate::models::{collect_pages, ListQuery, Page};

api_enum!(
    /// Robot status.
    RobotStatus { Ready, Busy, Disconnected }
);
api_enum!(
    /// Licence status.
    LicenseStatus { Unlicensed, ClientLicensed, ServerLicensed, PoolLicensed }
);

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Robot {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub current_device_id: Option<String>,
    pub last_heartbeat_time: Option<String>,
    /// Undocumented type: kept as sent.
    pub listening_status: Option<Value>,
    pub company_id: Option<String>,
    pub department_id: Option<String>,
    pub sdk_version: Option<String>,
    pub can_upgrade: bool,
    pub license_status: Option<LicenseStatus>,
    pub client_sku: Option<String>,
    pub version: Option<String>,
    pub status: Option<RobotStatus>,
}

pub struct Robots<'c>(pub(crate) &'c Client);

impl Robots<'_> {
    pub async fn list(&self, query: &ListQuery) -> Result<Page<Robot>> {
        query.validate()?;
        self.0
            .get("/openapi/robots", query.pairs(), Scoping::Full)
            .await
    }

    pub async fn list_all(&self, query: &ListQuery) -> Result<Vec<Robot>> {
        collect_pages(query.page_size.unwrap_or(100), |index, size| {
            let q = ListQuery {
                page_index: Some(index),
                page_size: Some(size),
                ..query.clone()
            };
            async move { self.list(&q).await }
        })
        .await
    }

    pub async fn get(&self, robot_id: &str) -> Result<Robot> {
        let id = guid("robotId", robot_id)?;
        self.0
            .get(&format!("/openapi/robots/{id}"), Vec::new(), Scoping::Full)
            .await
    }
}
