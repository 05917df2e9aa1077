//! `…/models/{model}/fields[/{field}]` and `…/indexes[/{index}]`: an entity changes through its
//! fields and indexes, and its table with it. The name comes from the path (no rename).
//!
//! A field change rebuilds the table the way SQLite advises (a new table, the data copied
//! column by column, the old one dropped, the new one renamed, the indexes made again), so that
//! a new `NOT NULL`, `UNIQUE` or identity column and a type change work on a table with data;
//! a new column with a fixed default gets that value in the rows already there. An index
//! naming a deleted field goes with it. Indexes are real SQLite indexes.
//!
//! A field or index sent here passes `flexmodel-rules` first (the app's forms check with the
//! same functions): a name new or, for a change, already there; its type's sizes, references
//! and default; one identity; an index's columns and a name the database does not use.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::{Json, Router};
use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection};
use serde_json::{json, Value};

use flexmodel_rules::{Datasource, Op};

use super::models::{model, models, normalize_field, normalize_index, put_model};
use super::schema::{quote, Entity};
use super::store;
use crate::auth::{Caller, Project};
use crate::body::JsonBody;
use crate::error::{ApiError, ApiResult};
use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route(
            "/datasources/{ds}/models/{model}/fields",
            post(fields_create),
        )
        .route(
            "/datasources/{ds}/models/{model}/fields/{field}",
            put(fields_put).delete(fields_delete),
        )
        .route(
            "/datasources/{ds}/models/{model}/indexes",
            post(indexes_create),
        )
        .route(
            "/datasources/{ds}/models/{model}/indexes/{index}",
            put(indexes_put).delete(indexes_delete),
        )
}

/// The entity model named, or a 500 (not found, not an entity).
fn entity_model(sb: &Sandbox, project: &str, ds: &str, name: &str) -> ApiResult<Value> {
    let m = model(sb, project, ds, name)?;
    if m["type"] != "entity" {
        return Err(ApiError::internal(format!("Model {name} is not an entity")));
    }
    Ok(m)
}

/// Rebuilds `new`'s table from `old`'s, keeping the data of the columns both have.
fn rebuild(conn: &mut Connection, old: &Entity, new: &Entity) -> ApiResult<()> {
    let temp = format!("{}__rebuild", new.name);
    let tx = conn.transaction()?;
    tx.execute_batch(&new.create_table_sql(&temp))?;
    let mut into = Vec::new();
    let mut from = Vec::new();
    let mut params: Vec<Sql> = Vec::new();
    for f in new.columns() {
        match old.field(&f.name).filter(|o| !o.is_relation()) {
            Some(_) => {
                into.push(quote(&f.name));
                from.push(quote(&f.name));
            }
            None => {
                if let Some(v) = f.fixed() {
                    params.push(f.to_sql(v)?);
                    into.push(quote(&f.name));
                    from.push(format!("?{}", params.len()));
                }
            }
        }
    }
    if !into.is_empty() {
        tx.execute(
            &format!(
                "INSERT INTO {} ({}) SELECT {} FROM {}",
                quote(&temp),
                into.join(", "),
                from.join(", "),
                quote(&old.name)
            ),
            params_from_iter(params.iter()),
        )?;
    }
    tx.execute_batch(&format!(
        "DROP TABLE {}; ALTER TABLE {} RENAME TO {};",
        quote(&old.name),
        quote(&temp),
        quote(&new.name)
    ))?;
    for sql in new.index_sql()? {
        tx.execute_batch(&sql)?;
    }
    tx.commit()?;
    Ok(())
}

/// Replaces the entity's fields by `fields` (and indexes by `indexes`), rebuilding its table,
/// and keeps the model.
fn change(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    mut m: Value,
    fields: Vec<Value>,
    indexes: Vec<Value>,
) -> ApiResult<Value> {
    let old = Entity::from_json(&m)?;
    m["fields"] = Value::Array(fields);
    m["indexes"] = Value::Array(indexes);
    let new = Entity::from_json(&m)?;
    let db = store::db(sb, project, ds)?;
    rebuild(&mut db.lock().unwrap(), &old, &new)?;
    put_model(sb, project, ds, &m)
}

/// What the rules refuse of a field (`index: false`) or an index sent for entity `m`.
fn rules(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    m: &Value,
    body: &Value,
    index: bool,
    op: Op,
) -> ApiResult<()> {
    let all = models(sb, project, ds)?;
    let ds = Datasource::new(ds, &all);
    let refused = match index {
        false => flexmodel_rules::field(&ds, m, body, op),
        true => flexmodel_rules::index(&ds, m, body, op),
    };
    Ok(refused.first()?)
}

fn named(v: &Value) -> &str {
    v["name"].as_str().unwrap_or_default()
}

async fn fields_create(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, name)): Path<(String, String)>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let m = entity_model(&sb, &project, &ds, &name)?;
    rules(&sb, &project, &ds, &m, &body, false, Op::Create)?;
    let field = normalize_field(&name, &body)?;
    let mut fields = m["fields"].as_array().cloned().unwrap_or_default();
    fields.push(field.clone());
    let indexes = m["indexes"].as_array().cloned().unwrap_or_default();
    change(&sb, &project, &ds, m, fields, indexes)?;
    Ok(Json(field))
}

async fn fields_put(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, name, field_name)): Path<(String, String, String)>,
    JsonBody(mut body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let m = entity_model(&sb, &project, &ds, &name)?;
    if let Some(obj) = body.as_object_mut() {
        obj.insert("name".into(), json!(field_name));
    }
    rules(&sb, &project, &ds, &m, &body, false, Op::Update)?;
    let field = normalize_field(&name, &body)?;
    let mut fields = m["fields"].as_array().cloned().unwrap_or_default();
    for slot in fields.iter_mut().filter(|f| named(f) == field_name) {
        *slot = field.clone();
    }
    let indexes = m["indexes"].as_array().cloned().unwrap_or_default();
    change(&sb, &project, &ds, m, fields, indexes)?;
    Ok(Json(field))
}

async fn fields_delete(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, name, field_name)): Path<(String, String, String)>,
) -> ApiResult<StatusCode> {
    let m = entity_model(&sb, &project, &ds, &name)?;
    let mut fields = m["fields"].as_array().cloned().unwrap_or_default();
    let before = fields.len();
    fields.retain(|f| named(f) != field_name);
    if fields.len() == before {
        return Err(ApiError::internal(format!(
            "Field {field_name} not found in model {name}"
        )));
    }
    let mut indexes = m["indexes"].as_array().cloned().unwrap_or_default();
    indexes.retain(|i| {
        !i["fields"]
            .as_array()
            .is_some_and(|fs| fs.iter().any(|f| f["fieldName"] == field_name.as_str()))
    });
    change(&sb, &project, &ds, m, fields, indexes)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Drops the index `old` (if any), creates `new` (if any), and keeps the model's indexes.
fn reindex(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    mut m: Value,
    old: Option<&str>,
    new: Option<Value>,
) -> ApiResult<()> {
    let entity = Entity::from_json(&m)?;
    let mut indexes = m["indexes"].as_array().cloned().unwrap_or_default();
    let db = store::db(sb, project, ds)?;
    let mut conn = db.lock().unwrap();
    let tx = conn.transaction()?;
    if let Some(old) = old {
        tx.execute_batch(&format!("DROP INDEX IF EXISTS {}", quote(old)))?;
        indexes.retain(|i| named(i) != old);
    }
    if let Some(new) = new {
        tx.execute_batch(&super::schema::index_sql(&entity.name, &new, &entity)?)?;
        indexes.push(new);
    }
    tx.commit()?;
    drop(conn);
    m["indexes"] = Value::Array(indexes);
    put_model(sb, project, ds, &m)?;
    Ok(())
}

async fn indexes_create(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, name)): Path<(String, String)>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let m = entity_model(&sb, &project, &ds, &name)?;
    rules(&sb, &project, &ds, &m, &body, true, Op::Create)?;
    let index = normalize_index(&Entity::from_json(&m)?, &body)?;
    reindex(&sb, &project, &ds, m, None, Some(index.clone()))?;
    Ok(Json(index))
}

async fn indexes_put(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, name, index_name)): Path<(String, String, String)>,
    JsonBody(mut body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let m = entity_model(&sb, &project, &ds, &name)?;
    if let Some(obj) = body.as_object_mut() {
        obj.insert("name".into(), json!(index_name));
    }
    rules(&sb, &project, &ds, &m, &body, true, Op::Update)?;
    let index = normalize_index(&Entity::from_json(&m)?, &body)?;
    reindex(
        &sb,
        &project,
        &ds,
        m,
        Some(&index_name),
        Some(index.clone()),
    )?;
    Ok(Json(index))
}

async fn indexes_delete(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, name, index_name)): Path<(String, String, String)>,
) -> ApiResult<StatusCode> {
    let m = entity_model(&sb, &project, &ds, &name)?;
    reindex(&sb, &project, &ds, m, Some(&index_name), None)?;
    Ok(StatusCode::NO_CONTENT)
}
