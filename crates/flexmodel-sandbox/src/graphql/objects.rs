//! The output side of the schema: the object `ds_M` of an entity (its fields, relations
//! fetched from the data module when selected, `_join` and `_join_mutation`), its
//! `ds_M_aggregate` and `ds_M_avg_fields`, and what every resolver shares (the request's
//! [`Ctx`], arguments as JSON, the data module's errors as GraphQL errors).

use async_graphql::dynamic::{
    Field, FieldFuture, FieldValue, InputValue, Object, ResolverContext, TypeRef,
};
use async_graphql::{Error, Name, Value as Gql};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{json, Map, Value};

use super::names::{EntityInfo, FieldInfo, Kind};
use crate::data::{self, Aggregate, Query};
use crate::error::ApiError;
use crate::Sandbox;

/// What every resolver reads from the request: whose data.
pub(crate) struct Ctx {
    pub sb: Sandbox,
    pub project: String,
}

pub(super) type Res<T> = Result<T, Error>;

/// A data-module error as a GraphQL error with the server's message.
pub(super) fn gql(e: ApiError) -> Error {
    let message = e
        .body
        .as_ref()
        .and_then(|b| b["message"].as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| format!("the data module answered {}", e.status));
    Error::new(message)
}

pub(super) fn ctx<'a>(rc: &ResolverContext<'a>) -> Res<&'a Ctx> {
    rc.ctx.data::<Ctx>()
}

/// The request's `@export`s (see `document`): where they are and what they took.
#[derive(Default)]
pub(crate) struct Exports {
    /// (response path without list indexes, variable name).
    pub paths: Vec<(String, String)>,
    pub values: Mutex<HashMap<String, Gql>>,
}

/// A root field's arguments as JSON: as the engine resolved them, or, once a field has
/// exported a value, resolved again from the query's text with the exported values first
/// among the variables (unexported ones as the request gave them, else their default). That
/// reads the field's text and the request's variables from async-graphql's context fields
/// that are public but hidden from its docs (`item`, `query_env`): the lock file pins the
/// version, and the `@export` tests fail if they move.
pub(super) fn args_of(rc: &ResolverContext<'_>) -> Res<Map<String, Value>> {
    let exported = rc
        .ctx
        .data_opt::<Arc<Exports>>()
        .map(|e| e.values.lock().unwrap().clone())
        .unwrap_or_default();
    let mut out = Map::new();
    if exported.is_empty() {
        for (name, v) in rc.args.iter() {
            out.insert(name.to_string(), v.as_value().clone().into_json()?);
        }
        return Ok(out);
    }
    let env = rc.ctx.query_env;
    let lookup = |var: Name| -> Result<Gql, Error> {
        Ok(exported
            .get(var.as_str())
            .or_else(|| env.variables.get(&var))
            .cloned()
            .or_else(|| {
                env.operation
                    .node
                    .variable_definitions
                    .iter()
                    .find(|d| d.node.name.node == var)
                    .and_then(|d| d.node.default_value.as_ref().map(|v| v.node.clone()))
            })
            .unwrap_or(Gql::Null))
    };
    for (name, value) in &rc.ctx.item.node.arguments {
        let v = value.node.clone().into_const_with(lookup)?;
        out.insert(name.node.to_string(), v.into_json()?);
    }
    Ok(out)
}

/// The argument `name`, `None` when absent or null.
pub(super) fn json_arg(args: &Map<String, Value>, name: &str) -> Option<Value> {
    args.get(name).filter(|v| !v.is_null()).cloned()
}

/// An `ID` argument as the text the data module takes.
pub(super) fn id_arg(args: &Map<String, Value>) -> Res<String> {
    match args.get("id") {
        Some(Value::String(s)) => Ok(s.clone()),
        None | Some(Value::Null) => Err(Error::new("the argument id is required")),
        Some(other) => Ok(other.to_string()),
    }
}

pub(super) fn count_arg(args: &Map<String, Value>, name: &str) -> Res<Option<u64>> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| Error::new(format!("{name} must be a whole number ≥ 0, got {v}"))),
    }
}

pub(super) fn record(v: Value) -> FieldValue<'static> {
    FieldValue::owned_any(v)
}

pub(super) fn records(list: Vec<Value>) -> FieldValue<'static> {
    FieldValue::list(list.into_iter().map(record))
}

/// The record or aggregate row a field of `ds_M` reads from.
pub(super) fn parent<'a>(rc: &ResolverContext<'a>) -> Res<&'a Value> {
    rc.parent_value.try_downcast_ref::<Value>()
}

/// An identity value as graphql-java's `ID` answers it: a string.
pub(super) fn id_value(v: &Value) -> Option<Gql> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(Gql::String(s.clone())),
        other => Some(Gql::String(other.to_string())),
    }
}

pub(super) fn enum_value(v: &Value) -> Option<FieldValue<'static>> {
    match v {
        Value::String(s) => Some(FieldValue::value(Gql::Enum(Name::new(s)))),
        _ => None,
    }
}

/// A field of the object `ds_M`.
pub(super) fn record_field(ds: &str, f: &FieldInfo) -> Field {
    let name = f.name.clone();
    let ty = if f.is_list() {
        TypeRef::named_list(f.type_name())
    } else {
        TypeRef::named(f.type_name())
    };
    match &f.kind {
        Kind::Scalar(_) => Field::new(f.name.clone(), ty, move |rc| {
            let name = name.clone();
            FieldFuture::new(async move {
                Ok(match parent(&rc)?.get(&name) {
                    None | Some(Value::Null) => None,
                    Some(v) => Some(FieldValue::value(Gql::from_json(v.clone())?)),
                })
            })
        }),
        Kind::Id => Field::new(f.name.clone(), ty, move |rc| {
            let name = name.clone();
            FieldFuture::new(async move {
                let v = parent(&rc)?.get(&name).and_then(id_value);
                Ok(v.map(FieldValue::value))
            })
        }),
        Kind::Enum { multiple, .. } => {
            let multiple = *multiple;
            Field::new(f.name.clone(), ty, move |rc| {
                let name = name.clone();
                FieldFuture::new(async move {
                    let v = parent(&rc)?.get(&name).cloned().unwrap_or(Value::Null);
                    Ok(match (multiple, v) {
                        (_, Value::Null) => None,
                        (true, Value::Array(items)) => {
                            Some(FieldValue::list(items.iter().filter_map(enum_value)))
                        }
                        (true, single) => Some(FieldValue::list(enum_value(&single))),
                        (false, v) => enum_value(&v),
                    })
                })
            })
        }
        Kind::Relation {
            from,
            local,
            foreign,
            multiple,
            ..
        } => {
            let (ds, from, local, foreign, multiple) = (
                ds.to_owned(),
                from.clone(),
                local.clone(),
                foreign.clone(),
                *multiple,
            );
            Field::new(f.name.clone(), ty, move |rc| {
                let (name, ds, from, local, foreign) = (
                    name.clone(),
                    ds.clone(),
                    from.clone(),
                    local.clone(),
                    foreign.clone(),
                );
                FieldFuture::new(async move {
                    let rec = parent(&rc)?;
                    // Already there when the record came nested (a record by id).
                    let related: Vec<Value> = match rec.get(&name) {
                        Some(Value::Array(list)) => list.clone(),
                        Some(Value::Object(o)) => vec![Value::Object(o.clone())],
                        _ => {
                            let key = rec.get(&local).cloned().unwrap_or(Value::Null);
                            if key.is_null() {
                                Vec::new()
                            } else {
                                let c = ctx(&rc)?;
                                let q = Query {
                                    filter: Some(json!({ &foreign: { "_eq": key } })),
                                    sort: Vec::new(),
                                    page: (!multiple).then_some((1, 1)),
                                    nested: false,
                                };
                                data::list_records(&c.sb, &c.project, &ds, &from, &q)
                                    .map_err(gql)?
                                    .0
                            }
                        }
                    };
                    Ok(if multiple {
                        Some(records(related))
                    } else {
                        related.into_iter().next().map(record)
                    })
                })
            })
        }
    }
}

/// `_join: Query` and `_join_mutation: Mutation`: the roots again, inside a result.
pub(super) fn joins(obj: Object) -> Object {
    let join = |name: &str, ty: &str| {
        Field::new(name, TypeRef::named(ty), |_| {
            FieldFuture::new(async { Ok(Some(FieldValue::owned_any(()))) })
        })
    };
    obj.field(join("_join", "Query"))
        .field(join("_join_mutation", "Mutation"))
}

/// What `ds_aggregate_M` hands to the fields of `ds_M_aggregate`.
pub(super) struct AggParent {
    pub ds: String,
    pub model: String,
    pub filter: Option<Value>,
}

/// `_max`, `_min`, `_sum`, `_avg`: each selected field's aggregate, as a row of the model.
pub(super) fn aggregate_row(name: &str, op: Aggregate, ty: TypeRef) -> Field {
    Field::new(name, ty, move |rc| {
        FieldFuture::new(async move {
            let p = rc.parent_value.try_downcast_ref::<AggParent>()?;
            let c = ctx(&rc)?;
            let mut row = Map::new();
            for sel in rc.ctx.field().selection_set() {
                let field = sel.name();
                if field.starts_with("__") || field.starts_with("_join") {
                    continue;
                }
                let v = data::aggregate(
                    &c.sb,
                    &c.project,
                    &p.ds,
                    &p.model,
                    p.filter.as_ref(),
                    Some(field),
                    op,
                )
                .map_err(gql)?;
                row.insert(field.to_owned(), v);
            }
            Ok(Some(record(Value::Object(row))))
        })
    })
}

pub(super) fn aggregate_type(key: &str) -> Object {
    let count = Field::new("_count", TypeRef::named_nn(TypeRef::INT), |rc| {
        FieldFuture::new(async move {
            let p = rc.parent_value.try_downcast_ref::<AggParent>()?;
            let c = ctx(&rc)?;
            let distinct = rc.args.get("distinct").map(|d| d.boolean()).transpose()? == Some(true);
            let field = match rc.args.get("field") {
                Some(f) if !f.is_null() => Some(f.enum_name()?.to_owned()),
                _ => None,
            };
            if let (true, Some(field)) = (distinct, &field) {
                // The engine takes `distinct` and forgets it; the sandbox counts the distinct
                // non-null values, as SQL's COUNT(DISTINCT …) does.
                let q = Query {
                    filter: p.filter.clone(),
                    ..Query::default()
                };
                let (list, _) =
                    data::list_records(&c.sb, &c.project, &p.ds, &p.model, &q).map_err(gql)?;
                let mut seen: Vec<String> = list
                    .iter()
                    .filter_map(|r| r.get(field).filter(|v| !v.is_null()))
                    .map(Value::to_string)
                    .collect();
                seen.sort();
                seen.dedup();
                return Ok(Some(FieldValue::value(seen.len())));
            }
            let v = data::aggregate(
                &c.sb,
                &c.project,
                &p.ds,
                &p.model,
                p.filter.as_ref(),
                field.as_deref(),
                Aggregate::Count,
            )
            .map_err(gql)?;
            Ok(Some(FieldValue::value(Gql::from_json(v)?)))
        })
    })
    .argument(InputValue::new(
        "distinct",
        TypeRef::named(TypeRef::BOOLEAN),
    ))
    .argument(InputValue::new(
        "field",
        TypeRef::named(format!("{key}_select_field")),
    ));
    joins(
        Object::new(format!("{key}_aggregate"))
            .field(count)
            .field(aggregate_row(
                "_max",
                Aggregate::Max,
                TypeRef::named_nn(key),
            ))
            .field(aggregate_row(
                "_min",
                Aggregate::Min,
                TypeRef::named_nn(key),
            ))
            .field(aggregate_row(
                "_sum",
                Aggregate::Sum,
                TypeRef::named_nn(key),
            ))
            .field(aggregate_row(
                "_avg",
                Aggregate::Avg,
                TypeRef::named_nn(format!("{key}_avg_fields")),
            )),
    )
}

pub(super) fn avg_type(key: &str, e: &EntityInfo) -> Object {
    let mut obj = Object::new(format!("{key}_avg_fields"));
    for f in e.fields.iter().filter(|f| !f.is_relation()) {
        let name = f.name.clone();
        obj = obj.field(Field::new(
            f.name.clone(),
            TypeRef::named(TypeRef::FLOAT),
            move |rc| {
                let name = name.clone();
                FieldFuture::new(async move {
                    Ok(match parent(&rc)?.get(&name) {
                        Some(Value::Number(n)) => Some(FieldValue::value(n.as_f64())),
                        _ => None,
                    })
                })
            },
        ));
    }
    obj
}
