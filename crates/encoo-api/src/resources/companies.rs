//! Companies the signed-in user belongs to (`/openapi/companies/companylist`).

use console_core::Result;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_with::skip_serializing_none;

use crate::client::{Client, Scoping};

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Company {
    pub id: String,
    pub name: String,
    pub company_user_id: Option<String>,
    pub company_user_name: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub properties: Option<Value>,
    pub created_at: Option<String>,
    pub created_by: Option<String>,
    pub created_by_name: Option<String>,
    pub modified_by: Option<String>,
    pub modified_by_name: Option<String>,
    pub modified_at: Option<String>,
    pub company_id: Option<String>,
    /// `Enterprise` or `Community`.
    pub edition: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub(crate) struct CompanyList {
    companies: Vec<Company>,
}

pub struct Companies<'c>(pub(crate) &'c Client);

impl Companies<'_> {
    /// The user's companies, optionally filtered by a fuzzy `name`.
    pub async fn list(&self, name: Option<&str>) -> Result<Vec<Company>> {
        let query = name
            .map(|n| vec![("Name", n.to_owned())])
            .unwrap_or_default();
        let list: CompanyList = self
            .0
            .get("/openapi/companies/companylist", query, Scoping::None)
            .await?;
        Ok(list.companies)
    }
}
