//! Running a trigger's job and its log (kind `job_log`), as the real server writes them: a log
//! `RUNNING` (`isSuccess` false) is written first, then the job (a FLOW job starts an instance
//! of the flow module `jobId`: with no variables for execute and a scheduled fire, with the
//! record as variables for an event), then the log becomes `SUCCESS` (`outputData` the
//! engine's answer, `executionDuration` in ms, `endTime`) or `FAILED` (`errorMessage`,
//! `errorStackTrace`).
//!
//! What each cause writes, as the server does: execute — `jobName`, `schedulerName` and
//! `instanceName` the trigger's name, `inputData` the start parameters; a scheduled fire —
//! `jobName` the trigger's description (the server's Quartz job description),
//! `schedulerName` `QuarkusQuartzScheduler`, `instanceName` `NON_CLUSTERED`, `inputData` the
//! Quartz context (`jobDataMap`, `fireTime` …); an event — `jobName` the trigger's name,
//! `schedulerName` `EventTrigger`, `instanceName` `EventTriggerInstance`, `inputData`
//! `{triggerId, triggerName, triggerPhase: "POST_CHANGE", mutationType, eventData,
//! triggerTime}`.
//!
//! Where the sandbox differs, on purpose: the server marks a job SUCCESS whenever starting
//! the flow did not throw (its scheduled path even before the flow runs, and its execute
//! path overwrites a failure with SUCCESS); the sandbox fails the job when the engine
//! refuses or the instance stops on a failure (errCode outside 1000–1999: a missing or
//! undeployed flow, a failing service task), and always records the engine's answer as
//! `outputData`. The sandbox does not retry (`retryCount`/`maxRetryCount` 0).

use std::collections::HashMap;
use std::time::Instant;

use axum::extract::{Query, State};
use axum::Json;
use chrono::NaiveDateTime;
use serde_json::{json, Map, Value};

use crate::auth::{Caller, Project};
use crate::error::{ApiError, ApiResult};
use crate::events::RecordEvent;
use crate::flows::{engine, page_of, paging};
use crate::meta::{new_id, now};
use crate::Sandbox;

pub(crate) const JOB_LOG: &str = "job_log";

/// Why a job runs.
pub(crate) enum Cause<'a> {
    /// `POST /triggers/{id}/execute` by this user.
    Execute(&'a str),
    Scheduled,
    Event(&'a RecordEvent),
}

/// Writes the `RUNNING` log of a job about to run; the log and the flow's variables.
pub(crate) fn begin(
    sb: &Sandbox,
    project: &str,
    trigger: &Value,
    cause: &Cause,
) -> ApiResult<(Value, Map<String, Value>)> {
    let id = new_id();
    let t = now();
    let ms = chrono::Utc::now().timestamp_millis();
    let name = trigger["name"].clone();
    let (job_name, scheduler, instance, by, input, variables) = match cause {
        Cause::Execute(user) => (
            name.clone(),
            name.clone(),
            name.clone(),
            (*user).to_owned(),
            json!({
                "runtimeContext": null,
                "flowModuleId": trigger["jobId"],
                "flowDeployId": null,
                "variables": {},
                "projectId": project,
                "userId": user,
                "eventId": null,
                "startTime": ms,
            }),
            Map::new(),
        ),
        Cause::Scheduled => (
            trigger["description"].clone(),
            json!("QuarkusQuartzScheduler"),
            json!("NON_CLUSTERED"),
            "system".to_owned(),
            json!({
                "jobDataMap": {
                    "triggerId": trigger["id"],
                    "jobGroup": trigger["jobGroup"],
                    "jobType": trigger["jobType"],
                    "jobId": trigger["jobId"],
                },
                "triggerDataMap": {},
                "fireTime": ms,
                "scheduledFireTime": ms,
                "previousFireTime": null,
                "nextFireTime": null,
                "refireCount": 0,
                "jobRunTime": -1,
            }),
            Map::new(),
        ),
        Cause::Event(event) => {
            let variables = match &event.record {
                Value::Object(m) => m.clone(),
                Value::Null => Map::new(),
                other => Map::from_iter([("record".to_owned(), other.clone())]),
            };
            let kind = match event.mutation {
                "create" => "INSERTED",
                "update" => "UPDATED",
                _ => "DELETED",
            };
            (
                name.clone(),
                json!("EventTrigger"),
                json!("EventTriggerInstance"),
                "system".to_owned(),
                json!({
                    "triggerId": trigger["id"],
                    "triggerName": name,
                    "triggerPhase": "POST_CHANGE",
                    "mutationType": event.mutation,
                    "eventData": {
                        "eventType": kind,
                        "schemaName": event.datasource,
                        "modelName": event.model,
                        "newData": if event.mutation == "delete" { Value::Null } else { event.record.clone() },
                        "oldData": if event.mutation == "delete" { event.record.clone() } else { Value::Null },
                    },
                    "triggerTime": ms,
                }),
                variables,
            )
        }
    };
    let log = json!({
        "id": id,
        "triggerId": trigger["id"],
        "jobId": trigger["jobId"],
        "jobGroup": trigger["jobGroup"],
        "jobType": trigger["jobType"],
        "jobName": job_name,
        "executionStatus": "RUNNING",
        "startTime": t,
        "endTime": null,
        "executionDuration": null,
        "isSuccess": false,
        "errorMessage": null,
        "errorStackTrace": null,
        "inputData": input,
        "outputData": null,
        "retryCount": 0,
        "maxRetryCount": 0,
        "schedulerName": scheduler,
        "instanceName": instance,
        "firedTime": ms,
        "scheduledTime": ms,
        "tenantId": project,
        "createdBy": by,
        "updatedBy": by,
        "createdAt": t,
        "updatedAt": t,
    });
    sb.inner.meta.put(project, JOB_LOG, &id, &log)?;
    Ok((log, variables))
}

/// Runs the job of a `RUNNING` log and records how it ended; the finished log.
pub(crate) fn finish(
    sb: &Sandbox,
    project: &str,
    mut log: Value,
    variables: Map<String, Value>,
) -> ApiResult<Value> {
    let started = Instant::now();
    let flow = log["jobId"].as_str().unwrap_or_default().to_owned();
    let by = log["createdBy"].as_str().unwrap_or("system").to_owned();
    let outcome = engine::start(sb, project, &flow, None, variables, &by);
    let t = now();
    log["endTime"] = json!(t);
    log["updatedAt"] = json!(t);
    log["executionDuration"] = json!(started.elapsed().as_millis() as u64);
    let failure = match outcome {
        Ok(answer) if engine::is_success(&answer) => {
            log["executionStatus"] = json!("SUCCESS");
            log["isSuccess"] = json!(true);
            log["outputData"] = answer;
            None
        }
        Ok(answer) => {
            let message = format!(
                "流程执行失败 (errCode {}): {}",
                answer["errCode"],
                answer["errMsg"].as_str().unwrap_or_default()
            );
            log["outputData"] = answer;
            Some(message)
        }
        Err(e) => Some(format!(
            "流程执行失败: {}",
            e.body
                .as_ref()
                .and_then(|b| b["message"].as_str())
                .unwrap_or("the sandbox failed")
        )),
    };
    if let Some(message) = failure {
        log["executionStatus"] = json!("FAILED");
        log["isSuccess"] = json!(false);
        log["errorStackTrace"] = json!({
            "exception": "JobExecutionException",
            "message": message,
            "stackTrace": format!(
                "dev.consoledesk.flexmodel_sandbox.JobExecutionException: {message}\n\
                 \tat dev.consoledesk.flexmodel_sandbox.FlowJob.execute(flowModuleId={flow})"
            ),
        });
        log["errorMessage"] = json!(message);
    }
    sb.inner.meta.put(
        project,
        JOB_LOG,
        log["id"].as_str().unwrap_or_default(),
        &log,
    )?;
    Ok(log)
}

/// Starts a job in the background: the `RUNNING` log now, the rest on a blocking thread.
pub(crate) fn spawn(sb: &Sandbox, project: &str, trigger: &Value, cause: &Cause) {
    let (log, variables) = match begin(sb, project, trigger, cause) {
        Ok(begun) => begun,
        Err(e) => {
            tracing::warn!("a job log could not be written: {e:?}");
            return;
        }
    };
    let sb = sb.clone();
    let project = project.to_owned();
    tokio::task::spawn_blocking(move || {
        if let Err(e) = finish(&sb, &project, log, variables) {
            tracing::warn!("a job's end could not be written: {e:?}");
        }
    });
}

fn parse_time(name: &str, s: &str) -> ApiResult<NaiveDateTime> {
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s.trim(), f).ok())
    .ok_or_else(|| {
        ApiError::bad_request(format!(
            "{name} must be an ISO date-time like 2025-03-10T12:15:50, not '{s}'"
        ))
    })
}

pub(crate) async fn list_logs(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    let (page, size) = paging(&q, 20)?;
    let given = |k: &str| q.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
    let is_success = match given("isSuccess") {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "isSuccess must be true or false, not '{other}'"
            )))
        }
    };
    let from = given("startTime")
        .map(|s| parse_time("startTime", s))
        .transpose()?;
    let to = given("endTime")
        .map(|s| parse_time("endTime", s))
        .transpose()?;
    let mut rows: Vec<Value> = sb
        .inner
        .meta
        .list(&p, JOB_LOG)?
        .into_iter()
        .filter(|log| {
            let started = log["startTime"]
                .as_str()
                .and_then(|s| parse_time("startTime", s).ok());
            given("triggerId").is_none_or(|v| log["triggerId"] == v)
                && given("jobId").is_none_or(|v| log["jobId"] == v)
                && given("status").is_none_or(|v| log["executionStatus"] == v)
                && is_success.is_none_or(|v| log["isSuccess"] == v)
                && from.is_none_or(|f| started.is_some_and(|s| s >= f))
                && to.is_none_or(|t| started.is_some_and(|s| s <= t))
        })
        .collect();
    rows.reverse();
    rows.sort_by(|a, b| {
        b["startTime"]
            .as_str()
            .unwrap_or_default()
            .cmp(a["startTime"].as_str().unwrap_or_default())
    });
    Ok(Json(page_of(rows, page, size)))
}
