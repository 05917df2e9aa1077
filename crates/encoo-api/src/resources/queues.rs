//! Robot groups (机器人组), called queues in the API. Creating one is `POST /queues/{id}` with
//! an id the client mints.

use console_core::Result;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_with::skip_serializing_none;

use crate::checks as rules;
use crate::client::{guid, once, Client, Scoping};
use crate::de::lenient_num;
use crate::models::{collect_pages, ListQuery, Page};

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Queue {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub properties: Option<Value>,
    pub created_at: Option<String>,
    pub created_by: Option<String>,
    pub created_by_name: Option<String>,
    pub modified_at: Option<String>,
    pub modified_by: Option<String>,
    pub modified_by_name: Option<String>,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub robot_count: u64,
    pub company_id: Option<String>,
    pub department_id: Option<String>,
}

/// Body of a create. The company and department are filled from the client's scope.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct QueueCreate {
    pub name: String,
    pub description: Option<String>,
    pub tags: Option<Vec<String>>,
    pub company_id: Option<String>,
    pub department_id: Option<String>,
    pub create_by: Option<String>,
    pub create_by_name: Option<String>,
}

/// Body of a PATCH: only the fields set change.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct QueueUpdate {
    pub name: Option<String>,
    pub description: Option<String>,
    pub tags: Option<Vec<String>>,
}

impl QueueCreate {
    /// What the console would refuse, checked without asking it.
    pub fn validate(&self) -> Result<()> {
        rules::name("Name", &self.name)?;
        rules::description(self.description.as_deref())?;
        rules::tags(self.tags.as_deref())?;
        rules::guid_opt("CompanyId", self.company_id.as_deref())?;
        rules::guid_opt("DepartmentId", self.department_id.as_deref())
    }
}

impl QueueUpdate {
    /// What the console would refuse of the fields set, checked without asking it.
    pub fn validate(&self) -> Result<()> {
        rules::name_opt("Name", self.name.as_deref())?;
        rules::description(self.description.as_deref())?;
        rules::tags(self.tags.as_deref())
    }
}

pub struct Queues<'c>(pub(crate) &'c Client);

impl Queues<'_> {
    pub async fn list(&self, query: &ListQuery) -> Result<Page<Queue>> {
        query.validate()?;
        self.0
            .get("/openapi/queues", query.pairs(), Scoping::Full)
            .await
    }

    pub async fn list_all(&self, query: &ListQuery) -> Result<Vec<Queue>> {
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

    pub async fn get(&self, queue_id: &str) -> Result<Queue> {
        let id = guid("queueId", queue_id)?;
        self.0
            .get(&format!("/openapi/queues/{id}"), Vec::new(), Scoping::Full)
            .await
    }

    /// Creates a robot group under a freshly minted id (uuid v4).
    pub async fn create(&self, create: &QueueCreate) -> Result<Queue> {
        create.validate()?;
        let mut body = create.clone();
        if let Some(scope) = self.0.scope() {
            body.company_id
                .get_or_insert_with(|| scope.company_id.clone());
            body.department_id
                .get_or_insert_with(|| scope.department_id.clone());
        }
        let id = uuid::Uuid::new_v4();
        let body = serde_json::to_value(&body).expect("serializable");
        self.0
            .send(
                Method::POST,
                &format!("/openapi/queues/{id}"),
                Some(&body),
                once::CHANGE,
            )
            .await
    }

    pub async fn update(&self, queue_id: &str, update: &QueueUpdate) -> Result<Queue> {
        let id = guid("queueId", queue_id)?;
        update.validate()?;
        let body = serde_json::to_value(update).expect("serializable");
        self.0
            .send(
                Method::PATCH,
                &format!("/openapi/queues/{id}"),
                Some(&body),
                once::CHANGE,
            )
            .await
    }

    pub async fn delete(&self, queue_id: &str) -> Result<()> {
        let id = guid("queueId", queue_id)?;
        self.0
            .send_no_content(
                Method::DELETE,
                &format!("/openapi/queues/{id}"),
                once::CHANGE,
            )
            .await
    }
}
