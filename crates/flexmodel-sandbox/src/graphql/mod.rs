//! `POST /f/graphql` (body `{query, operationName, variables}`): one GraphQL schema per
//! project, built from its datasources' entity and enum models with the server's names
//! (`<ds>_list_<M>`, `<ds>_aggregate_<M>`, `<ds>_find_one_<M>`, `<ds>_create_<M>`,
//! `<ds>_update_<M>`, `<ds>_delete_<M>`, `<ds>_update_<M>_by_id`, `<ds>_delete_<M>_by_id`; types
//! `<ds>_<M>`, `<ds>_<M>_bool_exp`, `<ds>_<M>_order_by`, …; see [`schema`]), run by a real
//! GraphQL engine (async-graphql's dynamic schema: parser, validation, introspection,
//! execution). The answer is always 200
//! `{"errors":[…],"data":…,"extensions":null,"dataPresent":bool}` as graphql-java's
//! `ExecutionResult` is serialized: `errors` is `[]` when there is none (graphql-java never
//! answers null there); an error has `message`, `locations`, `errorType` (`InvalidSyntax`,
//! `ValidationError` before execution, `DataFetchingException` during it), `path` (the
//! field's, for an error during execution, else null) and `extensions`; `dataPresent` is
//! false when nothing ran (a syntax or validation error), and then `data` is null. Resolver
//! errors carry the data module's message (a unique constraint, an unknown operator…).
//!
//! The schema is cached per project (and data directory) and rebuilt when a hash of the
//! project's datasource names and model documents changes, so a model created, changed or
//! deleted by any route shows in the next request. Each request whose operation is a query
//! or a mutation adds one to the counter `metrics/fm` reads. [`execute`] is the same run for
//! other modules (an API definition whose execution is a GraphQL query).
//!
//! Where the sandbox differs from the server, and why:
//! - `<ds>_find_by_id_<M>(id: ID!)` is answered (the record with its relations, as REST's
//!   `GET …/records/{id}`); the engine had it until August 2024 and now has only
//!   `find_one`, so a client meant for the real server should not use it.
//! - Mutations answer what was stored: `create` the stored record (with its generated id;
//!   the engine answers its input), `update_by_id` the record after the change (`null` when
//!   there is none), `delete_by_id` the record before (`null` when none); `update` sets only
//!   the `_set` fields on each matching record (the engine copies the first match's values
//!   over all of them) and answers `affected_rows`, as `delete` does.
//! - `DateTime`, `Date` and `Time` filters take the text the records hold (the engine's
//!   extended scalars want an offset on a `DateTime`, and it swaps the `Date` and
//!   `DateTime` comparison inputs).
//! - `order_by`, `size` and `page` on an aggregate change nothing (one row either way);
//!   `_count(distinct: true, field: f)` counts the distinct non-null values of `f` (the
//!   engine ignores `distinct`).
//! - Directives: see [`document`] (`@internal` accepted, `@transform` on top-level fields,
//!   `@export` feeding later root fields' variables). The schema cannot declare them: they
//!   are added to introspection answers (see [`introspection`]).
//! - A project without any entity model has no schema: every request answers an error
//!   saying so (a GraphQL schema needs a query field).

mod document;
mod introspection;
mod names;
mod objects;
mod operations;
mod schema;
#[cfg(test)]
mod tests;
mod trace;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Mutex, OnceLock};

use async_graphql::dynamic::Schema;
use async_graphql::parser::types::OperationType;
use async_graphql::{Pos, Variables};
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::auth::{Caller, Project};
use crate::body::JsonBody;
use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new().route("/graphql", post(graphql))
}

async fn graphql(
    State(sb): State<Sandbox>,
    _caller: Caller,
    Project(project): Project,
    JsonBody(body): JsonBody<Value>,
) -> Json<Value> {
    let Some(query) = body["query"].as_str() else {
        return Json(refused((
            "the request has no query".into(),
            None,
            "InvalidSyntax",
        )));
    };
    Json(
        execute(
            &sb,
            &project,
            body["operationName"].as_str().filter(|o| !o.is_empty()),
            query,
            body["variables"].clone(),
        )
        .await,
    )
}

/// Runs a GraphQL request against `project`'s schema; answers the server's body (for the
/// endpoint, and for API definitions whose execution is a GraphQL query).
pub(crate) async fn execute(
    sb: &Sandbox,
    project: &str,
    operation: Option<&str>,
    query: &str,
    variables: Value,
) -> Value {
    let mut variables = match variables {
        Value::Object(_) => variables,
        _ => json!({}),
    };
    let prepared = match document::prepare(query, operation, &mut variables) {
        Ok(p) => p,
        Err(refusal) => return refused(refusal),
    };
    let schema = match schema_for(sb, project) {
        Ok(s) => s,
        Err(message) => return refused((message, None, "ExecutionAborted")),
    };
    let counters = &sb.inner.counters;
    match prepared.kind {
        Some(OperationType::Query) => counters.queries.fetch_add(1, Ordering::Relaxed),
        Some(OperationType::Mutation) => counters.mutations.fetch_add(1, Ordering::Relaxed),
        Some(OperationType::Subscription) => counters.subscriptions.fetch_add(1, Ordering::Relaxed),
        None => 0,
    };
    let ran = std::sync::Arc::new(trace::Ran::default());
    let mut request = async_graphql::Request::new(query)
        .variables(Variables::from_json(variables))
        .data(ran.clone())
        .data(std::sync::Arc::new(objects::Exports {
            paths: prepared.exports,
            values: Default::default(),
        }))
        .data(objects::Ctx {
            sb: sb.clone(),
            project: project.to_owned(),
        });
    if let Some(op) = operation {
        request = request.operation_name(op);
    }
    request.set_parsed_query(prepared.doc);
    let response = schema.execute(request).await;

    let ran = ran.get();
    let errors: Vec<Value> = response
        .errors
        .iter()
        .map(|e| {
            let kind = match ran {
                true => "DataFetchingException",
                false => "ValidationError",
            };
            let path = match e.path.is_empty() {
                true => Value::Null,
                false => serde_json::to_value(&e.path).unwrap_or(Value::Null),
            };
            error(&e.message, &e.locations, kind, path)
        })
        .collect();
    let mut data = match ran {
        true => response.data.into_json().unwrap_or(Value::Null),
        false => Value::Null,
    };
    document::transform(&mut data, &prepared.transforms);
    introspection::add_directives(&mut data, &prepared.schema_keys);
    json!({"errors": errors, "data": data, "extensions": null, "dataPresent": ran})
}

fn error(message: &str, locations: &[Pos], kind: &str, path: Value) -> Value {
    let locations: Vec<Value> = locations
        .iter()
        .map(|p| json!({"line": p.line, "column": p.column, "sourceName": null}))
        .collect();
    json!({
        "message": message,
        "locations": locations,
        "errorType": kind,
        "path": path,
        "extensions": null,
    })
}

/// The answer to a request that did not run.
fn refused((message, pos, kind): document::Refusal) -> Value {
    let locations: Vec<Pos> = pos.into_iter().collect();
    json!({
        "errors": [error(&message, &locations, kind, Value::Null)],
        "data": null,
        "extensions": null,
        "dataPresent": false,
    })
}

/// Built schemas by (data directory, project), with the hash of what they were built from.
type Cache = HashMap<(PathBuf, String), (u64, Schema)>;

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The project's schema: the cached one while its models are the same, else a new one.
fn schema_for(sb: &Sandbox, project: &str) -> Result<Schema, String> {
    let message = |e: crate::error::ApiError| {
        e.body
            .as_ref()
            .and_then(|b| b["message"].as_str())
            .unwrap_or("the metadata store failed")
            .to_owned()
    };
    let datasources = crate::data::datasource_names(sb, project).map_err(message)?;
    let mut models = Vec::with_capacity(datasources.len());
    for ds in &datasources {
        let docs = sb
            .inner
            .meta
            .list(project, &format!("model:{ds}"))
            .map_err(|e| e.to_string())?;
        models.push(docs);
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for (ds, docs) in datasources.iter().zip(&models) {
        ds.hash(&mut hasher);
        for d in docs {
            d.to_string().hash(&mut hasher);
        }
    }
    let hash = hasher.finish();
    let key = (sb.data_dir().to_owned(), project.to_owned());
    let mut cache = cache().lock().unwrap();
    if let Some((h, schema)) = cache.get(&key) {
        if *h == hash {
            return Ok(schema.clone());
        }
    }
    let sources: Vec<names::Source> = datasources
        .iter()
        .zip(&models)
        .map(|(ds, docs)| names::Source::new(ds, docs))
        .collect();
    let schema = schema::build(&sources)?;
    // Sandboxes come and go (tests make many): keep the cache small.
    if cache.len() >= 64 {
        cache.clear();
    }
    cache.insert(key, (hash, schema.clone()));
    Ok(schema)
}
