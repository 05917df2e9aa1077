//! `POST …/datasources/{ds}/import {"script","type":"IDL"|"JSON"}` → 204: models (and, in the
//! JSON form `{"objects":[models…],"data":[{"modelName","values":[…]}]}`, rows) put into a
//! datasource; and [`install`], the all-or-nothing creation of models and rows that this and
//! `models/idl/execute` ([`super::idl`]) share.
//!
//! As the server: `type` defaults to JSON; a model that already exists with the same IDL is
//! left as it is; an enum that differs replaces the old one; native queries among the JSON
//! `objects` are skipped (the engine's import handles entities and enums only). Rows go through
//! the records' create path, so defaults are filled, and a `create` event is published for
//! each row once all are in.
//!
//! Where the sandbox differs, and why: the server imports "failsafe" (a model or a row that
//! fails is logged and skipped, and the answer is still 204); the sandbox does all of it in one
//! SQLite transaction (the tables, the indexes and every row) and answers the first failure,
//! leaving nothing behind: no table, no row, no model document, a replaced enum restored. The
//! server merges an imported entity into an existing one of the same name with different
//! fields (adding and changing fields); the sandbox refuses that with a 400 naming the model.
//! A bad IDL script is the server's 500 "IDL parsing failed: IDL格式有误…".

use std::collections::{HashMap, HashSet};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use serde::Deserialize;
use serde_json::Value;

use super::models::{normalize_model, put_model, with_idl};
use super::schema::{Entity, Schema};
use super::store;
use super::writes::insert_record;
use crate::auth::{Caller, Project};
use crate::body::JsonBody;
use crate::error::{ApiError, ApiResult};
use crate::events::RecordEvent;
use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new().route("/datasources/{ds}/import", post(import_route))
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
enum ImportType {
    #[serde(rename = "JSON")]
    Json,
    #[serde(rename = "IDL")]
    Idl,
}

#[derive(Deserialize)]
struct ImportBody {
    #[serde(default)]
    script: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<ImportType>,
}

async fn import_route(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path(ds): Path<String>,
    JsonBody(body): JsonBody<ImportBody>,
) -> ApiResult<StatusCode> {
    let script = body.script.unwrap_or_default();
    if script.trim().is_empty() {
        return Err(ApiError::validation(&[("script", "must not be blank")]));
    }
    match body.kind.unwrap_or(ImportType::Json) {
        ImportType::Json => import_json(&sb, &project, &ds, &script)?,
        ImportType::Idl => import_idl(&sb, &project, &ds, &script)?,
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Imports the models of an IDL text (names resolved against the datasource's models).
pub(crate) fn import_idl(sb: &Sandbox, project: &str, ds: &str, script: &str) -> ApiResult<()> {
    let existing = super::models(sb, project, ds)?;
    let known = flexmodel_idl::Known::from_models(&existing);
    let models = flexmodel_idl::parse_with(script, &known)
        .map_err(|e| ApiError::internal(format!("IDL parsing failed: {e}")))?;
    install(sb, project, ds, &models, &[], OnExisting::KeepSame)?;
    Ok(())
}

/// Imports the JSON form `{"objects":[models…],"data":[{"modelName","values":[…]}]}`.
pub(crate) fn import_json(sb: &Sandbox, project: &str, ds: &str, script: &str) -> ApiResult<()> {
    let bundle: Value = serde_json::from_str(script)
        .map_err(|e| ApiError::internal(format!("The import script is not JSON: {e}")))?;
    let list = |key: &str| -> ApiResult<Vec<Value>> {
        match bundle.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(a)) => Ok(a.clone()),
            Some(other) => Err(ApiError::internal(format!(
                "The import script's \"{key}\" is a list, not {other}"
            ))),
        }
    };
    if !bundle.is_object() {
        return Err(ApiError::internal(format!(
            "The import script is a JSON object {{\"objects\",\"data\"}}, not {bundle}"
        )));
    }
    let objects: Vec<Value> = list("objects")?
        .into_iter()
        .filter(|m| m.get("type").and_then(Value::as_str) != Some("native_query"))
        .collect();
    let mut data = Vec::new();
    for item in list("data")? {
        let model = item
            .get("modelName")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                ApiError::internal(format!("An import data item needs a modelName: {item}"))
            })?;
        let values = match item.get("values") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a.clone(),
            Some(other) => {
                return Err(ApiError::internal(format!(
                    "The values of {model} are a list of records, not {other}"
                )))
            }
        };
        data.push((model.to_owned(), values));
    }
    install(sb, project, ds, &objects, &data, OnExisting::KeepSame)?;
    Ok(())
}

/// What [`install`] does with a model whose name the datasource already has.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnExisting {
    /// `models/idl/execute`: an enum is replaced; anything else is the 500 a create answers.
    Create,
    /// Import: the same model (same IDL) is kept as it is; an enum is replaced; a different
    /// entity is refused (the sandbox does not merge fields).
    KeepSame,
}

enum Step {
    Create(Value),
    Replace { new: Value, old: Value },
    Keep(Value),
}

/// Creates `models` (in the server's model JSON) in a datasource and inserts the rows of
/// `data` ((model name, records)), all or nothing; answers the models as stored, in the order
/// given. Tables, indexes and rows are written in one SQLite transaction, and the model
/// documents kept while it is open: a failure rolls the transaction back and takes back the
/// documents already kept.
pub(crate) fn install(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    models: &[Value],
    data: &[(String, Vec<Value>)],
    on_existing: OnExisting,
) -> ApiResult<Vec<Value>> {
    store::datasource(sb, project, ds)?;
    let kind = store::model_kind(ds);
    let existing: HashMap<String, Value> = sb
        .inner
        .meta
        .list(project, &kind)?
        .into_iter()
        .map(|m| (m["name"].as_str().unwrap_or_default().to_owned(), m))
        .collect();

    let mut steps = Vec::new();
    let mut seen = HashSet::new();
    for raw in models {
        let model = normalize_model(raw)?;
        let name = model["name"].as_str().unwrap_or_default().to_owned();
        if !seen.insert(name.clone()) {
            return Err(ApiError::internal(format!(
                "Model {name} is given twice in the same script"
            )));
        }
        let Some(old) = existing.get(&name) else {
            steps.push(Step::Create(model));
            continue;
        };
        let same = flexmodel_idl::print(old) == flexmodel_idl::print(&model);
        let both_enums = old["type"] == "enum" && model["type"] == "enum";
        steps.push(match on_existing {
            OnExisting::KeepSame if same => Step::Keep(with_idl(old.clone())),
            _ if both_enums => Step::Replace {
                new: model,
                old: old.clone(),
            },
            OnExisting::Create => {
                return Err(ApiError::internal(flexmodel_rules::model_taken(&name, ds)))
            }
            OnExisting::KeepSame => {
                return Err(ApiError::bad_request(format!(
                    "the sandbox does not merge an imported model into the existing {} '{name}' \
                     of datasource {ds}, which differs from it: delete the model first or import \
                     it under another name",
                    old["type"].as_str().unwrap_or("model")
                )))
            }
        });
    }

    // The datasource's models as they will be, for the rows.
    let mut future: HashMap<String, Value> = existing;
    for step in &steps {
        if let Step::Create(m) | Step::Replace { new: m, .. } = step {
            future.insert(m["name"].as_str().unwrap_or_default().to_owned(), m.clone());
        }
    }
    let schema = Schema::new(&future.into_values().collect::<Vec<_>>())?;

    let db = store::db(sb, project, ds)?;
    let mut conn = db.lock().unwrap();
    let tx = conn.transaction()?;
    for step in &steps {
        if let Step::Create(m) = step {
            if m["type"] == "entity" {
                let entity = Entity::from_json(m)?;
                tx.execute_batch(&entity.create_table_sql(&entity.name))
                    .map_err(|e| in_model(&entity.name, e.into()))?;
                for sql in entity.index_sql()? {
                    tx.execute_batch(&sql)
                        .map_err(|e| in_model(&entity.name, e.into()))?;
                }
            }
        }
    }
    let mut created = Vec::new();
    for (model, values) in data {
        let entity = schema.entity(model)?;
        for (i, v) in values.iter().enumerate() {
            let record = insert_record(&tx, entity, v)
                .map_err(|e| in_model(model, prefixed(e, &format!("record {}: ", i + 1))))?;
            created.push((model.clone(), record));
        }
    }

    let mut kept: Vec<(String, Option<Value>)> = Vec::new();
    let undo = |kept: &[(String, Option<Value>)]| {
        for (name, old) in kept.iter().rev() {
            // Best effort: the error being answered is the first one.
            let _ = match old {
                Some(old) => sb.inner.meta.put(project, &kind, name, old),
                None => sb.inner.meta.delete(project, &kind, name).map(|_| ()),
            };
        }
    };
    let mut answer = Vec::with_capacity(steps.len());
    for step in steps {
        let (model, old) = match step {
            Step::Keep(m) => {
                answer.push(m);
                continue;
            }
            Step::Create(m) => (m, None),
            Step::Replace { new, old } => (new, Some(old)),
        };
        let name = model["name"].as_str().unwrap_or_default().to_owned();
        match put_model(sb, project, ds, &model) {
            Ok(m) => {
                kept.push((name, old));
                answer.push(m);
            }
            Err(e) => {
                undo(&kept);
                return Err(e);
            }
        }
    }
    if let Err(e) = tx.commit() {
        undo(&kept);
        return Err(e.into());
    }
    drop(conn);
    for (model, record) in created {
        sb.inner.events.publish(RecordEvent {
            project: project.to_owned(),
            datasource: ds.to_owned(),
            model,
            mutation: "create",
            record,
        });
    }
    Ok(answer)
}

/// `e` with its message prefixed.
fn prefixed(mut e: ApiError, prefix: &str) -> ApiError {
    if let Some(Value::String(m)) = e.body.as_mut().and_then(|b| b.get_mut("message")) {
        m.insert_str(0, prefix);
    }
    e
}

/// `e` saying which model it is about.
fn in_model(model: &str, e: ApiError) -> ApiError {
    prefixed(e, &format!("{model}: "))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::events::RecordEvent;
    use crate::{Sandbox, SandboxConfig};

    fn drain(rx: &mut tokio::sync::broadcast::Receiver<RecordEvent>) -> Vec<RecordEvent> {
        std::iter::from_fn(|| rx.try_recv().ok()).collect()
    }

    #[test]
    fn imported_rows_publish_create_events_once_committed_and_none_on_failure() {
        let sb = Sandbox::new(SandboxConfig::default()).unwrap();
        let mut rx = sb.inner.events.subscribe();
        let script = json!({"data": [{"modelName": "Classes", "values": [
            {"classCode": "I-1", "className": "One"}, {"classCode": "I-2"}]}]});
        super::import_json(&sb, "default", "system", &script.to_string()).unwrap();
        let events = drain(&mut rx);
        assert_eq!(events.len(), 2);
        assert!(events
            .iter()
            .all(|e| e.mutation == "create" && e.model == "Classes" && e.datasource == "system"));
        assert_eq!(events[0].record["classCode"], "I-1");
        assert_eq!(
            events[0].record["id"], 6,
            "as stored, with its generated id"
        );

        // classCode is unique: the second row fails, the first is rolled back, nothing heard.
        let script = json!({"data": [{"modelName": "Classes", "values": [
            {"classCode": "I-3"}, {"classCode": "I-1"}]}]});
        let err = super::import_json(&sb, "default", "system", &script.to_string()).unwrap_err();
        assert_eq!(err.status, 500);
        assert!(drain(&mut rx).is_empty());
        let n = crate::data::native_query(
            &sb,
            "default",
            "system",
            "select count(*) as n from Classes",
            &Default::default(),
        )
        .unwrap();
        assert_eq!(n, json!([{"n": 7}]));
    }
}
