//! Workflows (流程部署): a package version on a robot group, with arguments and policies;
//! list, get, create, update, delete and execute (robots and upgrade: `workflow_robots.rs`).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Map, Value};

use crate::body::JsonBody;
use crate::error::ApiError;
use crate::query::ListParams;
use crate::rules::{
    body_guid, changes, description, int_in, merge_arguments, name, one_of, tags, MAX_RETRY_COUNT,
    PRIORITY, TRIGGER_POLICIES, VIDEO_MODES,
};
use crate::store::{find, find_mut, guid, new_id, now, text, Scope, Store};
use crate::Sandbox;

fn version_of<'a>(
    store: &'a Store,
    scope: &Scope,
    package_id: &str,
    version_id: &str,
) -> Result<(&'a Value, &'a Value), ApiError> {
    let package = find(&store.packages, scope, package_id, "package").map_err(|_| {
        ApiError::invalid(
            "PackageId",
            format!("package {package_id} does not exist in this department"),
        )
    })?;
    let version = package["Versions"]
        .as_array()
        .and_then(|vs| vs.iter().find(|v| text(v, "Id") == version_id))
        .ok_or_else(|| {
            ApiError::invalid(
                "PackageVersionId",
                format!(
                    "package {} has no version {version_id}",
                    text(package, "Name")
                ),
            )
        })?;
    Ok((package, version))
}

pub(crate) async fn workflows_list(
    State(sb): State<Sandbox>,
    scope: Scope,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let params = ListParams::parse(&q)?;
    let store = sb.inner.store.lock().unwrap();
    let docs = store
        .workflows
        .iter()
        .filter(|w| scope.holds(w) && params.matches(w))
        .filter(|w| {
            params
                .associated_queue_id
                .as_deref()
                .is_none_or(|q| text(w, "AssociatedQueueId") == q)
        })
        .filter(|w| params.runs_package(w))
        .collect();
    Ok(Json(params.page(docs, Value::clone)))
}

pub(crate) async fn workflows_get(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = guid("workflowId", &id)?;
    let store = sb.inner.store.lock().unwrap();
    Ok(Json(
        find(&store.workflows, &scope, &id, "workflow")?.clone(),
    ))
}

pub(crate) async fn workflows_create(
    State(sb): State<Sandbox>,
    scope: Scope,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let name = name("Name", body.get("Name"))?;
    let description = description(body.get("Description"))?;
    let tags = body
        .get("Tags")
        .filter(|t| !t.is_null())
        .map(tags)
        .transpose()?
        .unwrap_or_default();
    let package_id = body_guid(&body, "PackageId")?
        .ok_or_else(|| ApiError::invalid("PackageId", "PackageId is required"))?;
    let version_id = body_guid(&body, "PackageVersionId")?
        .ok_or_else(|| ApiError::invalid("PackageVersionId", "PackageVersionId is required"))?;
    let queue_id = body_guid(&body, "AssociatedQueueId")?
        .ok_or_else(|| ApiError::invalid("AssociatedQueueId", "AssociatedQueueId is required"))?;
    let priority = int_in(&body, "Priority", PRIORITY)?.unwrap_or(2000);
    let retries = int_in(&body, "MaxRetryCount", MAX_RETRY_COUNT)?.unwrap_or(0);
    let video = one_of(&body, "VideoRecordMode", VIDEO_MODES)?.unwrap_or(json!("NeverRecord"));
    let policy =
        one_of(&body, "TriggerPolicy", TRIGGER_POLICIES)?.unwrap_or(json!("SkipWhenNoResource"));
    let mut store = sb.inner.store.lock().unwrap();
    let (package, version) = version_of(&store, &scope, &package_id, &version_id)?;
    find(&store.queues, &scope, &queue_id, "robot group").map_err(|_| {
        ApiError::invalid(
            "AssociatedQueueId",
            format!("robot group {queue_id} does not exist in this department"),
        )
    })?;
    let arguments = merge_arguments(
        version["Arguments"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default(),
        body.get("Arguments"),
    )?;
    let mut doc = json!({
        "Id": new_id(), "Name": name, "Description": description, "Tags": tags, "Arguments": arguments,
        "VideoRecordMode": video, "Properties": body.get("Properties").cloned().unwrap_or(json!({})),
        "JobStateNotification": body.get("JobStateNotification").cloned().unwrap_or(json!({"SwitchOn": false, "JustNoticeAgainstLastRuninstance": false, "Conditions": null, "Recipients": []})),
        "PackageName": text(package, "Name"), "PackageId": package_id, "PackageVersionId": version_id,
        "PackageVersion": text(version, "Version"), "AssociatedQueueId": queue_id, "Priority": priority,
        "MaxRetryCount": retries, "TriggerPolicy": policy, "LastTriggeredAt": null, "TriggeredCount": 0,
    });
    scope.stamp(&mut doc);
    store.workflows.push(doc.clone());
    Ok(Json(doc))
}

pub(crate) async fn workflows_update(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let id = guid("workflowId", &id)?;
    let mut changes = changes(&body, &["Name", "Description", "Tags"])?;
    for (field, v) in [
        ("Priority", int_in(&body, "Priority", PRIORITY)?),
        (
            "MaxRetryCount",
            int_in(&body, "MaxRetryCount", MAX_RETRY_COUNT)?,
        ),
    ] {
        if let Some(v) = v {
            changes.insert(field.into(), json!(v));
        }
    }
    for (field, v) in [
        (
            "VideoRecordMode",
            one_of(&body, "VideoRecordMode", VIDEO_MODES)?,
        ),
        (
            "TriggerPolicy",
            one_of(&body, "TriggerPolicy", TRIGGER_POLICIES)?,
        ),
    ] {
        if let Some(v) = v {
            changes.insert(field.into(), v);
        }
    }
    for field in ["Properties", "JobStateNotification"] {
        if let Some(v) = body.get(field).filter(|v| !v.is_null()) {
            changes.insert(field.into(), v.clone());
        }
    }
    let new_version = body_guid(&body, "PackageVersionId")?;
    let new_queue = body_guid(&body, "AssociatedQueueId")?;
    let mut store = sb.inner.store.lock().unwrap();
    let current = find(&store.workflows, &scope, &id, "workflow")?.clone();
    let version_id = new_version.unwrap_or_else(|| text(&current, "PackageVersionId").to_owned());
    let (_, version) = version_of(&store, &scope, text(&current, "PackageId"), &version_id)?;
    let declared: Vec<Value> = version["Arguments"].as_array().cloned().unwrap_or_default();
    // Keep the values set so far for arguments the version still declares.
    let kept: Vec<Value> = current["Arguments"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| declared.iter().any(|d| d["Name"] == a["Name"]))
        .cloned()
        .collect();
    let mut arguments = merge_arguments(&declared, Some(&json!(kept)))?;
    if body.get("Arguments").is_some_and(|a| !a.is_null()) {
        arguments = merge_arguments(&arguments, body.get("Arguments"))?;
    }
    changes.insert("Arguments".into(), json!(arguments));
    changes.insert("PackageVersionId".into(), json!(version_id));
    changes.insert("PackageVersion".into(), version["Version"].clone());
    if let Some(q) = new_queue {
        find(&store.queues, &scope, &q, "robot group").map_err(|_| {
            ApiError::invalid(
                "AssociatedQueueId",
                format!("robot group {q} does not exist in this department"),
            )
        })?;
        if q != text(&current, "AssociatedQueueId") {
            store.workflow_robots.remove(&id);
        }
        changes.insert("AssociatedQueueId".into(), json!(q));
    }
    let doc = find_mut(&mut store.workflows, &scope, &id, "workflow")?;
    for (k, v) in changes {
        doc[k.as_str()] = v;
    }
    scope.touch(doc);
    Ok(Json(doc.clone()))
}

/// Refused while a layout runs the workflow.
pub(crate) async fn workflows_delete(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = guid("workflowId", &id)?;
    let mut store = sb.inner.store.lock().unwrap();
    find(&store.workflows, &scope, &id, "workflow")?;
    let used_by = store.layouts.iter().find(|l| {
        l["Nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|n| text(n, "WorkflowId") == id)
    });
    if let Some(l) = used_by {
        return Err(ApiError::refused(format!(
            "the workflow is a step of layout \"{}\" ({}); remove it from the layout first",
            text(l, "Name"),
            text(l, "Id")
        )));
    }
    store.workflows.retain(|w| text(w, "Id") != id);
    store.workflow_robots.remove(&id);
    Ok(StatusCode::NO_CONTENT)
}

/// A queued job for `workflow`, with this run's overrides, recorded in the store.
pub(crate) fn enqueue(
    store: &mut Store,
    scope: &Scope,
    workflow_id: &str,
    overrides: &Map<String, Value>,
    group: Option<&str>,
) -> Result<Value, ApiError> {
    let priority = int_in(overrides, "Priority", PRIORITY)?;
    let retries = int_in(overrides, "MaxRetryCount", MAX_RETRY_COUNT)?;
    let video = one_of(overrides, "VideoRecordMode", VIDEO_MODES)?;
    let wf = find_mut(&mut store.workflows, scope, workflow_id, "workflow")?;
    let declared = wf["Arguments"].as_array().cloned().unwrap_or_default();
    let arguments = merge_arguments(&declared, overrides.get("Arguments"))?;
    let at = now();
    wf["TriggeredCount"] = json!(wf["TriggeredCount"].as_u64().unwrap_or(0) + 1);
    wf["LastTriggeredAt"] = json!(at);
    let startup = |f: &str| overrides.get(f).cloned().unwrap_or(Value::Null);
    let mut job = json!({
        "Id": new_id(), "WorkflowId": workflow_id, "Name": wf["Name"], "Description": wf["Description"],
        "PackageId": wf["PackageId"], "PackageName": wf["PackageName"], "PackageVersion": wf["PackageVersion"],
        "PackageVersionId": wf["PackageVersionId"], "Arguments": arguments, "ContainingQueueId": wf["AssociatedQueueId"],
        "Priority": priority.map(Value::from).unwrap_or_else(|| wf["Priority"].clone()), "State": "Queued", "DisplayState": "Queued",
        "VideoRecordMode": video.unwrap_or_else(|| wf["VideoRecordMode"].clone()), "Message": null,
        "LastRunInstaceId": null, "LastRobotName": null, "StartedAt": null, "FinishedAt": null, "RetriedCount": 0,
        "MaxRetryCount": retries.map(Value::from).unwrap_or_else(|| wf["MaxRetryCount"].clone()), "CronTriggerId": null,
        "JobExecutionPolicy": { "TriggerPolicy": wf["TriggerPolicy"] },
        "JobStartupType": startup("StartupType"), "JobStartupId": startup("StartupId"), "JobStartupName": startup("StartupName"),
        "JobGroupId": group, "SeqNum": store.jobs.len() + 1, "Step": null,
        "JobSubjectId": startup("JobSubjectId"), "JobSubjectName": startup("JobSubjectName"), "JobSubjectType": startup("JobSubjectType"),
    });
    scope.stamp(&mut job);
    store.jobs.push(job.clone());
    Ok(job)
}

/// `POST /openapi/workflows/{id}/execute`: answers the jobs created (one).
pub(crate) async fn workflows_execute(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let id = guid("workflowId", &id)?;
    if let Some(source) = body.get("Source").filter(|s| !s.is_null()) {
        if source != "External" {
            return Err(ApiError::invalid(
                "Source",
                format!("Source must be External, got {source}"),
            ));
        }
    }
    let mut store = sb.inner.store.lock().unwrap();
    let job = enqueue(&mut store, &scope, &id, &body, None)?;
    Ok(Json(json!([job])))
}
