//! Flow instances over HTTP: the list, start, one instance, commit, rollback, terminate, and
//! an instance's elements and user tasks; the engine (`engine`) does the running.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::engine::{self, code, refusal, DEPLOYMENT, INSTANCE};
use super::{blocking, page_of, paging, text, Params};
use crate::auth::{Caller, Project};
use crate::body::JsonBody;
use crate::error::{ApiError, ApiResult};
use crate::Sandbox;

fn instance_filters_match(inst: &Value, q: &HashMap<String, String>) -> ApiResult<bool> {
    for field in ["flowInstanceId", "flowModuleId", "flowDeployId", "caller"] {
        if let Some(v) = q.get(field).filter(|v| !v.trim().is_empty()) {
            if inst[field] != v.trim() {
                return Ok(false);
            }
        }
    }
    if let Some(s) = q.get("status").filter(|v| !v.trim().is_empty()) {
        let s: i64 = s
            .trim()
            .parse()
            .map_err(|_| ApiError::bad_request(format!("status must be a number, not '{s}'")))?;
        if inst["status"] != s {
            return Ok(false);
        }
    }
    Ok(true)
}

pub(crate) async fn list_instances(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Query(q): Params,
) -> ApiResult<Json<Value>> {
    let (page, size) = paging(&q, 20)?;
    let mut rows = Vec::new();
    for inst in sb.inner.meta.list(&p, INSTANCE)? {
        if instance_filters_match(&inst, &q)? {
            // The list adds the deployment's flow name and key, as the server's does.
            let mut row = engine::instance_view(&inst);
            let deploy = inst["flowDeployId"].as_str().unwrap_or_default();
            let dep = sb.inner.meta.get(&p, DEPLOYMENT, deploy)?;
            row["flowName"] = dep.as_ref().map_or(Value::Null, |d| d["flowName"].clone());
            row["flowKey"] = dep.as_ref().map_or(Value::Null, |d| d["flowKey"].clone());
            rows.push(row);
        }
    }
    rows.reverse();
    Ok(Json(page_of(rows, page, size)))
}

pub(crate) async fn start_instance(
    State(sb): State<Sandbox>,
    caller: Caller,
    Project(p): Project,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let Some(module_id) = text(&body, "flowModuleId") else {
        return Ok(Json(refusal(code::PARAM_INVALID, "flowModuleId is blank")));
    };
    let variables = engine::variables_of(&body["variables"]).map_err(ApiError::bad_request)?;
    let deploy_id = text(&body, "flowDeployId");
    let answer = blocking(move || {
        engine::start(
            &sb,
            &p,
            &module_id,
            deploy_id.as_deref(),
            variables,
            &caller.username,
        )
    })
    .await?;
    Ok(Json(answer))
}

/// One instance; a missing one is a 204 with no body (the server's resource answers `null`).
pub(crate) async fn get_instance(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    match sb.inner.meta.get(&p, INSTANCE, &id)? {
        Some(inst) => Ok(Json(engine::instance_view(&inst)).into_response()),
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

fn task_id(body: &Value) -> Option<String> {
    text(body, "taskInstanceId").or_else(|| text(body, "nodeInstanceId"))
}

pub(crate) async fn commit(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let variables = engine::variables_of(&body["variables"]).map_err(ApiError::bad_request)?;
    let task = task_id(&body);
    let answer = blocking(move || engine::commit(&sb, &p, &id, task.as_deref(), variables)).await?;
    Ok(Json(answer))
}

pub(crate) async fn rollback(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let task = task_id(&body);
    let answer = blocking(move || engine::rollback(&sb, &p, &id, task.as_deref())).await?;
    Ok(Json(answer))
}

pub(crate) async fn terminate(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Path(id): Path<String>,
    Query(q): Params,
) -> ApiResult<Json<Value>> {
    // `effectiveForSubFlowInstance` is accepted; the sandbox runs no call activities, so an
    // instance has no sub-flow instances for it to reach.
    if let Some(v) = q.get("effectiveForSubFlowInstance") {
        if !matches!(v.as_str(), "true" | "false" | "") {
            return Err(ApiError::bad_request(format!(
                "effectiveForSubFlowInstance must be true or false, not '{v}'"
            )));
        }
    }
    Ok(Json(
        blocking(move || engine::terminate(&sb, &p, &id)).await?,
    ))
}

pub(crate) async fn elements(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let Some(inst) = sb.inner.meta.get(&p, INSTANCE, &id)? else {
        return Ok(Json(json!([])));
    };
    let model = engine::model_of(&sb, &p, &inst)?;
    Ok(Json(engine::elements(&inst, model.as_ref())))
}

pub(crate) async fn user_tasks(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let Some(inst) = sb.inner.meta.get(&p, INSTANCE, &id)? else {
        return Ok(Json(json!([])));
    };
    Ok(Json(engine::user_tasks(&inst)))
}
