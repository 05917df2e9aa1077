//! Records written: create with defaults, update and delete by filter, replace or merge one
//! record; each change publishes a [`RecordEvent`](crate::events::RecordEvent) once committed.
//! Related records given in a create or an update are refused (the sandbox does not write
//! nested records); a cascading delete removes the related records too and publishes their
//! deletes as well (the server's own events for cascades are not documented).

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection};
use serde_json::{Map, Value};

use super::filter::{self, Where};
use super::records::{fetch, id_filter, publish, Target};
use super::schema::{quote, ulid, Entity, Schema};
use crate::error::{ApiError, ApiResult};
use crate::Sandbox;

/// Refuses related records given with a record (the sandbox does not write nested records);
/// null or an empty list is no related record.
fn refuse_nested(entity: &Entity, data: &Map<String, Value>) -> ApiResult<()> {
    for f in entity.fields.iter().filter(|f| f.is_relation()) {
        match data.get(&f.name) {
            None | Some(Value::Null) => {}
            Some(Value::Array(a)) if a.is_empty() => {}
            Some(_) => {
                return Err(ApiError::bad_request(format!(
                    "the sandbox does not write related records with a record: leave out relation field '{}'",
                    f.name
                )))
            }
        }
    }
    Ok(())
}

fn object(data: &Value) -> ApiResult<&Map<String, Value>> {
    data.as_object()
        .ok_or_else(|| ApiError::internal(format!("A record is a JSON object, not {data}")))
}

/// Creates a record from `data` (unknown keys ignored), filling defaults: fixed values,
/// generated `uuid`, `ulid`, `now`, and `autoIncrement` (SQLite's). Answers it as stored.
pub(crate) fn create_record(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    model: &str,
    data: Value,
) -> ApiResult<Value> {
    let t = Target::load(sb, project, ds, model)?;
    let record = {
        let conn = t.db.lock().unwrap();
        insert_record(&conn, t.entity(), &data)?
    };
    publish(
        sb,
        project,
        ds,
        model,
        "create",
        std::slice::from_ref(&record),
    );
    Ok(record)
}

/// Inserts one record of `entity` on `conn` (which may be in a transaction), as
/// [`create_record`] does, and answers it as stored; publishes nothing (the caller does, once
/// committed).
pub(crate) fn insert_record(conn: &Connection, entity: &Entity, data: &Value) -> ApiResult<Value> {
    let data = object(data)?;
    refuse_nested(entity, data)?;
    let mut cols = Vec::new();
    let mut values = Vec::new();
    for f in entity.columns() {
        let value = match data.get(&f.name).filter(|v| !v.is_null()) {
            Some(v) => f.to_sql(v)?,
            None => match (f.fixed(), f.generated()) {
                (Some(v), _) => f.to_sql(v)?,
                (None, Some("uuid")) => Sql::Text(uuid::Uuid::new_v4().to_string()),
                (None, Some("ulid")) => Sql::Text(ulid()),
                (None, Some("now")) => Sql::Text(now_for(&f.ty)),
                _ if f.is_rowid() => continue,
                (None, Some("autoIncrement")) => continue,
                _ => Sql::Null,
            },
        };
        cols.push(quote(&f.name));
        values.push(value);
    }
    let sql = if cols.is_empty() {
        format!("INSERT INTO {} DEFAULT VALUES", quote(&entity.name))
    } else {
        let ps: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            quote(&entity.name),
            cols.join(", "),
            ps.join(", ")
        )
    };
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(values.iter()))?;
    let w = Where {
        sql: "t0.rowid = ?1".into(),
        params: vec![Sql::Integer(conn.last_insert_rowid())],
    };
    Ok(fetch(conn, entity, &w, "", &[])?
        .pop()
        .map(|(_, r)| r)
        .unwrap_or(Value::Null))
}

/// Now, in the form a field of type `ty` keeps.
fn now_for(ty: &str) -> String {
    let now = crate::meta::now();
    match ty {
        "Date" => now[..10].to_owned(),
        "Time" => now[11..].to_owned(),
        _ => now,
    }
}

/// Sets the fields of `set` (unknown keys ignored) on every record `filter` matches; answers
/// the records after the change.
pub(crate) fn update_records(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    model: &str,
    filter: &Value,
    set: &Value,
) -> ApiResult<Vec<Value>> {
    let t = Target::load(sb, project, ds, model)?;
    let entity = t.entity();
    let set = object(set)?;
    refuse_nested(entity, set)?;
    let w = filter::compile(&t.schema, entity, Some(filter), "t0")?;
    let mut assigns = Vec::new();
    let mut values = Vec::new();
    for f in entity.columns() {
        if let Some(v) = set.get(&f.name) {
            values.push(f.to_sql(v)?);
            assigns.push(format!("{} = ?{}", quote(&f.name), values.len()));
        }
    }
    let after = {
        let mut conn = t.db.lock().unwrap();
        let tx = conn.transaction()?;
        let rowids: Vec<i64> = fetch(&tx, entity, &w, "ORDER BY t0.rowid", &[])?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        if !assigns.is_empty() {
            let sql = format!(
                "UPDATE {} SET {} WHERE rowid = ?{}",
                quote(&entity.name),
                assigns.join(", "),
                values.len() + 1
            );
            let mut stmt = tx.prepare_cached(&sql)?;
            for id in &rowids {
                stmt.execute(params_from_iter(values.iter().chain([&Sql::Integer(*id)])))?;
            }
        }
        let mut after = Vec::with_capacity(rowids.len());
        for id in &rowids {
            let w = Where {
                sql: "t0.rowid = ?1".into(),
                params: vec![Sql::Integer(*id)],
            };
            after.extend(fetch(&tx, entity, &w, "", &[])?.into_iter().map(|(_, r)| r));
        }
        tx.commit()?;
        after
    };
    if !assigns.is_empty() {
        publish(sb, project, ds, model, "update", &after);
    }
    Ok(after)
}

/// Replaces the record whose identity is `id` by `data` (fields not given become null, the
/// identity stays), or with `merge` sets only the fields given. `None` when there is no such
/// record.
pub(crate) fn write_record(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    model: &str,
    id: &str,
    data: &Value,
    merge: bool,
) -> ApiResult<Option<Value>> {
    let t = Target::load(sb, project, ds, model)?;
    let entity = t.entity();
    let given = object(data)?;
    let Some(filter) = id_filter(entity, id) else {
        return Ok(None);
    };
    let mut set = Map::new();
    for f in entity.columns().filter(|f| !f.identity) {
        match given.get(&f.name) {
            Some(v) => {
                set.insert(f.name.clone(), v.clone());
            }
            None if !merge => {
                set.insert(f.name.clone(), Value::Null);
            }
            None => {}
        }
    }
    drop(t);
    Ok(
        update_records(sb, project, ds, model, &filter, &Value::Object(set))?
            .into_iter()
            .next(),
    )
}

/// Deletes the records `filter` matches (and, for a `cascadeDelete` relation, their related
/// records); answers the records deleted from this model.
pub(crate) fn delete_records(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    model: &str,
    filter: &Value,
) -> ApiResult<Vec<Value>> {
    let t = Target::load(sb, project, ds, model)?;
    let mut events = Vec::new();
    let deleted = {
        let mut conn = t.db.lock().unwrap();
        let tx = conn.transaction()?;
        let deleted = delete_where(&tx, &t.schema, t.entity(), filter, &mut events, 0)?;
        tx.commit()?;
        deleted
    };
    for (m, r) in events {
        publish(sb, project, ds, &m, "delete", std::slice::from_ref(&r));
    }
    Ok(deleted)
}

fn delete_where(
    conn: &Connection,
    schema: &Schema,
    entity: &Entity,
    filter: &Value,
    events: &mut Vec<(String, Value)>,
    depth: usize,
) -> ApiResult<Vec<Value>> {
    if depth > 16 {
        return Err(ApiError::internal(
            "Cascading deletes nest deeper than 16 models",
        ));
    }
    let w = filter::compile(schema, entity, Some(filter), "t0")?;
    let rows = fetch(conn, entity, &w, "ORDER BY t0.rowid", &[])?;
    let mut stmt = conn.prepare_cached(&format!(
        "DELETE FROM {} WHERE rowid = ?1",
        quote(&entity.name)
    ))?;
    for (id, r) in &rows {
        stmt.execute([id])?;
        events.push((entity.name.clone(), r.clone()));
    }
    let records: Vec<Value> = rows.into_iter().map(|(_, r)| r).collect();
    for field in entity
        .fields
        .iter()
        .filter(|f| f.is_relation() && f.cascade_delete)
    {
        let (target, local, foreign) = schema.relation(entity, field)?;
        let keys: Vec<Value> = records
            .iter()
            .map(|r| r[&local.name].clone())
            .filter(|v| !v.is_null())
            .collect();
        for chunk in keys.chunks(500) {
            let f = serde_json::json!({ &foreign.name: { "_in": chunk } });
            delete_where(conn, schema, target, &f, events, depth + 1)?;
        }
    }
    Ok(records)
}
