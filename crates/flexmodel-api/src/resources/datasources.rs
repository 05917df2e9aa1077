//! Data sources (`client.datasources()`): list, create, update, delete, test a connection,
//! list a database's tables, sync tables into models; and native queries on one
//! (`client.native_query(ds)`).

use console_core::api_enum;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::{seg, sending, Client, Req};
use crate::resources::schema::Model;
use crate::Result;

api_enum!(
    /// `SYSTEM` data sources cannot be edited; created ones are `USER`.
    #[allow(clippy::upper_case_acronyms)]
    DatasourceType { SYSTEM, USER }
);

/// A data source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Datasource {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub name: String,
    #[serde(rename = "type")]
    pub kind: DatasourceType,
    pub config: DatasourceConfig,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<String>,
}

impl Default for Datasource {
    fn default() -> Self {
        Datasource {
            name: String::new(),
            kind: DatasourceType::USER,
            config: DatasourceConfig::default(),
            enabled: true,
            created_at: None,
            updated_at: None,
            tenant_id: None,
            created_by: None,
            updated_by: None,
        }
    }
}

impl Datasource {
    /// A `USER` data source named `name`, enabled.
    pub fn new(name: impl Into<String>, config: DatasourceConfig) -> Self {
        Datasource {
            name: name.into(),
            config,
            ..Datasource::default()
        }
    }
}

/// How to reach a data source's database. Other members (a kind's own options) are kept in
/// `extra` and sent back.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DatasourceConfig {
    /// `mysql`, `mariadb`, `oracle`, `sqlserver`, `postgresql`, `db2`, `sqlite`, `gbase`,
    /// `dm`, `tidb`, `mongodb`.
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub db_kind: String,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Never shows the password.
impl std::fmt::Debug for DatasourceConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatasourceConfig")
            .field("db_kind", &self.db_kind)
            .field("url", &self.url)
            .field("username", &self.username)
            .field("has_password", &self.password.is_some())
            .finish_non_exhaustive()
    }
}

/// `POST /f/datasources/validate`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ValidateAnswer {
    pub success: Option<bool>,
    /// `"ok"` or the driver's message.
    pub error_msg: Option<String>,
    /// Milliseconds the check took.
    pub time: Option<u64>,
}

/// A native query's answer: rows for a SELECT, an affected-row count for a change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NativeQueryAnswer {
    /// Milliseconds.
    pub time: Option<u64>,
    /// Rows keep their keys exactly as sent.
    pub result: Value,
}

/// `client.datasources()`.
pub struct Datasources<'c>(pub(crate) &'c Client);

impl Datasources<'_> {
    /// `GET /f/datasources`: the enabled ones.
    pub async fn list(&self) -> Result<Vec<Datasource>> {
        self.0.fetch(Req::get("/f/datasources")).await
    }

    /// `POST /f/datasources`. Sent once: a duplicate name is refused.
    pub async fn create(&self, datasource: &Datasource) -> Result<Datasource> {
        let advice = "Check the data source list to see whether it was created.";
        let req = Req::new(Method::POST, "/f/datasources", sending::once(advice));
        self.0.fetch(req.json(datasource)?).await
    }

    /// `PUT /f/datasources/{name}`.
    pub async fn update(&self, name: &str, datasource: &Datasource) -> Result<Datasource> {
        let path = format!("/f/datasources/{}", seg("datasource", name)?);
        let req = Req::new(Method::PUT, path, sending::SET).json(datasource)?;
        self.0.fetch(req).await
    }

    /// `DELETE /f/datasources/{name}`.
    pub async fn delete(&self, name: &str) -> Result<()> {
        let path = format!("/f/datasources/{}", seg("datasource", name)?);
        self.0
            .done(Req::new(Method::DELETE, path, sending::SET))
            .await
    }

    /// `POST /f/datasources/validate`: tests the connection (changes nothing).
    pub async fn validate(&self, datasource: &Datasource) -> Result<ValidateAnswer> {
        let req = Req::new(Method::POST, "/f/datasources/validate", sending::READ);
        self.0.fetch(req.json(datasource)?).await
    }

    /// `POST /f/datasources/physics/names`: the database's table names (`[]` when the
    /// connection fails).
    pub async fn physical_tables(&self, datasource: &Datasource) -> Result<Vec<String>> {
        let req = Req::new(Method::POST, "/f/datasources/physics/names", sending::READ);
        self.0.fetch(req.json(datasource)?).await
    }

    /// `POST /f/datasources/{name}/sync`: models made from `tables`.
    pub async fn sync(&self, name: &str, tables: &[String]) -> Result<Vec<Model>> {
        let path = format!("/f/datasources/{}/sync", seg("datasource", name)?);
        let advice = "Check the data source's models to see whether the tables were synced.";
        let req = Req::new(Method::POST, path, sending::once(advice)).json(tables)?;
        self.0.fetch(req).await
    }
}

/// `client.native_query(ds)`.
pub struct NativeQueries<'c> {
    pub(crate) client: &'c Client,
    pub(crate) datasource: String,
}

impl NativeQueries<'_> {
    /// `POST /f/datasources/{ds}/native-query`: runs `statement` with its `${x}` parameters.
    /// Sent once: the statement may change data.
    pub async fn execute(&self, statement: &str, parameters: &Value) -> Result<NativeQueryAnswer> {
        let path = format!(
            "/f/datasources/{}/native-query",
            seg("datasource", &self.datasource)?
        );
        let advice = "Check the data to see whether the statement ran before running it again.";
        let body = serde_json::json!({"statement": statement, "parameters": parameters});
        let req = Req::new(Method::POST, path, sending::once(advice)).json(&body)?;
        self.client.fetch(req).await
    }
}
