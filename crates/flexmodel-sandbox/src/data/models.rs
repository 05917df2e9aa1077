//! `…/datasources/{ds}/models[/{name}]`: a datasource's models kept as the server shows them,
//! one metadata document each (kind `model:{ds}`, id = the model's name, body = the model JSON:
//! `{type:"entity",name,comment,fields[],indexes[],additionalProperties,idl}`,
//! `{type:"enum",name,comment,elements[],idl}` or `{type:"native_query",name,statement,
//! parameters[],idl}`). Other modules read models from there. Every model answered carries its
//! `idl` as `flexmodel_idl::print` prints it.
//!
//! Creating an entity creates its table and indexes; deleting it drops them. An entity cannot
//! be replaced (500 "Unsupported model type", as the server): it changes through its fields
//! and indexes. Enums and native queries are replaced whole.
//!
//! What is refused, and in which words, is `flexmodel-rules`' (the app's forms check with the
//! same functions): every stored model is in shape, and a model created here passes the full
//! rules. Where the sandbox is stricter than the server, which stores what it is given and
//! fails later: a person's names are IDL names, a field's sizes and default must fit its
//! type, and an enum or relation must name a model the datasource has (models that refer to
//! each other are made together from IDL).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::schema::{quote, Entity};
use super::store;
use crate::auth::{Caller, Project};
use crate::body::JsonBody;
use crate::error::{ApiError, ApiResult};
use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route(
            "/datasources/{ds}/models",
            get(models_list).post(models_create),
        )
        .route(
            "/datasources/{ds}/models/{model}",
            get(models_get).put(models_put).delete(models_delete),
        )
}

/// `model` as answered: with its `idl` printed now (null for a native query, which has no
/// IDL: the server's `getIdl` answers null for it).
pub(crate) fn with_idl(mut model: Value) -> Value {
    let idl = flexmodel_idl::print(&model);
    if let Some(obj) = model.as_object_mut() {
        let idl = match idl.is_empty() {
            true => Value::Null,
            false => Value::String(idl),
        };
        obj.insert("idl".into(), idl);
    }
    model
}

/// Every model of a datasource (which must exist), as the server answers them.
pub(crate) fn models(sb: &Sandbox, project: &str, ds: &str) -> ApiResult<Vec<Value>> {
    store::datasource(sb, project, ds)?;
    Ok(sb
        .inner
        .meta
        .list(project, &store::model_kind(ds))?
        .into_iter()
        .map(with_idl)
        .collect())
}

/// One model of a datasource, or the server's 500 when there is none.
pub(crate) fn model(sb: &Sandbox, project: &str, ds: &str, name: &str) -> ApiResult<Value> {
    store::datasource(sb, project, ds)?;
    sb.inner
        .meta
        .get(project, &store::model_kind(ds), name)?
        .map(with_idl)
        .ok_or_else(|| ApiError::internal(format!("Model not found: {name}")))
}

/// Keeps a model's document (with its `idl`).
pub(crate) fn put_model(sb: &Sandbox, project: &str, ds: &str, model: &Value) -> ApiResult<Value> {
    let model = with_idl(model.clone());
    let name = model["name"].as_str().unwrap_or_default();
    sb.inner
        .meta
        .put(project, &store::model_kind(ds), name, &model)?;
    Ok(model)
}

/// A field as the server keeps it (in shape): its model's name, and the defaults of its type
/// filled in.
pub(crate) fn normalize_field(model: &str, field: &Value) -> ApiResult<Value> {
    flexmodel_rules::field_shape(field).first()?;
    let mut f = field.as_object().cloned().unwrap_or_default();
    f.insert("modelName".into(), json!(model));
    f.entry("unique").or_insert(json!(false));
    f.entry("nullable").or_insert(json!(true));
    match f.get("type").and_then(Value::as_str) {
        Some("String") => {
            f.entry("length").or_insert(json!(255));
        }
        Some("Float") => {
            f.entry("precision").or_insert(json!(20));
            f.entry("scale").or_insert(json!(2));
        }
        Some("EnumRef") | Some("Relation") => {
            f.entry("multiple").or_insert(json!(false));
        }
        _ => {}
    }
    Ok(Value::Object(f))
}

/// An index as the server keeps it (in shape, with its model's name and each field's
/// direction).
pub(crate) fn normalize_index(entity: &Entity, index: &Value) -> ApiResult<Value> {
    flexmodel_rules::index_shape(&entity.name, &entity.json_fields(), index).first()?;
    let mut i = index.as_object().cloned().unwrap_or_default();
    i.insert("modelName".into(), json!(entity.name));
    i.entry("unique").or_insert(json!(false));
    if let Some(Value::Array(fields)) = i.get_mut("fields") {
        for f in fields.iter_mut().filter_map(Value::as_object_mut) {
            f.entry("direction").or_insert(json!("ASC"));
        }
    }
    Ok(Value::Object(i))
}

/// The `${name}` parameters of a native query's statement, in order, each once.
fn statement_parameters(statement: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = statement;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let name = after[..end].trim().to_owned();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
        rest = &after[end + 1..];
    }
    names
}

/// A model as the server keeps it (in shape), by its type.
pub(crate) fn normalize_model(body: &Value) -> ApiResult<Value> {
    flexmodel_rules::model_shape(body).first()?;
    let obj = body.as_object().cloned().unwrap_or_default();
    let name = obj.get("name").and_then(Value::as_str).unwrap_or_default();
    let comment = obj.get("comment").cloned().unwrap_or(Value::Null);
    let extra = obj
        .get("additionalProperties")
        .cloned()
        .filter(|v| !v.is_null())
        .unwrap_or_else(|| json!({}));
    let list = |key: &str| obj.get(key).and_then(Value::as_array).cloned();
    match obj.get("type").and_then(Value::as_str).unwrap_or("entity") {
        "entity" => {
            let fields = list("fields")
                .unwrap_or_default()
                .iter()
                .map(|f| normalize_field(name, f))
                .collect::<ApiResult<Vec<_>>>()?;
            let entity = Entity::from_json(&json!({"name": name, "fields": fields}))?;
            let indexes = list("indexes")
                .unwrap_or_default()
                .iter()
                .map(|i| normalize_index(&entity, i))
                .collect::<ApiResult<Vec<_>>>()?;
            Ok(
                json!({"type": "entity", "name": name, "comment": comment, "fields": fields,
                      "indexes": indexes, "additionalProperties": extra}),
            )
        }
        "enum" => Ok(json!({"type": "enum", "name": name, "comment": comment,
                  "elements": list("elements").unwrap_or_default(), "additionalProperties": extra})),
        _ => {
            let statement = obj
                .get("statement")
                .and_then(Value::as_str)
                .unwrap_or_default();
            Ok(
                json!({"type": "native_query", "name": name, "statement": statement,
                      "parameters": statement_parameters(statement)}),
            )
        }
    }
}

/// Creates a model: for an entity its table and indexes too. A name already taken is a 500.
pub(crate) fn create_model(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    body: &Value,
) -> ApiResult<Value> {
    store::datasource(sb, project, ds)?;
    let model = normalize_model(body)?;
    let name = model["name"].as_str().unwrap_or_default();
    if sb
        .inner
        .meta
        .get(project, &store::model_kind(ds), name)?
        .is_some()
    {
        return Err(ApiError::internal(flexmodel_rules::model_taken(name, ds)));
    }
    if model["type"] == "entity" {
        let entity = Entity::from_json(&model)?;
        let db = store::db(sb, project, ds)?;
        let mut conn = db.lock().unwrap();
        let tx = conn.transaction()?;
        tx.execute_batch(&entity.create_table_sql(&entity.name))?;
        for sql in entity.index_sql()? {
            tx.execute_batch(&sql)?;
        }
        tx.commit()?;
    }
    put_model(sb, project, ds, &model)
}

/// Deletes a model; an entity's table goes with it.
pub(crate) fn delete_model(sb: &Sandbox, project: &str, ds: &str, name: &str) -> ApiResult<()> {
    store::datasource(sb, project, ds)?;
    let kind = store::model_kind(ds);
    if let Some(model) = sb.inner.meta.get(project, &kind, name)? {
        if model["type"] == "entity" {
            let db = store::db(sb, project, ds)?;
            let conn = db.lock().unwrap();
            conn.execute_batch(&format!("DROP TABLE IF EXISTS {}", quote(name)))?;
        }
        sb.inner.meta.delete(project, &kind, name)?;
    }
    Ok(())
}

async fn models_list(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path(ds): Path<String>,
) -> ApiResult<Json<Vec<Value>>> {
    Ok(Json(models(&sb, &project, &ds)?))
}

async fn models_get(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, name)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    Ok(Json(model(&sb, &project, &ds, &name)?))
}

async fn models_create(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path(ds): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let existing = models(&sb, &project, &ds)?;
    flexmodel_rules::model(&flexmodel_rules::Datasource::new(&ds, &existing), &body).first()?;
    Ok(Json(create_model(&sb, &project, &ds, &body)?))
}

async fn models_put(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, name)): Path<(String, String)>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let old = model(&sb, &project, &ds, &name)?;
    let mut body = body.as_object().cloned().unwrap_or_else(Map::new);
    body.insert("name".into(), json!(name));
    body.entry("type").or_insert(old["type"].clone());
    if old["type"] == "entity" || body["type"] == "entity" {
        return Err(ApiError::internal("Unsupported model type"));
    }
    let model = normalize_model(&Value::Object(body))?;
    Ok(Json(put_model(&sb, &project, &ds, &model)?))
}

async fn models_delete(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, name)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    delete_model(&sb, &project, &ds, &name)?;
    Ok(StatusCode::NO_CONTENT)
}
