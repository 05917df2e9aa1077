//! Workflow layouts (流程编排): list, get (answered in the doc's `{Count, List}` wrapping) and
//! execute, which queues one job per node, in node order, as one job group.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::error::ApiError;
use crate::query::ListParams;
use crate::store::{find, find_mut, guid, new_id, now, text, Scope};
use crate::Sandbox;

pub(crate) async fn layouts_list(
    State(sb): State<Sandbox>,
    scope: Scope,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let params = ListParams::parse(&q)?;
    let store = sb.inner.store.lock().unwrap();
    let docs = store
        .layouts
        .iter()
        .filter(|l| scope.holds(l) && params.matches(l))
        .collect();
    Ok(Json(params.page(docs, Value::clone)))
}

/// `GET /openapi/workflowlayouts/{id}`: the doc shows this answer as `{Count, List}`.
pub(crate) async fn layouts_get(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = guid("workflowlayoutId", &id)?;
    let store = sb.inner.store.lock().unwrap();
    let layout = find(&store.layouts, &scope, &id, "workflow layout")?;
    Ok(Json(json!({ "Count": 1, "List": [layout] })))
}

/// `POST /openapi/workflowlayouts/{id}/execute`: no body, or `{}`.
pub(crate) async fn layouts_execute(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let id = guid("workflowlayoutId", &id)?;
    if !body.iter().all(u8::is_ascii_whitespace)
        && serde_json::from_slice::<Map<String, Value>>(&body).is_err()
    {
        return Err(ApiError::invalid(
            "body",
            "the body must be empty or a JSON object",
        ));
    }
    let mut store = sb.inner.store.lock().unwrap();
    let layout = find(&store.layouts, &scope, &id, "workflow layout")?.clone();
    let mut nodes: Vec<Value> = layout["Nodes"].as_array().cloned().unwrap_or_default();
    nodes.sort_by_key(|n| n["Index"].as_i64().unwrap_or_default());
    if let Some(n) = nodes
        .iter()
        .find(|n| find(&store.workflows, &scope, text(n, "WorkflowId"), "workflow").is_err())
    {
        return Err(ApiError::refused(format!(
            "step \"{}\" runs workflow {}, which no longer exists",
            text(n, "Name"),
            text(n, "WorkflowId")
        )));
    }
    let group_id = new_id();
    let startup =
        json!({ "StartupType": "WorkflowLayout", "StartupId": id, "StartupName": layout["Name"] });
    let startup = startup.as_object().cloned().unwrap_or_default();
    let mut jobs = Vec::new();
    for node in &nodes {
        let mut overrides = startup.clone();
        let args = node["Arguments"].as_array().filter(|a| !a.is_empty());
        if let Some(args) = args {
            overrides.insert("Arguments".into(), json!(args));
        }
        jobs.push(crate::workflows::enqueue(
            &mut store,
            &scope,
            text(node, "WorkflowId"),
            &overrides,
            Some(&group_id),
        )?);
    }
    let at = now();
    let doc = find_mut(&mut store.layouts, &scope, &id, "workflow layout")?;
    doc["TriggeredCount"] = json!(doc["TriggeredCount"].as_u64().unwrap_or(0) + 1);
    doc["LastTriggeredAt"] = json!(at);
    let mut group = json!({
        "Id": group_id, "Name": layout["Name"], "StartedAt": at, "FinishedAt": null,
        "JobStartupType": "WorkflowLayout", "JobStartupId": id, "JobStartupName": layout["Name"],
        "OwnerId": id, "Jobs": jobs,
    });
    scope.stamp(&mut group);
    store.job_groups.push(group.clone());
    Ok(Json(group))
}
