//! The signed-in user as the current company sees them (`/openapi/companyusers/self`).

use console_core::Result;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_with::skip_serializing_none;

use crate::client::{Client, Scoping};

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CurrentUser {
    pub id: String,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub company_id: Option<String>,
    pub is_company_owner: bool,
    pub is_external_user: bool,
    pub has_modified_password: bool,
    pub role_ids: Vec<String>,
    /// `Active`, `Inactive` or `Banned`.
    pub status: Option<String>,
    pub resource_type: Option<String>,
    pub assigned_department_id: Option<String>,
    pub parent_resource_type: Option<String>,
    pub parent_id: Option<String>,
    pub description: Option<String>,
    #[serde(rename = "ETag")]
    pub etag: Option<String>,
    pub tags: Vec<String>,
    pub properties: Option<Value>,
    pub user_extension_info: Option<Value>,
    pub created_at: Option<String>,
    pub modified_at: Option<String>,
    pub last_login_at: Option<String>,
    pub department_path: Option<String>,
}

pub struct Users<'c>(pub(crate) &'c Client);

impl Users<'_> {
    /// The current user (`companyusers/self`).
    pub async fn me(&self) -> Result<CurrentUser> {
        self.0
            .get("/openapi/companyusers/self", Vec::new(), Scoping::Company)
            .await
    }
}
