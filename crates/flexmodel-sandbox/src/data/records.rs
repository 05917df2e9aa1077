//! Records read: rows of an entity's table in the server's JSON (keys exactly the model's field
//! names, values typed per field), lists with filter, sort, page and nested relations, one
//! record, aggregates. This is the Rust API the HTTP routes, GraphQL and the API runtime share
//! (the writes are in `writes`).
//!
//! Rows are addressed inside the sandbox by their SQLite rowid, so that models without an
//! identity field (tables synced from a file) work too; answers never show it.

use std::collections::HashMap;

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection};
use serde_json::{Map, Value};

use super::filter::{self, Where};
use super::schema::{quote, Entity, Schema};
use super::store::{self, Db};
use crate::error::{ApiError, ApiResult};
use crate::events::RecordEvent;
use crate::Sandbox;

/// What a record list asks for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query {
    /// A filter in the server's language (`None` or `null`: every record).
    pub filter: Option<Value>,
    /// (field, descending), in order.
    pub sort: Vec<(String, bool)>,
    /// (page from 1, size); `None`: every record.
    pub page: Option<(u64, u64)>,
    /// Fill relation fields with the related records.
    pub nested: bool,
}

/// An aggregate of a field over the records a filter matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // GraphQL's `_aggregate_` uses all of them.
pub(crate) enum Aggregate {
    Count,
    Max,
    Min,
    Sum,
    Avg,
}

/// A datasource's database, its models and the entity asked for (checked).
pub(crate) struct Target {
    pub db: Db,
    pub schema: Schema,
    pub model: String,
}

impl Target {
    pub fn load(sb: &Sandbox, project: &str, ds: &str, model: &str) -> ApiResult<Target> {
        store::datasource(sb, project, ds)?;
        let models = sb.inner.meta.list(project, &store::model_kind(ds))?;
        let schema = Schema::new(&models)?;
        if !schema.entities.contains_key(model) {
            return Err(match models.iter().any(|m| m["name"] == model) {
                true => {
                    ApiError::internal(format!("Model {model} is not an entity: it has no records"))
                }
                false => ApiError::internal(format!("Model not found: {model}")),
            });
        }
        Ok(Target {
            db: store::db(sb, project, ds)?,
            schema,
            model: model.to_owned(),
        })
    }

    pub fn entity(&self) -> &Entity {
        &self.schema.entities[&self.model]
    }
}

fn select_sql(entity: &Entity) -> String {
    let cols: Vec<String> = entity
        .columns()
        .map(|f| format!("t0.{}", quote(&f.name)))
        .collect();
    let mut cols = cols.join(", ");
    if !cols.is_empty() {
        cols.insert_str(0, ", ");
    }
    format!("SELECT t0.rowid{cols} FROM {} AS t0", quote(&entity.name))
}

/// Rows of `entity` matching `w`, in `order`, as (rowid, record).
pub(super) fn fetch(
    conn: &Connection,
    entity: &Entity,
    w: &Where,
    tail: &str,
    extra: &[Sql],
) -> ApiResult<Vec<(i64, Value)>> {
    let sql = format!("{} WHERE {} {tail}", select_sql(entity), w.sql);
    let mut stmt = conn.prepare_cached(&sql)?;
    let fields: Vec<_> = entity.columns().collect();
    let rows = stmt.query_map(params_from_iter(w.params.iter().chain(extra)), |row| {
        let rowid: i64 = row.get(0)?;
        let mut obj = Map::new();
        for (i, f) in fields.iter().enumerate() {
            obj.insert(f.name.clone(), f.to_json(row.get_ref(i + 1)?));
        }
        Ok((rowid, Value::Object(obj)))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A record's key for matching related records (numbers and texts alike).
fn key(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Fills the relation fields of `records` (of `entity`) with the related records: an object
/// (or null) for a single relation, an array for a `multiple` one.
fn nest(
    conn: &Connection,
    schema: &Schema,
    entity: &Entity,
    records: &mut [Value],
) -> ApiResult<()> {
    for field in entity.fields.iter().filter(|f| f.is_relation()) {
        let (target, local, foreign) = schema.relation(entity, field)?;
        let mut wanted: Vec<Value> = records
            .iter()
            .map(|r| r[&local.name].clone())
            .filter(|v| !v.is_null())
            .collect();
        wanted.sort_by_key(key);
        wanted.dedup_by_key(|v| key(v));
        let mut found: HashMap<String, Vec<Value>> = HashMap::new();
        for chunk in wanted.chunks(500) {
            let f = serde_json::json!({ &foreign.name: { "_in": chunk } });
            let w = filter::compile(schema, target, Some(&f), "t0")?;
            for (_, r) in fetch(conn, target, &w, "ORDER BY t0.rowid", &[])? {
                found.entry(key(&r[&foreign.name])).or_default().push(r);
            }
        }
        for r in records.iter_mut() {
            let related = found
                .get(&key(&r[&local.name]))
                .cloned()
                .unwrap_or_default();
            r[&field.name] = if field.multiple {
                Value::Array(related)
            } else {
                related.into_iter().next().unwrap_or(Value::Null)
            };
        }
    }
    Ok(())
}

pub(super) fn publish(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    model: &str,
    mutation: &'static str,
    records: &[Value],
) {
    for r in records {
        sb.inner.events.publish(RecordEvent {
            project: project.to_owned(),
            datasource: ds.to_owned(),
            model: model.to_owned(),
            mutation,
            record: r.clone(),
        });
    }
}

/// The records a query asks for and how many match its filter (whatever the page).
pub(crate) fn list_records(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    model: &str,
    q: &Query,
) -> ApiResult<(Vec<Value>, u64)> {
    let t = Target::load(sb, project, ds, model)?;
    let entity = t.entity();
    let w = filter::compile(&t.schema, entity, q.filter.as_ref(), "t0")?;
    let order = filter::order_by(entity, &q.sort, "t0")?;
    let conn = t.db.lock().unwrap();
    // Without a filter, no WHERE at all: SQLite then counts from the table's b-tree instead
    // of visiting every row.
    let count_sql = match w.sql.as_str() {
        filter::MATCH_ALL => format!("SELECT COUNT(*) FROM {}", quote(&entity.name)),
        condition => format!(
            "SELECT COUNT(*) FROM {} AS t0 WHERE {condition}",
            quote(&entity.name)
        ),
    };
    let total: i64 = conn.query_row(&count_sql, params_from_iter(w.params.iter()), |r| r.get(0))?;
    let (tail, extra) = match q.page {
        Some((page, size)) => {
            let n = w.params.len();
            let offset = page.max(1).saturating_sub(1).saturating_mul(size);
            (
                format!("{order} LIMIT ?{} OFFSET ?{}", n + 1, n + 2),
                vec![
                    Sql::Integer(size.min(i64::MAX as u64) as i64),
                    Sql::Integer(offset.min(i64::MAX as u64) as i64),
                ],
            )
        }
        None => (order, Vec::new()),
    };
    let mut records: Vec<Value> = fetch(&conn, entity, &w, &tail, &extra)?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    if q.nested {
        nest(&conn, &t.schema, entity, &mut records)?;
    }
    Ok((records, total as u64))
}

/// The first record a filter matches (in insertion order).
#[allow(dead_code)] // GraphQL's `_find_one_`.
pub(crate) fn find_one(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    model: &str,
    filter: Option<&Value>,
    nested: bool,
) -> ApiResult<Option<Value>> {
    let q = Query {
        filter: filter.cloned(),
        sort: Vec::new(),
        page: Some((1, 1)),
        nested,
    };
    Ok(list_records(sb, project, ds, model, &q)?
        .0
        .into_iter()
        .next())
}

/// The filter that picks the record whose identity is `id` (as a path gives it); the rowid
/// for a model without an identity field. `None` when `id` cannot be one (a word for a Long).
pub(crate) fn id_filter(entity: &Entity, id: &str) -> Option<Value> {
    match entity.identity() {
        Some(f) => {
            f.to_sql(&Value::String(id.to_owned())).ok()?;
            Some(serde_json::json!({ &f.name: id }))
        }
        None => None,
    }
}

/// The record whose identity is `id`, its relations nested, as `GET …/records/{id}` answers.
pub(crate) fn get_record(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    model: &str,
    id: &str,
) -> ApiResult<Option<Value>> {
    let t = Target::load(sb, project, ds, model)?;
    let entity = t.entity();
    let conn = t.db.lock().unwrap();
    let w = match id_filter(entity, id) {
        Some(f) => filter::compile(&t.schema, entity, Some(&f), "t0")?,
        None if entity.identity().is_some() => return Ok(None),
        None => match id.parse::<i64>() {
            Ok(rowid) => Where {
                sql: "t0.rowid = ?1".into(),
                params: vec![Sql::Integer(rowid)],
            },
            Err(_) => return Ok(None),
        },
    };
    let mut records: Vec<Value> = fetch(&conn, entity, &w, "LIMIT 1", &[])?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    nest(&conn, &t.schema, entity, &mut records)?;
    Ok(records.into_iter().next())
}

/// `op` of `field` (any field for `Count`) over the records `filter` matches: a number, or for
/// `Max`/`Min` a value of the field's type; null when no record has one.
#[allow(dead_code)] // GraphQL's `_aggregate_`.
pub(crate) fn aggregate(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    model: &str,
    filter: Option<&Value>,
    field: Option<&str>,
    op: Aggregate,
) -> ApiResult<Value> {
    let t = Target::load(sb, project, ds, model)?;
    let entity = t.entity();
    let w = filter::compile(&t.schema, entity, filter, "t0")?;
    let column = match (op, field) {
        (Aggregate::Count, None) => None,
        (_, Some(name)) => {
            let f = entity.known(name)?;
            if f.is_relation() {
                return Err(ApiError::internal(format!(
                    "Cannot aggregate relation field '{name}'"
                )));
            }
            Some(f)
        }
        (_, None) => return Err(ApiError::internal(format!("{op:?} needs a field"))),
    };
    let expr = match (op, column) {
        (Aggregate::Count, None) => "COUNT(*)".to_owned(),
        (op, Some(f)) => {
            let func = match op {
                Aggregate::Count => "COUNT",
                Aggregate::Max => "MAX",
                Aggregate::Min => "MIN",
                Aggregate::Sum => "SUM",
                Aggregate::Avg => "AVG",
            };
            format!("{func}(t0.{})", quote(&f.name))
        }
        (_, None) => unreachable!("checked above"),
    };
    let sql = format!(
        "SELECT {expr} FROM {} AS t0 WHERE {}",
        quote(&entity.name),
        w.sql
    );
    let conn = t.db.lock().unwrap();
    let v = conn.query_row(&sql, params_from_iter(w.params.iter()), |r| {
        let v = r.get_ref(0)?;
        Ok(match (op, column) {
            (Aggregate::Max | Aggregate::Min, Some(f)) => f.to_json(v),
            _ => match v {
                rusqlite::types::ValueRef::Integer(i) => Value::from(i),
                rusqlite::types::ValueRef::Real(x) => Value::from(x),
                _ => Value::Null,
            },
        })
    })?;
    Ok(v)
}
