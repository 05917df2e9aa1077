//! A workflow's robots (list, add, remove) and the batch upgrade to the newest package version.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::body::JsonBody;
use crate::error::ApiError;
use crate::rules::merge_arguments;
use crate::store::{find, find_mut, guid, text, Scope};
use crate::Sandbox;

pub(crate) async fn workflow_robots_list(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = guid("workflowId", &id)?;
    let store = sb.inner.store.lock().unwrap();
    find(&store.workflows, &scope, &id, "workflow")?;
    let linked = store.workflow_robots.get(&id).cloned().unwrap_or_default();
    let robots: Vec<Value> = store
        .robots
        .iter()
        .filter(|r| linked.iter().any(|l| l == text(r, "Id")))
        .cloned()
        .collect();
    Ok(Json(json!({ "Count": robots.len(), "List": robots })))
}

/// Each robot answers on its own; only robots of the workflow's group can be added.
pub(crate) async fn workflow_robots_add(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let id = guid("workflowId", &id)?;
    let ids = body
        .get("RobotIds")
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty())
        .ok_or_else(|| ApiError::invalid("RobotIds", "RobotIds must be a non-empty list"))?;
    let ids = ids
        .iter()
        .map(|r| guid("RobotIds", r.as_str().unwrap_or_default()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut store = sb.inner.store.lock().unwrap();
    let queue = text(
        find(&store.workflows, &scope, &id, "workflow")?,
        "AssociatedQueueId",
    )
    .to_owned();
    let mut results = Vec::new();
    for robot in ids {
        let known = store
            .robots
            .iter()
            .any(|r| text(r, "Id") == robot && scope.holds(r));
        let in_group = store
            .robot_queues
            .get(&robot)
            .is_some_and(|qs| qs.contains(&queue));
        let linked = store.workflow_robots.entry(id.clone()).or_default();
        let error = if !known {
            Some(format!("robot {robot} was not found"))
        } else if !in_group {
            Some(format!(
                "robot {robot} is not in the workflow's robot group"
            ))
        } else if linked.contains(&robot) {
            Some(format!("robot {robot} is already added"))
        } else {
            linked.push(robot.clone());
            None
        };
        results.push(json!({ "WorkflowId": id, "RobotId": robot, "ErrorMessage": error }));
    }
    Ok(Json(json!(results)))
}

pub(crate) async fn workflow_robots_remove(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path((id, robot)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let id = guid("workflowId", &id)?;
    let robot = guid("robotId", &robot)?;
    let mut store = sb.inner.store.lock().unwrap();
    find(&store.workflows, &scope, &id, "workflow")?;
    let linked = store.workflow_robots.entry(id).or_default();
    let before = linked.len();
    linked.retain(|r| r != &robot);
    if linked.len() == before {
        return Err(ApiError::not_found(format!(
            "robot {robot} is not linked to the workflow"
        )));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /openapi/workflows/batch/upgrade`: each workflow to its package's newest version.
/// Unknown ids are missing; a new version with an input argument that has no value fails.
pub(crate) async fn workflows_upgrade(
    State(sb): State<Sandbox>,
    scope: Scope,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let ids = body
        .get("WorkflowIds")
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty())
        .ok_or_else(|| ApiError::invalid("WorkflowIds", "WorkflowIds must be a non-empty list"))?;
    let ids = ids
        .iter()
        .map(|w| guid("WorkflowIds", w.as_str().unwrap_or_default()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut store = sb.inner.store.lock().unwrap();
    let (mut success, mut missing) = (0, 0);
    let (mut failed, mut warnings) = (Vec::new(), Vec::new());
    for id in &ids {
        let Ok(wf) = find(&store.workflows, &scope, id, "workflow") else {
            missing += 1;
            continue;
        };
        let wf = wf.clone();
        let item = |message: String| json!({ "Id": id, "Name": wf["Name"], "Message": message });
        let Ok(package) = find(&store.packages, &scope, text(&wf, "PackageId"), "package") else {
            failed.push(item("its package no longer exists".into()));
            continue;
        };
        let latest = package["Versions"][0].clone();
        if latest["Id"] == wf["PackageVersionId"] {
            warnings.push(item(format!(
                "already on the latest version {}",
                text(&latest, "Version")
            )));
            success += 1;
            continue;
        }
        let declared = latest["Arguments"].as_array().cloned().unwrap_or_default();
        let kept: Vec<Value> = wf["Arguments"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| declared.iter().any(|d| d["Name"] == a["Name"]))
            .cloned()
            .collect();
        let merged = merge_arguments(&declared, Some(&json!(kept)));
        let unset = merged.as_ref().ok().and_then(|args| {
            args.iter()
                .find(|a| text(a, "Direction") != "Out" && a["DefaultValue"].is_null())
                .cloned()
        });
        match (merged, unset) {
            (Err(e), _) => failed.push(item(e.message)),
            (Ok(_), Some(a)) => failed.push(item(format!(
                "version {} adds input argument {} with no value; set it on the workflow first",
                text(&latest, "Version"),
                text(&a, "Name")
            ))),
            (Ok(args), None) => {
                let doc = find_mut(&mut store.workflows, &scope, id, "workflow")?;
                doc["PackageVersionId"] = latest["Id"].clone();
                doc["PackageVersion"] = latest["Version"].clone();
                doc["Arguments"] = json!(args);
                scope.touch(doc);
                success += 1;
            }
        }
    }
    Ok(Json(json!({
        "Total": ids.len(), "SuccessCount": success, "FailureCount": failed.len(), "MissingCount": missing,
        "FailedList": failed, "WarningList": warnings,
    })))
}
