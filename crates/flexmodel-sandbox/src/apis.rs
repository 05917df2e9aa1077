//! API definitions: a tree of folders and APIs (`GET /f/apis` answers the roots with nested
//! `children`), their histories and restore, and the APIs generated from a model
//! (`flexmodel-server.md`, "API definitions and logs").
//!
//! Nodes are documents of kind `api` in the metadata store; every create, update, PATCH,
//! generate and restore also stores a full snapshot as kind `api_history:{apiId}`, listed
//! newest first; restore answers the snapshot it put back. DELETE removes the node and its
//! direct children only: deeper nodes stay stored without a parent, and the tree (roots are the
//! nodes without `parentId`) no longer shows them, as on the server. Generated APIs carry the
//! GraphQL operations the server's generators write (`generate.rs`). Where the sandbox
//! differs, and why:
//! - PUT and PATCH of an unknown id are a 400 naming it (the server answers a PUT with the
//!   unsaved request and fails a PATCH with a 500 from a null pointer).
//! - PUT needs a name as POST does (the server would store a node without one, which its
//!   own tree cannot show).
//! - Restoring a history whose definition was deleted brings the definition back (the server
//!   silently does nothing); an unknown history is a 204 with no body, as the server's null.

mod generate;
mod serve;

pub(crate) use serve::serve;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::auth::{Caller, Project};
use crate::body::JsonBody;
use crate::error::{ApiError, ApiResult};
use crate::{meta, Sandbox};

pub(crate) const KIND: &str = "api";

fn history_kind(api_id: &str) -> String {
    format!("api_history:{api_id}")
}

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/apis", get(apis_tree).post(apis_create))
        .route("/apis/generate", post(apis_generate))
        .route(
            "/apis/{id}",
            put(apis_update).patch(apis_patch).delete(apis_delete),
        )
        .route("/apis/{id}/histories", get(apis_histories))
        .route(
            "/apis/{id}/histories/{history_id}/restore",
            post(apis_restore),
        )
}

/// The demo definitions: the APIs generated for the seed model `Student` of datasource
/// `system` in project `default`, then one of them renamed, so that it has two snapshots.
pub(crate) fn seed(sb: &Sandbox) -> ApiResult<()> {
    let project = "default";
    let model = generate::seed_model(sb, project)?;
    let all = ["list", "pagination", "view", "create", "update", "delete"];
    let request = generate::Request {
        datasource: "system".into(),
        model: "Student".into(),
        folder: "Student APIs".into(),
        id_field: "id".into(),
        apis: all.iter().map(|a| (*a).to_owned()).collect(),
    };
    let folder = generate::generate_for(sb, project, "admin", &request, &model)?;
    let list = sb
        .inner
        .meta
        .list(project, KIND)?
        .into_iter()
        .find(|n| n["parentId"] == folder && n["path"] == "/Student/list");
    if let Some(mut node) = list {
        node["name"] = json!("List students");
        node["updatedAt"] = json!(meta::now());
        save(sb, project, &node)?;
    }
    Ok(())
}

/// A node as stored: the fields the server keeps, `enabled` true unless given.
fn node_from(body: &Map<String, Value>, id: &str, created_by: &Value, created_at: &str) -> Value {
    let field = |name: &str| body.get(name).cloned().unwrap_or(Value::Null);
    json!({
        "id": id,
        "name": field("name"),
        "parentId": field("parentId"),
        "type": field("type"),
        "method": field("method"),
        "path": field("path"),
        "enabled": body.get("enabled").cloned().filter(Value::is_boolean).unwrap_or(json!(true)),
        "meta": field("meta"),
        "createdBy": created_by,
        "createdAt": created_at,
        "updatedAt": meta::now(),
    })
}

/// Stores a node and a snapshot of it.
pub(crate) fn save(sb: &Sandbox, project: &str, node: &Value) -> ApiResult<()> {
    let id = node["id"].as_str().expect("a stored node has an id");
    sb.inner.meta.put(project, KIND, id, node)?;
    let history_id = meta::new_id();
    let mut snapshot = node.clone();
    snapshot["id"] = json!(history_id);
    snapshot["apiDefinitionId"] = json!(id);
    snapshot["createdAt"] = json!(meta::now());
    snapshot["updatedAt"] = json!(meta::now());
    sb.inner
        .meta
        .put(project, &history_kind(id), &history_id, &snapshot)?;
    Ok(())
}

fn object(body: Value) -> ApiResult<Map<String, Value>> {
    match body {
        Value::Object(map) => Ok(map),
        _ => Err(ApiError::status(
            StatusCode::BAD_REQUEST,
            "bad JSON: an API definition is an object",
        )),
    }
}

fn require_name(body: &Map<String, Value>) -> ApiResult<()> {
    match body.get("name").and_then(Value::as_str) {
        Some(name) if !name.trim().is_empty() => Ok(()),
        _ => Err(ApiError::validation(&[("name", "must not be blank")])),
    }
}

fn existing(sb: &Sandbox, project: &str, id: &str) -> ApiResult<Value> {
    sb.inner
        .meta
        .get(project, KIND, id)?
        .ok_or_else(|| ApiError::bad_request(format!("API definition not found: {id}")))
}

fn children_of(parent: &Value, nodes: &[Value]) -> Vec<Value> {
    nodes
        .iter()
        .filter(|n| n["parentId"] == *parent && !parent.is_null())
        .map(|n| {
            let mut n = n.clone();
            n["children"] = Value::Array(children_of(&n["id"], nodes));
            n
        })
        .collect()
}

async fn apis_tree(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
) -> ApiResult<Json<Value>> {
    let nodes = sb.inner.meta.list(&project, KIND)?;
    let roots = nodes
        .iter()
        .filter(|n| n["parentId"].is_null())
        .map(|n| {
            let mut n = n.clone();
            n["children"] = Value::Array(children_of(&n["id"], &nodes));
            n
        })
        .collect();
    Ok(Json(Value::Array(roots)))
}

async fn apis_create(
    State(sb): State<Sandbox>,
    caller: Caller,
    Project(project): Project,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let body = object(body)?;
    require_name(&body)?;
    let node = node_from(
        &body,
        &meta::new_id(),
        &json!(caller.username),
        &meta::now(),
    );
    save(&sb, &project, &node)?;
    Ok(Json(node))
}

async fn apis_update(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let body = object(body)?;
    let old = existing(&sb, &project, &id)?;
    require_name(&body)?;
    let created_at = old["createdAt"].as_str().unwrap_or_default().to_owned();
    let node = node_from(&body, &id, &old["createdBy"], &created_at);
    save(&sb, &project, &node)?;
    Ok(Json(node))
}

async fn apis_patch(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let body = object(body)?;
    let mut node = existing(&sb, &project, &id)?;
    if let Some(name) = body.get("name").filter(|n| !n.is_null()) {
        node["name"] = name.clone();
    }
    if let Some(enabled) = body.get("enabled").filter(|e| e.is_boolean()) {
        node["enabled"] = enabled.clone();
    }
    node["updatedAt"] = json!(meta::now());
    save(&sb, &project, &node)?;
    Ok(Json(node))
}

async fn apis_delete(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    sb.inner.meta.delete(&project, KIND, &id)?;
    for child in sb.inner.meta.list(&project, KIND)? {
        if child["parentId"] == id.as_str() {
            let child_id = child["id"].as_str().unwrap_or_default();
            sb.inner.meta.delete(&project, KIND, child_id)?;
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn apis_histories(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let mut list = sb.inner.meta.list(&project, &history_kind(&id))?;
    list.reverse();
    Ok(Json(Value::Array(list)))
}

async fn apis_restore(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((id, history_id)): Path<(String, String)>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let Some(history) = sb
        .inner
        .meta
        .get(&project, &history_kind(&id), &history_id)?
    else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let old = sb.inner.meta.get(&project, KIND, &id)?;
    let mut node = history.clone();
    let node_map = node.as_object_mut().expect("a stored history is an object");
    node_map.remove("apiDefinitionId");
    node_map.insert("id".into(), json!(id));
    node_map.insert("updatedAt".into(), json!(meta::now()));
    if let Some(old) = old {
        node_map.insert("createdAt".into(), old["createdAt"].clone());
        node_map.insert("createdBy".into(), old["createdBy"].clone());
    }
    save(&sb, &project, &node)?;
    Ok(Json(history).into_response())
}

async fn apis_generate(
    State(sb): State<Sandbox>,
    caller: Caller,
    Project(project): Project,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<StatusCode> {
    let request = generate::Request::from_body(&body)?;
    generate::generate(&sb, &project, &caller.username, &request)?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many API definitions (folders and APIs) a project has, for `metrics/fm`.
pub(crate) fn count(sb: &Sandbox, project: &str) -> ApiResult<usize> {
    Ok(sb.inner.meta.count(project, KIND)?)
}
