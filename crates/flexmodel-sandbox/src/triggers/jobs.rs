//! Running a trigger's job and its log (kind `job_log`): a log `RUNNING` is written first,
//! then the job (a FLOW job starts an instance of the flow module `jobId` with the input as
//! its variables: a record for an event, nothing for a scheduled fire or execute), then the
//! log becomes `SUCCESS` (`outputData` the engine's answer, `executionDuration` in ms,
//! `endTime`) or `FAILED` (`errorMessage`, `errorStackTrace`): a missing or undeployed flow,
//! or an instance that stops on a failure, fails the job. The sandbox does not retry
//! (`retryCount`/`maxRetryCount` 0).

use std::collections::HashMap;
use std::time::Instant;

use axum::extract::{Query, State};
use axum::Json;
use chrono::NaiveDateTime;
use serde_json::{json, Map, Value};

use crate::auth::{Caller, Project};
use crate::error::{ApiError, ApiResult};
use crate::flows::{engine, page_of, paging};
use crate::meta::{new_id, now};
use crate::Sandbox;

pub(crate) const JOB_LOG: &str = "job_log";

/// Writes the `RUNNING` log of a job about to run; its id.
pub(crate) fn begin(
    sb: &Sandbox,
    project: &str,
    trigger: &Value,
    input: &Value,
    by: &str,
) -> ApiResult<Value> {
    let id = new_id();
    let t = now();
    let ms = chrono::Utc::now().timestamp_millis();
    let view = super::view(sb, project, trigger)?;
    let log = json!({
        "id": id,
        "triggerId": trigger["id"],
        "jobId": trigger["jobId"],
        "jobGroup": view["jobGroup"],
        "jobType": trigger["jobType"],
        "jobName": view["jobName"],
        "executionStatus": "RUNNING",
        "startTime": t,
        "endTime": null,
        "executionDuration": null,
        "isSuccess": null,
        "errorMessage": null,
        "errorStackTrace": null,
        "inputData": input,
        "outputData": null,
        "retryCount": 0,
        "maxRetryCount": 0,
        "schedulerName": "FlexModelScheduler",
        "instanceName": "sandbox",
        "firedTime": ms,
        "scheduledTime": ms,
        "tenantId": project,
        "createdBy": by,
        "updatedBy": by,
        "createdAt": t,
        "updatedAt": t,
    });
    sb.inner.meta.put(project, JOB_LOG, &id, &log)?;
    Ok(log)
}

/// Runs the job of a `RUNNING` log and records how it ended; the finished log.
pub(crate) fn finish(sb: &Sandbox, project: &str, mut log: Value) -> ApiResult<Value> {
    let started = Instant::now();
    let flow = log["jobId"].as_str().unwrap_or_default().to_owned();
    let variables: Map<String, Value> = match &log["inputData"] {
        Value::Object(m) => m.clone(),
        Value::Null => Map::new(),
        other => Map::from_iter([("input".to_owned(), other.clone())]),
    };
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
            log["outputData"] = json!({
                "flowInstanceId": answer["flowInstanceId"],
                "status": answer["status"],
                "errCode": answer["errCode"],
                "errMsg": answer["errMsg"],
                "variables": answer["variables"],
            });
            None
        }
        Ok(answer) => Some(format!(
            "流程执行失败 (errCode {}): {}",
            answer["errCode"],
            answer["errMsg"].as_str().unwrap_or_default()
        )),
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
        log["errorStackTrace"] = json!(format!(
            "dev.consoledesk.flexmodel_sandbox.JobFailed: {message}\n\
             \tat dev.consoledesk.flexmodel_sandbox.FlowJob.execute(flowModuleId={flow})"
        ));
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
pub(crate) fn spawn(sb: &Sandbox, project: &str, trigger: &Value, input: Value, by: &str) {
    let log = match begin(sb, project, trigger, &input, by) {
        Ok(log) => log,
        Err(e) => {
            tracing::warn!("a job log could not be written: {e:?}");
            return;
        }
    };
    let sb = sb.clone();
    let project = project.to_owned();
    tokio::task::spawn_blocking(move || {
        if let Err(e) = finish(&sb, &project, log) {
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
