//! The company's department tree (`/openapi/departments/tree`).

use console_core::Result;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_with::skip_serializing_none;

use crate::client::{Client, Scoping};
use crate::de::{lenient_num, one_or_many};

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Department {
    pub id: String,
    pub name: String,
    #[serde(deserialize_with = "one_or_many::deserialize")]
    pub children: Vec<Department>,
    pub department_path: Option<String>,
    pub visitor_has_any_role: bool,
    pub visitor_has_permission: bool,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub user_count: u64,
    pub department_id: Option<String>,
    pub parent_id: Option<String>,
    pub description: Option<String>,
    #[serde(rename = "ETag")]
    pub etag: Option<String>,
    pub tags: Vec<String>,
    pub properties: Option<Value>,
    pub created_at: Option<String>,
    pub modified_at: Option<String>,
    pub company_id: Option<String>,
}

impl Department {
    /// This department and all below it, depth first, each with its depth (root = 0).
    pub fn walk(&self) -> Vec<(usize, &Department)> {
        let mut out = Vec::new();
        let mut stack = vec![(0, self)];
        while let Some((depth, d)) = stack.pop() {
            out.push((depth, d));
            stack.extend(d.children.iter().rev().map(|c| (depth + 1, c)));
        }
        out
    }
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DepartmentTree {
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub count: u64,
    pub root_department: Option<Department>,
}

pub struct Departments<'c>(pub(crate) &'c Client);

impl Departments<'_> {
    /// The whole tree of the scoped company.
    pub async fn tree(&self) -> Result<DepartmentTree> {
        self.0
            .get("/openapi/departments/tree", Vec::new(), Scoping::Company)
            .await
    }
}
