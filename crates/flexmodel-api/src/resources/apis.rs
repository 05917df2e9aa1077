//! API definitions (`client.apis()`): the tree of folders and APIs, create, replace, rename or
//! enable, delete, generate from a model, histories and restore; and the API log
//! (`client.api_logs()`) with its statistics. `meta` (auth, rate limits, execution, document)
//! stays JSON: the console edits it whole.

use console_core::{api_enum, walk_pages};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::{seg, sending, Client, Req};
use crate::page::{paging, Page, PageRequest, WALK_SIZE};
use crate::Result;

api_enum!(
    /// A node of the tree.
    #[allow(clippy::upper_case_acronyms)]
    ApiType { FOLDER, API }
);

/// A node of the API tree (or one of its saved snapshots, which add `api_definition_id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiDefinition {
    /// The document's samples show `-1`; read as text whatever it is.
    #[serde(
        deserialize_with = "console_core::de::lenient_string::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub name: String,
    pub parent_id: Option<String>,
    #[serde(rename = "type")]
    pub kind: ApiType,
    pub method: Option<String>,
    pub path: Option<String>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub enabled: bool,
    pub meta: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_definition_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub children: Vec<ApiDefinition>,
}

impl Default for ApiDefinition {
    fn default() -> Self {
        ApiDefinition {
            id: None,
            name: String::new(),
            parent_id: None,
            kind: ApiType::API,
            method: None,
            path: None,
            enabled: true,
            meta: Value::Null,
            api_definition_id: None,
            tenant_id: None,
            created_by: None,
            updated_by: None,
            created_at: None,
            updated_at: None,
            children: Vec::new(),
        }
    }
}

impl ApiDefinition {
    /// This node and every node under it, depth first, with their depth (0 for this one).
    pub fn walk(&self) -> Vec<(usize, &ApiDefinition)> {
        let mut out = Vec::new();
        let mut stack = vec![(0usize, self)];
        while let Some((depth, node)) = stack.pop() {
            out.push((depth, node));
            stack.extend(node.children.iter().rev().map(|c| (depth + 1, c)));
        }
        out
    }
}

/// Which APIs `generate` makes for a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateApis {
    pub datasource_name: String,
    pub model_name: String,
    /// The folder to create.
    pub api_folder: String,
    pub id_field_of_path: String,
    /// Any of `list`, `pagination`, `view`, `create`, `update`, `delete`.
    #[serde(rename = "generateAPIs")]
    pub generate_apis: Vec<String>,
}

/// `client.apis()`.
pub struct Apis<'c>(pub(crate) &'c Client);

impl Apis<'_> {
    fn path(id: &str, tail: &str) -> Result<String> {
        Ok(format!("/f/apis/{}{tail}", seg("API id", id)?))
    }

    /// `GET /f/apis`: the root nodes, children nested.
    pub async fn tree(&self) -> Result<Vec<ApiDefinition>> {
        self.0.fetch(Req::get("/f/apis")).await
    }

    /// `POST /f/apis` (a name is needed). Sent once.
    pub async fn create(&self, api: &ApiDefinition) -> Result<ApiDefinition> {
        let advice = "Check the API tree to see whether it was created before creating it again.";
        let req = Req::new(Method::POST, "/f/apis", sending::once(advice)).json(api)?;
        self.0.fetch(req).await
    }

    /// `PUT /f/apis/{id}`: replaces the whole node.
    pub async fn update(&self, id: &str, api: &ApiDefinition) -> Result<ApiDefinition> {
        let req = Req::new(Method::PUT, Self::path(id, "")?, sending::SET).json(api)?;
        self.0.fetch(req).await
    }

    /// `PATCH /f/apis/{id}`: the server applies only `name` and `enabled`.
    pub async fn patch(
        &self,
        id: &str,
        name: Option<&str>,
        enabled: Option<bool>,
    ) -> Result<ApiDefinition> {
        let mut body = serde_json::Map::new();
        if let Some(n) = name {
            body.insert("name".into(), Value::String(n.to_owned()));
        }
        if let Some(e) = enabled {
            body.insert("enabled".into(), Value::Bool(e));
        }
        let req = Req::new(Method::PATCH, Self::path(id, "")?, sending::SET).json(&body)?;
        self.0.fetch(req).await
    }

    /// `DELETE /f/apis/{id}`: the node and its direct children.
    pub async fn delete(&self, id: &str) -> Result<()> {
        let req = Req::new(Method::DELETE, Self::path(id, "")?, sending::SET);
        self.0.done(req).await
    }

    /// `POST /f/apis/generate` (204): a folder of APIs for a model. Sent once.
    pub async fn generate(&self, request: &GenerateApis) -> Result<()> {
        let advice = "Check the API tree for the generated folder before generating again.";
        let req =
            Req::new(Method::POST, "/f/apis/generate", sending::once(advice)).json(request)?;
        self.0.done(req).await
    }

    /// `GET /f/apis/{id}/histories`, newest first.
    pub async fn histories(&self, id: &str) -> Result<Vec<ApiDefinition>> {
        self.0.fetch(Req::get(Self::path(id, "/histories")?)).await
    }

    /// `POST /f/apis/{id}/histories/{history}/restore`: copies the snapshot back (making a new
    /// snapshot). Sent once. An unknown history (the server's `null`, a 204) is a not-found
    /// error.
    pub async fn restore(&self, id: &str, history_id: &str) -> Result<ApiDefinition> {
        let tail = format!("/histories/{}/restore", seg("history id", history_id)?);
        let advice = "Check the API's histories to see whether it was restored.";
        let req = Req::new(Method::POST, Self::path(id, &tail)?, sending::once(advice));
        let what = format!("history {history_id} of API {id}");
        self.0.fetch_found(req, &what).await
    }
}

/// A row of the API log.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiLog {
    #[serde(deserialize_with = "console_core::de::lenient_string::deserialize")]
    pub id: Option<String>,
    pub url: Option<String>,
    pub http_method: Option<String>,
    pub path: Option<String>,
    pub request_body: Value,
    pub request_headers: Value,
    pub status_code: Option<u16>,
    /// Milliseconds.
    pub response_time: Option<i64>,
    pub client_ip: Option<String>,
    pub created_at: Option<String>,
    pub is_success: Option<bool>,
    pub error_message: Option<String>,
    pub tenant_id: Option<String>,
}

/// Which log rows to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiLogQuery {
    /// Searched in the request body.
    pub keyword: Option<String>,
    pub is_success: Option<bool>,
    /// From and to, `yyyy-MM-dd HH:mm:ss`.
    pub date_range: Option<(String, String)>,
    pub page: Option<PageRequest>,
}

/// `GET /f/logs/stat`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiLogStat {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub api_stat_list: Vec<DateCount>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub api_ranking_list: Vec<NameCount>,
    pub api_chart: ApiChart,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DateCount {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub date: String,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub total: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NameCount {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub total: u64,
}

/// Successes and failures per bucket (hour, day, month or year by the range's length).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiChart {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub date_list: Vec<String>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub success_data: Vec<u64>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub fail_data: Vec<u64>,
}

/// `client.api_logs()`.
pub struct ApiLogs<'c>(pub(crate) &'c Client);

fn range(r: &Option<(String, String)>) -> Option<String> {
    r.as_ref().map(|(from, to)| format!("{from},{to}"))
}

impl ApiLogs<'_> {
    /// `GET /f/logs`.
    pub async fn list(&self, query: &ApiLogQuery) -> Result<Page<ApiLog>> {
        let req = Req::get("/f/logs")
            .query("keyword", query.keyword.as_deref())
            .query("isSuccess", query.is_success)
            .query("dateRange", range(&query.date_range))
            .query("page", query.page.map(|p| p.page))
            .query("size", query.page.map(|p| p.size));
        self.0.fetch(req).await
    }

    /// Every row matching `query`.
    pub async fn list_all(&self, query: &ApiLogQuery) -> Result<Vec<ApiLog>> {
        walk_pages(paging(WALK_SIZE), |page, size| {
            let q = ApiLogQuery {
                page: Some(PageRequest::new(page, size)),
                ..query.clone()
            };
            async move { self.list(&q).await }
        })
        .await
    }

    /// `GET /f/logs/stat` over `date_range` (the last 7 days when none).
    pub async fn stat(&self, date_range: Option<(String, String)>) -> Result<ApiLogStat> {
        let req = Req::get("/f/logs/stat").query("dateRange", range(&date_range));
        self.0.fetch(req).await
    }
}
