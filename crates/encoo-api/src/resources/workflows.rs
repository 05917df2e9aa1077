//! Workflows (流程部署): a package version deployed onto a robot group, with arguments,
//! priority and policies; executed on demand. `execute` is never retried on its own.

use console_core::{Error, Result};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_with::skip_serializing_none;

use crate::checks as rules;
use crate::client::{guid, once, Client, Scoping};
use crate::de::lenient_num;
use crate::models::{
    collect_pages, Argument, Job, ListQuery, Page, TriggerPolicy, VideoRecordMode,
};
use crate::resources::robots::Robot;

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct JobStateNotification {
    pub switch_on: bool,
    pub just_notice_against_last_runinstance: bool,
    /// Undocumented type: kept as sent.
    pub conditions: Option<Value>,
    pub recipients: Vec<String>,
    /// Members the doc does not list, kept so that a change sends them back as they were.
    #[serde(flatten)]
    pub other: serde_json::Map<String, Value>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Workflow {
    pub id: String,
    pub name: String,
    pub department_id: Option<String>,
    pub description: Option<String>,
    pub arguments: Vec<Argument>,
    pub tags: Vec<String>,
    pub video_record_mode: Option<VideoRecordMode>,
    pub properties: Option<Value>,
    pub job_state_notification: Option<JobStateNotification>,
    pub package_name: Option<String>,
    pub package_id: Option<String>,
    pub package_version_id: Option<String>,
    pub package_version: Option<String>,
    pub associated_queue_id: Option<String>,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub priority: i64,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub max_retry_count: i64,
    pub trigger_policy: Option<TriggerPolicy>,
    pub last_triggered_at: Option<String>,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub triggered_count: u64,
    pub created_at: Option<String>,
    pub created_by: Option<String>,
    pub created_by_name: Option<String>,
    pub modified_at: Option<String>,
    pub modified_by: Option<String>,
    pub modified_by_name: Option<String>,
    pub company_id: Option<String>,
}

/// Body of a create: a package version onto a robot group.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct WorkflowCreate {
    pub name: String,
    pub description: Option<String>,
    pub tags: Option<Vec<String>>,
    pub arguments: Option<Vec<Argument>>,
    pub video_record_mode: Option<VideoRecordMode>,
    pub job_state_notification: Option<JobStateNotification>,
    pub package_name: Option<String>,
    pub package_id: String,
    pub package_version_id: String,
    pub package_version: Option<String>,
    pub associated_queue_id: String,
    pub priority: Option<i64>,
    pub max_retry_count: Option<i64>,
    pub trigger_policy: Option<TriggerPolicy>,
}

/// Body of a PATCH: only the fields set change.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct WorkflowUpdate {
    pub name: Option<String>,
    pub description: Option<String>,
    pub arguments: Option<Vec<Argument>>,
    pub tags: Option<Vec<String>>,
    pub properties: Option<Value>,
    pub video_record_mode: Option<VideoRecordMode>,
    pub job_state_notification: Option<JobStateNotification>,
    pub trigger_policy: Option<TriggerPolicy>,
    pub package_name: Option<String>,
    pub package_version_id: Option<String>,
    pub package_version: Option<String>,
    pub associated_queue_id: Option<String>,
    pub priority: Option<i64>,
    pub max_retry_count: Option<i64>,
}

/// Body of an execute: overrides for this run only.
#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ExecuteRequest {
    /// `External` (the only documented source).
    pub source: String,
    pub arguments: Option<Vec<Argument>>,
    pub video_record_mode: Option<VideoRecordMode>,
    pub priority: Option<i64>,
    pub max_retry_count: Option<i64>,
    /// Undocumented type: sent as given.
    pub startup_type: Option<Value>,
    pub startup_id: Option<String>,
    pub startup_name: Option<String>,
    pub job_subject_id: Option<String>,
    pub job_subject_name: Option<String>,
    pub job_subject_type: Option<String>,
}

impl Default for ExecuteRequest {
    fn default() -> Self {
        ExecuteRequest {
            source: "External".into(),
            arguments: None,
            video_record_mode: None,
            priority: None,
            max_retry_count: None,
            startup_type: None,
            startup_id: None,
            startup_name: None,
            job_subject_id: None,
            job_subject_name: None,
            job_subject_type: None,
        }
    }
}

/// One robot's outcome in an add-robots call.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RobotLink {
    pub workflow_id: String,
    pub robot_id: String,
    /// Why the robot could not be added; none when it was.
    pub error_message: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BatchItem {
    pub id: String,
    pub name: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BatchUpgradeResult {
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub total: u64,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub success_count: u64,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub failure_count: u64,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub missing_count: u64,
    pub failed_list: Vec<BatchItem>,
    pub warning_list: Vec<BatchItem>,
}

fn check_numbers(priority: Option<i64>, retries: Option<i64>) -> Result<()> {
    rules::priority(priority)?;
    rules::max_retry_count(retries)
}

impl WorkflowCreate {
    /// What the console would refuse, checked without asking it: the name, description and
    /// tags, the three ids, the ranges, the enums and the arguments' directions.
    pub fn validate(&self) -> Result<()> {
        rules::name("Name", &self.name)?;
        rules::description(self.description.as_deref())?;
        rules::tags(self.tags.as_deref())?;
        guid("PackageId", &self.package_id)?;
        guid("PackageVersionId", &self.package_version_id)?;
        guid("AssociatedQueueId", &self.associated_queue_id)?;
        check_numbers(self.priority, self.max_retry_count)?;
        rules::video_record_mode(self.video_record_mode.as_ref())?;
        rules::trigger_policy(self.trigger_policy.as_ref())?;
        rules::arguments(self.arguments.as_deref())
    }
}

impl WorkflowUpdate {
    /// What the console would refuse of the fields set, checked without asking it.
    pub fn validate(&self) -> Result<()> {
        rules::name_opt("Name", self.name.as_deref())?;
        rules::description(self.description.as_deref())?;
        rules::tags(self.tags.as_deref())?;
        rules::guid_opt("PackageVersionId", self.package_version_id.as_deref())?;
        rules::guid_opt("AssociatedQueueId", self.associated_queue_id.as_deref())?;
        check_numbers(self.priority, self.max_retry_count)?;
        rules::video_record_mode(self.video_record_mode.as_ref())?;
        rules::trigger_policy(self.trigger_policy.as_ref())?;
        rules::arguments(self.arguments.as_deref())
    }
}

impl ExecuteRequest {
    /// What the console would refuse of this run's overrides, checked without asking it.
    pub fn validate(&self) -> Result<()> {
        if self.source != "External" {
            return Err(Error::invalid(
                "Source",
                format!(
                    "Source must be External, got \"{}\"",
                    self.source.escape_debug()
                ),
            ));
        }
        check_numbers(self.priority, self.max_retry_count)?;
        rules::video_record_mode(self.video_record_mode.as_ref())?;
        rules::arguments(self.arguments.as_deref())
    }
}

fn to_body(v: &impl Serialize) -> Value {
    serde_json::to_value(v).expect("serializable")
}

pub struct Workflows<'c>(pub(crate) &'c Client);

impl Workflows<'_> {
    pub async fn list(&self, query: &ListQuery) -> Result<Page<Workflow>> {
        query.validate()?;
        self.0
            .get("/openapi/workflows", query.pairs(), Scoping::Full)
            .await
    }

    pub async fn list_all(&self, query: &ListQuery) -> Result<Vec<Workflow>> {
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

    pub async fn get(&self, workflow_id: &str) -> Result<Workflow> {
        let id = guid("workflowId", workflow_id)?;
        self.0
            .get(
                &format!("/openapi/workflows/{id}"),
                Vec::new(),
                Scoping::Full,
            )
            .await
    }

    pub async fn create(&self, create: &WorkflowCreate) -> Result<Workflow> {
        create.validate()?;
        self.0
            .send(
                Method::POST,
                "/openapi/workflows",
                Some(&to_body(create)),
                once::CHANGE,
            )
            .await
    }

    pub async fn update(&self, workflow_id: &str, update: &WorkflowUpdate) -> Result<Workflow> {
        let id = guid("workflowId", workflow_id)?;
        update.validate()?;
        self.0
            .send(
                Method::PATCH,
                &format!("/openapi/workflows/{id}"),
                Some(&to_body(update)),
                once::CHANGE,
            )
            .await
    }

    pub async fn delete(&self, workflow_id: &str) -> Result<()> {
        let id = guid("workflowId", workflow_id)?;
        self.0
            .send_no_content(
                Method::DELETE,
                &format!("/openapi/workflows/{id}"),
                once::CHANGE,
            )
            .await
    }

    /// Runs the workflow once; answers the jobs created. Not idempotent: never retried here.
    pub async fn execute(&self, workflow_id: &str, request: &ExecuteRequest) -> Result<Vec<Job>> {
        let id = guid("workflowId", workflow_id)?;
        request.validate()?;
        self.0
            .send(
                Method::POST,
                &format!("/openapi/workflows/{id}/execute"),
                Some(&to_body(request)),
                once::RUN,
            )
            .await
    }

    /// Robots the workflow may run on.
    pub async fn robots(&self, workflow_id: &str) -> Result<Page<Robot>> {
        let id = guid("workflowId", workflow_id)?;
        self.0
            .get(
                &format!("/openapi/workflows/{id}/robots"),
                Vec::new(),
                Scoping::Full,
            )
            .await
    }

    /// Adds robots; each answers on its own (`ErrorMessage` says why one was not added).
    pub async fn add_robots(
        &self,
        workflow_id: &str,
        robot_ids: &[String],
    ) -> Result<Vec<RobotLink>> {
        let id = guid("workflowId", workflow_id)?;
        if robot_ids.is_empty() {
            return Err(Error::invalid("RobotIds", "choose at least one robot"));
        }
        let ids = robot_ids
            .iter()
            .map(|r| guid("RobotIds", r))
            .collect::<Result<Vec<_>>>()?;
        let body = serde_json::json!({ "RobotIds": ids });
        self.0
            .send(
                Method::POST,
                &format!("/openapi/workflows/{id}/robots"),
                Some(&body),
                once::CHANGE,
            )
            .await
    }

    pub async fn remove_robot(&self, workflow_id: &str, robot_id: &str) -> Result<()> {
        let id = guid("workflowId", workflow_id)?;
        let robot = guid("robotId", robot_id)?;
        self.0
            .send_no_content(
                Method::DELETE,
                &format!("/openapi/workflows/{id}/robots/{robot}"),
                once::CHANGE,
            )
            .await
    }

    /// Moves each workflow to its package's latest version.
    pub async fn upgrade(&self, workflow_ids: &[String]) -> Result<BatchUpgradeResult> {
        if workflow_ids.is_empty() {
            return Err(Error::invalid(
                "WorkflowIds",
                "choose at least one workflow",
            ));
        }
        let ids = workflow_ids
            .iter()
            .map(|w| guid("WorkflowIds", w))
            .collect::<Result<Vec<_>>>()?;
        let body = serde_json::json!({ "WorkflowIds": ids });
        self.0
            .send(
                Method::POST,
                "/openapi/workflows/batch/upgrade",
                Some(&body),
                once::CHANGE,
            )
            .await
    }
}
