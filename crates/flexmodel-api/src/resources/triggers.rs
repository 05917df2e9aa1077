//! Triggers (`client.triggers()`) with their config as an enum over `cron`, `interval` and
//! `event`, and the job logs their runs write (`client.job_logs()`). The server always sends
//! `nextFireTime` and `previousFireTime` as null.

use console_core::{api_enum, walk_pages};
use reqwest::Method;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::client::{seg, sending, Client, Req};
use crate::page::{paging, Page, PageRequest, WALK_SIZE};
use crate::Result;

api_enum!(
    /// When a trigger fires: on a schedule or on a record change.
    #[allow(clippy::upper_case_acronyms)]
    TriggerType { SCHEDULED, EVENT }
);

/// What makes a trigger fire, by `config.type`.
#[derive(Debug, Clone, PartialEq)]
pub enum TriggerConfig {
    /// Quartz syntax, seconds first, `?` for an unused day field: `0 0 8 * * ?`.
    Cron { cron_expression: String },
    /// Every `interval` `interval_unit` (second … year), `repeat_count` times (≤ 0 or none:
    /// forever).
    Interval {
        interval: i64,
        interval_unit: String,
        repeat_count: Option<i64>,
    },
    /// A change (`create`, `update`, `delete`) of a model's records, `before` or `after` it.
    Event {
        datasource_name: String,
        model_name: String,
        mutation_types: Vec<String>,
        trigger_timing: Option<String>,
    },
    /// A type this client does not know, as sent.
    Other(Value),
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Known {
    #[serde(rename_all = "camelCase")]
    Cron {
        #[serde(default)]
        cron_expression: String,
    },
    #[serde(rename_all = "camelCase")]
    Interval {
        #[serde(
            default,
            deserialize_with = "console_core::de::lenient_num::deserialize"
        )]
        interval: i64,
        #[serde(default)]
        interval_unit: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        repeat_count: Option<i64>,
    },
    #[serde(rename_all = "camelCase")]
    Event {
        #[serde(default)]
        datasource_name: String,
        #[serde(default)]
        model_name: String,
        #[serde(default)]
        mutation_types: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        trigger_timing: Option<String>,
    },
}

impl<'de> Deserialize<'de> for TriggerConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let kind = value.get("type").and_then(Value::as_str).unwrap_or("");
        if !matches!(kind, "cron" | "interval" | "event") {
            return Ok(TriggerConfig::Other(value));
        }
        Ok(
            match serde_json::from_value(value).map_err(D::Error::custom)? {
                Known::Cron { cron_expression } => TriggerConfig::Cron { cron_expression },
                Known::Interval {
                    interval,
                    interval_unit,
                    repeat_count,
                } => TriggerConfig::Interval {
                    interval,
                    interval_unit,
                    repeat_count,
                },
                Known::Event {
                    datasource_name,
                    model_name,
                    mutation_types,
                    trigger_timing,
                } => TriggerConfig::Event {
                    datasource_name,
                    model_name,
                    mutation_types,
                    trigger_timing,
                },
            },
        )
    }
}

impl Serialize for TriggerConfig {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let known = match self.clone() {
            TriggerConfig::Cron { cron_expression } => Known::Cron { cron_expression },
            TriggerConfig::Interval {
                interval,
                interval_unit,
                repeat_count,
            } => Known::Interval {
                interval,
                interval_unit,
                repeat_count,
            },
            TriggerConfig::Event {
                datasource_name,
                model_name,
                mutation_types,
                trigger_timing,
            } => Known::Event {
                datasource_name,
                model_name,
                mutation_types,
                trigger_timing,
            },
            TriggerConfig::Other(v) => return v.serialize(s),
        };
        known.serialize(s)
    }
}

/// A trigger. `job_group` is computed by the server; `job_name` (the flow's name) comes with
/// lists and gets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Trigger {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub kind: TriggerType,
    pub config: Option<TriggerConfig>,
    /// `FLOW`.
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub job_type: String,
    /// The flow module the trigger starts.
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub job_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_group: Option<String>,
    /// Enabled.
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub state: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_fire_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_fire_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

impl Default for Trigger {
    fn default() -> Self {
        Trigger {
            id: None,
            name: String::new(),
            description: None,
            kind: TriggerType::SCHEDULED,
            config: None,
            job_type: "FLOW".into(),
            job_id: String::new(),
            job_group: None,
            state: true,
            job_name: None,
            next_fire_time: None,
            previous_fire_time: None,
            created_at: None,
            updated_at: None,
            created_by: None,
            updated_by: None,
            tenant_id: None,
        }
    }
}

impl Trigger {
    /// An enabled trigger `name` starting flow `flow_module_id` as `config` says (its type
    /// follows from the config).
    pub fn for_flow(
        name: impl Into<String>,
        flow_module_id: impl Into<String>,
        config: TriggerConfig,
    ) -> Self {
        let kind = match config {
            TriggerConfig::Event { .. } => TriggerType::EVENT,
            _ => TriggerType::SCHEDULED,
        };
        Trigger {
            name: name.into(),
            job_id: flow_module_id.into(),
            kind,
            config: Some(config),
            ..Trigger::default()
        }
    }
}

/// Which triggers to list (exact matches, newest first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TriggerQuery {
    pub name: Option<String>,
    pub job_type: Option<String>,
    pub job_id: Option<String>,
    pub job_group: Option<String>,
    pub page: Option<PageRequest>,
}

/// `client.triggers()`.
pub struct Triggers<'c>(pub(crate) &'c Client);

impl Triggers<'_> {
    fn path(id: &str, tail: &str) -> Result<String> {
        Ok(format!("/f/triggers/{}{tail}", seg("trigger id", id)?))
    }

    /// `GET /f/triggers`.
    pub async fn list(&self, query: &TriggerQuery) -> Result<Page<Trigger>> {
        let req = Req::get("/f/triggers")
            .query("name", query.name.as_deref())
            .query("jobType", query.job_type.as_deref())
            .query("jobId", query.job_id.as_deref())
            .query("jobGroup", query.job_group.as_deref())
            .query("page", query.page.map(|p| p.page))
            .query("size", query.page.map(|p| p.size));
        self.0.fetch(req).await
    }

    /// Every trigger matching `query`.
    pub async fn list_all(&self, query: &TriggerQuery) -> Result<Vec<Trigger>> {
        walk_pages(paging(WALK_SIZE), |page, size| {
            let q = TriggerQuery {
                page: Some(PageRequest::new(page, size)),
                ..query.clone()
            };
            async move { self.list(&q).await }
        })
        .await
    }

    /// `GET /f/triggers/{id}`; a missing trigger (the server's `null`, a 204) is a not-found
    /// error.
    pub async fn get(&self, id: &str) -> Result<Trigger> {
        let what = format!("trigger {id}");
        self.0
            .fetch_found(Req::get(Self::path(id, "")?), &what)
            .await
    }

    /// `POST /f/triggers`. Sent once. A blank or invalid cron is the server's 400 message.
    pub async fn create(&self, trigger: &Trigger) -> Result<Trigger> {
        let advice =
            "Check the trigger list to see whether it was created before creating it again.";
        let req = Req::new(Method::POST, "/f/triggers", sending::once(advice)).json(trigger)?;
        self.0.fetch(req).await
    }

    /// `PUT /f/triggers/{id}`: the whole trigger.
    pub async fn update(&self, id: &str, trigger: &Trigger) -> Result<Trigger> {
        let req = Req::new(Method::PUT, Self::path(id, "")?, sending::SET).json(trigger)?;
        self.0.fetch(req).await
    }

    /// `PATCH /f/triggers/{id}` of `state` (the only member the server applies): pause or
    /// resume.
    pub async fn set_enabled(&self, id: &str, enabled: bool) -> Result<Trigger> {
        let body = serde_json::json!({ "state": enabled });
        let req = Req::new(Method::PATCH, Self::path(id, "")?, sending::SET).json(&body)?;
        self.0.fetch(req).await
    }

    /// `DELETE /f/triggers/{id}`.
    pub async fn delete(&self, id: &str) -> Result<()> {
        let req = Req::new(Method::DELETE, Self::path(id, "")?, sending::SET);
        self.0.done(req).await
    }

    /// `POST /f/triggers/{id}/execute`: runs the job now (a disabled trigger is refused).
    /// Never resent: a lost answer is an unknown outcome.
    pub async fn execute(&self, id: &str) -> Result<Trigger> {
        let advice = "Check the trigger's job logs to see whether it ran before running it again.";
        let req = Req::new(
            Method::POST,
            Self::path(id, "/execute")?,
            sending::once(advice),
        );
        self.0.fetch(req).await
    }
}

/// A run of a trigger's job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobLog {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub id: String,
    pub trigger_id: Option<String>,
    pub job_id: Option<String>,
    pub job_group: Option<String>,
    pub job_type: Option<String>,
    pub job_name: Option<String>,
    /// `RUNNING`, `SUCCESS`, `FAILED`.
    pub execution_status: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    /// Milliseconds.
    pub execution_duration: Option<i64>,
    pub is_success: Option<bool>,
    pub error_message: Option<String>,
    pub error_stack_trace: Option<Value>,
    pub input_data: Option<Value>,
    pub output_data: Option<Value>,
    pub retry_count: Option<i64>,
    pub max_retry_count: Option<i64>,
    pub scheduler_name: Option<String>,
    pub instance_name: Option<String>,
    pub fired_time: Option<i64>,
    pub scheduled_time: Option<i64>,
    pub tenant_id: Option<String>,
    pub created_by: Option<String>,
    pub updated_by: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

/// Which job logs to list; times are ISO `LocalDateTime` compared with the log's start.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobLogQuery {
    pub trigger_id: Option<String>,
    pub job_id: Option<String>,
    pub status: Option<String>,
    pub is_success: Option<bool>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub page: Option<PageRequest>,
}

/// `client.job_logs()`.
pub struct JobLogs<'c>(pub(crate) &'c Client);

impl JobLogs<'_> {
    /// `GET /f/jobs/logs`, newest first.
    pub async fn list(&self, query: &JobLogQuery) -> Result<Page<JobLog>> {
        let req = Req::get("/f/jobs/logs")
            .query("triggerId", query.trigger_id.as_deref())
            .query("jobId", query.job_id.as_deref())
            .query("status", query.status.as_deref())
            .query("isSuccess", query.is_success)
            .query("startTime", query.start_time.as_deref())
            .query("endTime", query.end_time.as_deref())
            .query("page", query.page.map(|p| p.page))
            .query("size", query.page.map(|p| p.size));
        self.0.fetch(req).await
    }

    /// Every job log matching `query`.
    pub async fn list_all(&self, query: &JobLogQuery) -> Result<Vec<JobLog>> {
        walk_pages(paging(WALK_SIZE), |page, size| {
            let q = JobLogQuery {
                page: Some(PageRequest::new(page, size)),
                ..query.clone()
            };
            async move { self.list(&q).await }
        })
        .await
    }
}
