//! Robot groups (queues: created under an id the caller mints) and robots (read-only).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::body::JsonBody;
use crate::error::ApiError;
use crate::query::ListParams;
use crate::rules::{changes, description, name, tags};
use crate::store::{find, find_mut, guid, text, Scope, Store};
use crate::Sandbox;

fn with_count(store: &Store, queue: &Value) -> Value {
    let id = text(queue, "Id");
    let count = store
        .robot_queues
        .values()
        .filter(|qs| qs.iter().any(|q| q == id))
        .count();
    let mut out = queue.clone();
    out["RobotCount"] = json!(count);
    out
}

/// The robot groups that run a workflow (of the scope) of the package, or pinned to the
/// package version, the query names; none when it names neither.
fn groups_using<'a>(store: &'a Store, scope: &Scope, params: &ListParams) -> Option<Vec<&'a str>> {
    if params.package_id.is_none() && params.package_version_id.is_none() {
        return None;
    }
    let groups = store
        .workflows
        .iter()
        .filter(|w| scope.holds(w) && params.runs_package(w))
        .map(|w| text(w, "AssociatedQueueId"))
        .collect();
    Some(groups)
}

/// `GET /openapi/queues`: `AssociatedQueueId` keeps that group; `PackageId` and
/// `PackageVersionId` keep groups with a workflow of that package (pinned to that version).
pub(crate) async fn queues_list(
    State(sb): State<Sandbox>,
    scope: Scope,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let params = ListParams::parse(&q)?;
    let store = sb.inner.store.lock().unwrap();
    let using = groups_using(&store, &scope, &params);
    let docs = store
        .queues
        .iter()
        .filter(|d| scope.holds(d) && params.matches(d))
        .filter(|d| {
            params
                .associated_queue_id
                .as_deref()
                .is_none_or(|q| text(d, "Id") == q)
        })
        .filter(|d| using.as_ref().is_none_or(|u| u.contains(&text(d, "Id"))))
        .collect();
    Ok(Json(params.page(docs, |d| with_count(&store, d))))
}

pub(crate) async fn queues_get(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = guid("queueId", &id)?;
    let store = sb.inner.store.lock().unwrap();
    let doc = find(&store.queues, &scope, &id, "robot group")?;
    Ok(Json(with_count(&store, doc)))
}

/// `POST /openapi/queues/{id}`: creates the group under the caller's id.
pub(crate) async fn queues_create(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let id = guid("queueId", &id)?;
    let name = name("Name", body.get("Name"))?;
    let description = description(body.get("Description"))?;
    let tags = body
        .get("Tags")
        .filter(|t| !t.is_null())
        .map(tags)
        .transpose()?
        .unwrap_or_default();
    let mut store = sb.inner.store.lock().unwrap();
    if store.queues.iter().any(|q| text(q, "Id") == id) {
        return Err(ApiError::invalid(
            "queueId",
            format!("a robot group with id {id} already exists"),
        ));
    }
    if store
        .queues
        .iter()
        .any(|q| scope.holds(q) && text(q, "Name") == name)
    {
        return Err(ApiError::invalid(
            "Name",
            format!("a robot group named \"{name}\" already exists"),
        ));
    }
    let mut doc = json!({ "Id": id, "Name": name, "Description": description, "Tags": tags, "Properties": {} });
    scope.stamp(&mut doc);
    store.queues.push(doc.clone());
    Ok(Json(with_count(&store, &doc)))
}

pub(crate) async fn queues_update(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let id = guid("queueId", &id)?;
    let changes = changes(&body, &["Name", "Description", "Tags"])?;
    let mut store = sb.inner.store.lock().unwrap();
    let doc = find_mut(&mut store.queues, &scope, &id, "robot group")?;
    for (k, v) in changes {
        doc[k.as_str()] = v;
    }
    scope.touch(doc);
    let doc = doc.clone();
    Ok(Json(with_count(&store, &doc)))
}

/// Refused while a workflow runs on the group.
pub(crate) async fn queues_delete(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = guid("queueId", &id)?;
    let mut store = sb.inner.store.lock().unwrap();
    find(&store.queues, &scope, &id, "robot group")?;
    if let Some(w) = store
        .workflows
        .iter()
        .find(|w| text(w, "AssociatedQueueId") == id)
    {
        return Err(ApiError::refused(format!(
            "the robot group is used by workflow \"{}\" ({}); move that workflow to another group first",
            text(w, "Name"),
            text(w, "Id")
        )));
    }
    store.queues.retain(|q| text(q, "Id") != id);
    for groups in store.robot_queues.values_mut() {
        groups.retain(|q| q != &id);
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /openapi/robots`: `AssociatedQueueId` keeps the group's robots; `PackageId` and
/// `PackageVersionId` keep robots of groups whose workflows use that package (version).
pub(crate) async fn robots_list(
    State(sb): State<Sandbox>,
    scope: Scope,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let params = ListParams::parse(&q)?;
    let store = sb.inner.store.lock().unwrap();
    let groups_using = groups_using(&store, &scope, &params);
    let docs = store
        .robots
        .iter()
        .filter(|r| scope.holds(r) && params.matches(r))
        .filter(|r| {
            let groups = store
                .robot_queues
                .get(text(r, "Id"))
                .map(Vec::as_slice)
                .unwrap_or_default();
            params
                .associated_queue_id
                .as_ref()
                .is_none_or(|q| groups.contains(q))
                && groups_using
                    .as_ref()
                    .is_none_or(|using| groups.iter().any(|g| using.contains(&g.as_str())))
        })
        .collect();
    Ok(Json(params.page(docs, Value::clone)))
}

pub(crate) async fn robots_get(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = guid("robotId", &id)?;
    let store = sb.inner.store.lock().unwrap();
    Ok(Json(find(&store.robots, &scope, &id, "robot")?.clone()))
}
