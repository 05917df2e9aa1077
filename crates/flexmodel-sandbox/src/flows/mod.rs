//! Flow modules, their deployments and instances (`/f/flows…`), as the real server's engine
//! (Turbo) keeps them: a module (kind `flow`) holds its name, key and the model being edited;
//! deploy freezes the model into a deployment (kind `flow_deploy`) that instances run
//! (kind `flow_instance`, see `engine`).
//!
//! Statuses: a module is 1 draft when created, 2 editing once its model is saved, and 4
//! published once deployed (it keeps showing 4 after later edits, which wait for the next
//! deploy; 3 offline has no call that sets it). Answers of the engine carry `errCode`/`errMsg`
//! with success 1000 ≤ errCode < 2000 (the API document's samples show 0; the server sends
//! the engine's 1000). Where the sandbox decides:
//! - A bad `flowModel` (PUT: not a string, not JSON, unknown type codes, links to missing
//!   elements) and a model that cannot be deployed (deploy: no single start, no end, types 8
//!   call activity / 9 parallel / 10 inclusive gateway, which the sandbox does not run,
//!   a condition it cannot evaluate) are 400 business errors naming what is wrong, with the
//!   engine's number (32xx) in the message; the engine itself answers those as errCodes.
//! - Engine refusals at run time keep the engine's way: a 200 whose errCode is outside
//!   1000–1999, e.g. starting an undeployed module is 4007 "Get flowDeployment failed", a
//!   commit on a finished instance 4003, an unknown instance 4008. A missing module on GET,
//!   PUT and deploy is errCode 3101 "Flow not exist". GET of a missing instance is a 204 with
//!   no body (the server's resource answers `null`).
//! - A blank `flowName` on create is a validation 400; a missing `flowKey` takes the module id.
//! - `tenant` is the project and `caller`/`operator` the signed-in user (the server writes
//!   "default" and "admin" whatever the request).
//!
//! Lists are `{list, total}`, newest first, `size` 20 by default; the module list filters
//! `flowName` (substring), `flowKey`, `flowModuleId`; the instance list `flowInstanceId`,
//! `flowModuleId`, `flowDeployId`, `status`, `caller`, and adds each instance's `flowName` and
//! `flowKey`. The engine keeps no lock across instances; calls on one instance run one at a
//! time.

pub(crate) mod engine;
mod instances;
pub(crate) mod model;
mod run;
mod seed;
mod status;

pub(crate) use seed::seed;

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::auth::{Caller, Project};
use crate::body::JsonBody;
use crate::error::{ApiError, ApiResult};
use crate::meta::{new_id, now};
use crate::Sandbox;
use engine::{code, refusal, DEPLOYMENT, INSTANCE, MODULE};

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/flows", get(list_modules).post(create_module))
        .route("/flows/instances", get(instances::list_instances))
        .route("/flows/instances/start", post(instances::start_instance))
        .route("/flows/instances/{id}", get(instances::get_instance))
        .route("/flows/instances/{id}/commit", post(instances::commit))
        .route("/flows/instances/{id}/rollback", post(instances::rollback))
        .route(
            "/flows/instances/{id}/terminate",
            post(instances::terminate),
        )
        .route("/flows/instances/{id}/elements", get(instances::elements))
        .route(
            "/flows/instances/{id}/user-tasks",
            get(instances::user_tasks),
        )
        .route(
            "/flows/{id}",
            get(get_module).put(update_module).delete(delete_module),
        )
        .route("/flows/{id}/deploy", post(deploy))
}

pub(crate) type Params = Query<HashMap<String, String>>;

/// `page` (from 1) and `size` of a query, with the operation's default size.
pub(crate) fn paging(
    q: &HashMap<String, String>,
    default_size: usize,
) -> ApiResult<(usize, usize)> {
    let num = |name: &str, default: usize| -> ApiResult<usize> {
        match q.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => Ok(default),
            Some(s) => s
                .parse::<usize>()
                .map_err(|_| ApiError::bad_request(format!("{name} must be a number, not '{s}'"))),
        }
    };
    Ok((num("page", 1)?.max(1), num("size", default_size)?.max(1)))
}

/// `{list, total}` of one page.
pub(crate) fn page_of(items: Vec<Value>, page: usize, size: usize) -> Value {
    let total = items.len();
    let list: Vec<Value> = items
        .into_iter()
        .skip((page - 1).saturating_mul(size))
        .take(size)
        .collect();
    json!({"list": list, "total": total})
}

/// Runs engine work that may sleep (a service task's `sleepMillis`) off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("the engine stopped: {e}")))?
}

fn module_row(m: &Value) -> Value {
    json!({
        "flowModuleId": m["flowModuleId"],
        "flowName": m["flowName"],
        "flowKey": m["flowKey"],
        "status": m["status"],
        "remark": m["remark"],
        "tenant": m["tenant"],
        "caller": m["caller"],
        "operator": m["operator"],
        "modifyTime": m["modifyTime"],
    })
}

async fn list_modules(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Query(q): Params,
) -> ApiResult<Json<Value>> {
    let (page, size) = paging(&q, 20)?;
    let given = |k: &str| q.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
    let mut rows: Vec<Value> = sb
        .inner
        .meta
        .list(&p, MODULE)?
        .into_iter()
        .filter(|m| {
            given("flowName").is_none_or(|n| m["flowName"].as_str().unwrap_or("").contains(n))
                && given("flowKey").is_none_or(|k| m["flowKey"] == k)
                && given("flowModuleId").is_none_or(|id| m["flowModuleId"] == id)
        })
        .map(|m| module_row(&m))
        .collect();
    rows.reverse();
    Ok(Json(page_of(rows, page, size)))
}

pub(crate) fn text(body: &Value, field: &str) -> Option<String> {
    body[field]
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Creates a module document; used by the route and the seed.
pub(crate) fn create(sb: &Sandbox, project: &str, body: &Value, caller: &str) -> ApiResult<String> {
    let name = text(body, "flowName")
        .ok_or_else(|| ApiError::validation(&[("flowName", "must not be blank")]))?;
    let id = new_id();
    let key = text(body, "flowKey").unwrap_or_else(|| id.clone());
    let module = json!({
        "flowModuleId": id,
        "flowName": name,
        "flowKey": key,
        "flowModel": null,
        "flowDeployId": null,
        "status": 1,
        "remark": body["remark"].as_str().unwrap_or(""),
        "tenant": project,
        "caller": caller,
        "operator": caller,
        "modifyTime": now(),
    });
    sb.inner.meta.put(project, MODULE, &id, &module)?;
    Ok(id)
}

async fn create_module(
    State(sb): State<Sandbox>,
    caller: Caller,
    Project(p): Project,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let id = create(&sb, &p, &body, &caller.username)?;
    let mut a = refusal(code::SUCCESS, "");
    a["flowModuleId"] = json!(id);
    Ok(Json(a))
}

async fn get_module(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Path(id): Path<String>,
    Query(q): Params,
) -> ApiResult<Json<Value>> {
    let Some(m) = sb.inner.meta.get(&p, MODULE, &id)? else {
        return Ok(Json(refusal(code::FLOW_NOT_EXIST, format!("'{id}'"))));
    };
    let mut a = refusal(code::SUCCESS, "");
    for (k, v) in module_row(&m).as_object().expect("an object") {
        a[k] = v.clone();
    }
    a["flowDeployId"] = m["flowDeployId"].clone();
    a["flowModel"] = m["flowModel"].clone();
    if let Some(dep_id) = q.get("flowDeployId").filter(|s| !s.is_empty()) {
        match sb.inner.meta.get(&p, DEPLOYMENT, dep_id)? {
            Some(dep) if dep["flowModuleId"] == id.as_str() => {
                a["flowDeployId"] = json!(dep_id);
                a["flowModel"] = dep["flowModel"].clone();
                a["status"] = json!(4);
            }
            _ => {
                return Ok(Json(refusal(
                    code::GET_FLOW_DEPLOYMENT_FAILED,
                    format!("there is no deployment '{dep_id}' of '{id}'"),
                )))
            }
        }
    }
    Ok(Json(a))
}

/// Saves a module's model (already checked) and other given fields.
pub(crate) fn update(
    sb: &Sandbox,
    project: &str,
    id: &str,
    body: &Value,
    caller: &str,
) -> ApiResult<Value> {
    let Some(mut m) = sb.inner.meta.get(project, MODULE, id)? else {
        return Ok(refusal(code::FLOW_NOT_EXIST, format!("'{id}'")));
    };
    match &body["flowModel"] {
        Value::Null => {}
        Value::String(s) => {
            model::parse(s).map_err(ApiError::bad_request)?;
            m["flowModel"] = json!(s);
        }
        _ => {
            return Err(ApiError::bad_request(
                "flowModel must be a JSON string holding {\"flowElementList\":[…]}, not an object",
            ))
        }
    }
    for field in ["flowName", "flowKey"] {
        if let Some(v) = text(body, field) {
            m[field] = json!(v);
        }
    }
    if let Some(r) = body["remark"].as_str() {
        m["remark"] = json!(r);
    }
    if m["status"] != 4 {
        m["status"] = json!(2);
    }
    m["operator"] = json!(caller);
    m["modifyTime"] = json!(now());
    sb.inner.meta.put(project, MODULE, id, &m)?;
    Ok(refusal(code::SUCCESS, ""))
}

async fn update_module(
    State(sb): State<Sandbox>,
    caller: Caller,
    Project(p): Project,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    Ok(Json(update(&sb, &p, &id, &body, &caller.username)?))
}

async fn delete_module(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    sb.inner.meta.delete(&p, MODULE, &id)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Checks and freezes a module's model; the engine's answer.
pub(crate) fn deploy_module(
    sb: &Sandbox,
    project: &str,
    id: &str,
    caller: &str,
) -> ApiResult<Value> {
    let Some(mut m) = sb.inner.meta.get(project, MODULE, id)? else {
        return Ok(refusal(code::FLOW_NOT_EXIST, format!("'{id}'")));
    };
    let text = m["flowModel"].as_str().unwrap_or_default().to_owned();
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(
            "模型为空 (3201): the flow has no model yet; save one with PUT /f/flows/{id} first",
        ));
    }
    let parsed = model::parse(&text).map_err(ApiError::bad_request)?;
    model::check_deployable(&parsed).map_err(ApiError::bad_request)?;
    let deploy_id = new_id();
    let t = now();
    sb.inner.meta.put(
        project,
        DEPLOYMENT,
        &deploy_id,
        &json!({
            "flowDeployId": deploy_id,
            "flowModuleId": id,
            "flowName": m["flowName"],
            "flowKey": m["flowKey"],
            "flowModel": text,
            "operator": caller,
            "deployTime": t,
        }),
    )?;
    m["flowDeployId"] = json!(deploy_id);
    m["status"] = json!(4);
    m["operator"] = json!(caller);
    m["modifyTime"] = json!(t);
    sb.inner.meta.put(project, MODULE, id, &m)?;
    let mut a = refusal(code::SUCCESS, "");
    a["flowDeployId"] = json!(deploy_id);
    a["flowModuleId"] = json!(id);
    Ok(a)
}

async fn deploy(
    State(sb): State<Sandbox>,
    caller: Caller,
    Project(p): Project,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(deploy_module(&sb, &p, &id, &caller.username)?))
}

/// (flow definitions, flow executions) of a project, for `metrics/fm`.
pub(crate) fn counts(sb: &Sandbox, project: &str) -> ApiResult<(usize, usize)> {
    Ok((
        sb.inner.meta.count(project, MODULE)?,
        sb.inner.meta.count(project, INSTANCE)?,
    ))
}

/// The name and key of a module's latest deployment (none when it was never deployed), for
/// triggers (`jobName`, `jobGroup`), as the server takes them.
pub(crate) fn deployed_name_and_key(
    sb: &Sandbox,
    project: &str,
    id: &str,
) -> ApiResult<Option<(String, String)>> {
    let Some(module) = sb.inner.meta.get(project, MODULE, id)? else {
        return Ok(None);
    };
    let Some(deploy) = module["flowDeployId"].as_str() else {
        return Ok(None);
    };
    Ok(sb.inner.meta.get(project, DEPLOYMENT, deploy)?.map(|d| {
        (
            d["flowName"].as_str().unwrap_or_default().to_owned(),
            d["flowKey"].as_str().unwrap_or_default().to_owned(),
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::seed::{approval_model, failing_model};
    use super::*;

    #[test]
    fn the_seed_models_deploy_and_conditions_evaluate() {
        model::check_deployable(&model::parse(&approval_model()).unwrap()).unwrap();
        model::check_deployable(&model::parse(&failing_model()).unwrap()).unwrap();
        let vars = json!({"amount": 150, "kind": "vip"});
        let vars = vars.as_object().unwrap();
        assert!(model::Condition::parse("amount > 100").unwrap().holds(vars));
        assert!(!model::Condition::parse("${amount <= 100}")
            .unwrap()
            .holds(vars));
        assert!(model::Condition::parse("kind == 'vip'")
            .unwrap()
            .holds(vars));
        assert!(model::Condition::parse("amount > 1 && kind == 'x'").is_err());
    }
}
