//! `/f/datasources…`: a project's datasources, kept as metadata documents (kind `datasource`,
//! id = the name): `{name,type,config,enabled,createdAt,updatedAt,createdBy,updatedBy}`.
//! Created ones are `USER`; `SYSTEM` ones cannot be edited (400) nor, in the sandbox, deleted
//! (400: the platform's own database). A duplicate name is the server's 500.
//!
//! validate, physics/names and sync really open a `sqlite` config's file (never creating it);
//! the sandbox reaches no other database kind: validate says so, physics/names answers `[]` as
//! the server does when a connection fails. sync reads each table's columns and indexes
//! (`PRAGMA table_info`, `index_list`, `index_info`) and keeps an entity model of each.

use std::time::Instant;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use rusqlite::Connection;
use serde_json::{json, Map, Value};

use super::models::{normalize_model, put_model};
use super::store::{self, file_safe, open_existing, sqlite_file, DS_KIND};
use crate::auth::{Caller, Project};
use crate::body::JsonBody;
use crate::error::{ApiError, ApiResult};
use crate::meta::now;
use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route(
            "/datasources",
            get(datasources_list).post(datasources_create),
        )
        .route("/datasources/validate", post(datasources_validate))
        .route(
            "/datasources/physics/names",
            post(datasources_physics_names),
        )
        .route(
            "/datasources/{ds}",
            put(datasources_put).delete(datasources_delete),
        )
        .route("/datasources/{ds}/sync", post(datasources_sync))
}

/// The names of a project's enabled datasources, in the order they were made.
#[allow(dead_code)] // GraphQL builds its schema from them.
pub(crate) fn datasource_names(sb: &Sandbox, project: &str) -> ApiResult<Vec<String>> {
    Ok(sb
        .inner
        .meta
        .list(project, DS_KIND)?
        .into_iter()
        .filter(|d| d["enabled"] != false)
        .filter_map(|d| d["name"].as_str().map(str::to_owned))
        .collect())
}

/// Keeps a new datasource (type as given: the seed makes SYSTEM ones).
pub(crate) fn create_datasource(
    sb: &Sandbox,
    project: &str,
    body: &Value,
    by: &str,
) -> ApiResult<Value> {
    let name = body["name"].as_str().unwrap_or_default().trim().to_owned();
    if name.is_empty() {
        return Err(ApiError::validation(&[("name", "must not be blank")]));
    }
    file_safe(&name, "datasource")?;
    sb.inner.data.project_dir(project)?;
    if sb.inner.meta.get(project, DS_KIND, &name)?.is_some() {
        return Err(ApiError::internal(format!(
            "Datasource {name} already exists"
        )));
    }
    let at = now();
    let doc = json!({
        "name": name,
        "type": body["type"].as_str().unwrap_or("USER"),
        "config": body.get("config").cloned().filter(|c| c.is_object()).unwrap_or_else(|| json!({})),
        "enabled": body["enabled"].as_bool().unwrap_or(true),
        "createdAt": at, "updatedAt": at, "createdBy": by, "updatedBy": by, "tenantId": project,
    });
    sb.inner.meta.put(project, DS_KIND, &name, &doc)?;
    Ok(doc)
}

async fn datasources_list(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
) -> ApiResult<Json<Vec<Value>>> {
    let list = sb.inner.meta.list(&project, DS_KIND)?;
    Ok(Json(
        list.into_iter().filter(|d| d["enabled"] != false).collect(),
    ))
}

async fn datasources_create(
    State(sb): State<Sandbox>,
    caller: Caller,
    Project(project): Project,
    JsonBody(mut body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    if let Some(obj) = body.as_object_mut() {
        obj.insert("type".into(), json!("USER"));
    }
    Ok(Json(create_datasource(
        &sb,
        &project,
        &body,
        &caller.username,
    )?))
}

async fn datasources_put(
    State(sb): State<Sandbox>,
    caller: Caller,
    Project(project): Project,
    Path(ds): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let mut doc = store::datasource(&sb, &project, &ds)?;
    if doc["type"] == "SYSTEM" {
        return Err(ApiError::bad_request(format!(
            "System datasource {ds} cannot be edited"
        )));
    }
    if let Some(config) = body.get("config").filter(|c| c.is_object()) {
        doc["config"] = config.clone();
    }
    if let Some(enabled) = body["enabled"].as_bool() {
        doc["enabled"] = json!(enabled);
    }
    doc["updatedAt"] = json!(now());
    doc["updatedBy"] = json!(caller.username);
    sb.inner.meta.put(&project, DS_KIND, &ds, &doc)?;
    sb.inner.data.forget(&project, &ds);
    Ok(Json(doc))
}

async fn datasources_delete(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path(ds): Path<String>,
) -> ApiResult<StatusCode> {
    let Some(doc) = sb.inner.meta.get(&project, DS_KIND, &ds)? else {
        return Ok(StatusCode::NO_CONTENT);
    };
    if doc["type"] == "SYSTEM" {
        return Err(ApiError::bad_request(format!(
            "System datasource {ds} cannot be deleted"
        )));
    }
    let own_file = sqlite_file(&doc["config"], &sb.inner.data.project_dir(&project)?).is_none();
    let path = store::db_path(&sb, &project, &doc)?;
    sb.inner.data.forget(&project, &ds);
    let kind = store::model_kind(&ds);
    for m in sb.inner.meta.list(&project, &kind)? {
        sb.inner
            .meta
            .delete(&project, &kind, m["name"].as_str().unwrap_or_default())?;
    }
    sb.inner.meta.delete(&project, DS_KIND, &ds)?;
    if own_file {
        // The sandbox's own stand-in database goes with the datasource; a user's file stays.
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Opens the database a datasource body's config names, if the sandbox can reach it.
fn connect(sb: &Sandbox, project: &str, body: &Value) -> Result<Connection, String> {
    let config = &body["config"];
    if config["dbKind"].as_str() != Some("sqlite") {
        return Err("the sandbox connects only to sqlite databases".into());
    }
    let base = sb
        .inner
        .data
        .project_dir(project)
        .map_err(|_| "bad project".to_owned())?;
    let path = sqlite_file(config, &base).ok_or("the config's url names no sqlite file")?;
    let conn = open_existing(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(conn)
}

async fn datasources_validate(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    JsonBody(body): JsonBody<Value>,
) -> Json<Value> {
    let start = Instant::now();
    let result = connect(&sb, &project, &body);
    let time = start.elapsed().as_millis() as u64;
    Json(match result {
        Ok(_) => json!({"success": true, "errorMsg": "ok", "time": time}),
        Err(e) => json!({"success": false, "errorMsg": e, "time": time}),
    })
}

fn table_names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    let names = stmt.query_map([], |r| r.get(0))?;
    names.collect()
}

async fn datasources_physics_names(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    JsonBody(body): JsonBody<Value>,
) -> Json<Vec<String>> {
    let names = connect(&sb, &project, &body)
        .ok()
        .and_then(|conn| table_names(&conn).ok())
        .unwrap_or_default();
    Json(names)
}

/// The field type of a declared SQLite column type, by SQLite's own affinity words.
fn field_type(declared: &str) -> &'static str {
    let d = declared.to_ascii_uppercase();
    if d.starts_with("BIGINT") || d == "INTEGER" || d.contains("LONG") {
        "Long"
    } else if d.contains("INT") {
        "Int"
    } else if d.contains("BOOL") {
        "Boolean"
    } else if d.contains("DATETIME") || d.contains("TIMESTAMP") {
        "DateTime"
    } else if d == "DATE" {
        "Date"
    } else if d == "TIME" {
        "Time"
    } else if d.contains("JSON") {
        "JSON"
    } else if d.contains("REAL")
        || d.contains("FLOA")
        || d.contains("DOUB")
        || d.contains("DEC")
        || d.contains("NUM")
    {
        "Float"
    } else {
        "String"
    }
}

/// An entity model of an existing table, read from the database's own catalogue.
pub(crate) fn model_of_table(conn: &Connection, table: &str) -> ApiResult<Value> {
    let q = super::schema::quote(table);
    let mut fields = Vec::new();
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({q})"))?;
    let cols = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    let cols: Vec<_> = cols.collect::<Result<_, _>>()?;
    if cols.is_empty() {
        return Err(ApiError::internal(format!("Table not found: {table}")));
    }
    let pk_count = cols.iter().filter(|c| c.3 > 0).count();
    let mut unique_cols = Vec::new();
    let mut indexes = Vec::new();
    let mut stmt = conn.prepare(&format!("PRAGMA index_list({q})"))?;
    let list = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for (name, unique, origin) in list.collect::<Result<Vec<_>, _>>()? {
        let mut info = conn.prepare(&format!(
            "PRAGMA index_xinfo({})",
            super::schema::quote(&name)
        ))?;
        let idx_cols = info.query_map([], |r| {
            Ok((
                r.get::<_, Option<String>>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, bool>(5)?,
            ))
        })?;
        let idx_cols: Vec<_> = idx_cols.collect::<Result<Vec<_>, _>>()?;
        let keys: Vec<_> = idx_cols
            .into_iter()
            .filter(|c| c.2)
            .filter_map(|(n, desc, _)| n.map(|n| (n, desc)))
            .collect();
        if origin == "u" && keys.len() == 1 {
            unique_cols.push(keys[0].0.clone());
        } else if origin == "c" {
            let fields: Vec<Value> = keys
                .iter()
                .map(|(n, desc)| json!({"fieldName": n, "direction": if *desc { "DESC" } else { "ASC" }}))
                .collect();
            indexes.push(json!({"name": name, "unique": unique, "fields": fields}));
        }
    }
    for (name, declared, notnull, pk) in cols {
        let ty = field_type(&declared);
        let mut f = Map::new();
        f.insert("name".into(), json!(name));
        f.insert("type".into(), json!(ty));
        f.insert("nullable".into(), json!(!notnull && pk == 0));
        f.insert("unique".into(), json!(unique_cols.contains(&name)));
        if pk > 0 && pk_count == 1 {
            f.insert("identity".into(), json!(true));
        }
        if ty == "String" {
            let length = declared
                .split_once('(')
                .and_then(|(_, n)| n.trim_end_matches(')').trim().parse::<u64>().ok())
                .unwrap_or(255);
            f.insert("length".into(), json!(length));
        }
        fields.push(Value::Object(f));
    }
    normalize_model(&json!({"type": "entity", "name": table, "fields": fields, "indexes": indexes}))
}

async fn datasources_sync(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path(ds): Path<String>,
    JsonBody(tables): JsonBody<Vec<String>>,
) -> ApiResult<Json<Vec<Value>>> {
    let db = store::db(&sb, &project, &ds)?;
    let models = {
        let conn = db.lock().unwrap();
        tables
            .iter()
            .map(|t| model_of_table(&conn, t))
            .collect::<ApiResult<Vec<_>>>()?
    };
    let kept = models
        .iter()
        .map(|m| put_model(&sb, &project, &ds, m))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Json(kept))
}
