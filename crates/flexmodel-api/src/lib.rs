//! A typed async client for the FlexModel low-code platform's admin API.
//!
//! ```no_run
//! # async fn demo() -> flexmodel_api::Result<()> {
//! use flexmodel_api::{Client, ClientConfig, Filter, RecordQuery, Sort};
//! let client = Client::sign_in(ClientConfig::new("http://fm.example:8080"), "admin", "admin123").await?;
//! let project = client.projects().list().await?.remove(0);
//! let client = client.with_project(project.id);
//! let filter = Filter::field("age").gt(10).and(Filter::field("name").contains("A"));
//! let page = client
//!     .records("system", "Student")
//!     .list(&RecordQuery::new().filter(&filter).sort(Sort::asc("name")))
//!     .await?;
//! println!("{} of {:?}", page.list.len(), page.total);
//! # Ok(()) }
//! ```
//!
//! What every console shares (the sending loop and its retry rule, the token session with its
//! single-flight refresh, the error, paging, the tolerant decoder) is `console_core`'s; this
//! crate is what is FlexModel's own: the `/api` root, the cookie session, the project header,
//! the flow engine's `errCode`, the filter language, and the resources with their types.
//! Answers are read with their keys exactly as sent (records and GraphQL data are the user's
//! own names); unknown members are ignored, and documented-but-open members stay JSON.
//! Reads retry passing failures; PUT, PATCH and DELETE may be resent; starts, executes,
//! creates, IDL, native queries, imports and GraphQL mutations are sent once, and a lost
//! answer is an unknown outcome saying what to check.

mod client;
mod config;
mod engine;
mod filter;
mod page;
pub mod resources;
mod session;

pub use client::Client;
pub use config::{ClientConfig, API_ROOT};
/// The error every console client shares.
pub use console_core::{Error, ErrorBody, ErrorKind, Result};
pub use filter::{FieldFilter, Filter, Order, Sort};
pub use page::{FlowInstanceStatus, FlowModuleStatus, NodeStatus, Page, PageRequest};
pub use resources::api_call::{ApiAnswer, ApiCall};
pub use resources::apis::{
    ApiChart, ApiDefinition, ApiLog, ApiLogQuery, ApiLogStat, ApiLogs, ApiType, Apis, DateCount,
    GenerateApis, NameCount,
};
pub use resources::codegen::{CodeTemplate, Codegen};
pub use resources::datasources::{
    Datasource, DatasourceConfig, DatasourceType, Datasources, NativeQueries, NativeQueryAnswer,
    ValidateAnswer,
};
pub use resources::flows::{
    FlowCreate, FlowCreated, FlowDeployed, FlowModule, FlowModuleDetail, FlowQuery, FlowUpdate,
    Flows,
};
pub use resources::graphql::{runs_mutation, Graphql, GraphqlRequest};
pub use resources::instances::{
    ElementInstance, FlowInstance, InstanceQuery, Instances, RunResult, UserTask,
};
pub use resources::metrics::{FmMetrics, Metrics, PrometheusText, SystemSummary};
pub use resources::models::{Fields, ImportType, Indexes, Models};
pub use resources::platform::{
    GlobalProfile, LogSettings, Project, Projects, SecuritySettings, Settings, SettingsApi,
};
pub use resources::records::{RecordQuery, Records};
pub use resources::schema::{
    DefaultValue, Entity, EnumModel, Field, FieldType, Index, IndexField, Model, NativeQuery,
};
pub use resources::triggers::{
    JobLog, JobLogQuery, JobLogs, Trigger, TriggerConfig, TriggerQuery, TriggerType, Triggers,
};
pub use session::{User, REFRESH_COOKIE};

impl Client {
    pub fn projects(&self) -> Projects<'_> {
        Projects(self)
    }
    pub fn settings(&self) -> SettingsApi<'_> {
        SettingsApi(self)
    }
    pub fn datasources(&self) -> Datasources<'_> {
        Datasources(self)
    }
    /// The models of data source `datasource` (and their fields, indexes, IDL, import).
    pub fn models(&self, datasource: &str) -> Models<'_> {
        Models {
            client: self,
            datasource: datasource.to_owned(),
        }
    }
    pub fn records(&self, datasource: &str, model: &str) -> Records<'_> {
        Records {
            client: self,
            datasource: datasource.to_owned(),
            model: model.to_owned(),
        }
    }
    pub fn native_query(&self, datasource: &str) -> NativeQueries<'_> {
        NativeQueries {
            client: self,
            datasource: datasource.to_owned(),
        }
    }
    pub fn graphql(&self) -> Graphql<'_> {
        Graphql(self)
    }
    pub fn flows(&self) -> Flows<'_> {
        Flows(self)
    }
    pub fn instances(&self) -> Instances<'_> {
        Instances(self)
    }
    pub fn triggers(&self) -> Triggers<'_> {
        Triggers(self)
    }
    pub fn job_logs(&self) -> JobLogs<'_> {
        JobLogs(self)
    }
    pub fn apis(&self) -> Apis<'_> {
        Apis(self)
    }
    pub fn api_logs(&self) -> ApiLogs<'_> {
        ApiLogs(self)
    }
    pub fn metrics(&self) -> Metrics<'_> {
        Metrics(self)
    }
    pub fn codegen(&self) -> Codegen<'_> {
        Codegen(self)
    }
}
